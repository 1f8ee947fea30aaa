// Pieces shared by the Replica tests: fast timing, a brand-new storage, a put command.
import { MemoryDurableStorage } from '../../src/manager/durable_storage.js';
import { KvStore } from '../../src/store/kv_store.js';

export const timing = { tickMs: 10, electionTicks: 10, heartbeatTicks: 2 };

/** The storage of a new cluster of `voters`: an empty store's snapshot at index 1, term 1. */
export function freshStorage(voters: number[]): MemoryDurableStorage {
  const st = new MemoryDurableStorage();
  st.mem.applySnapshot({ metadata: { index: 1, term: 1, confState: { voters: [...voters], learners: [] } }, data: new KvStore().snapshot() });
  st.mem.setHardState({ term: 1, vote: 0, commit: 1 });
  return st;
}

/** A put of `key` with request id test:`seq` (value "v<seq>"). */
export const put = (key: string, seq: number) => ({
  op: 'put' as const,
  put: { key, value: Buffer.from(`v${seq}`), requestId: null },
  requestId: { clientId: 'test', seq },
});

/** One turn of the event loop. */
export const turn = () => new Promise<void>((r) => setImmediate(r));
