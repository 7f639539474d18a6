// The generator's same-shape rules against Python: every public overload that gets one
// (Like, RealLike, FloatLike, BoolLike, AccumulateLike, ..., or the dtype argument's dtype where
// the schema takes one) is run through Python's torch.ops.aten on int64, bool, float16, float32,
// float64 and complex64 inputs, and the result must have the input's shape and the dtype its rule gives.
// A call Python refuses (a kernel missing for a dtype) is an error at run time in node too,
// not a wrong type, and is left out.
import { describe, expect, it } from 'vitest';
import type { SchemaArg } from '../../gen/schema.ts';
import { py } from '../helpers/python.ts';
import { ruledOverloads } from './rule-cases.ts';

type Family = 'same' | 'real' | 'realfloat' | 'float' | 'bool' | 'accumulate' | 'bounds' | 'pow2';
const FAMILIES: [string, Family][] = [
  ['same shape and dtype', 'same'],
  ['same shape, real dtype', 'real'],
  ['same shape, real floating dtype', 'realfloat'],
  ['same shape, floating dtype', 'float'],
  ['same shape, bool', 'bool'],
  ['same shape, accumulating dtype', 'accumulate'],
  ['same shape, dtype promoted with the bounds', 'bounds'],
  ['same shape, dtype of pow(self, 2)', 'pow2'],
];
const INPUT_DTYPES = ['int64', 'bool', 'float16', 'float32', 'float64', 'complex64'] as const;
type InputDType = (typeof INPUT_DTYPES)[number];

/** A tensor's dtype with a JS number (PyTorch's rule, which src/types/promote.ts PromoteScalar writes as a type). */
function withNumber(d: string, n: number): string {
  if (d.startsWith('float') || d.startsWith('complex')) return d;
  if (!Number.isInteger(n)) return 'float32';
  return d === 'bool' ? 'int64' : d;
}

/** What the TS result types say (src/ops/signatures.ts: FloatOf, RealOf, Accumulated, OrDType, Clamped, WithScalar). */
function expectedDtype(family: Family, input: InputDType, given: string | undefined, bounds: number[]): string {
  if (given !== undefined) return given;
  const floating = input.startsWith('float') || input.startsWith('complex');
  const real = input === 'complex64' ? 'float32' : input;
  switch (family) {
    case 'same': return input;
    case 'real': return real;
    case 'realfloat': return floating ? real : 'float32';
    case 'bool': return 'bool';
    case 'float': return floating ? input : 'float32';
    case 'accumulate': return floating ? input : 'int64';
    case 'bounds': return bounds.reduce(withNumber, input as string);
    case 'pow2': return withNumber(input, 2);
  }
}

/** A call's arguments after the tensor (Python's text) and the JS numbers among them that bound a clamp. */
interface Variant {
  args: string;
  bounds: number[];
}

/**
 * The calls to make of an overload, or undefined when its arguments cannot be made up (another
 * tensor, a string). Every required Scalar is tried as an integer and as a fraction, which a
 * rule that keeps the dtype must survive; clamp's bounds each alone and together.
 */
function variants(family: Family, args: SchemaArg[]): Variant[] | undefined {
  if (family === 'bounds') {
    const names = args.map((a) => a.name);
    if (names.length === 1) return [{ args: '1', bounds: [1] }, { args: '0.5', bounds: [0.5] }];
    return [
      { args: '1', bounds: [1] }, { args: '0.5', bounds: [0.5] }, { args: 'None, 2', bounds: [2] },
      { args: '1, 2.5', bounds: [1, 2.5] }, { args: 'max=0.5', bounds: [0.5] },
    ];
  }
  const fixed: string[] = [];
  let scalars = 0;
  for (const a of args) {
    if (a.default !== undefined || a.type.optional) continue;
    const t = a.type;
    let v: string;
    if (t.base === 'int') v = t.list ? '[1]' : '1'; // dims, shifts: valid for a [2, 3] input
    else if (t.base === 'float') v = '0.5';
    else if (t.base === 'bool') v = 'False'; // dropout's train: the identity
    else if (t.base === 'Scalar') { v = '{S}'; scalars++; }
    else return undefined;
    fixed.push(a.kwargOnly ? `${a.name}=${v}` : v);
  }
  const text = fixed.join(', ');
  return scalars === 0 ? [{ args: text, bounds: [] }] : ['1', '0.5'].map((n) => ({ args: text.replaceAll('{S}', n), bounds: [] }));
}

