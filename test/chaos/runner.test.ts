// The chaos runner: the leader-per-term log checker on synthetic lines, the lost-write check on a
// hand-made history, one short real round of kill-leader against 3 manager processes, and one of
// restart-worker with a worker agent (its tasks re-adopted, the service sampled throughout).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import type { Operation } from '../../deploy/chaos/history.js';
import { checkLeaderClaims, parseLeaderClaims } from '../../deploy/chaos/leaders.js';
import {
  type RoundReport,
  type RunReport,
  type ServiceReport,
  WORKERS_SKIP_REASON,
  checkFinalState,
  median,
  runChaos,
  scenarioSummaries,
  serviceLine,
  summaryTable,
  writeUnavailability,
} from '../../deploy/chaos/runner.js';

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

describe('worker figures in the summary', () => {
  const svc = (extra: Partial<ServiceReport> = {}): ServiceReport => ({
    workers: 2,
    replicas: 4,
    healed: true,
    reconvergeMs: 0,
    movedMs: null,
    converged: true,
    check: { samples: 40, failedSamples: 0, violations: [], unconfirmed: [], minRunning: 4, belowMs: 0, timeline: [[0, 4]], nodeChanges: [], short: [], replaced: [] },
    strays: 0,
    problems: [],
    ...extra,
  });
  const round = (scenario: string, service: ServiceReport | null, extra: Partial<RoundReport> = {}) =>
    ({
      scenario,
      round: 1,
      fault: 'f',
      injectedMs: 1,
      healedMs: 2,
      newLeaderMs: null,
      reconvergeMs: 10,
      writeUnavailableMs: 100,
      ops: { total: 1, ok: 1, fail: 0, unknown: 0 },
      linearizability: { verdict: 'ok', elapsedMs: 1, problems: [] },
      noLostWrites: { ok: true, finalValues: {}, problems: [] },
      leaderPerTerm: { ok: true, terms: 1, claims: 1, conflicts: [] },
      converged: true,
      violation: false,
      failed: false,
      inconclusive: false,
      service,
      ...extra,
    }) as RoundReport;

  it('shows the service columns, the moved figure, duplicate slots and re-adoption', () => {
    const dup = 'slot 2 ran twice: tasks a on w0 and b on w1 (at 500 ms)';
    const report = {
      mode: 'm',
      network: null,
      startedAt: '',
      options: { managers: 3, workers: 2, scenarios: [], rounds: 1, seed: 1, durationMs: 1, clients: 1, keys: 1 },
      rounds: [
        round('kill-worker', svc({ movedMs: 3100, check: { samples: 40, failedSamples: 0, violations: [], unconfirmed: [], minRunning: 2, belowMs: 300, timeline: [], nodeChanges: [], short: [], replaced: [] } })),
        round('restart-worker', svc({ readoption: { node: 'w1', before: ['a'], after: ['a'], kept: 1, samePid: 1, ok: true, text: 're-adopted 1 of 1 on w1', checked: true, note: '' } })),
        round('kill-leader', svc({ check: { samples: 40, failedSamples: 0, violations: [dup], unconfirmed: [], minRunning: 4, belowMs: 0, timeline: [], nodeChanges: [], short: [], replaced: [] } }), { violation: true }),
      ],
      skipped: [],
      violation: true,
      failed: false,
      inconclusive: false,
    } as RunReport;
    const text = summaryTable(report).join('\n');
    expect(text).toMatch(/svc reconv +svc min +replaced +slots +result/);
    expect(text).toMatch(/kill-worker .* 0 +2\/4 +0 +ok +ok/);
    expect(text).toMatch(/kill-leader .* 0 +4\/4 +0 +TWICE +VIOLATION/);
    expect(text).toContain(`  VIOLATION: ${dup}`);
    expect(text).toContain("the lost worker's tasks replaced and running 3100 ms after the fault");
    expect(text).toContain('re-adopted 1 of 1 on w1');
    expect(text).toMatch(/tasks moved med\/max/);
    expect(text).toMatch(/kill-worker +1 +1 +0 +0 .* 0 \/ 0 +3100 \/ 3100/);
    expect(serviceLine(svc({ reconvergeMs: null, converged: false }))).toMatch(/^NOT back to 4 running tasks within 30000 ms/);
    expect(serviceLine(svc({ healed: false, reconvergeMs: null, converged: false }))).toMatch(/^no heal \(the round ended early\)/);
  });

  it('leaves the service columns out without workers', () => {
    const report = { mode: 'm', rounds: [round('kill-leader', null)], skipped: [{ scenario: 'kill-worker', reason: WORKERS_SKIP_REASON }] } as unknown as RunReport;
    const text = summaryTable(report).join('\n');
    expect(text).not.toMatch(/svc/);
    expect(text).toContain('kill-worker: skipped: needs worker agents (--workers 1 or more)');
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

  it('one short restart-worker round with 1 worker: the tasks are re-adopted, no slot runs twice, the service stays', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'baton-chaos-test-'));
    try {
      const lines: string[] = [];
      const report = await runChaos({ managers: 3, workers: 1, scenarios: ['restart-worker'], rounds: 1, seed: 3, durationMs: 3_000, report: path.join(dir, 'report.json'), clients: 2, keys: 2, log: (l) => lines.push(l) });
      const r = report.rounds[0]!;
      expect(r.error, lines.join('\n')).toBeUndefined();
      expect(r.violation, lines.join('\n')).toBe(false);
      expect(r.failed, lines.join('\n')).toBe(false);
      const s = r.service!;
      expect(s.replicas).toBe(2);
      expect(s.converged).toBe(true);
      expect(s.check.violations).toEqual([]);
      expect(s.check.samples).toBeGreaterThan(5);
      if (s.readoption?.checked === false) {
        // The agent took longer than the heartbeat grace (3 s) to come back (a loaded machine): its
        // node was marked down and its tasks rightly replaced; the runner says so instead of checking.
        expect(s.readoption.note).toMatch(/marked down/);
        console.log(`restart-worker round: re-adoption not checked: ${s.readoption.note}`);
      } else {
        expect(s.readoption, lines.join('\n')).toMatchObject({ node: 'w0', kept: 2, samePid: 2, ok: true, checked: true, text: 're-adopted 2 of 2 on w0' });
      }
      expect(s.strays).toBe(0);
      expect(lines.join('\n')).toMatch(/service: 2 running \d+ ms after the heal/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 45_000);
});
