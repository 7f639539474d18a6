#!/usr/bin/env node
// One-step set-up behind `npm test` and `npm run demo`: Debian packages,
// npm dependencies, and the native addon. Each step checks first and does
// nothing when already done, so a set-up machine pays well under a second.
//
//   node scripts/setup.mjs                 packages for the tests, npm ci, native build
//   node scripts/setup.mjs --demo          the same (kept for the demo script)
//   node scripts/setup.mjs --rebuild-native  force the native build
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const args = new Set(process.argv.slice(2));

// libtorch and its headers, Python's torch (test oracles, benchmarks), the
// threaded OpenBLAS (without it libtorch falls back to reference BLAS, ~30x
// slower), the toolchain for the addon, and Fashion-MNIST (the demo trains on
// it; the tests read it).
const BASE_PACKAGES = ['libtorch-dev', 'python3-torch', 'libopenblas0-pthread', 'cmake', 'g++', 'make', 'dataset-fashion-mnist'];
const DEMO_PACKAGES = [];

function log(msg) {
  process.stderr.write(`[setup] ${msg}\n`);
}

function fail(msg) {
  process.stderr.write(`\n[setup] ${msg}\n\n`);
  process.exit(1);
}

function run(cmd, argv, options = {}) {
  const r = spawnSync(cmd, argv, { stdio: 'inherit', cwd: root, ...options });
  if (r.error) fail(`could not run ${cmd}: ${r.error.message}`);
  if (r.status !== 0) fail(`\`${[cmd, ...argv].join(' ')}\` failed with exit code ${r.status}`);
}

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

// ---------------------------------------------------------------------------
// 1. Debian packages

function missingPackages(packages) {
  if (!has('dpkg-query')) return packages;
  const r = spawnSync('dpkg-query', ['-W', '-f=${Package} ${db:Status-Status}\n', ...packages], {
    encoding: 'utf8',
  });
  const installed = new Set(
    (r.stdout || '')
      .split('\n')
      .filter((line) => line.endsWith(' installed'))
      .map((line) => line.split(' ')[0].split(':')[0]),
  );
  return packages.filter((p) => !installed.has(p));
}

function ensurePackages(packages) {
  const missing = missingPackages(packages);
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.platform !== 'linux' || !has('apt-get')) {
    fail(
      `missing system packages: ${missing.join(', ')}.\n` +
        `This project needs Debian 12 (bookworm) packages: libtorch 1.13.1 comes from Debian's libtorch-dev.\n` +
        `On Debian 12 run as root:\n  ${command}`,
    );
  }
  if (process.getuid?.() !== 0) {
    fail(`missing Debian packages: ${missing.join(', ')}.\nInstall them as root, then run this again:\n  sudo sh -c '${command}'`);
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env });
  const still = missingPackages(packages);
  if (still.length > 0) fail(`apt-get finished but these packages are still missing: ${still.join(', ')}`);
}

// ---------------------------------------------------------------------------
// 2. npm dependencies

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function ensureNodeModules() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  if (existsSync(marker) && mtime(marker) >= mtime(join(root, 'package-lock.json'))) return;
  log('installing npm dependencies (npm ci)');
  const ci = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit', cwd: root });
  if (ci.status === 0) return;
  // npm 11's `ci` insists on a lock entry for every optional platform package
  // of rollup (npm/cli#4828); a registry mirror that serves only this
  // platform's packages cannot provide them. `npm install` installs the same
  // locked versions without that check (and leaves the lock file unchanged).
  log('npm ci refused the lock file; installing the same locked versions with npm install');
  run('npm', ['install', '--no-audit', '--no-fund']);
}

// ---------------------------------------------------------------------------
// 3. The native addon

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(p) : mtime(p));
  }
  return newest;
}

const ADDON = join(root, 'build', 'Release', 'typed_torch.node');

function ensureNative(force) {
  const built = mtime(ADDON);
  if (!force && built > 0 && built >= newestSource(join(root, 'native'))) return;
  log('building the native addon (cmake-js, ~1 minute the first time)');
  const jobs = String(Math.max(1, availableParallelism()));
  run(join(root, 'node_modules', '.bin', 'cmake-js'), ['compile', '-d', 'native', '-O', 'build', '-p', jobs]);
  if (!existsSync(ADDON)) fail(`the build finished but ${ADDON} is missing`);
}

// ---------------------------------------------------------------------------
// 4. Type declarations (what users' editors and builds read; tsd checks them)

function ensureDeclarations() {
  const stamp = join(root, 'build', 'types', 'index.d.ts');
  const built = mtime(stamp);
  if (built > 0 && built >= newestSource(join(root, 'src'))) return;
  log('emitting type declarations (build/types)');
  run(join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.types.json']);
}

// ---------------------------------------------------------------------------

ensurePackages(args.has('--demo') ? [...BASE_PACKAGES, ...DEMO_PACKAGES] : BASE_PACKAGES);
ensureNodeModules();
ensureNative(args.has('--rebuild-native'));
ensureDeclarations();