interface Case {
  op: string;
  overload: string;
  family: Family;
  variants: Variant[];
  takesDtype: boolean;
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const { ov, sig, overload } of ruledOverloads()) {
    const family = FAMILIES.find(([prefix]) => sig.ruleName!.startsWith(prefix))?.[1];
    if (!family) continue;
    const [self, ...rest] = ov.schema.args;
    if (self?.type.base !== 'Tensor' || self.type.list) throw new Error(`${ov.qualified}: a unary rule on a schema whose first argument is not a tensor`);
    const vs = variants(family, rest);
    if (!vs) continue; // masked_fill's mask, prelu's weight: another tensor
    out.push({ op: ov.schema.name, overload, family, variants: vs, takesDtype: rest.some((a) => a.name === 'dtype' && a.type.base === 'ScalarType') });
  }
  return out;
}

describe("the generator's same-shape rules, against Python's results", () => {
  const all = cases();
  type Result = [dtype: string, shape: number[]] | null;
  // One call per case, variant, input dtype and (where the schema takes one) dtype argument, in that order.
  const calls = all.flatMap((c) =>
    c.variants.flatMap((v) => INPUT_DTYPES.flatMap((input) => (c.takesDtype ? [false, true] : [false]).map((given) => [c.op, c.overload, v.args, input, given]))),
  );
  const results = py<Result[]>(`
import warnings
warnings.simplefilter('ignore')
def run(op, overload, args, dtype, given):
    x = (torch.arange(6).reshape(2, 3) % 3).to(getattr(torch, dtype))
    fn = getattr(getattr(torch.ops.aten, op), overload)
    extra = ', dtype=torch.float64' if given else ''
    try:
        r = eval('fn(x' + (', ' + args if args else '') + extra + ')')
    except Exception:
        return None
    return [str(r.dtype)[len('torch.'):], list(r.shape)]
out = [run(*c) for c in json.loads(${JSON.stringify(JSON.stringify(calls))})]
`);

  it('covers the unary families', () => {
    const families = new Set(all.map((c) => c.family));
    expect([...families].sort()).toEqual(['accumulate', 'bool', 'bounds', 'float', 'pow2', 'real', 'realfloat', 'same']);
    expect(all.length).toBeGreaterThan(140);
    expect(all.filter((c) => c.takesDtype).length).toBeGreaterThanOrEqual(6); // softmax, log_softmax, cumsum, cumprod and torch.special's
  });

  it('gives the dtype and shape Python computes, for every input dtype and every dtype argument', () => {
    const wrong: string[] = [];
    let compared = 0;
    let k = 0;
    for (const c of all) {
      for (const v of c.variants) {
        for (const input of INPUT_DTYPES) {
          for (const given of c.takesDtype ? [undefined, 'float64'] : [undefined]) {
            const r = results[k++];
            if (r === null || r === undefined) continue;
            compared++;
            const want = expectedDtype(c.family, input, given, v.bounds);
            if (r[0] !== want || r[1].join() !== '2,3') {
              wrong.push(`${c.op}.${c.overload}(${input}${v.args ? `, ${v.args}` : ''}${given ? `, dtype=${given}` : ''}): Python gives ${r[0]} [${r[1]}], the rule ${want} [2,3]`);
            }
          }
        }
      }
    }
    expect(k).toBe(results.length);
    expect(wrong).toEqual([]);
    expect(compared).toBeGreaterThan(550);
  });
});

// ---- binary ops: broadcast of two tensors, or a tensor and a JS number ----------------------

type BinaryFamily = 'promoted' | 'float' | 'bool' | 'rounding';
/** The rule's dtype, read off its result type (gen/shape-rules.ts BINARY): the promoted dtype, its floating form, bool, or div's by rounding mode. */
function binaryFamily(returnType: string): BinaryFamily {
  if (returnType.includes('DivDType<')) return 'rounding';
  if (returnType.includes('FloatOf<')) return 'float';
  if (returnType.includes("'bool'")) return 'bool';
  return 'promoted';
}

/** What the result types say, given Python's torch.result_type of the operands. */
function binaryExpected(family: BinaryFamily, promoted: string, mode: string): string {
  const floated = promoted.startsWith('float') ? promoted : 'float32';
  if (family === 'bool') return 'bool';
  if (family === 'float') return floated;
  if (family === 'rounding') return mode === 'None' ? floated : promoted;
  return promoted;
}

