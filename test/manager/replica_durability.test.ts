// A Replica answers a write only once its entry is durable: committed entries already on disk are
// applied while the next write is in progress, the others (a one-member cluster commits an entry
// in the Ready that writes it) only after that write completed.
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryDurableStorage } from '../../src/manager/durable_storage.js';
import { silentLogger } from '../../src/manager/logger.js';
import { Replica } from '../../src/manager/replica.js';
import { KvStore } from '../../src/store/kv_store.js';

const timing = { tickMs: 10, electionTicks: 10, heartbeatTicks: 2 };
let replica: Replica | null = null;
afterEach(async () => {
  await replica?.stop();
  replica = null;
});

describe('Replica durability', () => {
  it('a one-member cluster answers a write only after the write that holds it completed', async () => {
    const st = new MemoryDurableStorage();
    st.mem.applySnapshot({ metadata: { index: 1, term: 1, confState: { voters: [1], learners: [] } }, data: new KvStore().snapshot() });
    st.mem.setHardState({ term: 1, vote: 0, commit: 1 });
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
    const turn = () => new Promise((r) => setImmediate(r));
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
