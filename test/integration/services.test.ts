// Services against 3 real managers: create/update/scale/rollback/remove through the typed client
// and through the `baton` CLI; stale versions refused; malformed requests (through the client, a
// raw gRPC client and a raw TCP socket) refused clearly, changing nothing and stopping no
// manager; stacks; and a WatchObjects stream that survives a kill -9 of its manager.
// No worker joins this cluster: the orchestrator creates the tasks, and they stay pending with the
// scheduler's reason ("no nodes in the cluster").
import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LocalCluster } from '../../deploy/local/cluster.js';
import { grpcProtos } from '../../src/api/grpc_util.js';
import { MAX_SPEC_BYTES } from '../../src/api/validate_service.js';
import { BatonClient } from '../../src/client/client.js';
import type { ObjectEvent__Output } from '../../src/gen/baton/v1/ObjectEvent';
import type { Service__Output } from '../../src/gen/baton/v1/Service';
import type { ServiceSpec } from '../../src/gen/baton/v1/ServiceSpec';
import { clientOf, expectClientError, FAST, killChildren, runCli, sleep, waitFor, waitForHealthy, withClient } from './helpers.js';

const spec = (name: string, replicas = 1, extra: Partial<ServiceSpec> = {}): ServiceSpec => ({
  name,
  mode: 'replicated',
  replicated: { replicas },
  task: { container: { image: 'nginx:1.27' } },
  ...extra,
});

/**
 * Every service (id, name, version, replicas): equal means no service changed. (Not the store
 * revision: the orchestrator and scheduler write tasks of their own meanwhile.)
 */
async function state(c: BatonClient): Promise<{ services: string[] }> {
  const r = await c.listServices({ pageSize: 1000 });
  return {
    services: r.services.map((s) => `${s.spec!.namespace}/${s.spec!.name}#${s.id}@${s.meta!.version}:${s.spec!.replicated?.replicas ?? 'global'}`).sort(),
  };
}

