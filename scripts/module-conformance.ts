// The ModuleInfo conformance run from the command line, with a per-module report.
//
//   npm run conformance:modules                        every module_db sample; failures by module, and the figures
//   npm run conformance:modules -- --module nn.LSTM    one ModuleInfo (extra.nn.X: a class module_db lacks)
//   npm run conformance:modules -- --json FILE         also writes every sample's result
import { writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModuleDb } from '../test/module-conformance/samples.ts';
import { runModuleConformance } from '../test/module-conformance/run.ts';

const argv = process.argv.slice(2);
const opt = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const root = dirname(dirname(fileURLToPath(import.meta.url)));
const only = opt('--module');
const started = Date.now();
const db = loadModuleDb(root);
const results = runModuleConformance(db, only ? (name) => name === only : undefined);

const byModule = new Map<string, string[]>();
for (const r of results) {
  if (r.ok) continue;
  const lines = byModule.get(r.module) ?? [];
  lines.push(`  ${r.kind} #${r.index} (${r.desc || 'default'}): ${r.reason}`);
  byModule.set(r.module, lines);
}
for (const [name, lines] of [...byModule].sort()) console.log(`${name}\n${lines.join('\n')}`);
const figures = (rs: typeof results) => {
  const passed = rs.filter((r) => r.ok).length;
  const classes = new Set(rs.map((r) => r.module));
  const classesOk = [...classes].filter((c) => !byModule.has(c)).length;
  return `${passed} of ${rs.length} samples agree (${((100 * passed) / Math.max(1, rs.length)).toFixed(1)}%); ${classesOk} of ${classes.size} classes on every sample`;
};
console.log(`\nmodule_db (torch ${db.torch}): ${figures(results.filter((r) => !r.module.startsWith('extra.')))}`);
console.log(`classes module_db lacks (test/module-conformance/extra_modules.py): ${figures(results.filter((r) => r.module.startsWith('extra.')))}`);
console.log(`${((Date.now() - started) / 1000).toFixed(0)} s`);
const json = opt('--json');
if (json) writeFileSync(json, JSON.stringify(results, null, 1));
