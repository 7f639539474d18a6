// System prerequisites shared by the development set-up (scripts/setup.mjs)
// and the package's install script (scripts/install.mjs): Debian packages,
// installed with apt-get when we run as root on Debian, otherwise named with
// the exact command to run.
import { spawnSync } from 'node:child_process';

export class SetupError extends Error {
  constructor(message) {
    super(message);
    this.name = 'SetupError';
  }
}

export function log(prefix, msg) {
  process.stderr.write(`[${prefix}] ${msg}\n`);
}

/** Runs a command with inherited output; throws SetupError when it fails. */
export function run(cmd, argv, options = {}) {
  const r = spawnSync(cmd, argv, { stdio: 'inherit', ...options });
  if (r.error) throw new SetupError(`could not run ${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new SetupError(`\`${[cmd, ...argv].join(' ')}\` failed with exit code ${r.status}`);
}

export function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** The packages of `packages` that dpkg does not list as installed (all of them without dpkg). */
export function missingPackages(packages) {
  if (!has('dpkg-query')) return [...packages];
  const r = spawnSync('dpkg-query', ['-W', '-f=${Package} ${db:Status-Status}\n', ...packages], { encoding: 'utf8' });
  const installed = new Set(
    (r.stdout || '')
      .split('\n')
      .filter((line) => line.endsWith(' installed'))
      .map((line) => line.split(' ')[0].split(':')[0]),
  );
  return packages.filter((p) => !installed.has(p));
}

/** The installed version of a Debian package, or undefined. */
export function packageVersion(name) {
  if (!has('dpkg-query')) return undefined;
  const r = spawnSync('dpkg-query', ['-W', '-f=${Version}', name], { encoding: 'utf8' });
  return r.status === 0 && r.stdout ? r.stdout.trim() : undefined;
}

/**
 * Makes sure the Debian packages are installed: as root on Debian they are
 * installed with apt-get; otherwise a SetupError names them and gives the
 * exact command. `why` says what they are for.
 */
export function ensurePackages(packages, { prefix, why }) {
  const missing = missingPackages(packages);
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.platform !== 'linux' || !has('apt-get')) {
    throw new SetupError(
      `missing system packages: ${missing.join(', ')} (${why}).\n` +
        `typed-torch needs Debian 12 (bookworm): libtorch 1.13.1 comes from Debian's libtorch-dev.\n` +
        `On Debian 12 run as root:\n  ${command}`,
    );
  }
  if (process.getuid?.() !== 0) {
    throw new SetupError(
      `missing Debian packages: ${missing.join(', ')} (${why}).\nInstall them as root, then run this again:\n  sudo sh -c '${command}'`,
    );
  }
  log(prefix, `installing Debian packages (${why}): ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env });
  const still = missingPackages(packages);
  if (still.length > 0) throw new SetupError(`apt-get finished but these packages are still missing: ${still.join(', ')}`);
}
