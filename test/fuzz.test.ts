// The public surface survives a seeded fuzz run: 20,000 calls over every
// public function and method (and the factories, read-back and lifetime
// methods), in worker processes, with edge-value and wrong-type arguments.
// A crash or hang is reported with the call and its replay command.
// Longer runs: `npm run fuzz -- --seeds 1,2,3 --calls 40000`.
import { describe, expect, it } from 'vitest';
import { fuzz } from './fuzz/driver.ts';

describe('fuzzing the public API', () => {
  it('20,000 seeded calls: no crash, no hang, nothing leaked', async () => {
    const report = await fuzz(1, 20000, { workers: 2, hangSeconds: 30 });
    const findings = report.findings.map((f) => `${f.kind} at call ${f.index}: ${f.call}\n  ${f.how}\n  replay: npm run fuzz -- --seed ${f.seed} --index ${f.index}`);
    expect(findings).toEqual([]);
    expect(report.leaked).toBe(0);
    // The calls reached the kernels, not only the argument checks.
    expect(report.outcomes.ok).toBeGreaterThan(3000);
    expect(report.outcomes.TorchError).toBeGreaterThan(3000);
  }, 300_000);
});
