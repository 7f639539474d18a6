// Which schemas become public API, and why the others do not. Every schema
// of the spec ends up either selected or skipped with a reason. The untyped
// layer (aten.ts, `torch.ops.aten`) takes every schema the bridge can call;
// the public API leaves out internal and special-purpose ones.
import type { ParsedEntry, SpecEntry } from './spec.ts';
import type { Schema, SchemaType } from './schema.ts';
import type { Selected, Skipped } from './types.ts';
import { kindOfType } from '../src/ops/arg-kinds.ts';

/** Return types the JS bridge converts back (native/src/ops.cpp, fromIValue). */
const BRIDGED_RETURNS = new Set(['Tensor', 'int', 'SymInt', 'float', 'bool', 'Scalar', 'ScalarType']);

/** Backend-specific kernels: reachable only with that backend's tensors. */
const BACKEND_WORDS = /(^|_)(cudnn|miopen|mkldnn|mps|vulkan|fbgemm|xnnpack|nnpack|cufft|cuda|cusolver|cublas|metal|ipu|xla|hip|mlc|ort)(_|\d|$)/;
/** Quantized tensor API and mkldnn's layout: the library has neither quantized dtypes nor mkldnn tensors. */
const QUANT_WORDS = /(quantize|quantized|qscheme|q_scale|q_zero_point|q_per_channel|int_repr|fake_quant|qint|choose_qparams|make_per_tensor|make_per_channel|mkldnn)/;
/**
 * Sparse storage internals: resizing and copying a sparse tensor's parts in
 * place, which Python's own sparse code uses and which trust their sizes.
 */
const SPARSE_INTERNALS = new Set(['sparse_resize_', 'sparse_resize_and_clear_', 'copy_sparse_to_sparse_', 'resize_as_sparse_']);
/**
 * Sparse constructors: Python's take `requires_grad` and infer the size from
 * the indices; written by hand in src/ops/sparse.ts with those arguments.
 */
const SPARSE_FACTORY = /^sparse_(coo|csr|csc|bsr|bsc|compressed)_tensor$/;
/**
 * Dispatch keys that mean "only for a special backend". The sparse CPU keys
 * are not among them: sparse tensors are part of the public API.
 */
const SPECIAL_KEY = /^(Quantized|Mkldnn|MkldnnCPU|CUDA|MPS|NestedTensor|SparseCUDA|SparseCsrCUDA|QuantizedCPU|QuantizedCUDA|Meta$|ZeroTensor)/;

function typeProblem(t: SchemaType): string | undefined {
  if (t.base === 'Dimname') return 'named-tensor overload (Dimname)';
  if (kindOfType(t) === undefined) return `argument type ${t.base} is not bridged to JS`;
  return undefined;
}

/** Why the bridge cannot call a schema at all, or undefined when it can. */
export function bridgeProblem(s: Schema): string | undefined {
  for (const a of s.args) {
    const problem = typeProblem(a.type);
    if (problem) return problem;
  }
  for (const r of s.returns) {
    if (!BRIDGED_RETURNS.has(r.type.base)) return `return type ${r.type.base} is not bridged to JS`;
  }
  return undefined;
}

/** The schemas of the untyped layer: every one the bridge converts. */
export function selectAten(entries: ParsedEntry[]): { schemas: { entry: SpecEntry; schema: Schema }[]; skipped: Skipped[] } {
  const schemas: { entry: SpecEntry; schema: Schema }[] = [];
  const skipped: Skipped[] = [];
  for (const { entry, schema, parseError } of entries) {
    const reason = schema ? bridgeProblem(schema) : (parseError ?? 'unparsed');
    if (reason || !schema) skipped.push({ func: entry.func, reason: reason ?? 'unparsed' });
    else schemas.push({ entry, schema });
  }
  return { schemas, skipped };
}

function isOutVariant(s: Schema): boolean {
  return s.args.some((a) => a.kwargOnly && a.type.alias?.write === true);
}

function backendOnly(entry: SpecEntry): string | undefined {
  // Structured ops reach their CPU kernel through the delegate (the out= form);
  // their own dispatch table lists only the special backends.
  if (!entry.dispatch || entry.structured_delegate) return undefined;
  const keys = Object.keys(entry.dispatch).flatMap((k) => k.split(',').map((x) => x.trim()));
  if (keys.length > 0 && keys.every((k) => SPECIAL_KEY.test(k))) return `backend-specific kernel (${keys.join(', ')})`;
  return undefined;
}

