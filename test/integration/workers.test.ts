// Workers against 3 real managers and real agents (process executor) on 127.0.0.1: placement and
// spreading, scaling, a global service following a joining agent, self-healing after a task's
// process or a whole agent is killed with SIGKILL, an agent restart that re-adopts its running
// tasks, a leader killed in the middle (no task lost or duplicated), and a constraint nobody
// meets showing its reason on the task.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalCluster } from '../../deploy/local/cluster.js';
import type { BatonClient } from '../../src/client/client.js';
import type { ServiceSpec } from '../../src/gen/baton/v1/ServiceSpec';
import type { Task__Output } from '../../src/gen/baton/v1/Task';
import { FAST, waitFor } from './helpers.js';

const sleeper = (name: string, replicas: number, extra: Partial<ServiceSpec> = {}): ServiceSpec => ({
  name,
  mode: 'replicated',
  replicated: { replicas },
  task: { process: { command: 'sleep', args: ['3600'] }, restartPolicy: { condition: 'RESTART_ANY', delayMs: 0 } },
  ...extra,
});

async function tasksOf(c: BatonClient, serviceId: string): Promise<Task__Output[]> {
  const out: Task__Output[] = [];
  for await (const t of c.listAllTasks({ serviceId })) out.push(t);
  return out;
}

/** Running tasks that are meant to run, counted per node id. */
function runningPerNode(tasks: Task__Output[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of tasks) if (t.desiredState === 'TASK_RUNNING' && t.status?.state === 'TASK_RUNNING') m.set(t.nodeId, (m.get(t.nodeId) ?? 0) + 1);
  return m;
}

const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

/** Waits until exactly n tasks of the service run (and no slot has two meant to run). */
async function waitRunning(c: BatonClient, serviceId: string, n: number, timeoutMs = 20_000): Promise<Task__Output[]> {
  return waitFor(
    `${n} running tasks of service ${serviceId}`,
    async () => {
      const tasks = await tasksOf(c, serviceId);
      const live = tasks.filter((t) => t.desiredState === 'TASK_RUNNING');
      const running = live.filter((t) => t.status?.state === 'TASK_RUNNING');
      return running.length === n && live.length === n ? tasks : null;
    },
    timeoutMs,
    100,
  );
}