describe('services (3 managers)', () => {
  let cluster: LocalCluster;
  let managers = '';
  const baton = (...args: string[]) => runCli(['--managers', managers, ...args]);

  beforeAll(async () => {
    cluster = await LocalCluster.start({ managers: 3, flags: FAST, logLevel: 'warn' });
    managers = cluster.managers.map((m) => m.address).join(',');
    await waitForHealthy(cluster, cluster.managers.map((m) => m.id));
  }, 60_000);

  afterEach(async () => {
    await killChildren();
  });

  afterAll(async () => {
    await killChildren();
    await cluster?.close();
  });

  /** Every manager process is alive and answers RaftStatus. */
  async function allManagersRunning(): Promise<void> {
    for (const m of cluster.managers) {
      expect(m.proc, `manager ${m.index} process`).not.toBeNull();
      await withClient(clientOf(m.address, 3_000), (c) => c.nodeStatus(m.address));
    }
  }

  it('client: create, get, list in pages, update, scale, rollback, remove', async () => {
    await withClient(cluster.client(), async (c) => {
      const web = await c.createService(spec('c-web', 2, { labels: { app: 'c' }, task: { container: { image: 'nginx:1.26' } } }));
      expect(web.id).toMatch(/^[0-9a-f]{25}$/);
      expect(web.spec!.namespace, 'default filled in').toBe('default');
      expect(web.spec!.update, 'defaults filled in').toMatchObject({ parallelism: 1, order: 'UPDATE_STOP_FIRST' });
      expect(web.specVersion).toBe(1);
      expect(web.previousSpec).toBeNull();

      // Read back through every manager alone (linearizable reads), by name and by id.
      for (const m of cluster.managers) {
        const got = await withClient(clientOf(m.address), (x) => x.getService('c-web'));
        expect(got.id).toBe(web.id);
        expect(got.meta!.version).toBe(web.meta!.version);
      }
      expect((await c.getService(web.id)).spec!.name).toBe('c-web');

      for (let i = 0; i < 5; i++) await c.createService(spec(`c-page-${i}`, 0, { labels: { app: 'c', paged: 'yes' }, namespace: 'paging' }));
      const page1 = await c.listServices({ namespace: 'paging', pageSize: 2 });
      expect(page1.services).toHaveLength(2);
      expect(page1.nextPageToken).not.toBe('');
      const all: Service__Output[] = [];
      for await (const s of c.listAllServices({ namespace: 'paging', pageSize: 2 })) all.push(s);
      expect(all.map((s) => s.spec!.name).sort()).toEqual(['c-page-0', 'c-page-1', 'c-page-2', 'c-page-3', 'c-page-4']);
      expect((await c.listServices({ labels: { app: 'c' } })).services).toHaveLength(6);
      expect((await c.listServices({ labels: { app: 'c', paged: 'yes' } })).services).toHaveLength(5);

      // Update: a new image; the old spec is kept for rollback.
      const v2spec = { ...web.spec!, task: { ...web.spec!.task!, container: { ...web.spec!.task!.container!, image: 'nginx:1.27' } } };
      const v2 = await c.updateService('c-web', web.meta!.version, v2spec);
      expect(v2.specVersion).toBe(2);
      expect(v2.meta!.version).toBeGreaterThan(web.meta!.version);
      expect(v2.spec!.task!.container!.image).toBe('nginx:1.27');
      expect(v2.previousSpec!.task!.container!.image).toBe('nginx:1.26');

      // Scale (an update of the replicas).
      const v3 = await c.updateService(web.id, v2.meta!.version, { ...v2.spec!, replicated: { replicas: 5 } });
      expect(v3.spec!.replicated!.replicas).toBe(5);

      // Roll back: the spec before the last update.
      const v4 = await c.rollbackService('c-web');
      expect(v4.spec!.replicated!.replicas).toBe(2);
      expect(v4.spec!.task!.container!.image).toBe('nginx:1.27');
      expect(v4.previousSpec!.replicated!.replicas).toBe(5);
      expect(v3.specVersion, 'scaling keeps the task template: its tasks are not replaced').toBe(2);
      expect(v4.specVersion, 'so does rolling the scaling back').toBe(2);

      // Its 2 tasks exist and wait for a node: there is none.
      const pending = await waitFor('2 pending tasks with the reason', async () => {
        const ts = (await c.listTasks({ serviceId: web.id })).tasks.filter((t) => t.desiredState === 'TASK_RUNNING');
        return ts.length === 2 && ts.every((t) => t.status?.message === 'no nodes in the cluster') ? ts : null;
      });
      expect(pending.map((t) => t.status?.state), 'both pending').toEqual(['TASK_PENDING', 'TASK_PENDING']);

      await c.removeService('c-web');
      const gone = await expectClientError(() => c.getService('c-web'));
      expect(gone.codeName).toBe('NOT_FOUND');
      for (let i = 0; i < 5; i++) await c.removeService(`c-page-${i}`, 'paging');
      expect((await c.listServices({ labels: { app: 'c' } })).services).toEqual([]);
    });
  });

  it('client: an update naming a stale version fails with FAILED_PRECONDITION and changes nothing', async () => {
    await withClient(cluster.client(), async (c) => {
      const s = await c.createService(spec('stale', 1));
      const fresh = await c.updateService('stale', s.meta!.version, { ...s.spec!, replicated: { replicas: 2 } });
      const before = await state(c);
      const e = await expectClientError(() => c.updateService('stale', s.meta!.version, { ...s.spec!, replicated: { replicas: 9 } }));
      expect(e.codeName).toBe('FAILED_PRECONDITION');
      expect(e.message).toMatch(new RegExp(`at version ${fresh.meta!.version}, not ${s.meta!.version}`));
      const r = await expectClientError(() => c.rollbackService('stale', { version: s.meta!.version }));
      expect(r.codeName).toBe('FAILED_PRECONDITION');
      expect(await state(c)).toEqual(before);
      expect((await c.getService('stale')).spec!.replicated!.replicas).toBe(2);

      // Renaming through an update, rolling back what was never updated: refused clearly.
      const rename = await expectClientError(() => c.updateService('stale', fresh.meta!.version, { ...fresh.spec!, name: 'other' }));
      expect(rename.codeName).toBe('INVALID_ARGUMENT');
      expect(rename.message).toMatch(/^spec\.name: a service cannot be renamed/);
      const t = await c.createService(spec('never-updated'));
      const nr = await expectClientError(() => c.rollbackService('never-updated'));
      expect(nr.codeName).toBe('FAILED_PRECONDITION');
      expect(nr.message).toMatch(/no previous spec/);
      await c.removeService('stale');
      await c.removeService(t.id);
    });
  });

  it('malformed requests get clear errors, leave the state unchanged and every manager running', async () => {
    await withClient(cluster.client(), async (c) => {
      await c.createService(spec('keep-me', 3));
      const before = await state(c);
      const refusals: [string, () => Promise<unknown>, RegExp][] = [
        ['missing name', () => c.createService({ task: { container: { image: 'x' } } }), /^spec\.name: must be 1-63 lowercase/],
        ['negative replicas', () => c.createService(spec('neg', -1)), /^spec\.replicated\.replicas: must be at most 10000, got 4294967295$/],
        ['huge replicas', () => c.createService(spec('huge', 1_000_000)), /^spec\.replicated\.replicas: must be at most 10000, got 1000000$/],
        [
          'oversized spec',
          () => c.createService(spec('big', 1, { labels: Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`k${i}`, 'v'.repeat(200)])) })),
          new RegExp(`^spec: must be at most ${MAX_SPEC_BYTES} bytes encoded, got \\d+$`),
        ],
        ['no runtime', () => c.createService({ name: 'nort', task: {} }), /^spec\.task: set exactly one runtime/],
        ['bad constraint', () => c.createService(spec('badc', 1, { task: { container: { image: 'x' }, placement: { constraints: ['zone=east'] } } })), /^spec\.task\.placement\.constraints\[0\]: /],
        ['update of a missing service', () => c.updateService('nope', 1, spec('nope')), /^service "nope" does not exist/],
        ['update without version', () => c.updateService('keep-me', 0, spec('keep-me')), /^version: must be the version/],
        ['duplicate name', () => c.createService(spec('keep-me')), /^spec\.name: a service named keep-me already exists in namespace default$/],
        ['page size too large', () => c.listServices({ pageSize: 5000 }), /^page_size: must be at most 1000, got 5000$/],
        ['empty task id', () => c.getTask(''), /^id: must not be empty$/],
        ['unknown node', () => c.getNode('no-such-node'), /^node "no-such-node" does not exist$/],
      ];
      for (const [what, call, msg] of refusals) {
        const e = await expectClientError(call);
        expect(e.message, what).toMatch(msg);
        expect(['INVALID_ARGUMENT', 'NOT_FOUND', 'ALREADY_EXISTS'], what).toContain(e.codeName);
      }

      // Unknown enum values, sent as numbers through a raw gRPC client (the typed client would not).
      const raw = new (grpcProtos().baton.v1.Control)(cluster.managers[1]!.address, grpc.credentials.createInsecure());
      const rawCreate = (s: object) =>
        new Promise<grpc.ServiceError | null>((resolve) => raw.CreateService({ spec: s }, { deadline: Date.now() + 5_000 }, (e) => resolve(e)));
      const enumCases: [object, string][] = [
        [{ ...spec('enum1'), task: { container: { image: 'x' }, restartPolicy: { condition: 42 } } }, 'spec.task.restart_policy.condition: must be one of RESTART_ANY, RESTART_ON_FAILURE, RESTART_NONE, got 42'],
        [{ ...spec('enum2'), update: { order: 7 } }, 'spec.update.order: must be one of UPDATE_STOP_FIRST, UPDATE_START_FIRST, got 7'],
        [{ ...spec('enum3'), rollback: { failureAction: 9 } }, 'spec.rollback.failure_action: must be one of UPDATE_PAUSE, UPDATE_CONTINUE, UPDATE_ROLLBACK, got 9'],
        [{ ...spec('enum4'), task: { container: { image: 'x' }, ports: [{ targetPort: 80, protocol: 3 }] } }, 'spec.task.ports[0].protocol: must be one of PORT_TCP, PORT_UDP, got 3'],
      ];
      for (const [s, msg] of enumCases) {
        const e = await rawCreate(s);
        expect(e?.code).toBe(grpc.status.INVALID_ARGUMENT);
        expect(e?.details).toBe(msg);
      }
      const noSpec = await rawCreate(null as unknown as object);
      expect(noSpec?.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(noSpec?.details).toBe('spec: is required');
      raw.close();

      // Random bytes to the gRPC port of every manager: plain garbage, and garbage after the
      // HTTP/2 preface. The manager closes the connection (after an HTTP/2 GOAWAY) and goes on.
      for (const m of cluster.managers) {
        for (const prefix of [Buffer.alloc(0), Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n')]) {
          const closedByServer = await new Promise<boolean>((resolve) => {
            // Not random: random bytes after the preface may form a valid frame header announcing
            // a long frame, which the server rightly waits for. 0xff.. announces a 16 MiB frame,
            // above any allowed frame size: a protocol error the server must close on.
            const sock = connect(m.port, '127.0.0.1', () => sock.write(Buffer.concat([prefix, Buffer.alloc(64 * 1024, 0xff)])));
            const timer = setTimeout(() => {
              sock.destroy();
              resolve(false);
            }, 5_000);
            sock.on('data', () => {});
            sock.on('error', () => {});
            sock.on('close', () => {
              clearTimeout(timer);
              resolve(true);
            });
          });
          expect(closedByServer, `manager ${m.index} closes a connection sending garbage`).toBe(true);
        }
      }
      await sleep(200);
      await allManagersRunning();
      expect(await state(c), 'nothing was written').toEqual(before);
      await waitForHealthy(cluster, cluster.managers.map((m) => m.id));
      await c.removeService('keep-me');
    });
  });

  it('a create retried with the same request id (through another manager) answers with the service it created', async () => {
    const raw = cluster.managers.map((m) => new (grpcProtos().baton.v1.Control)(m.address, grpc.credentials.createInsecure()));
    const create = (i: number, name: string, requestId: object | null) =>
      new Promise<{ e: grpc.ServiceError | null; s: Service__Output | undefined }>((resolve) =>
        raw[i]!.CreateService({ spec: spec(name), requestId }, { deadline: Date.now() + 5_000 }, (e: grpc.ServiceError | null, s?: Service__Output) => resolve({ e, s })),
      );
    try {
      const rid = { clientId: 'retry-test', seq: 1 };
      const first = await create(0, 'retried', rid);
      expect(first.e, 'expected the first create to succeed').toBe(null);
      const again = await create(1, 'retried', rid);
      expect(again.e, 'expected the retry to succeed, not ALREADY_EXISTS').toBe(null);
      expect(again.s!.id, 'expected the retry to answer with the service the first attempt created').toBe(first.s!.id);
      const other = await create(2, 'retried', { clientId: 'retry-test', seq: 2 });
      expect(other.e?.code, 'expected a create with another request id to meet ALREADY_EXISTS').toBe(grpc.status.ALREADY_EXISTS);
      const bad = await create(0, 'retried2', { clientId: 'retry-test', seq: 0 });
      expect(bad.e?.details, 'expected a request id without seq refused').toBe('request_id.seq: must be > 0 when client_id is set');
      await withClient(cluster.client(), async (c) => {
        expect((await c.listServices({ pageSize: 1000 })).services.filter((x) => x.spec!.name === 'retried').length, 'expected one service named retried').toBe(1);
        await c.removeService('retried');
      });
    } finally {
      for (const r of raw) r.close();
    }
  });

  it('CLI: promote with no canary, resume with nothing paused, rollback to a missing revision: exit 1, one line, nothing changed', async () => {
    const created = await baton('service', 'create', 'no-rollout', '--image', 'nginx:1.27', '--replicas', '1', '--detach');
    expect(created.code, created.stderr).toBe(0);
    const before = await withClient(cluster.client(), (c) => c.getService('no-rollout'));
    const cases: [string[], RegExp][] = [
      [['service', 'promote', 'no-rollout'], /^baton: FAILED_PRECONDITION: service no-rollout has no canary waiting for promotion \(update state UPDATE_NONE; its update config has canary 0\)$/],
      [['service', 'resume', 'no-rollout'], /^baton: FAILED_PRECONDITION: service no-rollout has no paused update or rollback to resume \(update state UPDATE_NONE\)$/],
      [['service', 'rollback', 'no-rollout', '--to-revision', '7'], /^baton: NOT_FOUND: to_revision: revision 7 of service no-rollout does not exist \(the history is empty; the current revision is 1\)$/],
    ];
    for (const [args, msg] of cases) {
      const r = await baton(...args);
      expect(r.code, `${args.join(' ')}: expected exit 1; stderr ${r.stderr}`).toBe(1);
      expect(r.stderr.trim().split('\n'), `${args.join(' ')}: expected one line`).toHaveLength(1);
      expect(r.stderr.trim(), args.join(' ')).toMatch(msg);
    }
    const after = await withClient(cluster.client(), (c) => c.getService('no-rollout'));
    expect(after.meta!.version, 'expected the service unchanged').toBe(before.meta!.version);
    expect((await baton('service', 'rm', 'no-rollout')).code).toBe(0);
  });

  it('CLI: create, ls, inspect, update, scale, rollback, ps, rm; usage errors exit 2', async () => {
    const create = await baton(
      'service', 'create', 'cli-web', '--image', 'nginx:1.26', '--replicas', '2', '--env', 'A=1', '--label', 'tier=front', '--publish', '8080:80',
      '--constraint', 'node.labels.zone == east', '--reserve-cpu', '0.5', '--reserve-memory', '256M', '--limit-memory', '1G',
      '--restart-condition', 'on-failure', '--update-parallelism', '2', '--update-delay', '10s', '--update-order', 'start-first', '--update-failure-action', 'rollback',
    );
    expect(create.code, create.stderr).toBe(0);
    const createLines = create.stdout.trim().split('\n');
    const [id, waited] = [createLines[0], createLines[createLines.length - 1]];
    expect(id).toMatch(/^[0-9a-f]{25}$/);
    expect(waited, 'without --detach it waits, then says why the tasks are pending').toBe('cli-web: tasks pending: no nodes in the cluster; the scheduler keeps trying (see `baton service ps cli-web`)');

    await withClient(cluster.client(), async (c) => {
      const s = await c.getService('cli-web');
      expect(s.id).toBe(id);
      expect(s.spec!.labels).toEqual({ tier: 'front' });
      expect(s.spec!.replicated!.replicas).toBe(2);
      expect(s.spec!.task!.container).toMatchObject({ image: 'nginx:1.26', env: { A: '1' } });
      expect(s.spec!.task!.ports).toEqual([{ name: '', protocol: 'PORT_TCP', targetPort: 80, publishedPort: 8080 }]);
      expect(s.spec!.task!.placement!.constraints).toEqual(['node.labels.zone == east']);
      expect(s.spec!.task!.reservations).toEqual({ milliCpus: 500, memoryBytes: 256 * 1024 ** 2 });
      expect(s.spec!.task!.limits).toEqual({ milliCpus: 0, memoryBytes: 1024 ** 3 });
      expect(s.spec!.task!.restartPolicy!.condition).toBe('RESTART_ON_FAILURE');
      expect(s.spec!.update).toMatchObject({ parallelism: 2, delayMs: 10_000, order: 'UPDATE_START_FIRST', failureAction: 'UPDATE_ROLLBACK' });
    });

    const ls = await baton('service', 'ls');
    expect(ls.code, ls.stderr).toBe(0);
    const lines = ls.stdout.trimEnd().split('\n');
    expect(lines[0]!.split(/\s+/)).toEqual(['ID', 'NAME', 'NAMESPACE', 'MODE', 'REPLICAS', 'RUNS', 'PORTS']);
    expect(lines.find((l) => l.includes('cli-web'))!.split(/\s+/)).toEqual([id!.slice(0, 12), 'cli-web', 'default', 'replicated', '0/2', 'nginx:1.26', '8080:80']);

    const json = await baton('service', 'inspect', 'cli-web', '-o', 'json');
    expect(json.code, json.stderr).toBe(0);
    expect((JSON.parse(json.stdout) as Service__Output).id).toBe(id);
    const yaml = await baton('service', 'inspect', 'cli-web', '-o', 'yaml');
    expect(yaml.stdout).toMatch(new RegExp(`^id: ${id}$`, 'm'));
    const human = await baton('service', 'inspect', 'cli-web');
    expect(human.stdout).toMatch(/^Mode:\s+replicated, 2 replicas$/m);
    expect(human.stdout).toMatch(/^Reservations:\s+cpu 0.5, memory 256M$/m);

    const upd = await baton('service', 'update', 'cli-web', '--image', 'nginx:1.27', '--env', 'B=2', '--detach');
    expect(upd.code, upd.stderr).toBe(0);
    expect(upd.stdout).toMatch(/^cli-web updated \(version \d+, spec version 2\)$/m);
    const scale = await baton('service', 'scale', 'cli-web=4', '--detach');
    expect(scale.code, scale.stderr).toBe(0);
    expect(scale.stdout.trim()).toBe('cli-web scaled to 4');
    await withClient(cluster.client(), async (c) => {
      const s = await c.getService('cli-web');
      expect(s.spec!.task!.container!.image).toBe('nginx:1.27');
      expect(s.spec!.task!.container!.env).toEqual({ A: '1', B: '2' });
      expect(s.spec!.replicated!.replicas).toBe(4);
      expect(s.spec!.task!.placement!.constraints, 'flags not given are kept').toEqual(['node.labels.zone == east']);
    });
    const same = await baton('service', 'update', 'cli-web', '--replicas', '4');
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout.trim(), 'an update that changes nothing is not sent (it would replace the previous spec)').toBe('cli-web: nothing to change');
    const rb = await baton('service', 'rollback', 'cli-web', '--detach');
    expect(rb.code, rb.stderr).toBe(0);
    await withClient(cluster.client(), async (c) => expect((await c.getService('cli-web')).spec!.replicated!.replicas).toBe(2));

    const ps = await baton('service', 'ps', 'cli-web');
    expect(ps.code, ps.stderr).toBe(0);
    const psLines = ps.stdout.trim().split('\n');
    expect(psLines[0]!.split(/\s+/), 'the header').toEqual(['ID', 'NAME', 'NODE', 'SPEC', 'DESIRED', 'STATE', 'SINCE', 'STOPPED', 'BECAUSE', 'ERROR']);
    for (const slot of ['cli-web.1', 'cli-web.2']) expect(psLines.some((l) => l.includes(slot) && /pending/i.test(l)), `a pending task of slot ${slot} in:\n${ps.stdout}`).toBe(true);

    // Usage errors: exit 2, one line naming the flag; nothing written.
    for (const [args, msg] of [
      [['service', 'create', 'x', '--image', 'a', '--replicas', '-1'], /^baton: --replicas: must be an integer/],
      [['service', 'create', 'x', '--image', 'a', '--update-delay', '10'], /^baton: --update-delay: "10" needs a unit/],
      [['service', 'create', 'x', '--image', 'a', '--reserve-memory', '1Q'], /^baton: --reserve-memory: "1Q" is not a size/],
      [['service', 'create', 'x'], /^baton: give --image IMAGE/],
      [['service', 'create'], /^error: missing required argument 'name'/],
      [['service', 'create', 'x', '--image', 'a', '--restart-condition', 'always'], /^error: option '--restart-condition <when>' argument 'always' is invalid/],
      [['service', 'ls', '-o', 'xml'], /^error: option '-o, --output <format>' argument 'xml' is invalid/],
      [['service', 'scale', 'cli-web'], /^baton: "cli-web" must be NAME=REPLICAS/],
    ] as [string[], RegExp][]) {
      const r = await baton(...args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(msg);
    }
    // Server refusals: exit 1, one line with the code.
    const dup = await baton('service', 'create', 'cli-web', '--image', 'x', '--detach');
    expect(dup.code).toBe(1);
    expect(dup.stderr.trim()).toBe('baton: ALREADY_EXISTS: spec.name: a service named cli-web already exists in namespace default');
    const bad = await baton('service', 'create', 'cli-bad', '--image', 'x', '--constraint', 'zone == east', '--detach');
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toMatch(/^baton: INVALID_ARGUMENT: spec\.task\.placement\.constraints\[0\]: /);
    const missing = await baton('service', 'update', 'nope', '--replicas', '2');
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe('baton: NOT_FOUND: service "nope" does not exist');

    const rm = await baton('service', 'rm', 'cli-web', 'nope');
    expect(rm.code, 'one of the two did not exist').toBe(1);
    expect(rm.stdout.trim()).toBe('cli-web');
    expect(rm.stderr.trim()).toBe('baton: nope: NOT_FOUND: service "nope" does not exist');
    await withClient(cluster.client(), async (c) => expect((await expectClientError(() => c.getService('cli-web'))).codeName).toBe('NOT_FOUND'));
  });

  it('CLI: node, task and cluster commands (no workers in this version: no nodes, no tasks)', async () => {
    const ls = await baton('node', 'ls', '-o', 'json');
    expect(ls.code, ls.stderr).toBe(0);
    expect(JSON.parse(ls.stdout)).toEqual([]);
    const inspect = await baton('node', 'inspect', 'w1');
    expect(inspect.code).toBe(1);
    expect(inspect.stderr.trim()).toBe('baton: NOT_FOUND: node "w1" does not exist');
    const task = await baton('task', 'inspect', 'no-such-task');
    expect(task.code).toBe(1);
    expect(task.stderr.trim()).toBe('baton: NOT_FOUND: task "no-such-task" does not exist');
    const upd = await baton('node', 'update', 'w1', '--availability', 'drain');
    expect(upd.code).toBe(1);
    const noop = await baton('node', 'update', 'w1');
    expect(noop.code).toBe(2);
    const ci = await baton('cluster', 'inspect', '-o', 'json');
    expect(ci.code, ci.stderr).toBe(0);
    const info = JSON.parse(ci.stdout) as { id: string; managerTokenHash: string };
    expect(info.id).not.toBe('');
    expect(info.managerTokenHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('CLI: stack deploy, ls, ps, rm; a wrong file writes nothing', async () => {
    const file = path.join(cluster.dir, 'shop.yaml');
    writeFileSync(
      file,
      'version: 1\nservices:\n  web:\n    image: nginx:1.27\n    replicas: 2\n    ports: ["8080:80"]\n  worker:\n    command: /usr/bin/worker\n    args: [--queue, jobs]\n    mode: global\n',
    );
    const d1 = await baton('stack', 'deploy', '-f', file);
    expect(d1.code, d1.stderr).toBe(0);
    expect(d1.stdout.trim().split('\n')).toEqual(['created shop-web', 'created shop-worker']);
    const d2 = await baton('stack', 'deploy', '-f', file, 'shop');
    expect(d2.stdout.trim().split('\n')).toEqual(['unchanged shop-web', 'unchanged shop-worker']);
    writeFileSync(file, 'version: 1\nservices:\n  web:\n    image: nginx:1.27\n    replicas: 3\n    ports: ["8080:80"]\n');
    const d3 = await baton('stack', 'deploy', '-f', file, '--prune');
    expect(d3.stdout.trim().split('\n')).toEqual(['updated shop-web', 'removed shop-worker']);

    await withClient(cluster.client(), async (c) => {
      const s = await c.getService('shop-web');
      expect(s.spec!.labels).toEqual({ 'baton.stack': 'shop' });
      expect(s.spec!.replicated!.replicas).toBe(3);
      const before = await state(c);
      const bad = path.join(cluster.dir, 'bad.yaml');
      writeFileSync(bad, 'version: 1\nservices:\n  web:\n    image: nginx\n    replicas: 5\n  db:\n    image: postgres\n    replcas: 2\n');
      const r = await baton('stack', 'deploy', '-f', bad, 'shop');
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain('services.db.replcas: unknown key');
      expect(await state(c), 'nothing written: web keeps 3 replicas, no db').toEqual(before);
    });

    const ls = await baton('stack', 'ls');
    expect(ls.stdout.trim().split('\n').map((l) => l.split(/\s+/))).toEqual([
      ['NAME', 'NAMESPACE', 'SERVICES'],
      ['shop', 'default', '1'],
    ]);
    const ps = await baton('stack', 'ps', 'shop');
    expect(ps.code, ps.stderr).toBe(0);
    const rm = await baton('stack', 'rm', 'shop');
    expect(rm.stdout.trim()).toBe('removed shop-web');
    const rm2 = await baton('stack', 'rm', 'shop');
    expect(rm2.code).toBe(1);
    expect(rm2.stderr.trim()).toBe('baton: NOT_FOUND: no stack named shop in namespace default');
  });

  it('CLI: events --since REV prints one line per change', async () => {
    const rev = await withClient(cluster.client(), async (c) => {
      const r = (await c.listServices()).revision;
      const s = await c.createService(spec('ev-web', 1));
      await c.updateService(s.id, s.meta!.version, { ...s.spec!, replicated: { replicas: 3 } });
      await c.removeService(s.id);
      return r;
    });
    // `events` runs until interrupted: runCli kills it after 4 s.
    const run = await runCli(['--managers', managers, 'events', '--since', String(rev), '--kind', 'service'], 4_000);
    const lines = run.stdout.trim().split('\n');
    expect(lines, run.stderr).toHaveLength(3);
    expect(lines[0]).toMatch(new RegExp(`^${rev + 1} created service [0-9a-f]{25} default/ev-web version=${rev + 1} spec_version=1 replicated=1$`));
    expect(lines[1], 'scaling keeps spec_version').toMatch(/^\d+ updated service [0-9a-f]{25} default\/ev-web version=\d+ spec_version=1 replicated=3$/);
    expect(lines[2]).toMatch(/^\d+ deleted service [0-9a-f]{25} default\/ev-web /);
  });

  it('watchObjects: a stream whose manager is killed (kill -9) resumes on another, losing and repeating nothing', async () => {
    // Start after a write of our own, so that start > 0 (0 would mean "from now on").
    const start = await withClient(cluster.client(), async (c) => (await c.createService(spec('wr-start', 0))).meta!.version);
    const watcher = cluster.client(10_000);
    const connects: { address: string; from: number }[] = [];
    const seen: ObjectEvent__Output[] = [];
    const ac = new AbortController();
    const loop = (async () => {
      for await (const e of watcher.watchObjects([], start, ac.signal, { onConnect: (address, from) => connects.push({ address, from }) })) seen.push(e);
    })();
    const key = (e: ObjectEvent__Output) => `${e.revision} ${e.kind} ${e.object} ${e.service?.id ?? e.task?.id ?? e.node?.id ?? e.cluster?.id}`;

    // A writer creating services through every manager while the watched manager dies.
    const writer = cluster.client(15_000);
    const failures: string[] = [];
    let n = 0;
    let stop = false;
    const writes = (async () => {
      while (!stop && n < 500) {
        try {
          await writer.createService(spec(`wr-${n}`, 0));
        } catch (e) {
          failures.push(String(e));
        }
        n++;
      }
    })();
    await waitFor('some events before the kill', () => seen.length >= 10, 20_000, 20);
    const victim = cluster.managers.findIndex((m) => m.address === connects[connects.length - 1]!.address);
    expect(victim).toBeGreaterThanOrEqual(0);
    const seenAtKill = seen.length;
    await cluster.kill(victim, 'SIGKILL');
    await waitFor('events after the kill', () => seen.length >= seenAtKill + 20, 30_000, 20);
    stop = true;
    await writes;
    const end = await writer.createService(spec('wr-end', 0));
    await waitFor('the last create, seen by the watch', () => seen.some((e) => e.service?.id === end.id), 15_000, 20);
    ac.abort();
    await loop;

    expect(connects.length, 'the stream was resumed').toBeGreaterThanOrEqual(2);
    expect(connects[1]!.address).not.toBe(cluster.managers[victim]!.address);

    // The reference: every event after `start`, replayed by a surviving manager.
    const other = cluster.managers.find((m) => m.index !== victim)!;
    const ref: ObjectEvent__Output[] = [];
    await withClient(clientOf(other.address), async (c) => {
      const ac2 = new AbortController();
      for await (const e of c.watchObjects([], start, ac2.signal)) {
        ref.push(e);
        if (e.service?.id === end.id) ac2.abort();
      }
    });
    const got = seen.map(key);
    expect(new Set(got).size, 'no event repeated').toBe(got.length);
    expect(got, 'the same events, in the same order, as a replay from a surviving manager').toEqual(ref.map(key));
    const revisions = seen.map((e) => e.revision);
    expect(revisions, 'in revision order').toEqual([...revisions].sort((a, b) => a - b));
    expect(seen.filter((e) => e.kind === 'OBJECT_CREATED').length, 'every create acknowledged to the writer is there').toBeGreaterThanOrEqual(n - failures.length + 1);

    watcher.close();
    writer.close();
    await cluster.restart(victim);
    await waitForHealthy(cluster, cluster.managers.map((m) => m.id));
    await allManagersRunning();
  }, 120_000);
});
