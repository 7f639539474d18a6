// The fuzzer's calls, type-checked (test/fuzz/types.ts): 10,000 seeded calls of the generated
// functions and methods, the Python-level functions and indexing run, and those that return
// tensors are compiled as a user would write them, with their tensors declared at their run-time shapes, dtypes and devices. Each static
// result type must agree with what came back: no literal dim, dtype or device that differs.
// Longer runs: `npm run fuzz:types -- --seeds 1,2,3 --calls 20000`.
import { describe, expect, it } from 'vitest';
import { typeAgreement } from './fuzz/types.ts';

describe("the fuzzer's calls against their static types", () => {
  it('10,000 seeded calls: every result type agrees with the result', () => {
    const report = typeAgreement(7, 10000);
    expect(report.disagreements.map((d) => `call ${d.index}: ${d.expression}\n  type ${d.type}\n  ${d.why}`)).toEqual([]);
    // Enough of them ran and compiled for the comparison to mean something.
    expect(report.compared).toBeGreaterThan(1500);
    // 0-d tensors take dim 0 and -1, as in PyTorch: the types refuse none of those calls.
    expect(report.refusedCalls.filter((c) => /out of range for \[\]/.test(c.message))).toEqual([]);
  }, 300_000);
});
