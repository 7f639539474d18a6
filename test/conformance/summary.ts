// The figures of a conformance run: how many samples agree, of each kind.
import type { SampleResult } from './run.ts';

export interface Tally {
  passed: number;
  total: number;
  /** passed / total as a percentage with one decimal ("98.3%"). */
  percent: string;
}

function tally(rs: SampleResult[]): Tally {
  const passed = rs.filter((r) => r.ok).length;
  const total = rs.length;
  return { passed, total, percent: total === 0 ? '-' : `${((100 * passed) / total).toFixed(1)}%` };
}

export function summarize(results: SampleResult[]): { values: Tally; grads: Tally; ops: Tally } {
  const ops = new Map<string, boolean>();
  for (const r of results) ops.set(r.op, (ops.get(r.op) ?? true) && r.ok);
  const opOk = [...ops.values()].filter(Boolean).length;
  return {
    values: tally(results.filter((r) => r.kind !== 'grad')),
    grads: tally(results.filter((r) => r.kind === 'grad')),
    ops: { passed: opOk, total: ops.size, percent: `${((100 * opOk) / Math.max(1, ops.size)).toFixed(1)}%` },
  };
}
