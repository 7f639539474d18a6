// The generator's reduction rules against Python: every public overload with a reduction rule
// (full, or over dims with keepdim) runs through Python's torch.ops.aten on a [2, 3] input of
// each dtype, over no dim, one dim and both (kept or not), with and without a dtype argument
// where the schema takes one; its result (values and indices) must have the shape the rule
// computes and the dtype it gives. A call Python refuses is an error in node too and is left out.
import { describe, expect, it } from 'vitest';
import type { SchemaArg } from '../../gen/schema.ts';
import { py } from '../helpers/python.ts';
import { ruledOverloads } from './rule-cases.ts';

const INPUT_DTYPES = ['int64', 'int32', 'uint8', 'bool', 'float16', 'float32', 'float64', 'complex64'] as const;
const SHAPE = [2, 3];

/** The values' dtype the rule's result type names (gen/shape-rules.ts REDUCE_DTYPE), read off its text. */
type Family = 'accumulate' | 'float' | 'realfloat' | 'same' | 'int64' | 'allany';
function family(valuesType: string): Family {
  if (valuesType.includes('RealFloat<')) return 'realfloat';
  if (valuesType.includes('AllAny<')) return 'allany';
  if (valuesType.includes('Accumulated<')) return 'accumulate';
  if (valuesType.includes('FloatOf<')) return 'float';
  if (valuesType.includes("'int64'")) return 'int64';
  return 'same';
}

/** What the result types say (src/ops/signatures.ts: Accumulated, FloatOf, RealFloat, OrDType, AllAny). */
function expectedDtype(f: Family, input: string, given: string | undefined): string {
  if (given !== undefined) return given;
  const floating = input.startsWith('float') || input.startsWith('complex');
  if (f === 'same') return input;
  if (f === 'realfloat') return !floating ? 'float32' : input === 'complex64' ? 'float32' : input;
  if (f === 'int64') return f;
  if (f === 'allany') return input === 'uint8' ? 'uint8' : 'bool';
  if (f === 'float') return floating ? input : 'float32';
  return ['bool', 'uint8', 'int8', 'int16', 'int32'].includes(input) ? 'int64' : input;
}

/** The result's shape when reducing SHAPE over dims (every dim for null), as Python does. */
function reducedShape(dims: number[] | null, keepdim: boolean): number[] {
  const over = new Set((dims ?? SHAPE.map((_, i) => i)).map((d) => (d < 0 ? d + SHAPE.length : d)));
  return SHAPE.flatMap((n, i) => (over.has(i) ? (keepdim ? [1] : []) : [n]));
}

interface Call {
  op: string;
  overload: string;
  /** Python keyword arguments after the input. */
  kwargs: Record<string, unknown>;
  /** The dims reduced (null: all) and keepdim, for the expected shape. */
  dims: number[] | null;
  keepdim: boolean;
  family: Family;
  pair: boolean;
}

/** Values for the required arguments that are not the dims (kthvalue's k, ...), or undefined when one cannot be made up. */
function otherArgs(args: SchemaArg[]): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const a of args) {
    if (a.name === 'self' || a.name === 'dim' || a.name === 'keepdim' || a.name === 'dtype') continue;
    if (a.default !== undefined || a.type.optional) continue;
    if (a.type.base === 'int' && !a.type.list) out[a.name] = 1;
    else if (a.type.base === 'bool') out[a.name] = false;
    else return undefined;
  }
  return out;
}

