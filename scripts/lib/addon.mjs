// Building the N-API addon (native/) against Debian's libtorch with cmake-js,
// once per machine: a finished build is kept in a cache keyed by everything
// it depends on (the native sources, the package version, libtorch's Debian
// version, node-addon-api, the CPU architecture), so a second install of the
// same package, in this project or another, copies it instead of compiling.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, homedir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { SetupError, ensurePackages, log, packageVersion, run } from './system.mjs';

/**
 * What compiling the addon needs, what makes libtorch fast (OpenBLAS with
 * threads), and gloo's headers for torch.distributed (c10d's headers include
 * them; without them the addon is built without torch.distributed).
 */
export const BUILD_PACKAGES = ['libtorch-dev', 'libopenblas0-pthread', 'cmake', 'g++', 'make', 'libgloo-dev'];

/** Where the addon lies inside the package. */
export function addonPath(root) {
  return join(root, 'build', 'Release', 'typed_torch.node');
}

/** The cache directory: $TYPED_TORCH_CACHE, else $XDG_CACHE_HOME/typed-torch, else ~/.cache/typed-torch. */
export function cacheDir() {
  return process.env.TYPED_TORCH_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'typed-torch');
}

function files(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]))
    .sort();
}

function resolveFrom(root, request) {
  return createRequire(join(root, 'package.json')).resolve(request);
}

/** A digest of every input of the build. */
export function buildKey(root) {
  const hash = createHash('sha256');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  hash.update(`typed-torch ${pkg.version}\nlibtorch-dev ${packageVersion('libtorch-dev') ?? 'unknown'}\nlibgloo-dev ${packageVersion('libgloo-dev') ?? 'none'}\n${process.platform}-${process.arch}\n`);
  try {
    hash.update(`node-addon-api ${JSON.parse(readFileSync(resolveFrom(root, 'node-addon-api/package.json'), 'utf8')).version}\n`);
  } catch {
    hash.update('node-addon-api missing\n');
  }
  const native = join(root, 'native');
  for (const f of files(native)) hash.update(`${relative(native, f)}\n`).update(readFileSync(f));
  return hash.digest('hex').slice(0, 24);
}

function newestSource(dir) {
  return Math.max(0, ...files(dir).map((f) => statSync(f).mtimeMs));
}

/**
 * Makes sure build/Release/typed_torch.node exists and matches native/:
 * from the cache when it has this build, otherwise compiled (~20 s on two
 * cores) and added to the cache. `force` compiles regardless.
 */
export function ensureAddon(root, { prefix = 'typed-torch', force = false } = {}) {
  const target = addonPath(root);
  if (!force && existsSync(target) && statSync(target).mtimeMs >= newestSource(join(root, 'native'))) return 'present';
  ensurePackages(BUILD_PACKAGES, { prefix, why: 'to compile the native addon against libtorch' });
  const key = buildKey(root);
  const cached = join(cacheDir(), `addon-${key}`, 'typed_torch.node');
  if (!force && existsSync(cached)) {
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(cached, target);
    log(prefix, `native addon: using the cached build ${cached}`);
    return 'cached';
  }
  let cmakeJs;
  try {
    cmakeJs = resolveFrom(root, 'cmake-js/bin/cmake-js');
  } catch {
    throw new SetupError('cmake-js is not installed: run `npm install` (it is a dependency of typed-torch)');
  }
  log(prefix, 'building the native addon against libtorch (cmake-js, about 20 s on two cores)');
  const jobs = String(Math.max(1, availableParallelism()));
  run(process.execPath, [cmakeJs, 'compile', '-d', 'native', '-O', 'build', '-p', jobs], { cwd: root });
  if (!existsSync(target)) throw new SetupError(`the build finished but ${target} is missing`);
  try {
    // Written beside, then renamed: a concurrent install never sees half a file.
    mkdirSync(dirname(cached), { recursive: true });
    const partial = `${cached}.${process.pid}.partial`;
    copyFileSync(target, partial);
    renameSync(partial, cached);
  } catch (e) {
    log(prefix, `could not cache the build in ${dirname(cached)} (${e.message}); it will be compiled again next time`);
  }
  return 'built';
}
