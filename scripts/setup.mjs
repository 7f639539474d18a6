#!/usr/bin/env node
// One-step set-up behind `npm test` and `npm run demo`: Debian packages,
// npm dependencies (npm ci), the native addon, and the compiled package in
// dist/ (the type tests read its declarations, as a user's build does). Each
// step checks first and does nothing when already done, so a set-up machine
// pays well under a second.
//
//   node scripts/setup.mjs                   packages, npm ci, the addon
//   node scripts/setup.mjs --dist            the same, and dist/ (npm test)
//   node scripts/setup.mjs --rebuild-native  compile the addon even when it is up to date
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILD_PACKAGES, ensureAddon } from './lib/addon.mjs';
import { SetupError, ensurePackages, log, run } from './lib/system.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const args = new Set(process.argv.slice(2));

// Besides what the addon's build needs: Python's torch (the tests' oracle and
// the benchmarks' twin, on the same libtorch), torchvision (a test checks
// that the VAE's twin reads Fashion-MNIST as pytorch/examples' script does),
// Fashion-MNIST (the demo trains on it; the tests read it) and chromium (the
// live view's test opens its page in a real browser).
const DEV_PACKAGES = [...BUILD_PACKAGES, 'python3-torch', 'python3-torchvision', 'dataset-fashion-mnist', 'chromium'];

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(p) : mtime(p));
  }
  return newest;
}

function ensureNodeModules() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  if (existsSync(marker) && mtime(marker) >= mtime(join(root, 'package-lock.json'))) return;
  log('setup', 'installing npm dependencies (npm ci)');
  // npm ci also runs this package's own install script, which builds the addon.
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) {
    throw new SetupError('`npm ci` failed; package-lock.json must match package.json (after changing dependencies, run `npm install` and commit the lock file)');
  }
}

function ensureDist() {
  const stamp = join(root, 'dist', 'index.d.ts');
  if (mtime(stamp) > 0 && mtime(stamp) >= newestSource(join(root, 'src'))) return;
  log('setup', 'compiling the package into dist/ (what users import)');
  run(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root });
}

try {
  ensurePackages(DEV_PACKAGES, { prefix: 'setup', why: 'libtorch, its Python twin (with torchvision), the demo data and the browser for the live view test' });
  ensureNodeModules();
  ensureAddon(root, { prefix: 'setup', force: args.has('--rebuild-native') });
  if (args.has('--dist')) ensureDist();
} catch (e) {
  if (!(e instanceof SetupError)) throw e;
  process.stderr.write(`\n[setup] ${e.message}\n\n`);
  process.exit(1);
}
