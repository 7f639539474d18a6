#!/usr/bin/env node
// `npm test` after set-up: every check, in order, each named as it runs.
// Ends with one summary line "N passed, N failed" counting the vitest tests.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const bin = (name) => join(root, 'node_modules', '.bin', name);
const failures = [];

function step(title, cmd, argv) {
  process.stdout.write(`\n=== ${title}\n`);
  const r = spawnSync(cmd, argv, { stdio: 'inherit', cwd: root });
  if (r.status !== 0) failures.push(title);
}

step('native addon links cleanly (ldd -r)', process.execPath, ['scripts/check-addon-symbols.mjs']);
step('type-check the project (tsc)', bin('tsc'), ['--noEmit', '-p', '.']);
step('generated ops match the installed spec (drift check)', bin('tsx'), ['gen/main.ts', '--check']);
step('type tests (tsd, against the declarations)', bin('tsd'), []);
step('type error texts (golden file)', process.execPath, ['scripts/check-type-errors.mjs']);
step('the package as a dependency (npm pack, install, tsc, node, typed-torch init)', process.execPath, ['scripts/check-package.mjs']);

mkdirSync(join(root, 'build'), { recursive: true });
const report = join(root, 'build', 'vitest-report.json');
step('unit and integration tests (vitest)', bin('vitest'), [
  'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`,
]);

let passed = 0;
let failed = 0;
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed = r.numPassedTests ?? 0;
  // Tests that failed, plus files that could not run at all (their tests are not counted).
  failed = (r.numFailedTests ?? 0) + (r.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0).length;
}
failed += failures.filter((f) => !f.startsWith('unit')).length;
process.stdout.write('\n');
if (failures.length > 0) process.stdout.write(`failed steps: ${failures.join('; ')}\n`);
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failures.length > 0 || passed === 0 ? 1 : 0);