interface BinaryCase {
  op: string;
  overload: string;
  family: BinaryFamily;
  scalar: boolean;
  /** Whether the schema takes a rounding mode (div.Tensor_mode): each is tried, whatever the rule says. */
  rounding: boolean;
}

function binaryCases(): BinaryCase[] {
  const out: BinaryCase[] = [];
  for (const { ov, sig, overload } of ruledOverloads()) {
    const scalar = sig.ruleName === 'same shape, scalar operand';
    if (!scalar && !sig.ruleName!.startsWith('broadcast')) continue;
    if (ov.schema.name === 'where') continue; // three operands: its own rule
    const required = ov.schema.args.slice(2).filter((a) => a.default === undefined && !a.type.optional);
    if (required.length > 0) throw new Error(`${ov.qualified}: a binary rule with more required arguments`);
    const rounding = ov.schema.args.some((a) => a.name === 'rounding_mode');
    out.push({ op: ov.schema.name, overload, family: binaryFamily(sig.returnType), scalar, rounding });
  }
  return out;
}

const PAIRS = [
  ['int64', 'int64'], ['int64', 'float32'], ['bool', 'bool'], ['bool', 'int64'], ['int32', 'int64'],
  ['float32', 'float64'], ['float16', 'float32'], ['int32', 'float16'],
] as const;
const SCALARS = ['2', '0.5', 'True'] as const;
const MODES = ["'floor'", "'trunc'", 'None'] as const;

describe("the generator's broadcasting rules, against Python's results", () => {
  const all = binaryCases();
  // Per case: for tensor pairs every (a, b) of PAIRS, for scalars every (a, s) of the first dtypes and SCALARS; each in every rounding mode where there is one.
  const calls = all.flatMap((c) =>
    (c.scalar ? [...new Set(PAIRS.map(([a]) => a))].flatMap((a) => SCALARS.map((s) => [a, s])) : PAIRS.map((p) => [...p])).flatMap(
      ([a, b]) => (c.rounding ? MODES : ['']).map((mode) => [c.op, c.overload, c.scalar, a, b, mode]),
    ),
  );
  const results = py<([dtype: string, shape: number[], promoted: string] | null)[]>(`
import warnings
warnings.simplefilter('ignore')
def run(op, overload, scalar, a, b, mode):
    x = (torch.arange(6).reshape(2, 3) % 3 + 1).to(getattr(torch, a))
    other = eval(b) if scalar else (torch.arange(3) % 2 + 1).to(getattr(torch, b))
    if scalar:
        # Python's own function: torch.ops.aten's Scalar overloads take a Python bool as an int,
        # where torch.add(x, True) (and this library) pass it as a bool.
        fn = getattr(torch.special, op[len('special_'):]) if op.startswith('special_') else getattr(torch, op)
    else:
        fn = getattr(getattr(torch.ops.aten, op), overload)
    try:
        r = fn(x, other, rounding_mode=eval(mode)) if mode else fn(x, other)
    except Exception:
        return None
    return [str(r.dtype)[len('torch.'):], list(r.shape), str(torch.result_type(x, other))[len('torch.'):]]
out = [run(*c) for c in json.loads(${JSON.stringify(JSON.stringify(calls))})]
`);

  it('covers the binary families', () => {
    expect([...new Set(all.map((c) => c.family))].sort()).toEqual(['bool', 'float', 'promoted', 'rounding']);
    expect(all.filter((c) => c.scalar).length).toBeGreaterThan(30);
    expect(all.filter((c) => !c.scalar).length).toBeGreaterThan(40);
  });

  it('gives the dtype and shape Python computes, for every pair of dtypes, JS number and rounding mode', () => {
    const wrong: string[] = [];
    let compared = 0;
    calls.forEach(([op, overload, , a, b, mode], k) => {
      const r = results[k];
      if (r === null || r === undefined) return;
      compared++;
      const c = all.find((x) => x.op === op && x.overload === overload)!;
      const want = binaryExpected(c.family, r[2], mode as string);
      if (r[0] !== want || r[1].join() !== '2,3') {
        wrong.push(`${op}.${overload}(${a}, ${b}${mode ? `, rounding_mode=${mode}` : ''}): Python gives ${r[0]} [${r[1]}], the rule ${want} [2,3]`);
      }
    });
    expect(results.length).toBe(calls.length);
    expect(wrong).toEqual([]);
    expect(compared).toBeGreaterThan(600);
  });
});
