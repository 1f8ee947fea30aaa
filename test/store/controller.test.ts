// The controllers' loop: kicks coalesce, a pass that fails is retried, a requested wake-up runs
// a pass at that time, and stop() waits for the running pass.
import { describe, expect, it, vi } from 'vitest';
import { ControllerLoop } from '../../src/store/controller.js';
import { silentLogger } from '../../src/manager/logger.js';

function deferred() {
  let resolve!: () => void;
  const p = new Promise<void>((r) => (resolve = r));
  return { p, resolve };
}

describe('ControllerLoop', () => {
  it('coalesces kicks that arrive during a pass into one more pass', async () => {
    const gate = deferred();
    let passes = 0;
    const done = deferred();
    const loop = new ControllerLoop(
      async () => {
        passes++;
        if (passes === 1) await gate.p;
        if (passes === 2) done.resolve();
        return 0;
      },
      { name: 't', log: silentLogger(), resyncMs: 60_000 },
    );
    loop.start();
    await new Promise((r) => setTimeout(r, 20));
    for (let i = 0; i < 10; i++) loop.kick();
    gate.resolve();
    await done.p;
    await new Promise((r) => setTimeout(r, 30));
    await loop.stop();
    expect(passes, 'one pass for start, one for the ten kicks during it').toBe(2);
  });

  it('retries after a failed pass', async () => {
    let passes = 0;
    const done = deferred();
    const loop = new ControllerLoop(
      async () => {
        passes++;
        if (passes === 1) throw new Error('boom');
        done.resolve();
        return 0;
      },
      { name: 't', log: silentLogger(), resyncMs: 60_000, retryMs: 10 },
    );
    loop.start();
    await done.p;
    await loop.stop();
    expect(passes, 'the failed pass is followed by another').toBe(2);
  });

  it('runs again at the time a pass asked for, not before', async () => {
    // Fake timers and Date: the wake-up is checked on the loop's own clock, not on a busy machine's.
    vi.useFakeTimers();
    try {
      const times: number[] = [];
      const loop = new ControllerLoop(
        async () => {
          times.push(Date.now());
          return times.length === 1 ? Date.now() + 50 : 0;
        },
        { name: 't', log: silentLogger(), resyncMs: 60_000 },
      );
      loop.start();
      await vi.advanceTimersByTimeAsync(1_000);
      await loop.stop();
      expect(times.length, 'one pass for start, one for the wake-up (the resync is a minute away)').toBe(2);
      expect(times[1]! - times[0]!, 'the second pass waits for the requested wake-up, 50 ms after the first').toBeGreaterThanOrEqual(50);
    } finally {
      vi.useRealTimers();
    }
  });
});
