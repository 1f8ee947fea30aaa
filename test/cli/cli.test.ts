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
});
