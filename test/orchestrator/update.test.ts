// The rollout state machine (update.ts) driven through the replicated and global reconcile steps
// on the simulated cluster: stop-first and start-first, delay, monitor window, failure ratio, the
// three failure actions, pause and resume, automatic and manual rollback, readiness, a leader
// change mid-update, canaries and rebalancing. Deterministic: time only moves when the test says.
import { describe, expect, it } from 'vitest';
import { rollbackTarget, rolledBack, SPEC_HISTORY_LIMIT, updateStatus, withNewSpec } from '../../src/orchestrator/revisions.js';
import { crowded } from '../../src/orchestrator/replicated.js';
import { isAvailable, stepRollout } from '../../src/orchestrator/update.js';
import type { Service, Task } from '../../src/store/types.js';
import { node, type ServiceOpts, service, SimCluster, task } from './builders.js';

const NODES = () => new Map(['n1', 'n2', 'n3'].map((id) => [id, node(id)]));

function cluster(o: ServiceOpts, replicas = 6): SimCluster {
  const c = new SimCluster(service({ replicas, restart: { delayMs: 0 }, ...o }), NODES());
  c.settle();
  expect(c.desiredRunning().length, `expected ${replicas} tasks running before the update`).toBe(replicas);
  return c;
}

/** Slots whose current task is available (replicated). */
function availableSlots(c: SimCluster): number {
  const slots = new Set<number>();
  for (const t of c.tasks) if (t.desiredState === 'TASK_RUNNING' && isAvailable(t)) slots.add(t.slot);
  return slots.size;
}

function state(c: SimCluster): string {
  return c.service.updateStatus?.state ?? 'none';
}

interface RunOpts {
  /** Called after the scheduler and agents ran (e.g. to make a broken version fail). */
  agents?: (c: SimCluster) => void;
  stepMs?: number;
  maxRounds?: number;
  until: (c: SimCluster) => boolean;
}

/** Reconcile + scheduler + agents + time, until `until` (bounded); returns the samples of unavailability. */
function run(c: SimCluster, o: RunOpts): { unavailable: number[]; desiredRunning: number[]; rounds: number } {
  const replicas = c.service.spec!.replicated?.replicas ?? 0;
  const unavailable: number[] = [];
  const desiredRunning: number[] = [];
  const max = o.maxRounds ?? 400;
  for (let i = 1; i <= max; i++) {
    c.reconcile();
    c.schedulerAndAgents();
    o.agents?.(c);
    unavailable.push(replicas - availableSlots(c));
    desiredRunning.push(c.tasks.filter((t) => t.desiredState === 'TASK_RUNNING').length);
    if (o.until(c)) return { unavailable, desiredRunning, rounds: i };
    c.nowMs += o.stepMs ?? 100;
  }
  throw new Error(`expected the rollout to reach the awaited state within ${max} rounds; state ${state(c)}: ${c.service.updateStatus?.message}`);
}

/** A broken version: its tasks fail right after they start. */
const breakVersion = (v: number) => (c: SimCluster) => {
  for (const t of c.tasks) if (t.specVersion === v && t.status!.state === 'TASK_RUNNING' && t.desiredState === 'TASK_RUNNING') c.setStatus(t.id, 'TASK_FAILED', 'exit code 1');
};

const newArgs = (c: SimCluster, arg: string) => c.updateSpec((s) => (s.task!.process!.args = [arg]));

