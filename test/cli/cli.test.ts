import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/baton.js', import.meta.url));

function baton(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('bin/baton.js', () => {
  it('--help prints the help and exits 0', () => {
    const r = baton('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: baton');
    expect(r.stdout).toContain('baton: a container orchestrator with its own Raft');
  });

  it('an unknown command prints a one-line error and exits non-zero', () => {
    const r = baton('no-such-command');
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n'), 'one line of stderr').toEqual(["error: unknown command 'no-such-command'"]);
  });

  it('bad probe flags are one-line usage errors (exit 2) before any manager is contacted', () => {
    // No manager listens on this address: an error that needed one would be UNAVAILABLE, exit 1.
    const m = ['--managers', '127.0.0.1:1'];
    const cases: [string[], string][] = [
      [['service', 'create', 'web', '--command', 'node', '--readiness-tcp', '8080', '--readiness-period', '0'], 'baton: --readiness-period: must be at least 1ms (0 cannot be told from unset: the managers would use the default, 10s)'],
      [['service', 'create', 'web', '--command', 'node', '--liveness-http', '8080:/live', '--liveness-timeout', '20s'], 'baton: --liveness-timeout: must not exceed the period (10s, the default), got 20s'],
      [['service', 'update', 'web', '--no-readiness', '--readiness-period', '1s'], 'baton: --no-readiness and --readiness-period: give one, not both (--no-readiness removes the readiness probe)'],
      [['service', 'update', 'web', '--liveness-failures', '0'], 'baton: --liveness-failures: must be at least 1 (0 cannot be told from unset: the managers would use the default, 3)'],
    ];
    for (const [args, line] of cases) {
      const r = baton(...m, ...args);
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toEqual([line]);
    }
  });
});
