// A Replica answers a write only once its entry is durable: committed entries already on disk are
// applied while the next write is in progress, the others (a one-member cluster commits an entry
// in the Ready that writes it) only after that write completed; a leader applies what an
// acknowledgement commits while its next write is in progress.
import { afterEach, describe, expect, it } from 'vitest';
import type { MemoryDurableStorage } from '../../src/manager/durable_storage.js';
import { silentLogger } from '../../src/manager/logger.js';
import { Replica } from '../../src/manager/replica.js';
import type { Transport } from '../../src/raft/transport.js';
import type { Message } from '../../src/raft/types.js';
import { freshStorage, put, timing, turn } from './replica_helpers.js';

let replica: Replica | null = null;
const cleanup: Replica[] = [];
afterEach(async () => {
  await replica?.stop();
  replica = null;
  await Promise.all(cleanup.splice(0).map((r) => r.stop()));
});

describe('Replica durability', () => {
  it('a one-member cluster answers a write only after the write that holds it completed', async () => {
    const st = freshStorage([1]);
    // Persist calls can be held: each waits for release() once `holding` is set.
    let holding = false;
    const held: (() => void)[] = [];
    const persist = st.persist.bind(st);
    st.persist = async (rd) => {
      if (holding && rd.entries.length > 0) await new Promise<void>((r) => held.push(r));
      return persist(rd);
    };
    replica = new Replica({ id: 1, storage: st, timing, logger: silentLogger() });
    replica.start({ send: () => {}, setPeers: () => {}, close: async () => {} });
    await replica.waitForLeader(5000);
    await replica.write({ op: 'put', put: { key: 'a', value: Buffer.from('1'), requestId: null }, requestId: null });

    holding = true;
    let answered = false;
    const w = replica.write({ op: 'put', put: { key: 'b', value: Buffer.from('2'), requestId: null }, requestId: null }).then(() => (answered = true));
    for (let i = 0; i < 1000 && held.length === 0; i++) await turn();
    expect(held.length, 'expected the write of b to be in progress').toBe(1);
    // Whatever would answer early does so within a few turns of the loop (no clock involved).
    for (let i = 0; i < 20; i++) await turn();
    expect(answered, 'expected no answer while the entry of b is not durable').toBe(false);
    expect(replica.kv.get('b'), 'expected b not applied before its entry is durable').toBe(null);
    holding = false;
    held.shift()!();
    await w;
    expect(replica.kv.get('b')?.value.toString(), 'expected b applied once durable').toBe('2');
  });
});

describe('Replica: a leader answers while it writes', () => {
  it('applies an entry committed by acknowledgements that arrive during its next write, before that write completes', async () => {
    const ids = [1, 2, 3];
    const replicas = new Map<number, Replica>();
    // Acknowledgements to the leader can be held back, then delivered at once.
    let holdAcks = false;
    const heldAcks: Message[] = [];
    const transport = (): Transport => ({
      send: (ms: Message[]) => {
        for (const m of ms) {
          if (holdAcks && m.type === 'MSG_APP_RESP') heldAcks.push(m);
          else setImmediate(() => replicas.get(m.to)?.onMessage(m));
        }
      },
      setPeers: () => {},
      close: async () => {},
    });
    // The leader's writes of new entries can be held until released.
    let holdWrites = false;
    const heldWrites: (() => void)[] = [];
    const storages = new Map<number, MemoryDurableStorage>();
    let leaderId = 0;
    for (const id of ids) {
      const st = freshStorage(ids);
      const persist = st.persist.bind(st);
      st.persist = async (rd) => {
        if (holdWrites && id === leaderId && rd.entries.length > 0) await new Promise<void>((r) => heldWrites.push(r));
        return persist(rd);
      };
      storages.set(id, st);
      const r = new Replica({ id, storage: st, timing, logger: silentLogger() });
      replicas.set(id, r);
      cleanup.push(r);
    }
    for (const r of replicas.values()) r.start(transport());
    leaderId = await replicas.get(1)!.waitForLeader(5000);
    const leader = replicas.get(leaderId)!;
    await leader.write(put('warm', 1));

    // x is written everywhere, but its acknowledgements are held back.
    holdAcks = true;
    let xAnswered = false;
    const x = leader.write(put('x', 2)).then(() => (xAnswered = true));
    const xIndex = () => storages.get(leaderId)!.lastIndex();
    const acked = () => new Set(heldAcks.filter((m) => m.to === leaderId && !m.reject && m.index >= xIndex()).map((m) => m.from)).size;
    for (let i = 0; i < 1000 && acked() < 2; i++) await turn();
    expect(acked(), 'expected both followers to acknowledge x').toBe(2);

    // The leader starts writing y, and that write is held; then the acknowledgements of x arrive.
    holdWrites = true;
    holdAcks = false;
    const y = leader.write(put('y', 3));
    y.catch(() => undefined); // awaited below; a failed assertion before that stops the replicas
    for (let i = 0; i < 1000 && heldWrites.length === 0; i++) await turn();
    expect(heldWrites.length, 'expected the write of y to be in progress').toBe(1);
    for (const m of heldAcks.splice(0)) leader.onMessage(m);
    for (let i = 0; i < 20 && !xAnswered; i++) await turn();
    expect(xAnswered, 'expected x answered while the write of y is still in progress').toBe(true);
    expect(leader.kv.get('y'), 'expected y not applied before its write completed').toBe(null);

    holdWrites = false;
    heldWrites.shift()!();
    await Promise.all([x, y]);
    expect(leader.kv.get('y')?.value.toString(), 'expected y applied once durable').toBe('v3');
  });
});