describe('rolling update, stop-first', () => {
  it('replaces 6 tasks 2 at a time, never more than 2 unavailable, and records progress and completion', () => {
    const c = cluster({ parallelism: 2 });
    newArgs(c, 'v2');
    const first = c.reconcile();
    expect(first.update.map((t) => [t.slot, t.desiredState, t.shutdownReason]), 'expected slots 1 and 2 stopped first').toEqual([
      [1, 'TASK_SHUTDOWN', 'updated to spec version 2'],
      [2, 'TASK_SHUTDOWN', 'updated to spec version 2'],
    ]);
    expect(c.service.updateStatus, 'expected the update status on the service').toMatchObject({ state: 'UPDATE_UPDATING', specVersion: 2, fromSpecVersion: 1, total: 6, updated: 0, batches: 1 });
    const r = run(c, { until: (x) => state(x) === 'UPDATE_COMPLETED' });
    expect(Math.max(...r.unavailable), `expected at most 2 unavailable at any sample, got ${r.unavailable.join(',')}`).toBeLessThanOrEqual(2);
    expect(c.desiredRunning().map((t) => [t.slot, t.specVersion, t.status!.state]), 'expected all 6 slots on version 2').toEqual(
      [1, 2, 3, 4, 5, 6].map((s) => [s, 2, 'TASK_RUNNING']),
    );
    expect(c.service.updateStatus, 'expected completed with full progress').toMatchObject({ state: 'UPDATE_COMPLETED', updated: 6, total: 6, failures: 0, batches: 3, message: 'updated to spec version 2' });
    // A fixpoint: nothing more to do, and no more writes of the service.
    const again = c.reconcile();
    expect([again.create.length, again.update.length, again.remove.length, again.service ?? null], 'expected nothing to do after completion').toEqual([0, 0, 0, null]);
  });

  it('waits the delay between batches (and asks to be woken up then)', () => {
    const c = cluster({ parallelism: 2, update: { delayMs: 1_000 } }, 4);
    newArgs(c, 'v2');
    c.reconcile();
    c.schedulerAndAgents(); // old tasks stopped
    c.reconcile(); // new tasks created
    c.schedulerAndAgents(); // new tasks running
    const ready = c.reconcile(); // the batch is ready: delay starts
    const readyAt = c.service.updateStatus!.batchReadyMs;
    expect(readyAt, 'expected the batch ready time recorded').toBe(c.nowMs);
    expect(ready.wakeAtMs, 'expected a wake-up at the end of the delay').toBe(readyAt + 1_000);
    c.nowMs += 999;
    expect(c.reconcile().update, 'expected no new batch before the delay ended').toEqual([]);
    c.nowMs += 1;
    expect(c.reconcile().update.map((t) => t.slot), 'expected slots 3 and 4 stopped once the delay ended').toEqual([3, 4]);
  });

  it('parallelism 0 replaces every task at once', () => {
    const c = cluster({ parallelism: 0 }, 4);
    newArgs(c, 'v2');
    expect(c.reconcile().update.length, 'expected all 4 stopped at once').toBe(4);
  });
});

describe('rolling update, start-first', () => {
  it('starts the new task next to the old one and stops the old one once the new one is available: never fewer than 6 available', () => {
    const c = cluster({ parallelism: 2, update: { order: 'UPDATE_START_FIRST' } });
    newArgs(c, 'v2');
    const first = c.reconcile();
    expect(first.create.map((t) => [t.slot, t.specVersion]), 'expected new tasks in slots 1 and 2 next to the old ones').toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(first.update, 'expected no old task stopped yet').toEqual([]);
    const r = run(c, { until: (x) => state(x) === 'UPDATE_COMPLETED' });
    expect(Math.max(...r.unavailable), `expected nothing unavailable with start-first, got ${r.unavailable.join(',')}`).toBe(0);
    expect(Math.max(...r.desiredRunning), 'expected at most 6 + parallelism tasks meant to run at once').toBeLessThanOrEqual(8);
    expect(c.desiredRunning().map((t) => t.specVersion), 'expected 6 tasks of version 2').toEqual([2, 2, 2, 2, 2, 2]);
    const old = c.tasks.filter((t) => t.specVersion === 1);
    expect(new Set(old.map((t) => t.shutdownReason)), 'expected every old task stopped as "updated"').toEqual(new Set(['updated to spec version 2']));
  });

  it('keeps the old task while the new one is not ready (readiness probe): not ready is never available', () => {
    const c = cluster({ parallelism: 1, update: { order: 'UPDATE_START_FIRST' } }, 2);
    c.updateSpec((s) => {
      s.task!.process!.args = ['v2'];
      s.task!.readiness = { check: 'exec', exec: { command: ['true'] }, initialDelayMs: 0, periodMs: 1_000, timeoutMs: 500, failureThreshold: 3, successThreshold: 1 };
    });
    c.reconcile();
    c.schedulerAndAgents();
    const fresh = c.tasks.find((t) => t.specVersion === 2)!;
    expect(fresh.status!.state, 'expected the new task running').toBe('TASK_RUNNING');
    expect(isAvailable(fresh), 'expected a running task that is not ready not to be available').toBe(false);
    expect(c.reconcile().update, 'expected the old task kept while the new one is not ready').toEqual([]);
    c.setReady(fresh.id, true);
    expect(c.reconcile().update.map((t) => [t.slot, t.specVersion, t.shutdownReason]), 'expected the old task of slot 1 stopped once the new one is ready').toEqual([
      [1, 1, 'updated to spec version 2'],
    ]);
  });

  it('a task that stays not ready past its grace counts as a failure', () => {
    const c = cluster({ parallelism: 1, update: { order: 'UPDATE_START_FIRST' } }, 2);
    c.updateSpec((s) => {
      s.task!.process!.args = ['v2'];
      s.task!.readiness = { check: 'exec', exec: { command: ['false'] }, initialDelayMs: 0, periodMs: 1_000, timeoutMs: 500, failureThreshold: 3, successThreshold: 1 };
    });
    c.reconcile();
    c.schedulerAndAgents();
    const a = c.reconcile();
    expect(a.wakeAtMs, 'expected a wake-up when the readiness grace ends (4 periods)').toBe(c.nowMs + 4_000);
    c.nowMs += 4_000;
    c.reconcile();
    expect(c.service.updateStatus, 'expected the update paused on the not-ready task').toMatchObject({ state: 'UPDATE_PAUSED', failures: 1 });
    expect(c.service.updateStatus!.message, 'expected the reason to say the task did not become ready').toMatch(/did not become ready/);
    expect(c.desiredRunning().filter((t) => t.specVersion === 1).length, 'expected both old tasks still running').toBe(2);
  });
});