/**
 * Kernels that autograd and the composite ops call with arguments they have
 * already checked (saved tensors, indices, workspace shapes): they trust
 * their inputs, and some crash on arbitrary ones, so the public API leaves
 * them to `typed-torch/aten`, the explicitly unchecked surface.
 */
const INTERNAL_KERNEL = /(^native_|^slow_|^thnn_|_backward($|_))/;
/** native_* kernels that Python makes public and that are safe to call (native_batch_norm through a precondition). */
const PUBLIC_NATIVE = new Set(['native_batch_norm', 'native_layer_norm']);
/** Internal kernels by name: their public forms check what these trust (rrelu, batch_norm). */
const INTERNAL_NAMES = new Set(['rrelu_with_noise', 'rrelu_with_noise_', 'batch_norm_update_stats']);
/**
 * Functions Python defines at the Python level, with arguments the aten
 * schemas do not have (torch.unique's flags, torch.norm's 'fro', variadic
 * tensors, sort's `stable` with a positional dim) or as properties (T, H,
 * mT, mH): written by hand in src/ops/python/, with Python's arguments.
 */
const PYTHON_LEVEL = new Set([
  'unique_consecutive', 'norm', 'stft', 'sort', 'argsort', 'nonzero', 'meshgrid', 'block_diag', 'broadcast_tensors',
  'cartesian_prod', 'einsum', 'tensordot', 'cdist', 'mT', 'mH', 'numpy_T', 'matrix_H',
  // Tensor.index is Python's x[...] (src/ops/indexing.ts); aten::index stays in typed-torch/aten.
  'index',
]);
/** Ops whose libtorch 1.13 kernels or gradients are wrong: recomposed in src/ops/corrected.ts. */
const LIBTORCH_BUGS: Record<string, string> = {
  as_strided_scatter: "libtorch 1.13's gradient is uninitialized memory outside the view: composed of clone, as_strided and copy_ in src/ops/corrected.ts",
};
/** Named-tensor API (the library has no named dims at run time). */
const NAMED_TENSOR = new Set(['align_tensors', 'align_as', 'align_to', 'refine_names', 'rename', 'rename_']);

/** Returns the reason to skip a schema, or undefined to make it public. */
export function skipReason(entry: SpecEntry, s: Schema): string | undefined {
  if (s.name.startsWith('_')) return 'private operator (leading underscore)';
  if ((INTERNAL_KERNEL.test(s.name) && !PUBLIC_NATIVE.has(s.name)) || INTERNAL_NAMES.has(s.name)) return 'internal kernel (unchecked: typed-torch/aten only)';
  if (NAMED_TENSOR.has(s.name)) return 'named-tensor API';
  if (s.name in LIBTORCH_BUGS) return LIBTORCH_BUGS[s.name];
  if (PYTHON_LEVEL.has(s.name)) return "Python-level function or property, with Python's arguments (src/ops/python)";
  if (isOutVariant(s)) return 'out= variant (the functional form is generated)';
  if (entry.python_module === 'sparse') return 'torch.sparse function (src/ops/python/sparse.ts)';
  if (BACKEND_WORDS.test(s.name)) return 'backend-specific operator';
  if (QUANT_WORDS.test(s.name)) return 'quantized or mkldnn tensor API';
  if (SPARSE_INTERNALS.has(s.name)) return 'sparse storage internals (in-place resize and copy)';
  if (SPARSE_FACTORY.test(s.name)) return "sparse constructor, with Python's arguments (src/ops/sparse.ts)";
  const backend = backendOnly(entry);
  if (backend) return backend;
  return bridgeProblem(s);
}

export function select(entries: ParsedEntry[]): { selected: Selected[]; skipped: Skipped[] } {
  const selected: Selected[] = [];
  const skipped: Skipped[] = [];
  for (const { entry, schema, parseError } of entries) {
    if (!schema) {
      skipped.push({ func: entry.func, reason: parseError ?? 'unparsed' });
      continue;
    }
    const reason = skipReason(entry, schema);
    if (reason) {
      skipped.push({ func: entry.func, reason });
      continue;
    }
    const variants = (entry.variants ?? 'function').split(',').map((v) => v.trim());
    const hasSelf = schema.args.some((a) => a.name === 'self' && a.type.base === 'Tensor' && !a.type.list);
    selected.push({
      entry,
      schema,
      asFunction: variants.includes('function'),
      asMethod: variants.includes('method') && hasSelf,
    });
  }
  return { selected, skipped };
}
