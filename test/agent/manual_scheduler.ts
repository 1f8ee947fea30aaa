// A manual clock for the probes (and anything else taking a `Scheduler`): time moves only when a
// test calls advance(), timers fire in time order (ties in the order they were set), and promise
// callbacks get to run after each timer, so async checks answer "at" the time they were fired.
import type { Scheduler } from '../../src/agent/probes.js';

interface Timer {
  atMs: number;
  seq: number;
  fn: () => void;
}

/** Lets pending promise callbacks (and their follow-ups) run: a few macrotask turns. */
export async function settle(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((r) => setImmediate(r));
}

export class ManualScheduler implements Scheduler {
  private timers: Timer[] = [];
  private seq = 0;

  constructor(private nowMs = 1_000_000) {}

  now(): number {
    return this.nowMs;
  }

  after(ms: number, fn: () => void): () => void {
    if (!(ms >= 0)) throw new Error(`a timer needs a delay >= 0, got ${ms}`);
    const t: Timer = { atMs: this.nowMs + ms, seq: this.seq++, fn };
    this.timers.push(t);
    return () => {
      this.timers = this.timers.filter((x) => x !== t);
    };
  }

  /** Timers set and not yet fired or cancelled. */
  get pending(): number {
    return this.timers.length;
  }

  /** When the next timer fires (null: none). */
  get nextAtMs(): number | null {
    return this.timers.length ? Math.min(...this.timers.map((t) => t.atMs)) : null;
  }

  /** Moves time forward by ms, firing every timer due on the way (also those set meanwhile). */
  async advance(ms: number): Promise<void> {
    const target = this.nowMs + ms;
    for (let guard = 0; ; guard++) {
      if (guard > 100_000) throw new Error('ManualScheduler.advance: more than 100000 timers fired (a timer loop with delay 0?)');
      const due = this.timers.filter((t) => t.atMs <= target).sort((a, b) => a.atMs - b.atMs || a.seq - b.seq)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.nowMs = due.atMs;
      due.fn();
      await settle();
    }
    this.nowMs = target;
    await settle();
  }
}
