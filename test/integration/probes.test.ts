// Health probes end to end, against 3 real managers and 2 agents (process executor) on 127.0.0.1,
// with services made by the `baton` CLI and its probe flags, and test/fixtures/probe-target.mjs as
// the task: an http readiness probe that shows the task (not ready), then (ready); a rolling update
// to a version that never becomes ready, rolled back automatically (failure action rollback,
// monitor 2s), ending on the old spec with every task running and ready; a liveness probe that
// starts failing, which fails the task ("liveness probe failed") and gets it replaced.
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LocalCluster } from '../../deploy/local/cluster.js';
import type { BatonClient } from '../../src/client/client.js';
import type { Task__Output } from '../../src/gen/baton/v1/Task';
import { FAST, killChildren, runCli, waitFor } from './helpers.js';

const TARGET = fileURLToPath(new URL('../fixtures/probe-target.mjs', import.meta.url));

async function tasksOf(c: BatonClient, serviceId: string): Promise<Task__Output[]> {
  const out: Task__Output[] = [];
  for await (const t of c.listAllTasks({ serviceId })) out.push(t);
  return out;
}

const live = (tasks: Task__Output[]) => tasks.filter((t) => t.desiredState === 'TASK_RUNNING');
const runningReady = (t: Task__Output) => t.status?.state === 'TASK_RUNNING' && t.health?.ready === true;
const describeTasks = (tasks: Task__Output[]) =>
  tasks.map((t) => `${t.slot}/v${t.specVersion}/${t.desiredState}/${t.status?.state}/${t.health?.ready ? 'ready' : 'not-ready'}/${t.status?.error ?? ''}`).join(', ');

