// Marking workers down: a node silent past the grace is marked down once; a dispatcher that was
// itself frozen (its clock jumped) starts every grace afresh instead of blaming the workers.
import { afterEach, describe, expect, it } from 'vitest';
import { Dispatcher } from '../../src/dispatcher/dispatcher.js';
import { silentLogger } from '../../src/manager/logger.js';
import type { ClusterState } from '../../src/store/controller.js';
import { ObjectStore } from '../../src/store/object_store.js';
import type { Node, StoreObject, StoreOp } from '../../src/store/types.js';

const GRACE = 3000;

function setup() {
  const objects = new ObjectStore();
  let now = 1_000_000;
  let revision = 1;
  const node = { id: 'n1', hostname: 'w1', address: '', resources: null, runtimes: ['process'], spec: { labels: {}, availability: 'NODE_ACTIVE', role: 'NODE_WORKER' }, status: { state: 'NODE_READY', message: '', sinceMs: now } } as unknown as Node;
  objects.apply({ ops: [{ kind: 'STORE_CREATE', object: { object: 'node', node } as StoreObject, expectedVersion: 0 }], nowMs: now }, revision++);
  const writes: string[] = [];
  const state: ClusterState = {
    objects,
    watch: () => () => {},
    async commit(ops: StoreOp[]) {
      for (const op of ops) writes.push(`${op.object!.node?.id}:${op.object!.node?.status?.state}`);
      return objects.apply({ ops, nowMs: now }, revision++).result;
    },
    nowMs: () => now,
  };
  const d = new Dispatcher(state, { log: silentLogger(), isLeader: () => true, notLeader: () => 'leader is 1 at x', checkToken: () => true, managers: () => [], heartbeatGraceMs: GRACE });
  const check = () => (d as unknown as { checkHeartbeats(): void }).checkHeartbeats();
  const advance = (ms: number, stepMs = 300) => {
    for (let t = 0; t < ms; t += stepMs) {
      now += stepMs;
      check();
    }
  };
  return { d, writes, check, advance, jump: (ms: number) => ((now += ms), check()) };
}

let stop: (() => Promise<void>) | null = null;
afterEach(async () => {
  await stop?.();
  stop = null;
});

describe('dispatcher heartbeats', () => {
  it('marks a silent node down after the grace (which a new dispatcher gives afresh, once more)', async () => {
    const h = setup();
    h.d.start();
    stop = () => h.d.stop();
    h.advance(GRACE + 600); // within the extended grace of a new dispatcher: nothing
    expect(h.writes, 'no write within grace + the extension').toEqual([]);
    h.advance(GRACE);
    await new Promise((r) => setImmediate(r));
    expect(h.writes, 'the node marked down once').toEqual(['n1:NODE_DOWN']);
  });

  it('a frozen dispatcher (clock jump) does not mark its nodes down; a later real silence does', async () => {
    const h = setup();
    h.d.start();
    stop = () => h.d.stop();
    h.advance(GRACE + 900);
    h.jump(10_000); // SIGSTOP for 10 s, then SIGCONT
    await new Promise((r) => setImmediate(r));
    expect(h.writes, 'the stall is the dispatcher\'s own: nothing marked down').toEqual([]);
    h.advance(GRACE - 600);
    expect(h.writes, 'a fresh grace after the stall').toEqual([]);
    h.advance(1200);
    await new Promise((r) => setImmediate(r));
    expect(h.writes, 'real silence after the fresh grace: down').toEqual(['n1:NODE_DOWN']);
  });
});
