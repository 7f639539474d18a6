#!/usr/bin/env node
// The text of type errors is part of the API: compile type-errors/programs.ts
// (against the package's declarations, as a user would) and compare every
// diagnostic with the golden file beside it. `--update` rewrites the golden file.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const dir = join(root, 'type-errors');
const golden = join(dir, 'programs.golden.txt');
const tsconfig = join(root, 'build', 'tsconfig.wrong.json');
writeFileSync(
  tsconfig,
  JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true,
      skipLibCheck: true, types: ['node'], typeRoots: [join(root, 'node_modules', '@types')], lib: ['ES2022', 'ESNext.Disposable'],
    },
    files: [join(dir, 'programs.ts')],
  }),
);
const r = spawnSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', tsconfig, '--pretty', 'false'], { encoding: 'utf8' });
// Per diagnostic: its first line (position, code, message), plus, for calls
// of ops whose overloads stay separate ("No overload matches this call"), the elaboration lines
// that carry a shape message (a parameter whose type is the message text).
const lines = r.stdout.split('\n');
const kept = [];
for (const line of lines) {
  if (/\(\d+,\d+\): error TS\d+/.test(line)) kept.push(line.replace(/^.*programs\.ts/, 'programs.ts'));
  else if (/^\s/.test(line) && line.includes(`parameter of type '"`)) kept.push(`    ${line.trim()}`);
}
const actual = kept.join('\n');
if (process.argv.includes('--update')) {
  writeFileSync(golden, `${actual}\n`);
  console.log(`wrote ${golden}`);
  process.exit(0);
}
const expected = existsSync(golden) ? readFileSync(golden, 'utf8').trimEnd() : '';
if (actual !== expected) {
  console.error('type error texts differ from type-errors/programs.golden.txt:');
  const a = actual.split('\n');
  const e = expected.split('\n');
  for (let i = 0; i < Math.max(a.length, e.length); i++) {
    if (a[i] !== e[i]) console.error(`  expected: ${e[i] ?? '(none)'}\n  actual:   ${a[i] ?? '(none)'}`);
  }
  process.exit(1);
}
console.log(`ok: ${kept.filter((l) => !l.startsWith(' ')).length} type errors read as recorded in programs.golden.txt`);
