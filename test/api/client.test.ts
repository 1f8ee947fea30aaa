// BatonClient's retry rules for object writes and its WatchObjects resume, against small
// in-process gRPC servers that fail on purpose in the ways a real manager can.
import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { grpcProtos } from '../../src/api/grpc_util.js';
import { normalizeServiceSpec } from '../../src/api/validate_service.js';
import { BatonClient, BatonClientError, notApplied, serviceSpecsEqual } from '../../src/client/client.js';
import type { ControlHandlers } from '../../src/gen/baton/v1/Control';
import type { ObjectEvent } from '../../src/gen/baton/v1/ObjectEvent';
import type { ObjectEvent__Output } from '../../src/gen/baton/v1/ObjectEvent';
import type { Service } from '../../src/gen/baton/v1/Service';
import type { ServiceSpec, ServiceSpec__Output } from '../../src/gen/baton/v1/ServiceSpec';
import type { WatchObjectsRequest__Output } from '../../src/gen/baton/v1/WatchObjectsRequest';
import { decode, encode } from '../../src/proto/load.js';

const servers: grpc.Server[] = [];
const clients: BatonClient[] = [];

afterEach(() => {
  for (const c of clients.splice(0)) c.close();
  for (const s of servers.splice(0)) s.forceShutdown();
});

/** A Control server on a free port with only the given handlers; returns its address. */
async function serve(handlers: Partial<ControlHandlers>): Promise<string> {
  const server = new grpc.Server();
  server.addService(grpcProtos().baton.v1.Control.service, handlers as grpc.UntypedServiceImplementation);
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
  servers.push(server);
  return `127.0.0.1:${port}`;
}

function client(managers: string[], timeoutMs = 4_000): BatonClient {
  const c = new BatonClient({ managers, timeoutMs });
  clients.push(c);
  return c;
}

const status = (code: grpc.status, details: string) => Object.assign(new Error(details), { code, details }) as grpc.ServiceError;
const spec = (replicas: number): ServiceSpec => ({ name: 'web', replicated: { replicas }, task: { container: { image: 'nginx' } } });
const stored = (s: ServiceSpec): ServiceSpec__Output => normalizeServiceSpec(decode<ServiceSpec__Output>('baton.v1.ServiceSpec', encode('baton.v1.ServiceSpec', s)), 0);
const service = (version: number, s: ServiceSpec): Service => ({ id: 'svc1', meta: { version, createdAtMs: 1, updatedAtMs: 1 }, spec: stored(s), specVersion: version, previousSpec: null });

describe('notApplied: which failures prove a write was not applied', () => {
  it.each([
    [grpc.status.UNAVAILABLE, 'No connection established. Last error: connect ECONNREFUSED 127.0.0.1:1', true],
    [grpc.status.UNAVAILABLE, 'Channel closed before call started', true],
    [grpc.status.UNAVAILABLE, 'no leader: no leader at term 3 (last known leader: none); members: ...', true],
    [grpc.status.UNAVAILABLE, 'the read could not be confirmed by a majority: ...', true],
    [grpc.status.UNAVAILABLE, 'the write was not committed within 5000 ms (it may still be applied): ...', false],
    [grpc.status.UNAVAILABLE, 'Connection dropped', false],
    [grpc.status.UNAVAILABLE, 'read ECONNRESET', false],
    [grpc.status.UNAVAILABLE, 'the manager is shutting down', false],
    [grpc.status.DEADLINE_EXCEEDED, 'Deadline exceeded', false],
    [grpc.status.INVALID_ARGUMENT, 'no leader: looks like one but is not UNAVAILABLE', false],
  ])('%i %j -> %s', (code, details, expected) => {
    expect(notApplied(status(code, details))).toBe(expected);
  });
});

describe('serviceSpecsEqual', () => {
  it('a sent spec equals the stored one once the server defaults are applied; map order does not matter', () => {
    const sent: ServiceSpec = { name: 'web', labels: { a: '1', b: '2' }, replicated: { replicas: 2 }, task: { container: { image: 'x', env: { X: '1', Y: '2' } } } };
    const st = stored({ ...sent, labels: { b: '2', a: '1' }, task: { container: { image: 'x', env: { Y: '2', X: '1' } } } });
    expect(serviceSpecsEqual(st, sent)).toBe(true);
    expect(serviceSpecsEqual(st, { ...sent, replicated: { replicas: 3 } })).toBe(false);
    expect(serviceSpecsEqual(st, { ...sent, name: 'BAD' }), 'an invalid spec equals nothing').toBe(false);
    expect(serviceSpecsEqual(null, null)).toBe(true);
    expect(serviceSpecsEqual(st, null)).toBe(false);
  });
});

