// Rolling update benchmark: how long a rolling update takes end to end. A LocalCluster of 3
// managers and --agents worker agents (process executor) runs a service of --replicas `sleep`
// tasks with update config parallelism --parallelism, delay --delay-ms, monitor --monitor-ms,
// stop-first. Each round changes the task template (the sleep argument) with UpdateService and
// measures the time from the call to the last task of the new version running (and ready: the
// tasks have no readiness probe, so running is ready), every one of the --replicas slots on the
// new version. Also reported: when the update status said COMPLETED, and the most tasks seen
// unavailable at once. Times come from a WatchObjects stream (no polling delay).
//
// The floor is (batches - 1) x delay: 10 replicas, parallelism 2, delay 1 s -> 5 batches, 4 s of
// delays; the rest is stopping, placing and starting each batch.
//
//   npm run bench:update -- [--rounds 5] [--agents 3] [--replicas 10] [--parallelism 2]
//                           [--delay-ms 1000] [--monitor-ms 0] [--json]
import { parseArgs } from 'node:util';
import { LocalCluster } from '../../deploy/local/cluster.js';
import type { BatonClient } from '../../src/client/client.js';
import type { Service__Output } from '../../src/gen/baton/v1/Service';
import type { ServiceSpec } from '../../src/gen/baton/v1/ServiceSpec';
import type { Task__Output } from '../../src/gen/baton/v1/Task';
import { fmtMs, machineDescription, median, table } from './bench-util.js';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    agents: { type: 'string', default: '3' },
    replicas: { type: 'string', default: '10' },
    parallelism: { type: 'string', default: '2' },
    'delay-ms': { type: 'string', default: '1000' },
    'monitor-ms': { type: 'string', default: '0' },
    json: { type: 'boolean', default: false },
  },
});
const rounds = Number(args.rounds);
const agents = Number(args.agents);
const replicas = Number(args.replicas);
const parallelism = Number(args.parallelism);
const delayMs = Number(args['delay-ms']);
const monitorMs = Number(args['monitor-ms']);
if (
  !(rounds >= 1 && rounds <= 100 && agents >= 1 && agents <= 8 && replicas >= 1 && replicas <= 200 && parallelism >= 1 && parallelism <= replicas && delayMs >= 0 && delayMs <= 60_000 && monitorMs >= 0 && monitorMs <= 60_000)
) {
  console.error('bench:update: --rounds 1..100, --agents 1..8, --replicas 1..200, --parallelism 1..replicas, --delay-ms 0..60000, --monitor-ms 0..60000');
  process.exit(2);
}

/** The live view of the service and its tasks, fed by a watch. */
class View {
  readonly tasks = new Map<string, Task__Output>();
  service: Service__Output | null = null;
  private waiters: (() => void)[] = [];
  changed(): void {
    for (const w of this.waiters.splice(0)) w();
  }
  /** Slots whose current task runs. */
  available(): number {
    return new Set([...this.tasks.values()].filter((t) => t.desiredState === 'TASK_RUNNING' && t.status?.state === 'TASK_RUNNING' && (!t.spec?.readiness || t.health?.ready)).map((t) => t.slot)).size;
  }
  allOn(v: number): boolean {
    const live = [...this.tasks.values()].filter((t) => t.desiredState === 'TASK_RUNNING');
    return live.length === replicas && live.every((t) => t.specVersion === v && t.status?.state === 'TASK_RUNNING' && (!t.spec?.readiness || t.health?.ready));
  }
  /** Resolves with the time the condition first held (bounded). */
  async until(what: string, cond: () => boolean, timeoutMs = 60_000): Promise<number> {
    const end = Date.now() + timeoutMs;
    for (let i = 0; i < 1_000_000; i++) {
      if (cond()) return Date.now();
      if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 100);
      });
    }
    throw new Error(`gave up waiting for ${what}`);
  }
}

