// The chaos checkers must fail a broken build: managers started with BATON_UNSAFE_BUG=local-reads
// answer "linearizable" reads from their own state. When the leader is cut off (isolate-leader,
// network namespaces: root), the clients that still reach it read values the new leader has
// long overwritten, and the run must end with a linearizability VIOLATION and exit status 1.
// (Without the partition stale reads only happen by chance, in the few ms a follower lags.)
// The correct build passes the same run: the CI smoke.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync, spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';

function hasCommand(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`]);
    return true;
  } catch {
    return false;
  }
}
const skip = process.getuid?.() !== 0 ? 'needs root (network namespaces)' : !hasCommand('iptables') || !hasCommand('ip') ? 'needs ip and iptables' : null;
if (skip) console.warn(`broken-build chaos test skipped: ${skip}`);

const RUN = fileURLToPath(new URL('../../deploy/chaos/run.sh', import.meta.url));

describe.skipIf(skip !== null)('chaos run against a deliberately broken build', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'baton-broken-'));
  const kept: string[] = [];
  afterAll(() => {
    for (const k of kept) rmSync(k, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports the stale reads as a linearizability violation and exits 1', async () => {
    const args = ['--managers', '3', '--scenario', 'isolate-leader', '--rounds', '1', '--seed', '1', '--duration-ms', '5000', '--unsafe-bug', 'local-reads', '--report', path.join(dir, 'r.json')];
    const { code, out } = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const p = spawn(RUN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      p.stdout.on('data', (d: Buffer) => (out += d.toString()));
      p.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const timer = setTimeout(() => p.kill('SIGTERM'), 90_000);
      p.on('exit', (c) => {
        clearTimeout(timer);
        resolve({ code: c, out });
      });
    });
    const dirMatch = /kept: cluster dir (\S+?),/.exec(out);
    if (dirMatch) kept.push(dirMatch[1]!);
    expect(out, 'the run says it is a broken build').toMatch(/DELIBERATELY BROKEN build \(local-reads\)/);
    expect(out, `a linearizability violation is reported; output:\n${out}`).toMatch(/not linearizable/);
    expect(code, 'exit status 1 (violation)').toBe(1);
  }, 120_000);
});
