// Replays op_db's samples through typed-torch's public API and compares each
// result with Python's: values and dtypes for float32 and int64 samples,
// gradients (autograd.grad with Python's cotangents) for float64 ones.
import * as torch from '../../src/index.ts';
import { Tensor } from '../../src/index.ts';
import { camel } from '../../src/ops/names.ts';
import { describe, difference, firstLine, flatten, isZero } from './compare.ts';
import { Decoder, Undecodable } from './decode.ts';
import { opId, type Expected, type ExpectedTensor, type OpDb, type OpEntry, type Sample } from './samples.ts';
import { MissingTarget, resolveTarget, type Call } from './targets.ts';

/** One sample's outcome. `kind` is the sample's dtype, or 'grad' for a float64 gradient sample. */
export interface SampleResult {
  op: string;
  kind: string;
  index: number;
  ok: boolean;
  /** Why it failed. */
  reason?: string;
}

/** Ops whose results are uninitialized memory: only dtype and shape are compared. */
const UNINITIALIZED = new Set(['empty', 'empty_like', 'new_empty', 'new_empty_strided', 'empty_strided']);

/** OpInfos that are not CPU ops at all (Python raises on every sample too). */
export const NOT_CPU_OPS: Record<string, string> = {
  jiterator_unary: 'torch.cuda.jiterator: CUDA only',
  jiterator_binary: 'torch.cuda.jiterator: CUDA only',
  jiterator_4inputs_with_extra_args: 'torch.cuda.jiterator: CUDA only',
  jiterator_binary_return_by_ref: 'torch.cuda.jiterator: CUDA only',
  jiterator_2inputs_2outputs: 'torch.cuda.jiterator: CUDA only',
};

export function runConformance(db: OpDb, only?: (id: string) => boolean): SampleResult[] {
  torch.setNumThreads(1);
  const results: SampleResult[] = [];
  for (const op of db.ops) {
    const id = opId(op);
    if (id in NOT_CPU_OPS || (only && !only(id))) continue;
    for (const [dtype, samples] of Object.entries(op.values)) {
      samples.forEach((s, index) => results.push({ op: id, kind: dtype, index, ...outcome(() => valueSample(op, s)) }));
    }
    op.grads.forEach((s, index) => results.push({ op: id, kind: 'grad', index, ...outcome(() => gradSample(op, s)) }));
  }
  return results;
}

function outcome(check: () => string | undefined): { ok: boolean; reason?: string } {
  const reason = torch.scope(check);
  return reason === undefined ? { ok: true } : { ok: false, reason };
}

function call(op: OpEntry, s: Sample, decoder: Decoder): unknown {
  const f: Call = resolveTarget(opId(op), op.target);
  const input = decoder.decode(s.input);
  const args = s.args.map((a) => decoder.decode(a));
  const keys = Object.keys(s.kwargs);
  if (keys.length > 0) args.push(Object.fromEntries(keys.map((k) => [camel(k), decoder.decode(s.kwargs[k]!)])));
  torch.manualSeed(0);
  return f(input, ...args);
}

/** Runs a sample; a string says why it does not agree with Python. */
function attempt(s: Sample, run: () => string | undefined): string | undefined {
  if (s.skipped) return `not replayable: ${s.skipped}`;
  const expected = s.expected as Expected & object;
  if (expected !== null && typeof expected === 'object' && '$unencodable' in expected) {
    return `Python returns a value the harness cannot compare: ${(expected as { $unencodable: string }).$unencodable}`;
  }
  const pythonError = expected !== null && typeof expected === 'object' && '$error' in expected ? (expected as { $error: string }).$error : undefined;
  let reason: string | undefined;
  try {
    reason = run();
  } catch (e) {
    if (pythonError !== undefined) return undefined; // both refuse
    if (e instanceof MissingTarget || e instanceof Undecodable) return `missing: ${e.message}`;
    return `throws ${(e as Error).constructor.name}: ${firstLine((e as Error).message)}`;
  }
  if (pythonError !== undefined) return `Python raises ${firstLine(pythonError)}, typed-torch does not`;
  return reason;
}

function valueSample(op: OpEntry, s: Sample): string | undefined {
  return attempt(s, () => {
    const result = call(op, s, new Decoder());
    if (UNINITIALIZED.has(op.name)) return metadataDifference(result, s.expected as ExpectedTensor);
    return difference(result, s.expected);
  });
}

function gradSample(op: OpEntry, s: Sample): string | undefined {
  return attempt(s, () => {
    const decoder = new Decoder();
    const result = call(op, s, decoder);
    const outputs = flatten(result).filter((t) => t.requiresGrad && (t.isFloatingPoint() || t.isComplex()));
    const cotangents = (s.cotangents ?? []).map((c) => decoder.decode(c) as Tensor);
    if (outputs.length !== cotangents.length) {
      return `${outputs.length} differentiable outputs, Python ${cotangents.length}`;
    }
    const inputs = decoder.gradInputs;
    const grads = torch.autograd.grad(outputs, inputs, { gradOutputs: cotangents, allowUnused: true });
    const expected = s.expected as (ExpectedTensor | null)[];
    for (let i = 0; i < expected.length; i++) {
      const want = expected[i] ?? null;
      const got = grads[i] ?? null;
      if (want === null || got === null) {
        if (want !== got && !(got !== null && isZero(got))) return `gradient ${i}: typed-torch ${got === null ? 'none' : describe(got)}, Python none`;
        continue;
      }
      const d = difference(got, want, `gradient ${i}`);
      if (d) return d;
    }
    return undefined;
  });
}

function metadataDifference(result: unknown, e: ExpectedTensor): string | undefined {
  if (!(result instanceof Tensor)) return `typed-torch returns ${describe(result)}`;
  if (result.dtype !== e.$tensor) return `dtype ${result.dtype}, Python ${e.$tensor}`;
  if (result.shape.join() !== e.shape.join()) return `shape [${result.shape.join(', ')}], Python [${e.shape.join(', ')}]`;
  return undefined;
}