async function main(): Promise<void> {
  const cluster = await LocalCluster.start({ managers: 3, logLevel: 'warn' });
  const onSignal = () => void cluster.close().then(() => process.exit(1));
  process.once('SIGINT', onSignal);
  let c: BatonClient | null = null;
  const ac = new AbortController();
  try {
    for (let i = 0; i < agents; i++) await cluster.addAgent();
    c = cluster.client(10_000);
    const spec: ServiceSpec = {
      name: 'bench-update',
      mode: 'replicated',
      replicated: { replicas },
      task: { process: { command: 'sleep', args: ['3600'] } },
      update: { parallelism, delayMs, order: 'UPDATE_STOP_FIRST', failureAction: 'UPDATE_PAUSE', monitorMs, maxFailureRatio: 0 },
    };
    const svc = await c.createService(spec);
    const view = new View();
    const start = (await c.listTasks({ serviceId: svc.id })).revision;
    const watching = (async () => {
      for await (const e of c!.watchObjects(['OBJECT_TASK', 'OBJECT_SERVICE'], start, ac.signal)) {
        if (e.task?.serviceId === svc.id) {
          if (e.kind === 'OBJECT_DELETED') view.tasks.delete(e.task.id);
          else view.tasks.set(e.task.id, e.task);
        } else if (e.service?.id === svc.id) view.service = e.service;
        view.changed();
      }
    })().catch(() => undefined);
    const rows: { totalMs: number; statusMs: number; maxUnavailable: number; batches: number }[] = [];
    for (let r = 0; r < rounds; r++) {
      const cur = await c.getService(svc.id);
      await view.until(`${replicas} tasks running spec version ${cur.specVersion}`, () => view.allOn(cur.specVersion));
      const next = structuredClone(cur.spec!) as ServiceSpec;
      next.task!.process!.args = [String(3601 + r)];
      let maxUnavailable = 0;
      const sampler = setInterval(() => (maxUnavailable = Math.max(maxUnavailable, replicas - view.available())), 10);
      const t0 = Date.now();
      const updated = await c.updateService(svc.id, cur.meta!.version, next);
      const v = updated.specVersion;
      const tDone = await view.until(`every task on spec version ${v}`, () => {
        maxUnavailable = Math.max(maxUnavailable, replicas - view.available());
        return view.allOn(v);
      });
      const tStatus = await view.until('update status COMPLETED', () => view.service?.specVersion === v && view.service?.updateStatus?.state === 'UPDATE_COMPLETED');
      clearInterval(sampler);
      const row = { totalMs: tDone - t0, statusMs: tStatus - t0, maxUnavailable, batches: view.service?.updateStatus?.batches ?? 0 };
      rows.push(row);
      process.stderr.write(`round ${r + 1}: ${row.totalMs} ms to the last new task running, status COMPLETED at ${row.statusMs} ms, ${row.batches} batches, at most ${row.maxUnavailable} unavailable\n`);
    }
    const totals = rows.map((x) => x.totalMs);
    const result = {
      machine: machineDescription(),
      config: { managers: 3, agents, replicas, parallelism, delayMs, monitorMs, order: 'stop-first', executor: 'process' },
      rounds: rows,
      minMs: Math.min(...totals),
      medianMs: median(totals),
      maxMs: Math.max(...totals),
      floorMs: (Math.ceil(replicas / parallelism) - 1) * delayMs,
    };
    if (args.json) {
      console.log(JSON.stringify(result, null, 2));
    } else {
      console.log(
        `rolling update: ${replicas} replicas, parallelism ${parallelism}, delay ${delayMs} ms, monitor ${monitorMs} ms, ${agents} agents (process executor), ${rounds} rounds; ${result.machine.cores} cores, ${result.machine.cpu}`,
      );
      console.log(
        table(
          ['what', 'min ms', 'median ms', 'max ms', 'goal'],
          [
            ['service update -> last new task running and ready', fmtMs(result.minMs, 0), fmtMs(result.medianMs, 0), fmtMs(result.maxMs, 0), '< 6,000'],
            ['service update -> status COMPLETED', fmtMs(Math.min(...rows.map((x) => x.statusMs)), 0), fmtMs(median(rows.map((x) => x.statusMs)), 0), fmtMs(Math.max(...rows.map((x) => x.statusMs)), 0), ''],
          ],
        ),
      );
      console.log(`floor ((batches - 1) x delay): ${result.floorMs} ms; most tasks unavailable at once: ${Math.max(...rows.map((x) => x.maxUnavailable))}`);
    }
    ac.abort();
    await watching;
  } finally {
    ac.abort();
    c?.close();
    await cluster.close();
    process.removeListener('SIGINT', onSignal);
  }
}

main().catch((e) => {
  console.error(`bench:update failed: ${(e as Error).message}`);
  process.exit(1);
});