describe('failures and failure actions', () => {
  it('pause: stops at the first failure with the reason, starts no new batch, and resumes when asked', () => {
    const c = cluster({ parallelism: 2, update: { failureAction: 'UPDATE_PAUSE' } });
    newArgs(c, 'v2');
    run(c, { agents: breakVersion(2), until: (x) => state(x) === 'UPDATE_PAUSED' });
    const st = c.service.updateStatus!;
    expect(st.message, 'expected the pause reason to name the failed task').toMatch(/^update paused: task \S+ \(slot [12]\) failed: exit code 1 \([12] failures? of 6 tasks, max_failure_ratio 0\)$/);
    for (let i = 0; i < 20; i++) {
      c.nowMs += 100;
      c.reconcile();
      c.schedulerAndAgents();
      breakVersion(2)(c);
    }
    const old = c.desiredRunning().filter((t) => t.specVersion === 1);
    expect(old.map((t) => t.slot), 'expected slots 3..6 untouched while paused').toEqual([3, 4, 5, 6]);
    expect(state(c), 'expected still paused').toBe('UPDATE_PAUSED');
    // Resume (what ResumeServiceUpdate writes), with a version that works this time.
    newArgs(c, 'v3');
    run(c, { until: (x) => state(x) === 'UPDATE_COMPLETED' });
    expect(c.desiredRunning().map((t) => t.specVersion), 'expected all on version 3 after the new update').toEqual([3, 3, 3, 3, 3, 3]);
  });

  it('resume of a paused update goes on with the next batches', () => {
    const c = cluster({ parallelism: 1, update: { failureAction: 'UPDATE_PAUSE' } }, 3);
    newArgs(c, 'v2');
    let failedOnce = false;
    run(c, {
      agents: (x) => {
        if (failedOnce) return;
        const t = x.tasks.find((y) => y.specVersion === 2 && y.status!.state === 'TASK_RUNNING');
        if (t) {
          x.setStatus(t.id, 'TASK_FAILED', 'exit code 1');
          failedOnce = true;
        }
      },
      until: (x) => state(x) === 'UPDATE_PAUSED',
    });
    c.service = { ...c.service, updateStatus: { ...c.service.updateStatus!, state: 'UPDATE_UPDATING', failures: 0 } };
    run(c, { until: (x) => state(x) === 'UPDATE_COMPLETED' });
    expect(c.service.updateStatus!.failedTaskIds.length, 'expected the failed task still remembered (never counted twice)').toBe(1);
    expect(c.desiredRunning().map((t) => t.specVersion), 'expected all on version 2 after resuming').toEqual([2, 2, 2]);
  });

  it('continue: counts the failures and finishes the update anyway', () => {
    const c = cluster({ parallelism: 3, update: { failureAction: 'UPDATE_CONTINUE' } });
    newArgs(c, 'v2');
    let fails = 2;
    run(c, {
      agents: (x) => {
        for (const t of x.tasks) if (fails > 0 && t.specVersion === 2 && t.status!.state === 'TASK_RUNNING') (x.setStatus(t.id, 'TASK_FAILED', 'exit code 1'), fails--);
      },
      until: (x) => state(x) === 'UPDATE_COMPLETED',
    });
    expect(c.service.updateStatus, 'expected completed with 2 failures counted').toMatchObject({ state: 'UPDATE_COMPLETED', failures: 2, updated: 6 });
  });

  it('max_failure_ratio: failures up to the ratio are tolerated, one more triggers the action', () => {
    const c = cluster({ parallelism: 6, update: { failureAction: 'UPDATE_PAUSE', maxFailureRatio: 0.5 } });
    newArgs(c, 'v2');
    let fails = 3;
    const failSome = (x: SimCluster) => {
      for (const t of x.tasks) if (fails > 0 && t.specVersion === 2 && t.status!.state === 'TASK_RUNNING') (x.setStatus(t.id, 'TASK_FAILED', 'exit code 1'), fails--);
    };
    run(c, { agents: failSome, until: (x) => state(x) === 'UPDATE_COMPLETED' });
    expect(c.service.updateStatus, 'expected 3 failures of 6 (ratio 0.5) tolerated').toMatchObject({ state: 'UPDATE_COMPLETED', failures: 3 });
    newArgs(c, 'v3');
    fails = 4;
    const failSome3 = (x: SimCluster) => {
      for (const t of x.tasks) if (fails > 0 && t.specVersion === 3 && t.status!.state === 'TASK_RUNNING') (x.setStatus(t.id, 'TASK_FAILED', 'exit code 1'), fails--);
    };
    run(c, { agents: failSome3, until: (x) => state(x) === 'UPDATE_PAUSED' });
    expect(c.service.updateStatus!.failures, 'expected the 4th failure (ratio 0.67 > 0.5) to pause').toBe(4);
  });

  it('monitor window: a failure after the batch became available still counts; completion waits for the window', () => {
    const c = cluster({ parallelism: 2, update: { monitorMs: 5_000, failureAction: 'UPDATE_PAUSE' } }, 2);
    newArgs(c, 'v2');
    run(c, { until: (x) => x.service.updateStatus!.batchReadyMs > 0 });
    const readyAt = c.service.updateStatus!.batchReadyMs;
    expect(state(c), 'expected still updating during the monitor window').toBe('UPDATE_UPDATING');
    expect(c.reconcile().wakeAtMs, 'expected a wake-up at the end of the monitor window').toBe(readyAt + 5_000);
    c.nowMs = readyAt + 4_000;
    c.setStatus(c.desiredRunning()[0]!.id, 'TASK_FAILED', 'exit code 2');
    c.reconcile();
    expect(c.service.updateStatus, 'expected the failure within the window to pause the update').toMatchObject({ state: 'UPDATE_PAUSED', failures: 1 });
  });

  it('rollback: a broken version goes back to the old spec with the rollback config, keeping the old tasks that were never touched', () => {
    const c = cluster({ parallelism: 2, update: { failureAction: 'UPDATE_ROLLBACK' } });
    const untouched = c.desiredRunning().filter((t) => t.slot >= 3).map((t) => t.id);
    newArgs(c, 'broken');
    run(c, { agents: breakVersion(2), until: (x) => state(x) === 'UPDATE_ROLLING_BACK' });
    expect(c.service.specVersion, 'expected the service back on spec version 1').toBe(1);
    expect(c.service.spec!.task!.process!.args, 'expected the old spec restored').toEqual(['1000']);
    expect(c.service.updateStatus!.message, 'expected the rollback reason to name the failed task').toMatch(/^rolling back to revision 1 \(spec version 1\): task \S+ \(slot [12]\) failed: exit code 1/);
    run(c, { agents: breakVersion(2), until: (x) => state(x) === 'UPDATE_ROLLED_BACK' });
    expect(c.desiredRunning().map((t) => [t.slot, t.specVersion, t.status!.state]), 'expected every slot running version 1').toEqual([1, 2, 3, 4, 5, 6].map((s) => [s, 1, 'TASK_RUNNING']));
    expect(c.desiredRunning().filter((t) => t.slot >= 3).map((t) => t.id), 'expected the untouched old tasks kept').toEqual(untouched);
    expect(c.service.history.map((h) => [h.revision, h.specVersion]), 'expected the broken spec kept in the history as revision 2').toEqual([[2, 2]]);
    expect(c.service.revision, 'expected the restored spec to be revision 3').toBe(3);
    // The broken tasks stopped because they failed, or (those still up when it rolled back) as "rolled back".
    const reasons = new Set(c.tasks.filter((t) => t.specVersion === 2 && t.desiredState !== 'TASK_RUNNING').map((t) => t.shutdownReason));
    for (const r of reasons) expect(['task failed: exit code 1', 'rolled back to spec version 1'], 'expected each broken task stopped as failed or rolled back').toContain(r);
  });

  it('a failing rollback pauses (ROLLBACK_PAUSED) instead of rolling back again', () => {
    const c = cluster({ parallelism: 1, update: { failureAction: 'UPDATE_ROLLBACK' } }, 2);
    newArgs(c, 'v2');
    run(c, { until: (x) => state(x) === 'UPDATE_COMPLETED' });
    newArgs(c, 'v3');
    // Both versions fail now: the rollback to version 2 fails too.
    const failAll = (x: SimCluster) => {
      breakVersion(2)(x);
      breakVersion(3)(x);
    };
    run(c, { agents: failAll, until: (x) => state(x) === 'UPDATE_ROLLBACK_PAUSED' });
    expect(c.service.specVersion, 'expected the service on the rolled-back version 2').toBe(2);
    expect(c.service.updateStatus!.message, 'expected the reason').toMatch(/^rollback paused: task \S+ \(slot \d\) failed/);
  });

  it('with no earlier spec, the rollback action pauses and says why', () => {
    const svc = service({ replicas: 1, update: { failureAction: 'UPDATE_ROLLBACK' } });
    const started = { ...svc, specVersion: 2, lastSpecVersion: 2, updateStatus: updateStatus({ state: 'UPDATE_UPDATING', specVersion: 2, startedMs: 0, total: 1 }) };
    const failed = task({ id: 'f1', slot: 1, specVersion: 2, state: 'TASK_FAILED', createdAtMs: 10 });
    const d = stepRollout({ service: started, units: [{ current: failed, predecessor: undefined, empty: null }], tasks: [failed], nowMs: 100 });
    expect(d.service?.updateStatus?.state, 'expected paused').toBe('UPDATE_PAUSED');
    expect(d.service?.updateStatus?.message, 'expected the reason to say there is nothing to roll back to').toMatch(/cannot roll back: service web has no previous spec to roll back to/);
  });
});

