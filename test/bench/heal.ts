// Self-healing benchmark: how fast the cluster replaces what died. A LocalCluster of 3 managers and
// --agents worker agents (process executor) runs a service of --replicas `sleep` tasks. Each round:
//   1. task: one task's process is killed with SIGKILL; measured is the time from the kill to its
//      replacement (same slot, a new task) being reported RUNNING;
//   2. agent: one agent is killed with SIGKILL together with its task processes (the machine
//      "died"); measured is the time from the kill to every slot running again on the other
//      nodes. This includes the heartbeat grace (default 3 s) after which the node is marked down.
//   The killed agent is then restarted and the service spread again before the next round.
// Times come from a WatchObjects stream (no polling delay).
//
//   npm run bench:heal -- [--rounds 5] [--agents 3] [--replicas 6] [--json]
import { parseArgs } from 'node:util';
import { LocalCluster } from '../../deploy/local/cluster.js';
import type { BatonClient } from '../../src/client/client.js';
import type { Task__Output } from '../../src/gen/baton/v1/Task';
import { fmtMs, machineDescription, median, sleep, table } from './bench-util.js';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    agents: { type: 'string', default: '3' },
    replicas: { type: 'string', default: '6' },
    json: { type: 'boolean', default: false },
  },
});
const rounds = Number(args.rounds);
const agents = Number(args.agents);
const replicas = Number(args.replicas);
if (!(rounds >= 1 && rounds <= 100 && agents >= 2 && agents <= 8 && replicas >= 1 && replicas <= 100)) {
  console.error('bench:heal: --rounds 1..100, --agents 2..8, --replicas 1..100');
  process.exit(2);
}

/** The live view of the service's tasks, fed by a watch. */
class TaskView {
  readonly tasks = new Map<string, Task__Output>();
  private waiters: (() => void)[] = [];
  update(t: Task__Output, deleted: boolean): void {
    if (deleted) this.tasks.delete(t.id);
    else this.tasks.set(t.id, t);
    for (const w of this.waiters.splice(0)) w();
  }
  running(): Task__Output[] {
    return [...this.tasks.values()].filter((t) => t.desiredState === 'TASK_RUNNING' && t.status?.state === 'TASK_RUNNING');
  }
  /** Resolves with the time the condition first held (bounded). */
  async until(what: string, cond: () => boolean, timeoutMs = 30_000): Promise<number> {
    const end = Date.now() + timeoutMs;
    for (let i = 0; i < 1_000_000; i++) {
      if (cond()) return Date.now();
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 100);
      });
    }
    throw new Error(`gave up waiting for ${what}`);
  }
}

const pidOf = (t: Task__Output) => Number(/pid (\d+)/.exec(t.status?.message ?? '')?.[1] ?? 0);

async function main(): Promise<void> {
  const cluster = await LocalCluster.start({ managers: 3, logLevel: 'warn' });
  const onSignal = () => void cluster.close().then(() => process.exit(1));
  process.once('SIGINT', onSignal);
  let c: BatonClient | null = null;
  const ac = new AbortController();
  try {
    for (let i = 0; i < agents; i++) await cluster.addAgent();
    c = cluster.client(10_000);
    const svc = await c.createService({
      name: 'heal',
      mode: 'replicated',
      replicated: { replicas },
      task: { process: { command: 'sleep', args: ['3600'] } },
    });
    const view = new TaskView();
    const start = (await c.listTasks({ serviceId: svc.id })).revision;
    const watching = (async () => {
      for await (const e of c!.watchObjects(['OBJECT_TASK'], start, ac.signal)) {
        if (e.task?.serviceId === svc.id) view.update(e.task, e.kind === 'OBJECT_DELETED');
      }
    })().catch(() => undefined);
    const nodes = new Map((await c.listNodes({})).nodes.map((n) => [n.id, n.hostname]));
    const taskMs: number[] = [];
    const agentMs: number[] = [];
    for (let r = 0; r < rounds; r++) {
      await view.until(`${replicas} running`, () => view.running().length === replicas);
      // 1. one task's process
      const victim = view.running()[r % replicas]!;
      const t0 = Date.now();
      process.kill(pidOf(victim), 'SIGKILL');
      const t1 = await view.until('the replacement running', () => view.running().some((t) => t.slot === victim.slot && t.id !== victim.id));
      taskMs.push(t1 - t0);

      // 2. a whole agent (and its processes)
      await view.until(`${replicas} running`, () => view.running().length === replicas);
      const k = r % agents;
      const host = cluster.agents[k]!.hostname;
      const lost = view.running().filter((t) => nodes.get(t.nodeId) === host);
      const t2 = Date.now();
      await cluster.killAgent(k);
      for (const t of lost) {
        try {
          process.kill(-pidOf(t), 'SIGKILL');
        } catch {
          // gone already
        }
      }
      const t3 = await view.until('every slot running on the other nodes', () => {
        const run = view.running();
        return run.length === replicas && run.every((t) => nodes.get(t.nodeId) !== host);
      });
      agentMs.push(t3 - t2);
      if (!args.json) console.log(`round ${r + 1}: task ${t1 - t0} ms; agent ${host} (${lost.length} tasks) ${t3 - t2} ms`);
      await cluster.restartAgent(k);
      await sleep(500);
    }
    const stats = (xs: number[]) => ({ min: Math.min(...xs), median: median(xs), max: Math.max(...xs) });
    const result = { machine: machineDescription(), rounds, agents, replicas, taskKill: stats(taskMs), agentKill: stats(agentMs), taskMs, agentMs };
    if (args.json) console.log(JSON.stringify(result, null, 2));
    else {
      console.log(
        table(
          ['what', 'min ms', 'median ms', 'max ms', 'goal'],
          [
            ['kill -9 a task process -> replacement running', fmtMs(result.taskKill.min, 0), fmtMs(result.taskKill.median, 0), fmtMs(result.taskKill.max, 0), '< 1000'],
            ['kill -9 an agent -> all its tasks running elsewhere', fmtMs(result.agentKill.min, 0), fmtMs(result.agentKill.median, 0), fmtMs(result.agentKill.max, 0), '< 5000'],
          ],
        ),
      );
    }
    ac.abort();
    await watching;
  } finally {
    c?.close();
    await cluster.close();
    process.removeListener('SIGINT', onSignal);
  }
}

main().then(
  () => process.exit(0),
  (e: Error) => {
    console.error(`bench:heal failed: ${e.message}`);
    process.exit(1);
  },
);
