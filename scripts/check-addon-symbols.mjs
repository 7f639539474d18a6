#!/usr/bin/env node
// A wrong C++ ABI links and loads, then segfaults on first use. `ldd -r`
// lists unresolved symbols: only node's own napi_* may be left to the host.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const addon = join(root, 'build', 'Release', 'typed_torch.node');
const r = spawnSync('ldd', ['-r', addon], { encoding: 'utf8' });
if (r.status !== 0) {
  console.error(`ldd -r ${addon} failed: ${r.stderr}`);
  process.exit(1);
}
const undefinedSymbols = (r.stdout + r.stderr)
  .split('\n')
  .filter((line) => line.includes('undefined symbol'))
  .map((line) => line.replace(/^\s*undefined symbol:\s*/, '').split(/\s/)[0])
  .filter((sym) => !/^(napi_|node_api_)/.test(sym));
const notFound = r.stdout.split('\n').filter((line) => line.includes('not found'));
if (undefinedSymbols.length > 0 || notFound.length > 0) {
  console.error(`the addon has unresolved dependencies:\n${[...notFound, ...undefinedSymbols].join('\n')}`);
  process.exit(1);
}
console.log(`ok: ${addon} resolves every symbol except node's napi_* functions`);