describe('leader change', () => {
  it('a new leader resumes from the stored status and tasks and finishes the update', () => {
    const c = cluster({ parallelism: 2, update: { delayMs: 500, monitorMs: 200 } });
    newArgs(c, 'v2');
    run(c, { until: (x) => (x.service.updateStatus?.batches ?? 0) === 2 });
    const before = structuredClone(c.service.updateStatus!);
    c.leaderChange();
    expect(c.service.updateStatus, 'expected the status to survive the store encoding').toEqual(before);
    const r = run(c, { until: (x) => state(x) === 'UPDATE_COMPLETED' });
    expect(Math.max(...r.unavailable), 'expected at most 2 unavailable after the leader change').toBeLessThanOrEqual(2);
    expect(c.service.updateStatus!.batches, 'expected exactly 3 batches in all (no batch repeated or skipped)').toBe(3);
  });
});

describe('global services', () => {
  it('updates node by node (stop-first) and start-first on the same node', () => {
    for (const order of ['UPDATE_STOP_FIRST', 'UPDATE_START_FIRST'] as const) {
      const c = new SimCluster(service({ global: true, restart: { delayMs: 0 }, update: { order, parallelism: 1 } }), NODES());
      c.settle();
      newArgs(c, 'v2');
      const first = c.reconcile();
      if (order === 'UPDATE_START_FIRST') expect(first.create.map((t) => [t.nodeId, t.specVersion]), 'expected a new task on n1 next to the old one').toEqual([['n1', 2]]);
      else expect(first.update.map((t) => t.nodeId), 'expected the old task on n1 stopped first').toEqual(['n1']);
      run(c, { until: (x) => state(x) === 'UPDATE_COMPLETED' });
      expect(c.desiredRunning().map((t) => [t.nodeId, t.specVersion]), `expected every node on version 2 (${order})`).toEqual([
        ['n1', 2],
        ['n2', 2],
        ['n3', 2],
      ]);
    }
  });
});

