// The chaos runner: the leader-per-term log checker on synthetic lines, the lost-write check on a
// hand-made history, and one short real round of kill-leader against 3 manager processes.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import type { Operation } from '../../deploy/chaos/history.js';
import { checkLeaderClaims, parseLeaderClaims } from '../../deploy/chaos/leaders.js';
import { type RoundReport, type RunReport, checkFinalState, median, runChaos, scenarioSummaries, writeUnavailability } from '../../deploy/chaos/runner.js';

const raft = (node: number, msg: string) => JSON.stringify({ level: 30, time: 1, node, component: 'raft', msg });
const replica = (node: number, leader: number, term: number) => JSON.stringify({ level: 30, time: 1, node, component: 'replica', leader, term, role: 'follower', msg: 'leader changed' });

describe('leader per term (log lines)', () => {
  it('accepts one leader per term, whatever else is logged', () => {
    const m1 = [raft(1, '1 became leader at term 2'), replica(1, 1, 2), 'not json', raft(1, '1 transfers leadership to 2 at term 2')].join('\n');
    const m2 = [replica(2, 1, 2), raft(2, '2 became leader at term 3'), replica(2, 2, 3), JSON.stringify({ msg: 'no leader', leader: 0, term: 4 })].join('\n');
    const claims = [...parseLeaderClaims(m1, 'm1.log'), ...parseLeaderClaims(m2, 'm2.log')];
    expect(claims.filter((c) => c.source === 'raft').map((c) => [c.leader, c.term])).toEqual([
      [1, 2],
      [2, 3],
    ]);
    const r = checkLeaderClaims(claims);
    expect(r.ok).toBe(true);
    expect(r.terms).toBe(2);
    expect(r.claims).toBe(5);
  });

  it('flags a term with two leaders', () => {
    const m1 = raft(1, '1 became leader at term 5');
    const m2 = [raft(2, '2 became leader at term 4'), raft(2, '2 became leader at term 5')].join('\n');
    const r = checkLeaderClaims([...parseLeaderClaims(m1, 'm1.log'), ...parseLeaderClaims(m2, 'm2.log')]);
    expect(r.ok).toBe(false);
    expect(r.conflicts).toHaveLength(1);
    expect(r.conflicts[0]!.term).toBe(5);
    expect(r.conflicts[0]!.leaders).toEqual([1, 2]);
    expect(r.conflicts[0]!.claims.map((c) => c.where)).toEqual(['m1.log:1', 'm2.log:2']);
  });

  it('flags two leaders seen by replicas in one term', () => {
    const r = checkLeaderClaims(parseLeaderClaims([replica(1, 1, 7), replica(3, 2, 7)].join('\n')));
    expect(r.ok).toBe(false);
    expect(r.conflicts[0]!.leaders).toEqual([1, 2]);
  });
});

describe('final state and write gap', () => {
  const w = (id: number, value: string, t: [number, number], outcome: Operation['outcome'] = 'ok'): Operation => ({ id, client: 1, key: 'k', kind: 'write', input: value, invokeMs: t[0], completeMs: t[1], outcome });
  const ops = [w(0, 'a', [0, 10]), w(1, 'b', [20, 30]), w(2, 'c', [40, 50], 'unknown')];

  it('accepts a final value that was written and a version in range', () => {
    expect(checkFinalState(ops, new Map([['k', { value: 'c', version: 3 }]])).ok).toBe(true);
    expect(checkFinalState(ops, new Map([['k', { value: 'b', version: 2 }]])).ok).toBe(true);
  });

  it('flags a lost acknowledged write', () => {
    const r = checkFinalState(ops, new Map([['k', { value: 'a', version: 1 }]]));
    expect(r.ok).toBe(false);
    expect(r.problems.join('\n')).toMatch(/lost/);
    expect(checkFinalState(ops, new Map([['k', { value: null, version: 0 }]])).ok).toBe(false);
    expect(checkFinalState(ops, new Map([['k', { value: 'zzz', version: 2 }]])).ok).toBe(false);
  });

  it('measures the longest gap without a successful write', () => {
    expect(writeUnavailability(ops, 100)).toBe(70);
    expect(writeUnavailability([], 100)).toBe(100);
  });
});

describe('per-scenario summary', () => {
  const round = (scenario: string, gap: number, newLeader: number | null, extra: Partial<RoundReport> = {}) =>
    ({ scenario, writeUnavailableMs: gap, newLeaderMs: newLeader, reconvergeMs: 100, violation: false, failed: false, inconclusive: false, ...extra }) as RoundReport;

  it('takes medians (the mean of the middle two for an even count)', () => {
    expect(median([])).toBeNull();
    expect(median([5])).toBe(5);
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(3); // (2 + 3) / 2 rounded
  });

  it('groups rounds by scenario, counts outcomes, and leaves errored rounds out of the write gap', () => {
    const s = scenarioSummaries({
      rounds: [round('kill-leader', 700, 600), round('kill-leader', 900, 800, { violation: true }), round('kill-leader', 800, 700), round('transfer', 60, 40), round('transfer', 0, null, { failed: true, error: 'boom' })],
    });
    expect(s.map((x) => x.scenario)).toEqual(['kill-leader', 'transfer']);
    expect(s[0]).toMatchObject({ rounds: 3, ok: 2, violations: 1, failed: 0, writeGap: { median: 800, max: 900 }, newLeader: { median: 700, max: 800 } });
    expect(s[1]).toMatchObject({ rounds: 2, ok: 1, failed: 1, writeGap: { median: 60, max: 60 }, newLeader: { median: 40, max: 40 } });
  });
});

describe('chaos runner (real processes)', () => {
  it('one short kill-leader round with 3 managers finds no violation', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'baton-chaos-test-'));
    try {
      const reportPath = path.join(dir, 'report.json');
      const lines: string[] = [];
      const report = await runChaos({ managers: 3, scenarios: ['kill-leader'], rounds: 1, seed: 7, durationMs: 4_000, report: reportPath, clients: 4, keys: 3, log: (l) => lines.push(l) });
      const saved = JSON.parse(readFileSync(reportPath, 'utf8')) as RunReport;
      expect(saved.rounds).toHaveLength(1);
      const r = report.rounds[0]!;
      expect(r.error, lines.join('\n')).toBeUndefined();
      expect(r.violation).toBe(false);
      expect(r.failed).toBe(false);
      expect(r.converged).toBe(true);
      expect(r.linearizability.verdict).toBe('ok');
      expect(r.noLostWrites.ok).toBe(true);
      expect(r.leaderPerTerm.ok).toBe(true);
      expect(r.leaderPerTerm.terms).toBeGreaterThanOrEqual(2);
      expect(r.newLeaderMs).not.toBeNull();
      expect(r.ops.ok).toBeGreaterThan(50);
      expect(report.violation).toBe(false);
      expect(r.kept).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 45_000);
});
