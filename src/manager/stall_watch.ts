// Reports when a manager's event loop was held up long enough to matter: everything a manager does
// (Raft messages, heartbeats, client calls) runs on that one thread, so a 200 ms stall is 200 ms
// of latency for every caller and, past the election timeout, a lost leadership. One warning line
// per stall, and one per long garbage-collection pause (often the cause), so an operator can tell
// a slow disk or network from a manager that was busy.
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import type { Logger } from './logger.js';

/** How often the watch timer runs; a stall is the lateness of its next turn. */
const PERIOD_MS = 20;

export interface StallWatchOptions {
  /** A turn this late (ms) is reported (default 100: a heartbeat interval). */
  thresholdMs?: number;
  /** A GC pause this long (ms) is reported (default 50). */
  gcThresholdMs?: number;
}

/** Starts watching; returns the function that stops it. */
export function watchEventLoop(log: Logger, opts: StallWatchOptions = {}): () => void {
  const threshold = opts.thresholdMs ?? 100;
  const gcThreshold = opts.gcThresholdMs ?? 50;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    const late = now - last - PERIOD_MS;
    last = now;
    if (late >= threshold) log.warn({ stalledMs: Math.round(late) }, 'event loop was blocked: Raft messages and client calls waited');
  }, PERIOD_MS);
  timer.unref();
  const gc = new PerformanceObserver((list) => {
    for (const e of list.getEntries() as PerformanceEntry[]) {
      if (e.duration >= gcThreshold) log.warn({ gcMs: Math.round(e.duration), kind: gcKind(e) }, 'long garbage-collection pause');
    }
  });
  gc.observe({ entryTypes: ['gc'] });
  return () => {
    clearInterval(timer);
    gc.disconnect();
  };
}

const GC_KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};

function gcKind(e: PerformanceEntry): string {
  const kind = (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? -1;
  return GC_KINDS[kind] ?? String(kind);
}