describe('canary', () => {
  it('starts N canaries next to the old tasks and waits for promotion, then updates the rest', () => {
    const c = cluster({ parallelism: 2, update: { canary: 1 } }, 4);
    newArgs(c, 'v2');
    run(c, { until: (x) => state(x) === 'UPDATE_CANARY' });
    expect(c.desiredRunning().map((t) => [t.slot, t.specVersion]), 'expected 1 canary of version 2 next to the 4 old tasks').toEqual([
      [1, 1],
      [1, 2],
      [2, 1],
      [3, 1],
      [4, 1],
    ]);
    expect(c.service.updateStatus!.message, 'expected the status to say how to promote').toMatch(/waiting for `baton service promote web`/);
    for (let i = 0; i < 10; i++) {
      c.nowMs += 1_000;
      c.reconcile();
      c.schedulerAndAgents();
    }
    expect(state(c), 'expected to keep waiting without a promotion').toBe('UPDATE_CANARY');
    c.service = { ...c.service, updateStatus: { ...c.service.updateStatus!, state: 'UPDATE_UPDATING', promoted: true } };
    run(c, { until: (x) => state(x) === 'UPDATE_COMPLETED' });
    expect(c.desiredRunning().map((t) => [t.slot, t.specVersion]), 'expected all 4 slots on version 2 after promotion').toEqual([
      [1, 2],
      [2, 2],
      [3, 2],
      [4, 2],
    ]);
  });

  it('auto_promote promotes once the canaries stayed available through the monitor window', () => {
    const c = cluster({ parallelism: 2, update: { canary: 2, autoPromote: true, monitorMs: 1_000 } }, 4);
    newArgs(c, 'v2');
    run(c, { until: (x) => x.service.updateStatus?.promoted === true });
    expect(c.nowMs - c.service.updateStatus!.batchReadyMs, 'expected the promotion after the monitor window').toBeGreaterThanOrEqual(1_000);
    run(c, { until: (x) => state(x) === 'UPDATE_COMPLETED' });
    expect(c.desiredRunning().map((t) => t.specVersion), 'expected all on version 2').toEqual([2, 2, 2, 2]);
  });

  it('a failing canary triggers the failure action (rollback) and the old tasks never stopped', () => {
    const c = cluster({ parallelism: 2, update: { canary: 1, failureAction: 'UPDATE_ROLLBACK' } }, 3);
    const old = c.desiredRunning().map((t) => t.id);
    newArgs(c, 'broken');
    run(c, { agents: breakVersion(2), until: (x) => state(x) === 'UPDATE_ROLLED_BACK' });
    expect(c.desiredRunning().map((t) => t.id), 'expected the same old tasks running').toEqual(old);
  });
});

