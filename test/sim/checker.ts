// The Raft safety invariants, checked as events happen (so a violation is reported at the step
// that caused it):
//   election safety      at most one leader per term
//   log matching         two logs with an entry of the same index and term hold the same entry
//                        there, and agree on everything before it (checked inductively: same
//                        entry, same term of the previous entry)
//   leader completeness  a new leader's log holds every entry any node has applied
//   state machine safety every node applies the same entry at each index, in index order
//   linearizable reads   a read index is never below a write acknowledged before the read began
//   durability           after healing, every member applies every acknowledged write
import type { Entry, MemoryStorage } from '../../src/raft/index.js';
import type { RaftLog } from '../../src/raft/log.js';

export class Violation extends Error {
  constructor(
    readonly invariant: string,
    readonly detail: string,
  ) {
    super(`${invariant}: ${detail}`);
  }
}

function describe(e: { type: string; data: Buffer }): string {
  return e.type === 'ENTRY_CONF_CHANGE' ? `conf:${e.data.toString('hex')}` : e.data.toString();
}

export class Checker {
  private readonly leaders = new Map<number, number>();
  private readonly logEntries = new Map<string, { data: string; prevTerm: number; by: number }>();
  /** applied[i]: the entry at index i, as first applied by any node. */
  private readonly applied: ({ term: number; data: string } | undefined)[] = [];
  private readonly appliedOps = new Set<string>();
  private readonly acked = new Map<string, number>();
  private maxAcked = 0;
  private lastApplyWasFirst = false;

  onLeader(id: number, term: number, log: RaftLog): void {
    const other = this.leaders.get(term);
    if (other !== undefined && other !== id) {
      throw new Violation('election safety', `${id} and ${other} were both leader of term ${term}`);
    }
    this.leaders.set(term, id);
    const first = log.firstIndex();
    for (let i = 2; i < this.applied.length; i++) {
      const want = this.applied[i];
      if (!want || i < first) continue;
      if (i > log.lastIndex() || log.term(i) !== want.term) {
        throw new Violation(
          'leader completeness',
          `new leader ${id} of term ${term} lacks applied entry ${i} (term ${want.term}); its log has ${i > log.lastIndex() ? 'nothing' : `term ${log.term(i)}`} there`,
        );
      }
    }
  }

  onPersist(id: number, entries: readonly Entry[], disk: MemoryStorage): void {
    for (const e of entries) {
      const prevTerm = e.index - 1 >= disk.firstIndex() - 1 ? disk.term(e.index - 1) : -1;
      const key = `${e.index}:${e.term}`;
      const data = describe(e);
      const rec = this.logEntries.get(key);
      if (!rec) {
        this.logEntries.set(key, { data, prevTerm, by: id });
        continue;
      }
      if (rec.data !== data) {
        throw new Violation('log matching', `entry ${e.index} of term ${e.term} is "${data}" on ${id} but "${rec.data}" on ${rec.by}`);
      }
      if (rec.prevTerm >= 0 && prevTerm >= 0 && rec.prevTerm !== prevTerm) {
        throw new Violation(
          'log matching',
          `entry ${e.index} of term ${e.term} follows term ${prevTerm} on ${id} but term ${rec.prevTerm} on ${rec.by}`,
        );
      }
    }
  }

  onApply(id: number, prevIndex: number, e: Entry): void {
    if (e.index !== prevIndex + 1) {
      throw new Violation('state machine safety', `${id} applied entry ${e.index} right after ${prevIndex}`);
    }
    const data = describe(e);
    const rec = this.applied[e.index];
    this.lastApplyWasFirst = !rec;
    if (!rec) {
      this.applied[e.index] = { term: e.term, data };
      if (e.type === 'ENTRY_NORMAL' && e.data.length > 0) this.appliedOps.add(data);
      return;
    }
    if (rec.term !== e.term || rec.data !== data) {
      throw new Violation(
        'state machine safety',
        `${id} applied "${data}" (term ${e.term}) at ${e.index} where another node applied "${rec.data}" (term ${rec.term})`,
      );
    }
  }

  isFirstApply(_index: number): boolean {
    return this.lastApplyWasFirst;
  }

  onSnapshotInstalled(id: number, index: number, ops: readonly string[]): void {
    // The snapshot's state must be exactly the writes applied up to its index.
    const want: string[] = [];
    for (let i = 2; i <= index; i++) {
      const rec = this.applied[i];
      if (!rec) throw new Violation('state machine safety', `${id} installed a snapshot at ${index} holding entry ${i} that no node applied`);
      if (!rec.data.startsWith('conf:') && rec.data.length > 0) want.push(rec.data);
    }
    if (want.length !== ops.length || want.some((op, i) => ops[i] !== op)) {
      throw new Violation('state machine safety', `${id} installed a snapshot at ${index} whose state differs from the applied log`);
    }
  }

  onAck(op: string, index: number): void {
    this.acked.set(op, index);
    if (index > this.maxAcked) this.maxAcked = index;
  }

  onRead(id: number, ctx: string, index: number, ackedAtIssue: number): void {
    if (index < ackedAtIssue) {
      throw new Violation('linearizable read', `read ${ctx} on ${id} got index ${index}, below write ${ackedAtIssue} acknowledged before it began`);
    }
  }

  maxAckedIndex(): number {
    return this.maxAcked;
  }

  maxAppliedIndex(): number {
    return this.applied.length - 1;
  }

  isApplied(op: string): boolean {
    return this.appliedOps.has(op);
  }

  checkAllAckedApplied(members: { id: number; index: number }[]): void {
    for (const m of members) {
      if (m.index < this.maxAcked) {
        throw new Violation('durability', `member ${m.id} applied up to ${m.index}, but write at ${this.maxAcked} was acknowledged`);
      }
    }
  }

  afterStep(_tick: number): void {
    // Every invariant is checked at the event that could break it; nothing is left per step.
  }
}