describe('attempt budget on one manager', () => {
  /** The budget a server saw: its call's deadline minus the time the call arrived. */
  const budgetOf = (call: grpc.ServerUnaryCall<unknown, unknown>) => Number(call.getDeadline()) - Date.now();

  it('a manager that does not answer is left after 1 s, not half the timeout (10 s client)', async () => {
    const budgets: number[] = [];
    const silent = await serve({ GetService: (call) => void budgets.push(budgetOf(call)) }); // never answers
    const ok = await serve({ GetService: (_c, cb) => cb(null, service(1, spec(1))) });
    const s = await client([silent, ok], 10_000).getService('web');
    expect(s.id, 'expected the answer of the second manager').toBe('svc1');
    expect(budgets.length, 'expected one attempt on the silent manager').toBe(1);
    expect(budgets[0]!, `expected a budget of about 1000 ms on the first attempt, got ${budgets[0]}`).toBeLessThanOrEqual(1_000);
    expect(budgets[0]!, `expected a budget of about 1000 ms on the first attempt, got ${budgets[0]}`).toBeGreaterThan(200);
  });

  it('a call that is only slow gets a doubled budget on the next attempt, and succeeds', async () => {
    const budgets: number[] = [];
    const slow: Partial<ControlHandlers> = {
      GetService: (call, cb) => {
        budgets.push(budgetOf(call));
        setTimeout(() => cb(null, service(1, spec(1))), 1_300);
      },
    };
    const a = await serve(slow);
    const b = await serve(slow);
    const s = await client([a, b], 10_000).getService('web');
    expect(s.id, 'expected an answer').toBe('svc1');
    expect(budgets.length, `expected two attempts, budgets ${budgets.join(', ')}`).toBe(2);
    expect(budgets[1]!, `expected the second attempt to get about 2000 ms (more than the first 1000), got ${budgets[1]}`).toBeGreaterThan(1_200);
  });
});

describe('createService retries', () => {
  it('goes to the next manager after "no leader" (nothing was proposed): created once', async () => {
    let creates = 0;
    const a = await serve({ CreateService: (_c, cb) => cb(status(grpc.status.UNAVAILABLE, 'no leader: no leader at term 2')) });
    const b = await serve({ CreateService: (call, cb) => (creates++, cb(null, service(1, call.request.spec as ServiceSpec))) });
    const s = await client([a, b]).createService(spec(1));
    expect(s.id).toBe('svc1');
    expect(creates).toBe(1);
  });

  it('after a failure that may have applied it, retries on the next manager with the same request id', async () => {
    const ids: string[] = [];
    const rid = (call: { request: { requestId?: { clientId: string; seq: number } | null } }) => `${call.request.requestId?.clientId}:${call.request.requestId?.seq}`;
    const a = await serve({ CreateService: (call, cb) => (ids.push(rid(call)), cb(status(grpc.status.UNAVAILABLE, 'the write was not committed within 5000 ms (it may still be applied): x'))) });
    const b = await serve({ CreateService: (call, cb) => (ids.push(rid(call)), cb(null, service(1, call.request.spec as ServiceSpec))) });
    const s = await client([a, b]).createService(spec(1));
    expect(s.id, 'expected the answer of the retry').toBe('svc1');
    expect(ids.length, 'expected two attempts').toBe(2);
    expect(ids[0], 'expected a request id on the first attempt').toMatch(/^[0-9a-f]+:1$/);
    expect(ids[1], 'expected the retry to carry the same request id').toBe(ids[0]);
  });
});

describe('updateService after an ambiguous failure', () => {
  it('a retry that meets FAILED_PRECONDITION returns the service when it holds what was sent', async () => {
    let current = service(5, spec(1));
    let calls = 0;
    const handlers: Partial<ControlHandlers> = {
      UpdateService: (call, cb) => {
        calls++;
        const req = call.request;
        if (req.version !== current.meta!.version) return cb(status(grpc.status.FAILED_PRECONDITION, `service svc1 is at version ${current.meta!.version}, not ${req.version}`));
        current = service(9, req.spec as ServiceSpec);
        if (calls === 1) return; // applied, but the answer is lost: the caller times out
        cb(null, current);
      },
      GetService: (_c, cb) => cb(null, current),
    };
    const a = await serve(handlers);
    const b = await serve(handlers);
    const s = await client([a, b], 2_000).updateService('web', 5, spec(3));
    expect(calls).toBe(2);
    expect(s.meta!.version).toBe(9);
    expect(s.spec!.replicated!.replicas).toBe(3);
  });

  it('but a real conflict (someone else changed it to something else) is returned', async () => {
    let calls = 0;
    const other = service(9, spec(7));
    const handlers: Partial<ControlHandlers> = {
      UpdateService: (_call, cb) => {
        calls++;
        if (calls === 1) return cb(status(grpc.status.UNAVAILABLE, 'Connection dropped'));
        cb(status(grpc.status.FAILED_PRECONDITION, 'service svc1 is at version 9, not 5'));
      },
      GetService: (_c, cb) => cb(null, other),
    };
    const a = await serve(handlers);
    const b = await serve(handlers);
    const e = (await client([a, b]).updateService('web', 5, spec(3)).catch((x: unknown) => x)) as BatonClientError;
    expect(e.codeName).toBe('FAILED_PRECONDITION');
    expect(calls).toBe(2);
  });

  it('FAILED_PRECONDITION on the first attempt is a conflict, returned at once', async () => {
    let gets = 0;
    const a = await serve({
      UpdateService: (_c, cb) => cb(status(grpc.status.FAILED_PRECONDITION, 'service svc1 is at version 6, not 5')),
      GetService: (_c, cb) => (gets++, cb(null, service(6, spec(3)))),
    });
    const e = (await client([a]).updateService('web', 5, spec(3)).catch((x: unknown) => x)) as BatonClientError;
    expect(e.codeName).toBe('FAILED_PRECONDITION');
    expect(gets).toBe(0);
  });
});