describe('spec history and manual rollback', () => {
  it('keeps at most 10 revisions, oldest dropped, and rolls back to one by number', () => {
    let s: Service = service({ replicas: 1 });
    for (let i = 2; i <= 15; i++) s = withNewSpec(s, { ...structuredClone(s.spec!), task: { ...s.spec!.task!, process: { ...s.spec!.task!.process!, args: [`v${i}`] } } }, false, i);
    expect(s.revision, 'expected revision 15').toBe(15);
    expect(s.history.map((h) => h.revision), `expected the last ${SPEC_HISTORY_LIMIT} revisions kept`).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    const gone = rollbackTarget(s, 3);
    expect(gone, 'expected revision 3 to be gone, with a clear message').toEqual({
      ok: false,
      code: 'NOT_FOUND',
      message: 'to_revision: revision 3 of service web does not exist (the history holds revisions 5, 6, 7, 8, 9, 10, 11, 12, 13, 14; the current revision is 15)',
    });
    const t = rollbackTarget(s, 7);
    expect(t.ok, 'expected revision 7 found').toBe(true);
    const back = rolledBack(s, (t as { ok: true; revision: NonNullable<Service['history']>[number] }).revision, 100, 'asked');
    expect(back.spec!.task!.process!.args, 'expected the spec of revision 7').toEqual(['v7']);
    expect(back.specVersion, 'expected the spec version of revision 7 (its tasks are kept)').toBe(7);
    expect(back.revision, 'expected a new revision number').toBe(16);
    expect(back.history.map((h) => h.revision), 'expected 7 out of the history and 15 in').toEqual([5, 6, 8, 9, 10, 11, 12, 13, 14, 15]);
    expect(back.updateStatus?.state, 'expected rolling back').toBe('UPDATE_ROLLING_BACK');
    const next = withNewSpec(back, { ...structuredClone(back.spec!), task: { ...back.spec!.task!, process: { ...back.spec!.task!.process!, args: ['new'] } } }, false, 200);
    expect(next.specVersion, 'expected a never-used spec version for the next template').toBe(16);
    expect(rollbackTarget(service({ replicas: 1 }), 0), 'expected no previous spec on a new service').toMatchObject({ ok: false, code: 'FAILED_PRECONDITION' });
    expect(rollbackTarget(s, 15), 'expected the current revision refused').toMatchObject({ ok: false, code: 'FAILED_PRECONDITION' });
  });
});

