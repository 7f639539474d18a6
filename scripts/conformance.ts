// The OpInfo conformance run from the command line, with a per-op report.
//
//   npm run conformance                     every op_db sample; failures by op, and the figures
//   npm run conformance -- --op linalg.svd  one OpInfo (or a prefix: --op nn.functional.)
//   npm run conformance -- --json FILE      also writes every sample's result
import { writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadOpDb } from '../test/conformance/samples.ts';
import { runConformance } from '../test/conformance/run.ts';
import { summarize } from '../test/conformance/summary.ts';

const argv = process.argv.slice(2);
const opt = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const root = dirname(dirname(fileURLToPath(import.meta.url)));
const only = opt('--op');
const started = Date.now();
const db = loadOpDb(root);
const results = runConformance(db, only ? (id) => id === only || (only.endsWith('.') && id.startsWith(only)) : undefined);
const s = summarize(results);

const byOp = new Map<string, string[]>();
for (const r of results) {
  if (r.ok) continue;
  const lines = byOp.get(r.op) ?? [];
  lines.push(`  ${r.kind} #${r.index}: ${r.reason}`);
  byOp.set(r.op, lines);
}
for (const [op, lines] of [...byOp].sort()) console.log(`${op}\n${lines.join('\n')}`);
console.log(
  `\nop_db (torch ${db.torch}): ${s.values.passed} of ${s.values.total} value samples agree (${s.values.percent}), ` +
    `${s.grads.passed} of ${s.grads.total} float64 gradient samples (${s.grads.percent}); ` +
    `${s.ops.passed} of ${s.ops.total} OpInfos agree on every sample; ${((Date.now() - started) / 1000).toFixed(0)} s`,
);
const json = opt('--json');
if (json) writeFileSync(json, JSON.stringify(results, null, 1));
