// The generator as a pipeline: selection reasons, and a 2.x-style spec (SymInt
// everywhere, tags as lists) that must generate without code changes.
import { describe, expect, it } from 'vitest';
import { generateFromSpec } from '../../gen/main.ts';
import { loadSpecText, parseEntries, DEFAULT_SPEC_DIR, loadSpec } from '../../gen/spec.ts';
import { select } from '../../gen/select.ts';
import { camel, identifier } from '../../gen/names.ts';

const YAML_2X = `
- func: view(Tensor(a) self, SymInt[] size) -> Tensor(a)
  variants: method
  tags: [core, view_copy]
- func: narrow(Tensor(a) self, int dim, SymInt start, SymInt length) -> Tensor(a)
  variants: function, method
- func: empty.memory_format(SymInt[] size, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None, MemoryFormat? memory_format=None) -> Tensor
  tags: core
- func: constant_pad_nd(Tensor self, SymInt[] pad, Scalar value=0) -> Tensor
- func: new_zeros(Tensor self, SymInt[] size, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor
  variants: method
- func: slice.Tensor(Tensor(a) self, int dim=0, SymInt? start=None, SymInt? end=None, SymInt step=1) -> Tensor(a)
  variants: function, method
- func: sym_size.int(Tensor self, int dim) -> SymInt
  variants: function
- func: add.out(Tensor self, Tensor other, *, Scalar alpha=1, Tensor(a!) out) -> Tensor(a!)
- func: _private_thing(Tensor self) -> Tensor
`;

describe('generator', () => {
  it('turns camelCase names and escapes reserved words', () => {
    expect(camel('log_softmax')).toBe('logSoftmax');
    expect(camel('add_')).toBe('add_');
    expect(camel('max_pool2d')).toBe('maxPool2d');
    expect(camel('linalg_vector_norm')).toBe('linalgVectorNorm');
    expect(identifier('default')).toBe('default_');
  });

  it('generates a 2.x-style spec (SymInt everywhere, tag lists) without code changes', () => {
    const entries = parseEntries(loadSpecText(YAML_2X));
    expect(entries.every((e) => e.schema)).toBe(true);
    const { files, summary } = generateFromSpec({ dir: 'memory', entries, tags: [] });
    expect(summary).toContain('7 generated under 7 names, 2 skipped');
    const byName = Object.fromEntries(files.map((f) => [f.path.split('/').pop(), f.text]));
    const functions = byName['functions.ts']!;
    const methods = byName['methods.ts']!;
    // narrow has a curated shape rule: dim, start and length are captured as literals (signature types of src/ops/signatures.ts).
    expect(functions).toContain(
      "export function narrow<\n  T extends Tensor,\n  const Dm extends number,\n  const St extends number,\n  const L extends number,\n>(\n  self: T,\n  dim: NarrowArg<T, Dm, St, L>,\n  start: St,\n  length: L\n): ResizeOut<T, Dm, L, 'narrow'>;",
    );
    expect(functions).toContain('export function symSize<T extends Tensor>(self: T, dim: number): number;');
    expect(functions).toContain('export function constantPadNd<T extends Tensor>(\n  self: T,\n  pad: number | readonly number[],');
    expect(methods).toContain(
      "    view<T extends Tensor, const Sz extends readonly number[]>(\n      this: T,\n      size: ReshapeArg<T, Sz, 'view'>\n    ): ReshapeOut<T, Sz, 'view'>;",
    );
    // Options objects are named interfaces, one member per schema argument with its schema text.
    expect(methods).toContain('newZeros<T extends Tensor>(\n      this: T,\n      size: number | readonly number[],\n      options?: Opt.NewZerosOptions\n    ): Tensor;');
    expect(byName['options.ts']).toContain('export interface NewZerosOptions {\n  /** `ScalarType? dtype=None` */\n  dtype?: DType | null;');
    // The public overloads are the schemas of the untyped layer, which has every bridged schema (private and out= ones too).
    expect(byName['overloads.ts']).toContain('export const slice__Tensor = aten.slice_Tensor.schema;');
    const aten = byName['aten.ts']!;
    expect(aten).toContain(
      "slice_Tensor.schema = schema('slice.Tensor', [\n  ['self', 'Tensor'],\n  ['dim', 'int', D],\n  ['start', 'int', D | N],\n  ['end', 'int', D | N],\n  ['step', 'int', D],\n], slice_Tensor);",
    );
    expect(aten).toContain('export function add_out<T extends Tensor>(self: Tensor, other: Tensor, alpha: Scalar | undefined, out: T): T {');
    expect(aten).toContain('export function _private_thing(self: Tensor): Tensor {');
    expect(aten).toContain('export function sym_size_int(self: Tensor, dim: number): number {');
    expect(byName['ops.md']).toContain('| `add.out(Tensor self, Tensor other, *, Scalar alpha=1, Tensor(a!) out) -> Tensor(a!)` | out= variant');
    expect(byName['ops.md']).toContain('| `_private_thing(Tensor self) -> Tensor` | private operator');
    // Declarations read top to bottom: no generated code line (doc comments aside) is longer than 250 characters.
    for (const text of ['aten.ts', 'overloads.ts', 'options.ts', 'functions.ts', 'methods.ts'].map((f) => byName[f]!)) {
      const long = text.split('\n').filter((l: string) => l.length > 250 && !/^\s*(\/\*\*|\/\/|\|)/.test(l) && !l.includes('| `'));
      expect(long).toEqual([]);
    }
  });

  it('gives every skipped schema of the installed spec a reason, and keeps the core ops', () => {
    const { selected, skipped } = select(loadSpec(DEFAULT_SPEC_DIR).entries);
    expect(selected.length + skipped.length).toBe(2493);
    expect(skipped.every((s) => s.reason.length > 0)).toBe(true);
    const names = new Set(selected.map((s) => `${s.schema.name}.${s.schema.overload}`));
    for (const core of ['add.Tensor', 'mm.', 'matmul.', 'conv2d.', 'sum.dim_IntList', 'mean.dim', 'max.dim', 'cat.', 'index_put_.', 'log_softmax.int']) {
      expect(names.has(core), core).toBe(true);
    }
    // The sparse tensor API is public (conversions, parts, products); its constructors and torch.sparse are hand-written.
    for (const sparse of ['to_dense.', 'to_sparse.', 'to_sparse_csr.', 'coalesce.', 'indices.', 'values.', 'crow_indices.', 'sparse_mask.', 'hspmm.']) {
      expect(names.has(sparse), sparse).toBe(true);
    }
    const reasonOf = (func: string) => skipped.find((s) => s.func.startsWith(func))?.reason;
    expect(reasonOf('sparse_coo_tensor.indices_size(')).toMatch(/sparse constructor.*src\/ops\/sparse.ts/);
    expect(reasonOf('sparse_resize_(')).toMatch(/sparse storage internals/);
    expect(reasonOf('quantize_per_tensor(')).toMatch(/quantized/);
    // 1,119: the internal kernels (*_backward, native_*, slow_*, thnn_*) stay out of the public API (typed-torch/aten only),
    // and so do the aten forms of the functions written at the Python level (src/ops/python, src/ops/indexing.ts, src/ops/sparse.ts).
    expect(selected.length).toBe(1119);
  });
});

