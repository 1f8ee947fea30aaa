import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { watchEventLoop } from '../../src/manager/stall_watch.js';

/** A logger whose warnings land in `lines`; `next()` resolves at the next one. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  let wake: (() => void) | null = null;
  const log = pino({ level: 'warn' }, { write: (s: string) => (lines.push(JSON.parse(s)), wake?.()) });
  const next = (what: string, ms = 5000) =>
    new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`expected a warning (${what}) within ${ms} ms; got ${JSON.stringify(lines)}`)), ms);
      wake = () => (clearTimeout(t), (wake = null), resolve());
    });
  return { log, lines, next };
}

function block(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe('watchEventLoop', () => {
  it('reports a blocked event loop with how long it was blocked, and nothing once stopped', async () => {
    const { log, lines, next } = capture();
    const stop = watchEventLoop(log, { thresholdMs: 100, gcThresholdMs: 1e9 });
    const warned = next('event loop blocked');
    block(250);
    await warned;
    stop();
    const stall = lines.find((l) => l['msg'] === 'event loop was blocked: Raft messages and client calls waited');
    expect(stall, `a stall line among ${JSON.stringify(lines)}`).toBeDefined();
    expect(stall!['stalledMs'], 'stalledMs of a 250 ms block').toBeGreaterThanOrEqual(200);
    const before = lines.length;
    block(250);
    await new Promise((r) => setTimeout(r, 60));
    expect(lines.length, 'no warning after stop()').toBe(before);
  });

  it('reports garbage-collection pauses over its threshold', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const { log, lines, next } = capture();
    const stop = watchEventLoop(log, { thresholdMs: 1e9, gcThresholdMs: 0 });
    let warned = next('GC pause');
    gc();
    // A full collection is reported as its incremental marking step(s), then the major pause.
    for (let i = 0; i < 5 && !lines.some((l) => l['kind'] === 'major'); i++) {
      await warned;
      warned = next('the major GC pause');
    }
    stop();
    expect(lines.map((l) => [l['msg'], l['kind']]), 'a major GC line').toContainEqual(['long garbage-collection pause', 'major']);
  });
});
