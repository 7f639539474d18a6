// PyTorch's ModuleInfo database as torch.nn's conformance suite: every
// module_db sample (float64 and float32, train and eval) through typed-torch's
// modules, with the Python module's state dict loaded, against Python's
// outputs, buffers after forward, and input and parameter gradients; and
// the torch.nn classes module_db lacks, with samples of our own in its form.
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { loadModuleDb, type ModuleDb } from './module-conformance/samples.ts';
import { runModuleConformance, type ModuleSampleResult } from './module-conformance/run.ts';
import { KNOWN_FAILURES } from './module-conformance/known-failures.ts';

const root = resolve(import.meta.dirname, '..');

function keysOf(r: ModuleSampleResult): string[] {
  return [r.module, `${r.module} ${r.kind}`, `${r.module} ${r.kind} #${r.index}`].filter((k) => k in KNOWN_FAILURES);
}

describe('module_db conformance', () => {
  let db: ModuleDb;
  let results: ModuleSampleResult[];

  it('replays every module_db sample through torch.nn', () => {
    db = loadModuleDb(root);
    results = runModuleConformance(db);
    const own = results.filter((r) => !r.module.startsWith('extra.'));
    const extra = results.filter((r) => r.module.startsWith('extra.'));
    const passed = own.filter((r) => r.ok).length;
    console.log(
      `module_db (torch ${db.torch}): ${passed} of ${own.length} samples agree (${((100 * passed) / own.length).toFixed(1)}%); ` +
        `classes it lacks: ${extra.filter((r) => r.ok).length} of ${extra.length}`,
    );
    expect(new Set(own.map((r) => r.module)).size).toBeGreaterThanOrEqual(38);
    expect(new Set(extra.map((r) => r.module)).size).toBeGreaterThan(90);
    // float64 and float32, train and eval: four kinds per module.
    expect(new Set(results.map((r) => r.kind))).toEqual(new Set(['float64 train', 'float64 eval', 'float32 train', 'float32 eval']));
    expect(own.length).toBeGreaterThan(1100);
    expect(passed / own.length).toBeGreaterThanOrEqual(0.95);
  }, 240_000);

  it('fails only where the known-failure list says, and says why', () => {
    const unexplained = results.filter((r) => !r.ok && keysOf(r).length === 0).map((r) => `${r.module} ${r.kind} #${r.index} (${r.desc}): ${r.reason}`);
    expect(unexplained).toEqual([]);
  });

  it('lists no failure that has started to pass (remove it from the list)', () => {
    const stale = Object.keys(KNOWN_FAILURES).filter((key) => {
      const covered = results.filter((r) => keysOf(r).includes(key));
      return covered.length === 0 || covered.some((r) => r.ok);
    });
    expect(stale).toEqual([]);
  });
});
