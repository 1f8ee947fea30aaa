// The worker lifecycle on the runc executor (real OCI containers; root and runc needed): a busybox
// image built here from busybox-static, imported with `baton image import` on every agent, a
// replicated service of containers that runs, logs, heals after its container's process is
// killed with SIGKILL, and leaves no container behind once removed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalCluster } from '../../deploy/local/cluster.js';
import type { BatonClient } from '../../src/client/client.js';
import type { Task__Output } from '../../src/gen/baton/v1/Task';
import { busyboxTarball, OwnContainers, RUNC_SKIP } from './runc_helpers.js';
import { FAST, runCli, waitFor } from './helpers.js';

const skip = RUNC_SKIP;
if (skip) console.warn(`runc integration test skipped: ${skip}`);
const own = new OwnContainers();

describe.skipIf(skip !== null)('workers on the runc executor (3 managers, 2 agents)', () => {
  let cluster: LocalCluster;
  let c: BatonClient;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'baton-runc-'));
    const tar = busyboxTarball(dir);
    cluster = await LocalCluster.start({ managers: 3, flags: FAST, logLevel: 'warn' });
    for (let i = 0; i < 2; i++) {
      const a = await cluster.addAgent();
      const r = await runCli(['image', 'import', '--data-dir', a.dataDir, 'busybox', tar]);
      expect(r.code, `image import on ${a.hostname}: ${r.stderr}`).toBe(0);
    }
    c = cluster.client(10_000);
  }, 90_000);

  afterAll(async () => {
    c?.close();
    await cluster?.close();
    // Containers of this test's tasks that its agents may have left (the agents are gone).
    own.deleteAll();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lists the imported image', async () => {
    const r = await runCli(['image', 'ls', '--data-dir', cluster.agents[0]!.dataDir]);
    expect(r.stdout, 'the image table names busybox').toMatch(/^busybox\s/m);
  });

  it('runs containers, shows their logs, replaces one killed with SIGKILL, removes them all', async () => {
    const svc = await c.createService({
      name: 'boxes',
      mode: 'replicated',
      replicated: { replicas: 2 },
      task: { container: { image: 'busybox', command: ['sh', '-c', 'echo hello from $BATON_TASK_ID; exec sleep 3600'] }, restartPolicy: { condition: 'RESTART_ANY', delayMs: 0 } },
    });
    const running = async (): Promise<Task__Output[] | null> => {
      const ts: Task__Output[] = [];
      for await (const t of c.listAllTasks({ serviceId: svc.id })) {
        own.seen.add(t.id);
        if (t.desiredState === 'TASK_RUNNING' && t.status?.state === 'TASK_RUNNING') ts.push(t);
      }
      return ts.length === 2 ? ts : null;
    };
    const tasks = await waitFor('2 containers running', running, 30_000);
    expect(own.ids().length, 'runc lists the 2 containers').toBeGreaterThanOrEqual(2);

    const lines: string[] = [];
    await waitFor(
      'both containers\' output in service logs',
      async () => {
        lines.length = 0;
        for await (const l of c.serviceLogs(svc.id)) lines.push(l.line);
        return tasks.every((t) => lines.includes(`hello from ${t.id}`));
      },
      15_000,
    );

    const victim = tasks[0]!;
    const pid = Number(/pid (\d+)/.exec(victim.status?.message ?? '')?.[1]);
    expect(pid, `a pid in the status message: ${victim.status?.message}`).toBeGreaterThan(1);
    process.kill(pid, 'SIGKILL');
    await waitFor(
      `a replacement container for slot ${victim.slot}`,
      async () => (await running())?.some((t) => t.slot === victim.slot && t.id !== victim.id) ?? false,
      30_000,
    );

    await c.removeService(svc.id);
    await waitFor('no container left', () => own.ids().length === 0, 30_000);
  }, 120_000);
});
