// The key/value API against real processes: the streaming write path (Session) carrying 1000
// concurrent puts, and retried writes (same request id) applied once.
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalCluster } from '../../deploy/local/cluster.js';
import { CHANNEL_OPTIONS, grpcProtos } from '../../src/api/grpc_util.js';
import type { ControlClient } from '../../src/gen/baton/v1/Control';
import type { CompareAndSwapRequest } from '../../src/gen/baton/v1/CompareAndSwapRequest';
import type { CompareAndSwapResponse__Output } from '../../src/gen/baton/v1/CompareAndSwapResponse';
import type { PutRequest } from '../../src/gen/baton/v1/PutRequest';
import type { PutResponse__Output } from '../../src/gen/baton/v1/PutResponse';
import { clientOf, FAST, readPrefix, waitForHealthy, withClient } from './helpers.js';

describe('key/value API (3 managers)', () => {
  let cluster: LocalCluster;
  let leaderAddr = '';
  let followerAddr = '';

  beforeAll(async () => {
    cluster = await LocalCluster.start({ managers: 3, flags: FAST, logLevel: 'warn' });
    const r = await waitForHealthy(cluster, cluster.managers.map((m) => m.id));
    leaderAddr = cluster.managers.find((m) => m.id === Number(r.leader))!.address;
    followerAddr = cluster.managers.find((m) => m.id !== Number(r.leader))!.address;
  }, 60_000);

  afterAll(async () => {
    await cluster?.close();
  });

  it.each([
    ['the leader', () => leaderAddr],
    ['a follower', () => followerAddr],
  ])('a session through %s carries 1000 concurrent puts: all acknowledged, all readable', async (who, addr) => {
    const prefix = `session/${who === 'the leader' ? 'l' : 'f'}/`;
    await withClient(clientOf(addr()), async (c) => {
      const s = c.session();
      try {
        const t0 = Date.now();
        const answers = await Promise.all(Array.from({ length: 1000 }, (_, i) => s.put(`${prefix}${String(i).padStart(4, '0')}`, `value-${i}`)));
        console.log(`[session through ${who}] 1000 puts acknowledged in ${Date.now() - t0} ms`);
        expect(answers).toHaveLength(1000);
        // Every put got its own revision.
        expect(new Set(answers.map((a) => Number(a.revision))).size).toBe(1000);
      } finally {
        s.close();
      }
    });
    // Readable, linearizably, through every manager.
    for (const m of cluster.managers) {
      const found = await withClient(clientOf(m.address), (c) => readPrefix(c, prefix));
      expect(found.size, `keys under ${prefix} through ${m.address}`).toBe(1000);
      for (let i = 0; i < 1000; i++) expect(found.get(`${prefix}${String(i).padStart(4, '0')}`)).toBe(`value-${i}`);
    }
  });

  describe('retried writes apply once', () => {
    const controls: ControlClient[] = [];
    const control = (addr: string): ControlClient => {
      const c = new (grpcProtos().baton.v1.Control)(addr, grpc.credentials.createInsecure(), CHANNEL_OPTIONS);
      controls.push(c);
      return c;
    };
    afterAll(() => {
      for (const c of controls) c.close();
    });
    const deadline = () => Date.now() + 10_000;
    const cas = (c: ControlClient, req: CompareAndSwapRequest) =>
      new Promise<CompareAndSwapResponse__Output>((resolve, reject) => c.CompareAndSwap(req, { deadline: deadline() }, (e, r) => (e ? reject(e) : resolve(r!))));
    const put = (c: ControlClient, req: PutRequest) =>
      new Promise<PutResponse__Output>((resolve, reject) => c.Put(req, { deadline: deadline() }, (e, r) => (e ? reject(e) : resolve(r!))));

    it('CAS v0 -> "a" sent twice with the same request id: the same answer twice, succeeded, version 1', async () => {
      const requestId = { clientId: `it-${process.pid}-cas`, seq: 1 };
      const req: CompareAndSwapRequest = { key: 'retry/cas', expectedVersion: 0, value: Buffer.from('a'), requestId };
      const first = await cas(control(leaderAddr), req);
      // The retry goes to another manager, as a client retrying after a lost answer might.
      const second = await cas(control(followerAddr), req);
      expect(first.succeeded).toBe(true);
      expect(second.succeeded).toBe(true);
      expect(Number(second.revision)).toBe(Number(first.revision));
      expect(second.prev).toEqual(first.prev);
      const g = await withClient(cluster.client(), (c) => c.get('retry/cas'));
      expect(g.kv?.value.toString()).toBe('a');
      expect(Number(g.kv?.version)).toBe(1);
      expect(Number(g.kv?.modRevision)).toBe(Number(first.revision));
      // The same CAS with a new request id is a new write: it fails (the version is 1 now).
      const third = await cas(control(leaderAddr), { ...req, requestId: { ...requestId, seq: 2 } });
      expect(third.succeeded).toBe(false);
      expect(Number(third.prev?.version)).toBe(1);
    });

    it('Put sent twice with the same request id (concurrently, through two managers): applied once', async () => {
      const requestId = { clientId: `it-${process.pid}-put`, seq: 7 };
      const req: PutRequest = { key: 'retry/put', value: Buffer.from('p'), requestId };
      const [a, b] = await Promise.all([put(control(leaderAddr), req), put(control(followerAddr), req)]);
      expect(Number(a.revision)).toBe(Number(b.revision));
      const again = await put(control(followerAddr), req);
      expect(Number(again.revision)).toBe(Number(a.revision));
      const g = await withClient(cluster.client(), (c) => c.get('retry/put'));
      expect(Number(g.kv?.version)).toBe(1);
      expect(Number(g.kv?.modRevision)).toBe(Number(a.revision));
    });
  });
});
