// A rolling update on the runc executor (real OCI containers; root, runc and busybox-static
// needed): 2 replicas of a busybox container serving HTTP with `httpd` on its $PORT, an http
// readiness probe on it, and an update of an environment variable with parallelism 1. Every task
// ends running and ready on the new spec, and at no sample is more than one slot unavailable
// (running and ready). Only the containers of this test's tasks are cleaned up.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LocalCluster } from '../../deploy/local/cluster.js';
import type { BatonClient } from '../../src/client/client.js';
import type { Task__Output } from '../../src/gen/baton/v1/Task';
import { busyboxTarball, OwnContainers, RUNC_SKIP } from './runc_helpers.js';
import { FAST, killChildren, runCli, sleep, waitFor } from './helpers.js';

const skip = RUNC_SKIP;
if (skip) console.warn(`runc rolling-update integration test skipped: ${skip}`);
const own = new OwnContainers();

async function tasksOf(c: BatonClient, serviceId: string): Promise<Task__Output[]> {
  const out: Task__Output[] = [];
  for await (const t of c.listAllTasks({ serviceId })) {
    own.seen.add(t.id);
    out.push(t);
  }
  return out;
}

const runningReady = (t: Task__Output) => t.status?.state === 'TASK_RUNNING' && t.health?.ready === true;

/** Slots with a task meant to run that runs and is ready. */
function availableSlots(tasks: Task__Output[]): number {
  return new Set(tasks.filter((t) => t.desiredState === 'TASK_RUNNING' && runningReady(t)).map((t) => t.slot)).size;
}

/** Both slots run spec version v, ready (one task meant to run each). */
function allReadyOn(tasks: Task__Output[], v: number): boolean {
  const live = tasks.filter((t) => t.desiredState === 'TASK_RUNNING');
  return live.length === 2 && live.every((t) => t.specVersion === v && runningReady(t));
}

describe.skipIf(skip !== null)('a rolling update on the runc executor with an http readiness probe (3 managers, 2 agents)', () => {
  let cluster: LocalCluster;
  let c: BatonClient;
  let dir: string;
  let managers = '';

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'baton-runc-update-'));
    const tar = busyboxTarball(dir, { www: true });
    cluster = await LocalCluster.start({ managers: 3, flags: FAST, logLevel: 'warn' });
    for (let i = 0; i < 2; i++) {
      const a = await cluster.addAgent();
      const r = await runCli(['image', 'import', '--data-dir', a.dataDir, 'busybox-www', tar]);
      expect(r.code, `image import on ${a.hostname}: ${r.stderr}`).toBe(0);
    }
    managers = cluster.managers.map((m) => m.address).join(',');
    c = cluster.client(10_000);
  }, 90_000);

  afterEach(async () => {
    await killChildren();
  });

  afterAll(async () => {
    await killChildren();
    c?.close();
    await cluster?.close();
    // Containers of this test's tasks that its agents may have left (the agents are gone).
    own.deleteAll();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('updates an env var of 2 httpd containers, parallelism 1: every task ends running and ready on the new spec', async () => {
    const svc = await c.createService({
      name: 'webbox',
      mode: 'replicated',
      replicated: { replicas: 2 },
      task: {
        container: { image: 'busybox-www', command: ['sh', '-c', 'echo "serving version $VERSION on $PORT"; exec httpd -f -p $PORT -h /www'], env: { VERSION: '1' } },
        ports: [{ name: 'http', targetPort: 8080 }],
        readiness: { http: { port: 'http', path: '/index.html' }, periodMs: 300, timeoutMs: 250 },
        restartPolicy: { condition: 'RESTART_ANY', delayMs: 100 },
      },
      update: { parallelism: 1, delayMs: 0, order: 'UPDATE_STOP_FIRST', failureAction: 'UPDATE_PAUSE', monitorMs: 500, maxFailureRatio: 0 },
    });
    await waitFor('2 containers running and ready on spec version 1', async () => allReadyOn(await tasksOf(c, svc.id), 1), 40_000, 100);
    expect(own.ids().length, 'runc lists the 2 containers').toBeGreaterThanOrEqual(2);

    const u = await runCli(['--managers', managers, 'service', 'update', 'webbox', '--env', 'VERSION=2', '--detach']);
    expect(u.code, `service update: ${u.stdout} ${u.stderr}`).toBe(0);

    const samples: number[] = [];
    let tasks: Task__Output[] = [];
    let state = '';
    const end = Date.now() + 60_000;
    while (Date.now() < end) {
      tasks = await tasksOf(c, svc.id);
      samples.push(availableSlots(tasks));
      const s = await c.getService(svc.id);
      state = `${s.updateStatus?.state}: ${s.updateStatus?.message}`;
      if (s.updateStatus?.state === 'UPDATE_COMPLETED' && allReadyOn(tasks, 2)) break;
      if (s.updateStatus?.state === 'UPDATE_PAUSED') break;
      await sleep(50);
    }
    const describeTasks = tasks.map((t) => `${t.slot}/v${t.specVersion}/${t.desiredState}/${t.status?.state}/${t.health?.ready ? 'ready' : 'not-ready'}/${t.status?.error ?? ''}`).join(', ');
    expect(state, `the update completed (tasks: ${describeTasks})`).toMatch(/^UPDATE_COMPLETED/);
    expect(allReadyOn(tasks, 2), `both tasks running and ready on spec version 2: ${describeTasks}`).toBe(true);
    const svcNow = await c.getService(svc.id);
    expect(svcNow.spec!.task!.container!.env, 'the new environment').toEqual({ VERSION: '2' });
    expect(svcNow.updateStatus, 'one slot per batch, no failure').toMatchObject({ updated: 2, total: 2, batches: 2, failures: 0 });
    expect(Math.min(...samples), `at most 1 of 2 slots unavailable at any sample (available: ${samples.join(',')})`).toBeGreaterThanOrEqual(1);

    const lines: string[] = [];
    await waitFor(
      'the new containers say they serve version 2',
      async () => {
        lines.length = 0;
        for await (const l of c.serviceLogs(svc.id)) lines.push(l.line);
        return lines.filter((l) => /^serving version 2 on \d+$/.test(l)).length >= 2;
      },
      15_000,
    );

    await c.removeService(svc.id);
    await waitFor('no container of this test left', () => own.ids().length === 0, 30_000);
  }, 150_000);
});
