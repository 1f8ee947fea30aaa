// Rolling updates against 3 real managers and real agents (process executor) on 127.0.0.1:
// rebalancing 6/0/0 into 2/2/2 after two agents join; a healthy update of 6 replicas with
// parallelism 2 that never has more than 2 tasks unavailable (sampled throughout); a broken version
// rolled back automatically; a broken version pausing the update with the reason; the leader
// killed with SIGKILL mid-update and the new leader finishing it; a canary waiting for promotion;
// `rebalance: auto` moving tasks to a node that joins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalCluster } from '../../deploy/local/cluster.js';
import type { BatonClient } from '../../src/client/client.js';
import type { Service__Output } from '../../src/gen/baton/v1/Service';
import type { ServiceSpec } from '../../src/gen/baton/v1/ServiceSpec';
import type { Task__Output } from '../../src/gen/baton/v1/Task';
import type { UpdateConfig } from '../../src/gen/baton/v1/UpdateConfig';
import { FAST, sleep, waitFor } from './helpers.js';

// Runs for 200 ms, then fails: it reaches RUNNING, so only the monitor window catches it (with a
// monitor of 0 the update would go on, as in Docker).
const BROKEN = { command: 'sh', args: ['-c', 'sleep 0.2; exit 1'] };

function spec(name: string, replicas: number, update: UpdateConfig, run: { command: string; args: string[] } = { command: 'sleep', args: ['3600'] }): ServiceSpec {
  return {
    name,
    mode: 'replicated',
    replicated: { replicas },
    task: { process: run, restartPolicy: { condition: 'RESTART_ANY', delayMs: 100 } },
    update: { parallelism: 2, delayMs: 0, order: 'UPDATE_STOP_FIRST', failureAction: 'UPDATE_PAUSE', monitorMs: 0, maxFailureRatio: 0, ...update },
  };
}

async function tasksOf(c: BatonClient, serviceId: string): Promise<Task__Output[]> {
  const out: Task__Output[] = [];
  for await (const t of c.listAllTasks({ serviceId })) out.push(t);
  return out;
}

/** Slots with a task meant to run that runs (and is ready if it has a readiness probe). */
function availableSlots(tasks: Task__Output[]): number {
  const slots = new Set<number>();
  for (const t of tasks) if (t.desiredState === 'TASK_RUNNING' && t.status?.state === 'TASK_RUNNING' && (!t.spec?.readiness || t.health?.ready)) slots.add(t.slot);
  return slots.size;
}

/** Every one of `n` slots runs spec version `v` (one task meant to run each). */
function allOn(tasks: Task__Output[], n: number, v: number): boolean {
  const live = tasks.filter((t) => t.desiredState === 'TASK_RUNNING');
  return live.length === n && live.every((t) => t.specVersion === v && t.status?.state === 'TASK_RUNNING');
}

async function update(c: BatonClient, id: string, change: (s: ServiceSpec) => void): Promise<Service__Output> {
  const cur = await c.getService(id);
  const next = structuredClone(cur.spec!) as ServiceSpec;
  change(next);
  return c.updateService(id, cur.meta!.version, next);
}

async function waitState(c: BatonClient, id: string, state: string, timeoutMs = 30_000): Promise<Service__Output> {
  let last = '';
  try {
    return await waitFor(
      `service ${id} in update state ${state}`,
      async () => {
        const s = await c.getService(id);
        last = `${s.updateStatus?.state}: ${s.updateStatus?.message}`;
        return s.updateStatus?.state === state ? s : null;
      },
      timeoutMs,
      100,
    );
  } catch (e) {
    throw new Error(`${(e as Error).message}; last seen ${last}`);
  }
}

/**
 * Waits until a rebalance finished (UPDATE_REBALANCED, all `n` tasks running spec version 1, and
 * `also` holds), sampling how many slots were unavailable meanwhile; the tasks per node at the end.
 */
async function waitRebalanced(c: BatonClient, id: string, n: number, also: (tasks: Task__Output[]) => boolean) {
  const unavailable: number[] = [];
  let tasks: Task__Output[] = [];
  await waitFor(
    'the rebalance to finish',
    async () => {
      const s = await c.getService(id);
      tasks = await tasksOf(c, id);
      unavailable.push(n - availableSlots(tasks));
      return s.updateStatus?.state === 'UPDATE_REBALANCED' && allOn(tasks, n, 1) && also(tasks);
    },
    30_000,
    50,
  );
  const perNode = new Map<string, number>();
  for (const t of tasks) if (t.desiredState === 'TASK_RUNNING') perNode.set(t.nodeId, (perNode.get(t.nodeId) ?? 0) + 1);
  return { tasks, unavailable, perNode };
}

async function waitAllOn(c: BatonClient, id: string, n: number, v: number, timeoutMs = 30_000): Promise<Task__Output[]> {
  return waitFor(`${n} tasks of service ${id} running spec version ${v}`, async () => {
    const t = await tasksOf(c, id);
    return allOn(t, n, v) ? t : null;
  }, timeoutMs, 100);
}