describe('removeService', () => {
  it('removes by id; NOT_FOUND on a retry after an ambiguous failure means done', async () => {
    let calls = 0;
    const removed: string[] = [];
    const handlers: Partial<ControlHandlers> = {
      GetService: (_c, cb) => cb(null, service(3, spec(1))),
      RemoveService: (call, cb) => {
        calls++;
        removed.push(call.request.service);
        if (calls === 1) return cb(status(grpc.status.UNAVAILABLE, 'read ECONNRESET'));
        cb(status(grpc.status.NOT_FOUND, 'service "svc1" does not exist'));
      },
    };
    const a = await serve(handlers);
    const b = await serve(handlers);
    await client([a, b]).removeService('web');
    expect(removed).toEqual(['svc1', 'svc1']);
  });
});

describe('watchObjects resume', () => {
  const ev = (revision: number, id: string): ObjectEvent => ({ kind: 'OBJECT_UPDATED', revision, service: { id, meta: { version: revision } }, object: 'service' });

  it('after a break in the middle of a revision: resumes from the revision before, skipping what it delivered and stale live events', async () => {
    const history = [ev(6, 'a'), ev(6, 'b'), ev(7, 'c'), ev(7, 'd'), ev(8, 'e')];
    const asked: { server: string; start: number }[] = [];
    const a = await serve({
      WatchObjects: (call) => {
        asked.push({ server: 'a', start: (call.request as WatchObjectsRequest__Output).startRevision });
        // Delivers 6a, 6b, 7c, then dies before 7d.
        for (const e of history.slice(0, 3)) call.write(e);
        setTimeout(() => call.emit('error', status(grpc.status.UNAVAILABLE, 'Connection dropped')), 100);
      },
    });
    const b = await serve({
      WatchObjects: (call) => {
        const start = (call.request as WatchObjectsRequest__Output).startRevision;
        asked.push({ server: 'b', start });
        // A lagging manager: applies (and sends live) an old revision first, then replays.
        call.write(ev(5, 'old'));
        for (const e of history) if ((e.revision as number) > start) call.write(e);
      },
    });
    const ac = new AbortController();
    const got: string[] = [];
    for await (const e of client([a, b]).watchObjects([], 5, ac.signal)) {
      got.push(`${e.revision}${e.service!.id}`);
      if (got.length === 5) ac.abort();
    }
    expect(got).toEqual(['6a', '6b', '7c', '7d', '8e']);
    expect(asked).toEqual([
      { server: 'a', start: 5 },
      { server: 'b', start: 6 },
    ]);
  });

  it('OUT_OF_RANGE (compacted) is not retried: the caller must list again', async () => {
    const a = await serve({ WatchObjects: (call) => void call.emit('error', status(grpc.status.OUT_OF_RANGE, 'revision 2 is compacted')) });
    const e = await (async () => {
      for await (const _ of client([a]).watchObjects([], 2)) void _;
    })().catch((x: unknown) => x);
    expect((e as BatonClientError).codeName).toBe('OUT_OF_RANGE');
  });

  it('gives up with UNAVAILABLE when no manager can be watched for the timeout', async () => {
    const t0 = Date.now();
    const e = await (async () => {
      for await (const _ of client(['127.0.0.1:1', '127.0.0.1:2'], 1_000).watchObjects([], 3)) void _;
    })().catch((x: unknown) => x);
    expect((e as BatonClientError).codeName).toBe('UNAVAILABLE');
    expect((e as BatonClientError).message).toMatch(/no manager could be watched for 1000 ms/);
    expect(Date.now() - t0).toBeLessThan(5_000);
  });

  it('an abort ends the iteration quietly', async () => {
    const a = await serve({ WatchObjects: (call) => call.write(ev(4, 'x')) });
    const ac = new AbortController();
    const got: ObjectEvent__Output[] = [];
    for await (const e of client([a]).watchObjects([], 3, ac.signal)) {
      got.push(e);
      ac.abort();
    }
    expect(got).toHaveLength(1);
  });
});