function calls(): Call[] {
  const out: Call[] = [];
  for (const { ov, sig, overload } of ruledOverloads()) {
    const full = sig.ruleName === 'full reduction';
    if (!full && sig.ruleName !== 'reduction over dims') continue;
    const pair = sig.returnType.startsWith('[values:');
    const f = family(pair ? sig.returnType.split('indices:')[0]! : sig.returnType);
    const base = otherArgs(ov.schema.args);
    if (!base) continue;
    const dim = ov.schema.args.find((a) => a.name === 'dim');
    const takesKeep = ov.schema.args.some((a) => a.name === 'keepdim');
    const takesDtype = ov.schema.args.some((a) => a.name === 'dtype' && a.type.base === 'ScalarType');
    const forms: { kwargs: Record<string, unknown>; dims: number[] | null; keepdim: boolean }[] = [];
    if (full || !dim) {
      forms.push({ kwargs: {}, dims: null, keepdim: false });
    } else {
      const asArg = (dims: number[]) => (dim.type.list ? dims : dims[0]!);
      const dimForms: number[][] = dim.type.list ? [[1], [-2], [0, 1]] : [[1], [-2]];
      for (const dims of dimForms) {
        forms.push({ kwargs: { dim: asArg(dims) }, dims, keepdim: false });
        if (takesKeep) forms.push({ kwargs: { dim: asArg(dims), keepdim: true }, dims, keepdim: true });
      }
      // An omitted dim: the schema's default (None or [] is every dim; an int is that dim).
      if (dim.default !== undefined) {
        const d = dim.default;
        const dims = d.kind === 'int' ? [d.value] : d.kind === 'list' && d.value.length > 0 ? d.value : null;
        forms.push({ kwargs: {}, dims, keepdim: false });
      }
    }
    for (const form of forms) {
      for (const given of takesDtype ? [undefined, 'float64'] : [undefined]) {
        out.push({
          op: ov.schema.name, overload, family: f, pair, dims: form.dims, keepdim: form.keepdim,
          kwargs: { ...base, ...form.kwargs, ...(given ? { dtype: given } : {}) },
        });
      }
    }
  }
  return out;
}

describe("the generator's reduction rules, against Python's results", () => {
  const all = calls();
  type Result = [dtype: string, shape: number[]][] | null;
  // Per call, per input dtype: the results' dtypes and shapes (values, then indices for a pair).
  const results = py<Result[][]>(`
import warnings
warnings.simplefilter('ignore')
def run(op, overload, kwargs, dtype):
    x = (torch.arange(6).reshape(2, 3) % 3).to(getattr(torch, dtype))
    fn = getattr(getattr(torch.ops.aten, op), overload)
    if 'dtype' in kwargs:
        kwargs = dict(kwargs, dtype=getattr(torch, kwargs['dtype']))
    try:
        r = fn(x, **kwargs)
    except Exception:
        return None
    return [[str(t.dtype)[len('torch.'):], list(t.shape)] for t in (r if isinstance(r, tuple) else (r,))]
calls = json.loads(${JSON.stringify(JSON.stringify(all.map((c) => [c.op, c.overload, c.kwargs])))})
inputs = json.loads(${JSON.stringify(JSON.stringify(INPUT_DTYPES))})
out = [[run(op, ov, kw, dt) for dt in inputs] for op, ov, kw in calls]
`);

  it('covers full reductions, reductions over dims and (values, indices) pairs', () => {
    const ops = new Set(all.map((c) => c.op));
    for (const op of ['sum', 'mean', 'prod', 'amax', 'argmax', 'all', 'max', 'kthvalue', 'logsumexp', 'std']) expect(ops.has(op), op).toBe(true);
    expect([...new Set(all.map((c) => c.family))].sort()).toEqual(['accumulate', 'allany', 'float', 'int64', 'realfloat', 'same']);
    expect(all.some((c) => c.pair)).toBe(true);
  });

  it('gives the shape and dtype Python computes, for every input dtype, dims, keepdim and dtype argument', () => {
    const wrong: string[] = [];
    let compared = 0;
    all.forEach((c, i) => {
      INPUT_DTYPES.forEach((input, j) => {
        const r = results[i]![j];
        if (r === null || r === undefined) return;
        compared++;
        const shape = reducedShape(c.dims, c.keepdim).join();
        const want = [[expectedDtype(c.family, input, c.kwargs.dtype as string | undefined), shape], ...(c.pair ? [['int64', shape]] : [])];
        const got = r.map(([d, s]) => [d, s.join()]);
        if (JSON.stringify(got) !== JSON.stringify(want)) {
          wrong.push(`${c.op}.${c.overload}(${input}, ${JSON.stringify(c.kwargs)}): Python gives ${JSON.stringify(got)}, the rule ${JSON.stringify(want)}`);
        }
      });
    });
    expect(wrong).toEqual([]);
    expect(compared).toBeGreaterThan(900);
  });
});