describe('rolling updates (3 managers, process executor)', () => {
  let cluster: LocalCluster;
  let c: BatonClient;

  beforeAll(async () => {
    cluster = await LocalCluster.start({ managers: 3, flags: FAST, logLevel: 'warn' });
    await cluster.addAgent();
    c = cluster.client(10_000);
  }, 90_000);

  afterAll(async () => {
    c?.close();
    await cluster?.close();
  });

  it('rebalance evens 6/0/0 into 2/2/2 after two agents join, never more than 2 unavailable', async () => {
    const svc = await c.createService(spec('spread', 6, { parallelism: 2 }));
    await waitAllOn(c, svc.id, 6, 1);
    await cluster.addAgent();
    await cluster.addAgent();
    await waitFor('3 ready nodes', async () => (await c.listNodes({})).nodes.filter((n) => n.status?.state === 'NODE_READY').length === 3, 20_000);
    let tasks = await tasksOf(c, svc.id);
    expect(new Set(tasks.filter((t) => t.desiredState === 'TASK_RUNNING').map((t) => t.nodeId)).size, 'expected the 6 tasks still on the first node (nothing moves by itself)').toBe(1);
    await c.rebalanceService(svc.id);
    const r = await waitRebalanced(c, svc.id, 6, () => true);
    tasks = r.tasks;
    expect([...r.perNode.values()].sort(), 'expected 2/2/2 after the rebalance').toEqual([2, 2, 2]);
    expect(Math.max(...r.unavailable), `expected at most 2 unavailable while rebalancing, samples ${r.unavailable.join(',')}`).toBeLessThanOrEqual(2);
    const moved = tasks.filter((t) => t.desiredState !== 'TASK_RUNNING').map((t) => t.shutdownReason);
    expect(moved.length > 0 && moved.every((r) => r.startsWith('rebalanced')), `expected the moved tasks to say "rebalanced", got ${moved.join(' | ')}`).toBe(true);
    await c.removeService(svc.id);
  }, 90_000);

  it('a healthy rolling update of 6 replicas, parallelism 2, never has more than 2 tasks unavailable', async () => {
    const svc = await c.createService(spec('healthy', 6, { parallelism: 2 }));
    await waitAllOn(c, svc.id, 6, 1);
    await update(c, svc.id, (s) => (s.task!.process!.args = ['3601']));
    const samples: number[] = [];
    let done: Service__Output | null = null;
    const end = Date.now() + 40_000;
    while (Date.now() < end) {
      const tasks = await tasksOf(c, svc.id);
      samples.push(6 - availableSlots(tasks));
      const s = await c.getService(svc.id);
      if (s.updateStatus?.state === 'UPDATE_COMPLETED' && allOn(tasks, 6, 2)) {
        done = s;
        break;
      }
      await sleep(30);
    }
    expect(done?.updateStatus, `expected the update to complete within 40 s (samples ${samples.join(',')})`).toMatchObject({ state: 'UPDATE_COMPLETED', updated: 6, total: 6, failures: 0, batches: 3 });
    expect(samples.length, 'expected many samples during the update').toBeGreaterThan(5);
    expect(Math.max(...samples), `expected at most 2 unavailable at any sample, got ${samples.join(',')}`).toBeLessThanOrEqual(2);
    await c.removeService(svc.id);
  }, 90_000);

  it('a broken version with failure_action rollback ends on the old spec with every task running', async () => {
    const svc = await c.createService(spec('broken', 6, { parallelism: 2, failureAction: 'UPDATE_ROLLBACK', monitorMs: 1_000 }));
    const before = await waitAllOn(c, svc.id, 6, 1);
    await update(c, svc.id, (s) => (s.task!.process = BROKEN));
    const s = await waitState(c, svc.id, 'UPDATE_ROLLED_BACK', 40_000);
    expect(s.specVersion, 'expected the service back on spec version 1').toBe(1);
    expect(s.spec!.task!.process!.command, 'expected the old command restored').toBe('sleep');
    expect(s.updateStatus!.message, 'expected the reason to name the failed task').toMatch(/rolled back to spec version 1 \(task \S+ \(slot \d\) failed/);
    const tasks = await waitAllOn(c, svc.id, 6, 1);
    const kept = tasks.filter((t) => t.desiredState === 'TASK_RUNNING' && before.some((b) => b.id === t.id)).length;
    expect(kept, 'expected the old tasks the update never reached (4 of 6) to be kept').toBeGreaterThanOrEqual(4);
    expect(s.history.map((h) => h.specVersion), 'expected the broken spec kept in the history').toContain(2);
    await c.removeService(svc.id);
  }, 90_000);

  it('failure_action pause leaves the service paused with the reason', async () => {
    const svc = await c.createService(spec('paused', 6, { parallelism: 2, failureAction: 'UPDATE_PAUSE', monitorMs: 1_000 }));
    await waitAllOn(c, svc.id, 6, 1);
    await update(c, svc.id, (s) => (s.task!.process = BROKEN));
    const s = await waitState(c, svc.id, 'UPDATE_PAUSED', 30_000);
    expect(s.updateStatus!.message, 'expected the reason to name the failed task and the ratio').toMatch(/^update paused: task \S+ \(slot [12]\) failed.*max_failure_ratio 0\)$/);
    await sleep(1_500);
    const later = await c.getService(svc.id);
    expect(later.updateStatus?.state, 'expected the update to stay paused').toBe('UPDATE_PAUSED');
    const tasks = await tasksOf(c, svc.id);
    const oldRunning = tasks.filter((t) => t.desiredState === 'TASK_RUNNING' && t.specVersion === 1 && t.status?.state === 'TASK_RUNNING');
    expect(oldRunning.map((t) => t.slot).sort(), 'expected slots 3..6 untouched on the old version').toEqual([3, 4, 5, 6]);
    await c.removeService(svc.id);
  }, 90_000);

  it('the leader is killed with SIGKILL mid-update: the new leader resumes the update and finishes it', async () => {
    const svc = await c.createService(spec('failover', 6, { parallelism: 1, delayMs: 700 }));
    await waitAllOn(c, svc.id, 6, 1);
    await update(c, svc.id, (s) => (s.task!.process!.args = ['3602']));
    await waitFor('the update to reach its 2nd batch', async () => ((await c.getService(svc.id)).updateStatus?.batches ?? 0) >= 2, 20_000);
    const leader = await cluster.leaderIndex();
    const at = (await c.getService(svc.id)).updateStatus!;
    await cluster.kill(leader);
    const s = await waitState(c, svc.id, 'UPDATE_COMPLETED', 40_000);
    const tasks = await waitAllOn(c, svc.id, 6, 2);
    expect(s.updateStatus!.batches, `expected 6 batches in all (killed at batch ${at.batches}): none repeated or skipped`).toBe(6);
    const v2 = tasks.filter((t) => t.specVersion === 2);
    expect(v2.filter((t) => t.desiredState === 'TASK_RUNNING').length, 'expected exactly one new task per slot').toBe(6);
    await cluster.restart(leader);
    await c.removeService(svc.id);
  }, 120_000);

  it('a canary waits for promotion next to the old tasks, then the rest is updated', async () => {
    const svc = await c.createService(spec('canary', 4, { parallelism: 2, canary: 1 }));
    await waitAllOn(c, svc.id, 4, 1);
    await update(c, svc.id, (s) => (s.task!.process!.args = ['3603']));
    const s = await waitState(c, svc.id, 'UPDATE_CANARY', 30_000);
    expect(s.updateStatus!.message, 'expected the status to say how to promote').toMatch(/baton service promote canary/);
    await sleep(1_000);
    let tasks = await tasksOf(c, svc.id);
    const live = tasks.filter((t) => t.desiredState === 'TASK_RUNNING' && t.status?.state === 'TASK_RUNNING');
    expect(live.map((t) => t.specVersion).sort(), 'expected 1 canary running next to the 4 old tasks').toEqual([1, 1, 1, 1, 2]);
    expect((await c.getService(svc.id)).updateStatus?.state, 'expected still waiting for promotion').toBe('UPDATE_CANARY');
    await c.promoteService(svc.id);
    await waitState(c, svc.id, 'UPDATE_COMPLETED', 30_000);
    tasks = await waitAllOn(c, svc.id, 4, 2);
    expect(tasks.filter((t) => t.desiredState === 'TASK_RUNNING').length, 'expected 4 tasks after promotion').toBe(4);
    await c.removeService(svc.id);
  }, 90_000);
  // Last: it adds a 4th agent to the cluster.
  it('rebalance: auto moves tasks to a node that joins, by itself, never more than 2 unavailable', async () => {
    const svc = await c.createService({ ...spec('autobal', 6, { parallelism: 2 }), rebalance: 'REBALANCE_AUTO' });
    await waitAllOn(c, svc.id, 6, 1);
    const nodesBefore = new Set((await c.listNodes({})).nodes.map((n) => n.id));
    await cluster.addAgent();
    const joined = await waitFor('a 4th ready node', async () => (await c.listNodes({})).nodes.find((n) => !nodesBefore.has(n.id) && n.status?.state === 'NODE_READY') ?? null, 20_000);
    const { perNode: per, unavailable } = await waitRebalanced(c, svc.id, 6, (tasks) => tasks.some((t) => t.desiredState === 'TASK_RUNNING' && t.nodeId === joined.id));
    expect(Math.max(...per.values()) - Math.min(...per.values()), `expected an even spread over ${per.size} nodes, got ${[...per.values()].join('/')}`).toBeLessThanOrEqual(1);
    expect(per.size, 'expected the tasks on all 4 nodes').toBe(4);
    expect(Math.max(...unavailable), `expected at most 2 unavailable while rebalancing, samples ${unavailable.join(',')}`).toBeLessThanOrEqual(2);
    await c.removeService(svc.id);
  }, 90_000);
});
