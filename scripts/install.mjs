#!/usr/bin/env node
// The package's install script: builds the native addon when typed-torch is
// installed (npm runs it for a dependency when the project allows it:
// `"allowScripts": { "typed-torch": true }` in package.json). Installs the
// Debian packages it needs as root on Debian, or names the exact command.
// `npx typed-torch build` runs the same step by hand.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureAddon } from './lib/addon.mjs';
import { SetupError } from './lib/system.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
try {
  ensureAddon(root, { prefix: 'typed-torch', force: process.argv.includes('--force') });
} catch (e) {
  if (!(e instanceof SetupError)) throw e;
  process.stderr.write(`\n[typed-torch] ${e.message}\n\n`);
  process.exit(1);
}