describe('rebalance', () => {
  it('picks the tasks to move from the crowded node: 6/0/0 -> 2 stay, 4 move', () => {
    const tasks: Task[] = [1, 2, 3, 4, 5, 6].map((s) => task({ id: `a${s}`, slot: s, nodeId: 'n1' }));
    const svc = service({ replicas: 6 });
    const moved = crowded(tasks.map((t) => ({ current: t, predecessor: undefined, empty: null })), NODES(), { service: svc, nodes: NODES(), nowMs: 0, newId: () => 'x', placement: { constraints: [], unparsable: [] } } as never);
    expect([...moved].sort(), 'expected the 4 highest slots to move').toEqual(['a3', 'a4', 'a5', 'a6']);
  });

  it('moves one batch at a time (parallelism), stop-first, never more than the parallelism unavailable, and ends REBALANCED', () => {
    const nodes = new Map([['n1', node('n1')]]);
    const c = new SimCluster(service({ replicas: 6, parallelism: 2, restart: { delayMs: 0 } }), nodes);
    c.settle();
    c.nodes.set('n2', node('n2'));
    c.nodes.set('n3', node('n3'));
    c.service = { ...c.service, updateStatus: updateStatus({ state: 'UPDATE_REBALANCING', specVersion: 1, startedMs: c.nowMs }) };
    // The simulated scheduler places on the least loaded node, as the real one spreads.
    const spread = () => {
      const load = (id: string) => c.tasks.filter((t) => t.nodeId === id && t.desiredState === 'TASK_RUNNING').length;
      c.tasks = c.tasks.map((t) => {
        if (t.desiredState !== 'TASK_RUNNING' || t.status!.state !== 'TASK_PENDING') return t;
        const target = ['n1', 'n2', 'n3'].sort((a, b) => load(a) - load(b) || (a < b ? -1 : 1))[0]!;
        return { ...t, nodeId: target, status: { ...t.status!, state: 'TASK_RUNNING' } };
      });
    };
    const unavailable: number[] = [];
    for (let i = 0; i < 200 && state(c) !== 'UPDATE_REBALANCED'; i++) {
      c.reconcile();
      spread();
      c.schedulerAndAgents();
      unavailable.push(6 - availableSlots(c));
      c.nowMs += 100;
    }
    expect(state(c), 'expected the rebalance to finish').toBe('UPDATE_REBALANCED');
    expect(Math.max(...unavailable), `expected at most 2 unavailable, got ${unavailable.join(',')}`).toBeLessThanOrEqual(2);
    const per = ['n1', 'n2', 'n3'].map((id) => c.desiredRunning().filter((t) => t.nodeId === id).length);
    expect(per, 'expected 2/2/2').toEqual([2, 2, 2]);
    expect(new Set(c.tasks.filter((t) => t.desiredState !== 'TASK_RUNNING').map((t) => t.shutdownReason)), 'expected moved tasks to say "rebalanced"').toEqual(
      new Set(['rebalanced: moved to even out the spread over the nodes']),
    );
  });
});
