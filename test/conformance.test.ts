// PyTorch's OpInfo database as the conformance suite: every op_db sample
// (float32 and int64 values, float64 gradients; up to 4 per OpInfo) through
// the public API against Python's result. Failures must be the listed ones.
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { loadOpDb, type OpDb } from './conformance/samples.ts';
import { runConformance, type SampleResult } from './conformance/run.ts';
import { summarize } from './conformance/summary.ts';
import { KNOWN_FAILURES } from './conformance/known-failures.ts';

const root = resolve(import.meta.dirname, '..');

/** The keys of the known-failure list that cover a sample. */
function keysOf(r: SampleResult): string[] {
  return [r.op, `${r.op} ${r.kind}`, `${r.op} ${r.kind} #${r.index}`].filter((k) => k in KNOWN_FAILURES);
}

describe('op_db conformance', () => {
  let db: OpDb;
  let results: SampleResult[];

  it('replays every op_db sample through the public API', () => {
    db = loadOpDb(root);
    results = runConformance(db);
    const s = summarize(results);
    console.log(
      `op_db (torch ${db.torch}): ${s.values.passed} of ${s.values.total} value samples agree (${s.values.percent}), ` +
        `${s.grads.passed} of ${s.grads.total} float64 gradient samples (${s.grads.percent}); ${s.ops.passed} of ${s.ops.total} OpInfos on every sample`,
    );
    expect(db.ops.length).toBeGreaterThan(600);
    expect(s.values.total).toBeGreaterThan(3400);
    expect(s.grads.total).toBeGreaterThan(1600);
    expect(s.values.passed / s.values.total).toBeGreaterThanOrEqual(0.98);
  }, 240_000);

  it('fails only where the known-failure list says, and says why', () => {
    const unexplained = results.filter((r) => !r.ok && keysOf(r).length === 0).map((r) => `${r.op} ${r.kind} #${r.index}: ${r.reason}`);
    expect(unexplained).toEqual([]);
  });

  it('lists no failure that has started to pass (remove it from the list)', () => {
    const stale = Object.entries(KNOWN_FAILURES)
      .filter(([key, k]) => {
        const covered = results.filter((r) => keysOf(r).includes(key));
        return covered.length === 0 || (!k.varies && covered.some((r) => r.ok));
      })
      .map(([key]) => key);
    expect(stale).toEqual([]);
  });

  it('agrees on every float64 gradient outside the listed ones', () => {
    const grads = results.filter((r) => r.kind === 'grad' && keysOf(r).length === 0);
    expect(grads.filter((r) => !r.ok)).toEqual([]);
    expect(grads.length).toBeGreaterThan(1600);
  });
});
