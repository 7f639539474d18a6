// A typed-torch result against Python's: the same structure, dtypes, shapes
// and values within torch.testing's default tolerances for the dtype.
import { Tensor, noGrad } from '../../src/index.ts';
import type { Encoded, Expected, ExpectedTensor } from './samples.ts';

/** torch.testing.assert_close's defaults: [rtol, atol]. */
const TOLERANCE: Record<string, [number, number]> = {
  float16: [1e-3, 1e-5],
  bfloat16: [1.6e-2, 1e-5],
  float32: [1.3e-6, 1e-5],
  float64: [1e-7, 1e-7],
  complex64: [1.3e-6, 1e-5],
  complex128: [1e-7, 1e-7],
};

/** Why `actual` differs from `expected`, or undefined when they agree. */
export function difference(actual: unknown, expected: Expected, where = 'the result'): string | undefined {
  if (isTagged(expected, '$tensor')) return tensorDifference(actual, expected as ExpectedTensor, where);
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${where}: Python returns ${expected.length} values, typed-torch ${describe(actual)}`;
    if (actual.length !== expected.length) return `${where}: Python returns ${expected.length} values, typed-torch ${actual.length}`;
    for (let i = 0; i < expected.length; i++) {
      const d = difference(actual[i], expected[i]!, `${where}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (actual instanceof Tensor) return `${where}: Python returns ${JSON.stringify(expected)}, typed-torch a tensor`;
  const want = scalar(expected as Encoded);
  const got = typeof actual === 'bigint' ? Number(actual) : actual;
  if (typeof want === 'number' && typeof got === 'number') return close(got, want, 1.3e-6, 1e-5) ? undefined : `${where}: ${got}, Python ${want}`;
  return got === want ? undefined : `${where}: ${describe(actual)}, Python ${JSON.stringify(expected)}`;
}

function tensorDifference(actual: unknown, e: ExpectedTensor, where: string): string | undefined {
  if (!(actual instanceof Tensor)) return `${where}: typed-torch returns ${describe(actual)}, Python a ${e.$tensor} tensor`;
  const layout = e.layout ?? 'strided';
  if (actual.layout !== layout) return `${where}: layout ${actual.layout}, Python ${layout}`;
  // A sparse result is compared by its values as a dense tensor (opdb.py writes Python's the same way).
  if (layout !== 'strided') return noGrad(() => tensorDifference(actual.toDense(), { ...e, layout: undefined }, where));
  if (actual.dtype !== e.$tensor) return `${where}: dtype ${actual.dtype}, Python ${e.$tensor}`;
  const shape = actual.shape;
  if (shape.length !== e.shape.length || shape.some((n, i) => n !== e.shape[i])) {
    return `${where}: shape [${shape.join(', ')}], Python [${e.shape.join(', ')}]`;
  }
  const got = actual.toTypedArray();
  const complex = e.$tensor.startsWith('complex');
  const [rtol, atol] = TOLERANCE[e.$tensor] ?? [0, 0];
  for (let i = 0; i < e.values.length; i++) {
    const parts = complex ? (e.values[i] as [Encoded, Encoded]) : [e.values[i] as Encoded];
    for (let k = 0; k < parts.length; k++) {
      const want = scalar(parts[k]!);
      const raw = got[complex ? 2 * i + k : i]!;
      if (typeof want === 'bigint' || typeof raw === 'bigint') {
        if (BigInt(raw) !== BigInt(want as number | bigint)) return `${where}: element ${i} is ${raw}, Python ${want}`;
        continue;
      }
      const w = typeof want === 'boolean' ? Number(want) : (want as number);
      if (!close(raw, w, rtol, atol)) return `${where}: element ${i} is ${raw}, Python ${w}`;
    }
  }
  return undefined;
}

function close(a: number, b: number, rtol: number, atol: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  return Math.abs(a - b) <= atol + rtol * Math.abs(b);
}

function scalar(v: Encoded): number | bigint | boolean | string | null {
  if (v === null || typeof v !== 'object') return v as number | boolean | string | null;
  if ('$int' in v) return BigInt(v.$int);
  if ('$float' in v) return v.$float === 'nan' ? Number.NaN : v.$float === 'inf' ? Infinity : -Infinity;
  if ('$dtype' in v) return v.$dtype;
  return JSON.stringify(v);
}

function isTagged(v: unknown, tag: string): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && tag in v;
}

export function describe(v: unknown): string {
  if (v instanceof Tensor) return `a ${v.dtype} tensor [${v.shape.join(', ')}]`;
  if (Array.isArray(v)) return `${v.length} values`;
  return typeof v === 'object' ? String(v) : `${typeof v} ${String(v)}`;
}

/** The tensors of a result, in order (nested arrays flattened). */
export function flatten(v: unknown): Tensor[] {
  if (v instanceof Tensor) return [v];
  if (Array.isArray(v)) return v.flatMap(flatten);
  return [];
}

/** Whether a gradient is all zeros (autograd may give zeros where Python gives none). */
export function isZero(t: Tensor): boolean {
  return noGrad(() => t.abs().sum().item() === 0);
}

/** A message's first line, cut to 240 characters. */
export function firstLine(s: string): string {
  const line = s.split('\n')[0]!;
  return line.length > 240 ? `${line.slice(0, 240)}…` : line;
}