function pidOf(t: Task__Output): number {
  const m = /pid (\d+)/.exec(t.status?.message ?? '');
  if (!m) throw new Error(`task ${t.id} status message names no pid: ${JSON.stringify(t.status)}`);
  return Number(m[1]);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('workers (3 managers, process executor)', () => {
  let cluster: LocalCluster;
  let c: BatonClient;
  const nodeIds = new Map<string, string>();

  beforeAll(async () => {
    cluster = await LocalCluster.start({ managers: 3, flags: FAST, logLevel: 'warn' });
    for (let i = 0; i < 3; i++) await cluster.addAgent();
    c = cluster.client(10_000);
    for (const n of (await c.listNodes({})).nodes) nodeIds.set(n.hostname, n.id);
  }, 90_000);

  afterAll(async () => {
    c?.close();
    await cluster?.close();
  });

  it('registers every agent as a ready worker node', async () => {
    const nodes = (await c.listNodes({})).nodes;
    expect(nodes.map((n) => `${n.hostname}:${n.status?.state}:${n.runtimes.includes('process')}`).sort(), 'three ready workers offering the process runtime').toEqual([
      'w0:NODE_READY:true',
      'w1:NODE_READY:true',
      'w2:NODE_READY:true',
    ]);
  });

  it('spreads 6 replicas 2/2/2, scales to 10 and back to 3 (highest slots removed)', async () => {
    const svc = await c.createService(sleeper('spread', 6));
    let tasks = await waitRunning(c, svc.id, 6);
    expect([...runningPerNode(tasks).values()].sort(), '6 tasks spread 2/2/2 over 3 nodes').toEqual([2, 2, 2]);
    const pids = tasks.filter((t) => t.status?.state === 'TASK_RUNNING').map(pidOf);
    expect(pids.every(alive), 'every reported task process is alive').toBe(true);

    let cur = await c.getService(svc.id);
    await c.updateService(svc.id, cur.meta!.version, sleeper('spread', 10));
    tasks = await waitRunning(c, svc.id, 10);
    expect([...runningPerNode(tasks).values()].sort(), '10 tasks spread 3/3/4').toEqual([3, 3, 4]);

    cur = await c.getService(svc.id);
    await c.updateService(svc.id, cur.meta!.version, sleeper('spread', 3));
    tasks = await waitRunning(c, svc.id, 3);
    const slots = tasks.filter((t) => t.desiredState === 'TASK_RUNNING').map((t) => t.slot).sort((a, b) => a - b);
    expect(slots, 'scaling down keeps slots 1..3').toEqual([1, 2, 3]);
    await waitFor('the scaled-down task processes to be gone', () => pids.slice(3).every((p) => !alive(p)) || pids.filter(alive).length <= 3, 10_000);
    await c.removeService(svc.id);
    await waitFor('every task of the removed service deleted', async () => (await tasksOf(c, svc.id)).length === 0, 15_000);
  }, 90_000);

  it('replaces a task whose process was killed with SIGKILL, in the same slot', async () => {
    const svc = await c.createService(sleeper('heal', 2));
    const tasks = await waitRunning(c, svc.id, 2);
    const victim = tasks.find((t) => t.status?.state === 'TASK_RUNNING')!;
    process.kill(pidOf(victim), 'SIGKILL');
    const after = await waitFor(
      `a replacement for slot ${victim.slot}`,
      async () => {
        const ts = await tasksOf(c, svc.id);
        const repl = ts.find((t) => t.slot === victim.slot && t.id !== victim.id && t.status?.state === 'TASK_RUNNING');
        return repl ? ts : null;
      },
      15_000,
    );
    const old = after.find((t) => t.id === victim.id)!;
    expect(old.status?.state, 'the killed task is reported failed').toBe('TASK_FAILED');
    expect(old.desiredState, 'the killed task is not meant to run any more').toBe('TASK_SHUTDOWN');
    const repl = after.find((t) => t.slot === victim.slot && t.id !== victim.id)!;
    expect(repl.restartsMs.length, 'the replacement carries the restart history').toBe(1);
    await c.removeService(svc.id);
  }, 60_000);

  it('shows why a task cannot be placed', async () => {
    const svc = await c.createService(sleeper('nowhere', 1, { task: { process: { command: 'sleep', args: ['3600'] }, placement: { constraints: ['node.labels.zone == eu'] } } }));
    const t = await waitFor(
      'the pending task to carry a reason',
      async () => (await tasksOf(c, svc.id)).find((x) => x.status?.state === 'TASK_PENDING' && /zone/.test(x.status?.message ?? '')),
      15_000,
    );
    expect(t.status!.message, 'the reason names the constraint').toMatch(/node\.labels\.zone == eu/);
    await c.removeService(svc.id);
  }, 30_000);

  it('a global service runs one task per node and follows a joining agent', async () => {
    const svc = await c.createService({ name: 'everywhere', mode: 'global', global: {}, task: { process: { command: 'sleep', args: ['3600'] } } });
    let tasks = await waitRunning(c, svc.id, 3);
    expect(runningPerNode(tasks).size, 'one task on each of the 3 nodes').toBe(3);
    await cluster.addAgent();
    tasks = await waitRunning(c, svc.id, 4);
    expect(runningPerNode(tasks).size, 'one task on each of the 4 nodes').toBe(4);
    await c.removeService(svc.id);
    await waitFor('global tasks gone', async () => (await tasksOf(c, svc.id)).length === 0, 15_000);
  }, 60_000);

  it('draining a node moves its tasks away; making it active again takes new tasks', async () => {
    const svc = await c.createService(sleeper('drain', 6));
    await waitRunning(c, svc.id, 6);
    const w2 = nodeIds.get('w2')!;
    let node = await c.getNode(w2);
    await c.updateNode(w2, node.meta!.version, { ...node.spec!, availability: 'NODE_DRAIN' });
    const drained = await waitFor(
      'no task of the service meant to run on the drained node',
      async () => {
        const ts = await tasksOf(c, svc.id);
        const running = ts.filter((t) => t.desiredState === 'TASK_RUNNING' && t.status?.state === 'TASK_RUNNING');
        return running.length === 6 && running.every((t) => t.nodeId !== w2) ? ts : null;
      },
      20_000,
    );
    const moved = drained.filter((t) => t.nodeId === w2);
    expect(moved.length, 'the drained node had tasks').toBeGreaterThan(0);
    expect(moved.every((t) => t.desiredState === 'TASK_SHUTDOWN' && /drained/.test(t.shutdownReason)), `its tasks were shut down because of the drain: ${JSON.stringify(moved.map((t) => t.shutdownReason))}`).toBe(true);
    node = await c.getNode(w2);
    await c.updateNode(w2, node.meta!.version, { ...node.spec!, availability: 'NODE_ACTIVE' });
    await c.removeService(svc.id);
  }, 60_000);

  it('an agent restart keeps its tasks running and re-adopts them', async () => {
    const svc = await c.createService(sleeper('adopt', 4));
    const before = await waitRunning(c, svc.id, 4);
    const w0 = nodeIds.get('w0')!;
    const onW0 = before.filter((t) => t.nodeId === w0 && t.desiredState === 'TASK_RUNNING');
    expect(onW0.length, 'w0 runs some of the tasks').toBeGreaterThan(0);
    await cluster.killAgent(0);
    const pids = onW0.map(pidOf);
    expect(pids.every(alive), 'the tasks outlive their agent').toBe(true);
    await cluster.restartAgent(0);
    await new Promise((r) => setTimeout(r, 1500));
    const after = await waitRunning(c, svc.id, 4);
    const ids = (ts: Task__Output[]) => ts.filter((t) => t.desiredState === 'TASK_RUNNING').map((t) => t.id).sort();
    expect(ids(after), 'the same tasks run: none replaced').toEqual(ids(before));
    expect(pids.every(alive), 'the same processes run').toBe(true);
    await c.removeService(svc.id);
  }, 60_000);

  it('moves the tasks of an agent killed with SIGKILL to the others', async () => {
    const svc = await c.createService(sleeper('failover', 6));
    const before = await waitRunning(c, svc.id, 6);
    const w1 = nodeIds.get('w1')!;
    const lost = before.filter((t) => t.nodeId === w1 && t.desiredState === 'TASK_RUNNING');
    expect(lost.length, 'w1 runs some tasks').toBeGreaterThan(0);
    await cluster.killAgent(1);
    for (const t of lost) process.kill(-pidOf(t), 'SIGKILL'); // the machine "died" with its agent
    await cluster.waitForNode('w1', 'NODE_DOWN', 15_000);
    const after = await waitFor(
      'all 6 tasks running on the other nodes',
      async () => {
        const ts = await tasksOf(c, svc.id);
        const running = ts.filter((t) => t.desiredState === 'TASK_RUNNING' && t.status?.state === 'TASK_RUNNING');
        return running.length === 6 && running.every((t) => t.nodeId !== w1) ? ts : null;
      },
      15_000,
    );
    const slots = after.filter((t) => t.desiredState === 'TASK_RUNNING').map((t) => t.slot).sort((a, b) => a - b);
    expect(slots, 'each slot exactly once').toEqual([1, 2, 3, 4, 5, 6]);
    await cluster.restartAgent(1);
    await c.removeService(svc.id);
  }, 90_000);

  it('a new leader carries on after the leader is killed: no task lost or duplicated', async () => {
    const svc = await c.createService(sleeper('leaderkill', 5));
    await waitRunning(c, svc.id, 5);
    const leader = await cluster.leaderIndex();
    await cluster.kill(leader);
    const cur = await c.getService(svc.id);
    await c.updateService(svc.id, cur.meta!.version, sleeper('leaderkill', 8));
    const tasks = await waitRunning(c, svc.id, 8, 30_000);
    const slots = tasks.filter((t) => t.desiredState === 'TASK_RUNNING').map((t) => t.slot).sort((a, b) => a - b);
    expect(slots, 'slots 1..8, each once').toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    await cluster.restart(leader);
    await c.removeService(svc.id);
  }, 90_000);

  it('tasks keep running while every manager is down, and nothing is duplicated when they return', async () => {
    const svc = await c.createService(sleeper('nomanagers', 3));
    const before = await waitRunning(c, svc.id, 3);
    const pids = before.filter((t) => t.desiredState === 'TASK_RUNNING').map(pidOf);
    await Promise.all(cluster.managers.map((_, i) => cluster.kill(i)));
    await new Promise((r) => setTimeout(r, 2000));
    expect(pids.every(alive), 'the tasks run on with no manager up').toBe(true);
    for (let i = 0; i < cluster.managers.length; i++) await cluster.restart(i);
    await cluster.waitForVoters(3);
    // Every node gets the grace afresh under the new leader: the agents reconnect in time.
    await new Promise((r) => setTimeout(r, 4000));
    const after = await waitRunning(c, svc.id, 3, 20_000);
    const ids = (ts: Task__Output[]) => ts.filter((t) => t.desiredState === 'TASK_RUNNING').map((t) => t.id).sort();
    expect(ids(after), 'the same 3 tasks, none replaced').toEqual(ids(before));
    expect(pids.every(alive), 'the same processes').toBe(true);
    await c.removeService(svc.id);
  }, 90_000);
});