describe('health probes (3 managers, 2 agents, process executor)', () => {
  let cluster: LocalCluster;
  let c: BatonClient;
  let managers = '';
  const baton = (...args: string[]) => runCli(['--managers', managers, ...args], 40_000);
  /** `service create NAME` running the probe target on a declared port 8080 (the agent picks the host port: $PORT). */
  const create = (name: string, ...flags: string[]) => baton('service', 'create', name, '--command', process.execPath, '--arg', TARGET, '--publish', '8080', ...flags);

  beforeAll(async () => {
    cluster = await LocalCluster.start({ managers: 3, flags: FAST, logLevel: 'warn' });
    for (let i = 0; i < 2; i++) await cluster.addAgent();
    managers = cluster.managers.map((m) => m.address).join(',');
    c = cluster.client(10_000);
  }, 60_000);

  afterEach(async () => {
    await killChildren();
  });

  afterAll(async () => {
    await killChildren();
    c?.close();
    await cluster?.close();
  });

  it('an http readiness probe shows the task (not ready), then (ready) once the target answers 200', async () => {
    const r = await create('slowstart', '--env', 'READY_AFTER_MS=1500', '--readiness-http', '8080:/healthz', '--readiness-period', '200ms', '--readiness-timeout', '150ms', '--detach');
    expect(r.code, r.stderr).toBe(0);
    const svc = await c.getService('slowstart');
    expect(svc.spec!.task!.readiness, 'the flags land in the stored probe').toMatchObject({ check: 'http', http: { port: '8080', path: '/healthz' }, periodMs: 200, timeoutMs: 150, failureThreshold: 3, successThreshold: 1 });

    const seen: string[] = [];
    const ready = await waitFor(
      'the task running and ready',
      async () => {
        const t = live(await tasksOf(c, svc.id))[0];
        if (t?.status?.state === 'TASK_RUNNING') {
          const h = t.health?.ready ? 'ready' : 'not ready';
          if (seen.at(-1) !== h) seen.push(h);
          return t.health?.ready ? t : null;
        }
        return null;
      },
      15_000,
      50,
    );
    expect(seen, 'running: first not ready, then ready').toEqual(['not ready', 'ready']);
    expect(ready.health!.lastProbeResult, 'the check that made it ready').toBe('http 200 from /healthz');

    const ps = await baton('service', 'ps', 'slowstart');
    expect(ps.code, ps.stderr).toBe(0);
    expect(ps.stdout, '`service ps` shows the readiness').toMatch(/slowstart\.1 .* running \(ready\)/);
    await c.removeService(svc.id);
  }, 30_000);

  it('an update to a version that never becomes ready is rolled back (failure action rollback, monitor 2s): every task ends running and ready on the old spec', async () => {
    const r = await create(
      'neverready',
      '--replicas', '2',
      '--env', 'VERSION=1',
      '--readiness-http', '8080:/healthz',
      '--readiness-period', '200ms',
      '--readiness-timeout', '150ms',
      '--update-parallelism', '1',
      '--update-failure-action', 'rollback',
      '--update-monitor', '2s',
      '--rollback-monitor', '500ms',
    );
    expect(r.code, `create waits for the tasks: ${r.stdout} ${r.stderr}`).toBe(0);
    const before = await c.getService('neverready');
    await waitFor('2 tasks running and ready on spec version 1', async () => {
      const l = live(await tasksOf(c, before.id));
      return l.length === 2 && l.every((t) => t.specVersion === 1 && runningReady(t));
    }, 15_000);

    // The CLI waits, prints the rollout and exits 1: the spec it pushed was rolled back.
    const u = await baton('service', 'update', 'neverready', '--env', 'VERSION=2', '--env', 'NEVER_READY=1');
    expect(u.code, `update output: ${u.stdout} ${u.stderr}`).toBe(1);
    expect(u.stdout, 'the update says it was rolled back').toMatch(/neverready: rolled-back/);

    const s = await c.getService(before.id);
    expect(s.updateStatus?.state, `status: ${s.updateStatus?.message}`).toBe('UPDATE_ROLLED_BACK');
    expect(s.updateStatus!.message, 'the reason names the task that never became ready').toMatch(/did not become ready within \d+ ms/);
    expect(s.specVersion, 'back on spec version 1').toBe(1);
    expect(s.spec!.task!.process!.env, 'the old environment is restored').toEqual({ VERSION: '1' });

    const tasks = await waitFor(
      'every task of the service running and ready on spec version 1, none of version 2 left running',
      async () => {
        const all = await tasksOf(c, before.id);
        const l = live(all);
        const ok = l.length === 2 && l.every((t) => t.specVersion === 1 && runningReady(t)) && !all.some((t) => t.specVersion === 2 && t.status?.state === 'TASK_RUNNING');
        return ok ? all : null;
      },
      15_000,
    );
    expect(tasks.some((t) => t.specVersion === 2), `a task of the never-ready version was tried: ${describeTasks(tasks)}`).toBe(true);
    await c.removeService(before.id);
  }, 45_000);

  it('a liveness probe that starts failing fails the task ("liveness probe failed") and the task is replaced', async () => {
    const r = await create('dying', '--env', 'FAIL_AFTER_MS=1000', '--liveness-http', '8080:/live', '--liveness-period', '200ms', '--liveness-timeout', '150ms', '--liveness-failures', '2', '--detach');
    expect(r.code, r.stderr).toBe(0);
    const svc = await c.getService('dying');
    const after = await waitFor(
      'a task failed by its liveness probe and a replacement running in its slot',
      async () => {
        const all = await tasksOf(c, svc.id);
        const failed = all.find((t) => t.status?.state === 'TASK_FAILED' && /liveness probe failed/.test(t.status.message));
        const repl = failed && all.find((t) => t.slot === failed.slot && t.id !== failed.id && (t.meta?.createdAtMs ?? 0) >= (failed.meta?.createdAtMs ?? 0) && t.status?.state === 'TASK_RUNNING');
        return repl ? { failed, repl } : null;
      },
      20_000,
      100,
    );
    expect(after.failed.status!.message, 'the failure names the probe and the check').toMatch(/^liveness probe failed 2 times: http 503 from \/live$/);
    expect(after.failed.desiredState, 'the failed task is not meant to run any more').toBe('TASK_SHUTDOWN');
    expect(after.repl.restartsMs.length, 'the replacement carries the restart history').toBeGreaterThanOrEqual(1);
    await c.removeService(svc.id);
  }, 30_000);
});