const YAML_SUBMODULES = `
- func: linalg_cholesky_ex(Tensor self, *, bool upper=False, bool check_errors=False) -> (Tensor L, Tensor info)
  python_module: linalg
- func: special_erfcx(Tensor self) -> Tensor
  python_module: special
  variants: function
- func: erf(Tensor self) -> Tensor
  variants: function, method
`;

describe("generator: Python's submodules as namespaces (gen/namespaces.ts)", () => {
  const { files } = generateFromSpec({ dir: 'memory', entries: parseEntries(loadSpecText(YAML_SUBMODULES)), tags: [] });
  const byName = Object.fromEntries(files.map((f) => [f.path.split('/').pop(), f.text]));

  it("re-exports each function of the module under Python's name, the module's prefix dropped", () => {
    expect(byName['linalg.ts']).toContain("export {\n  linalgCholeskyEx as choleskyEx,\n} from './functions.ts';");
    expect(byName['special.ts']).toContain('  specialErfcx as erfcx,');
    expect(byName['special.ts']).not.toContain('erf as');
    // A module the spec has no function of is an empty namespace, not a failure.
    expect(byName['fft.ts']).toContain('export {};');
    expect(byName['ops.md']).toContain('| linalgCholeskyEx | torch.linalgCholeskyEx, torch.linalg.choleskyEx |');
  });

  it("refuses a function whose name lacks its module's prefix", () => {
    const odd = parseEntries(loadSpecText('- func: cholesky_thing(Tensor self) -> Tensor\n  python_module: linalg\n'));
    expect(() => generateFromSpec({ dir: 'memory', entries: odd, tags: [] })).toThrow(/cholesky_thing is in Python's torch.linalg but its name does not start with linalg_/);
  });
});

const YAML_OVERLOADS = `
- func: add.Tensor(Tensor self, Tensor other, *, Scalar alpha=1) -> Tensor
  variants: function, method
- func: add.Scalar(Tensor self, Scalar other, Scalar alpha=1) -> Tensor
  variants: function, method
- func: std.dim(Tensor self, int[1]? dim, bool unbiased=True, bool keepdim=False) -> Tensor
  variants: function, method
- func: std.correction(Tensor self, int[1]? dim=None, *, int? correction=None, bool keepdim=False) -> Tensor
  variants: function, method
- func: div.Tensor(Tensor self, Tensor other) -> Tensor
  variants: function, method
- func: div.Tensor_mode(Tensor self, Tensor other, *, str? rounding_mode) -> Tensor
  variants: function, method
`;

describe('generator: overloads merged by one argument (gen/merge.ts)', () => {
  const entries = parseEntries(loadSpecText(YAML_OVERLOADS));
  const { files } = generateFromSpec({ dir: 'memory', entries, tags: [] });
  const methods = files.find((f) => f.path.endsWith('methods.ts'))!.text;
  const declarations = (name: string) => methods.split('\n').filter((l) => new RegExp(`^    ${name}<`).test(l)).length;

  it('merges a tensor and a scalar form into one signature that names both schemas', () => {
    expect(declarations('add')).toBe(1);
    expect(methods).toContain(' * `aten::add.Tensor(Tensor self, Tensor other, *, Scalar alpha=1) -> Tensor`\n     * `aten::add.Scalar(');
    expect(methods).toContain("other: [O] extends [Tensor<any, any, any>] ? BroadcastArg<T, O, 'add'> : [O] extends [Scalar] ? O : O,");
  });

  it('keeps forms whose distinguishing argument takes the same values apart (std.dim and std.correction both take dims)', () => {
    // Both take int[1]? dim first: no argument's kind tells them apart, so each keeps its signature.
    expect(declarations('std')).toBe(2);
    expect(methods).toContain('`aten::std.correction(');
    expect(methods).not.toMatch(/`aten::std\.dim[^\n]*`\n\s+\* `aten::std\.correction/);
  });

  it('requires the options of a form that only adds them to an earlier one (div.Tensor_mode)', () => {
    expect(declarations('div')).toBe(2);
    expect(methods).toMatch(/other: BroadcastArg<T, O, 'div'>,\n\s+options: Opt\.DivTensorModeOptions<RM>\n/);
  });
});
