// The chaos checker's command line: report and exit status.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { EXIT_INCONCLUSIVE, EXIT_OK, EXIT_USAGE, EXIT_VIOLATION, main } from '../../deploy/chaos/check.js';
import { type Operation, makeHistory, saveHistory } from '../../deploy/chaos/history.js';

const dir = mkdtempSync(join(tmpdir(), 'baton-chaos-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const w = (id: number, key: string, value: string, t: number): Operation => ({ id, client: 1, key, kind: 'write', input: value, invokeMs: t, completeMs: t + 1, outcome: 'ok' });
const r = (id: number, key: string, value: string | null, t: number): Operation => ({ id, client: 2, key, kind: 'read', output: value, invokeMs: t, completeMs: t + 1, outcome: 'ok' });

function file(name: string, ops: Operation[]): string {
  const path = join(dir, name);
  saveHistory(path, makeHistory(ops));
  return path;
}

function run(args: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(args, (l) => out.push(l), (l) => err.push(l));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('check.ts', () => {
  const good = file('good.json', [w(0, 'a', 'x', 0), r(1, 'a', 'x', 2), w(2, 'b', 'y', 0), r(3, 'b', 'y', 2)]);
  const bad = file('bad.jsonl', [w(0, 'a', 'x', 0), r(1, 'a', 'x', 2), w(2, 'b', 'y', 0), w(3, 'b', 'z', 2), r(4, 'b', 'y', 4)]);

  it('prints ok per key and exits 0 when linearizable', () => {
    const res = run([good]);
    expect(res.code, `expected exit ${EXIT_OK}; output:\n${res.out}\n${res.err}`).toBe(EXIT_OK);
    expect(res.out, 'expected a line per key saying ok').toMatch(/^"a"\s+ok\s+2 ops/m);
    expect(res.out, 'expected key b ok').toMatch(/^"b"\s+ok/m);
    expect(res.out, 'expected the summary').toMatch(/linearizable: 2 of 2 keys ok/);
  });

  it('explains a violation and exits 1', () => {
    const res = run([bad]);
    expect(res.code, `expected exit ${EXIT_VIOLATION}; output:\n${res.out}`).toBe(EXIT_VIOLATION);
    expect(res.out, 'expected key b to be the violation').toMatch(/^"b"\s+VIOLATION/m);
    expect(res.out, 'expected the stuck read and its reason').toMatch(/#4 client 2 read → "y" \[4, 5\] ok: read "y", but the register holds "z"/);
    expect(res.out, 'expected the end of the prefix to be listed').toMatch(/#3 client 1 write "z" \[2, 3\] ok/);
    expect(res.out, 'expected the summary').toMatch(/NOT linearizable: 1 of 2 keys ok/);
  });

  it('checks only the keys asked for, and prints JSON on request', () => {
    expect(run([bad, '--key', 'a']).code, 'expected exit 0 when only the good key is checked').toBe(EXIT_OK);
    const res = run([bad, '--json']);
    const parsed = JSON.parse(res.out) as { verdict: string; keys: { key: string; verdict: string }[] };
    expect(parsed.verdict, 'expected the JSON verdict').toBe('violation');
    expect(parsed.keys.map((k) => k.verdict), 'expected per-key verdicts in JSON').toEqual(['ok', 'violation']);
  });

  it('exits 3 when the search is cut short', () => {
    const ops: Operation[] = [];
    for (let i = 0; i < 10; i++) ops.push({ id: i, client: i, key: 'k', kind: 'write', input: `w${i}`, invokeMs: 0, completeMs: 10, outcome: 'ok' });
    ops.push(r(10, 'k', 'ghost', 11));
    const res = run([file('hard.json', ops), '--max-states', '20']);
    expect(res.code, `expected exit ${EXIT_INCONCLUSIVE}; output:\n${res.out}`).toBe(EXIT_INCONCLUSIVE);
    expect(res.out, 'expected the key to be reported inconclusive').toMatch(/UNKNOWN[\s\S]*state budget of 20/);
  });

  it('exits 2 on bad usage or a bad file', () => {
    expect(run([]).code, 'expected exit 2 without a file').toBe(EXIT_USAGE);
    expect(run([good, '--max-states', 'lots']).code, 'expected exit 2 on a bad number').toBe(EXIT_USAGE);
    expect(run([join(dir, 'missing.json')]).code, 'expected exit 2 on a missing file').toBe(EXIT_USAGE);
    const malformed = join(dir, 'malformed.json');
    writeFileSync(malformed, JSON.stringify([{ id: 1, kind: 'read' }]));
    const res = run([malformed]);
    expect(res.code, 'expected exit 2 on a malformed history').toBe(EXIT_USAGE);
    expect(res.err, 'expected the problems to be named').toMatch(/invalid history: operation 1: client must be/);
  });

  it('runs as a script with npx tsx', () => {
    const res = spawnSync('npx', ['tsx', 'deploy/chaos/check.ts', bad], { encoding: 'utf8', cwd: join(import.meta.dirname, '../..') });
    expect(res.status, `expected exit 1 from the script; stderr:\n${res.stderr}`).toBe(EXIT_VIOLATION);
    expect(res.stdout, 'expected the report on stdout').toMatch(/NOT linearizable/);
  });
});
