// What the install script and the set-up say when the system lacks
// something: the exact Debian command, for root and for everyone else.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';

// A copy the unprivileged user can read: the checkout may sit in a folder only
// its owner can enter (a clone into mktemp -d is mode 0700).
const readable = mkdtempSync(join(tmpdir(), 'tt-setup-'));
chmodSync(readable, 0o755);
const system = join(readable, 'system.mjs');
copyFileSync(join(import.meta.dirname, '..', '..', 'scripts', 'lib', 'system.mjs'), system);
chmodSync(system, 0o644);

/** Runs ensurePackages for a package that is not installed, as the given user; returns its error text. */
function missing(asNobody: boolean): string {
  const code = `
    const { ensurePackages } = await import(${JSON.stringify(system)});
    try { ensurePackages(['libtorch-dev', 'no-such-package-for-typed-torch'], { prefix: 't', why: 'to test' }); console.log('no error'); }
    catch (e) { console.log(e.name + ': ' + e.message); }`;
  const argv = ['--input-type=module', '-e', code];
  const r = asNobody
    ? spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, ...argv], { encoding: 'utf8' })
    : spawnSync(process.execPath, argv, { encoding: 'utf8' });
  return r.stdout + r.stderr;
}

describe('missing system packages', () => {
  it('a user who is not root gets the exact apt-get command, with only the missing packages', () => {
    const text = missing(true);
    expect(text).toContain('SetupError: missing Debian packages: no-such-package-for-typed-torch (to test)');
    expect(text).toContain("sudo sh -c 'apt-get update && apt-get install -y --no-install-recommends no-such-package-for-typed-torch'");
    expect(text).not.toContain('install -y --no-install-recommends libtorch-dev');
  });
});
