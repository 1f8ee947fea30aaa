import { describe, expect, it } from 'vitest';
import {
  backoffDelayMs,
  conditionAllowsRestart,
  decideRestart,
  isSettledEnd,
  MAX_RESTART_HISTORY,
  type RestartPolicy,
  restartsWithinWindow,
  trimRestarts,
} from '../../src/orchestrator/restart.js';
import { task } from './builders.js';

const NOW = 10_000_000;
const policy = (p: Partial<RestartPolicy> = {}): RestartPolicy => ({ condition: 'RESTART_ANY', delayMs: 1000, maxAttempts: 0, windowMs: 0, ...p });

describe('restart conditions', () => {
  const ends = ['TASK_COMPLETE', 'TASK_FAILED', 'TASK_REJECTED', 'TASK_SHUTDOWN', 'TASK_ORPHANED'] as const;
  it.each([
    ['RESTART_ANY', [true, true, true, true, true]],
    ['RESTART_ON_FAILURE', [false, true, true, true, true]],
    ['RESTART_NONE', [false, false, false, false, false]],
  ] as const)('%s restarts after %j (COMPLETE, FAILED, REJECTED, SHUTDOWN, ORPHANED)', (condition, expected) => {
    expect(ends.map((s) => conditionAllowsRestart(condition, s)), `expected ${condition} to restart after ${ends.filter((_, i) => expected[i]).join(', ') || 'nothing'}`).toEqual(expected);
  });
});

describe('restart history (restarts_ms)', () => {
  it('keeps entries within the window only', () => {
    expect(restartsWithinWindow([NOW - 30_000, NOW - 9_999, NOW], 10_000, NOW), 'expected entries less than 10 s old').toEqual([NOW - 9_999, NOW]);
    expect(trimRestarts([NOW - 30_000, NOW - 5_000], policy({ windowMs: 10_000 }), NOW), 'expected the 30 s old entry trimmed').toEqual([NOW - 5_000]);
  });

  it('window 0 keeps at most the last 100 entries (bounded), or max_attempts if larger (up to 1000)', () => {
    const many = Array.from({ length: 150 }, (_, i) => NOW - 150 + i);
    expect(trimRestarts(many, policy(), NOW), 'expected the newest 100 of 150 entries').toEqual(many.slice(50));
    expect(trimRestarts(many, policy({ maxAttempts: 120 }), NOW).length, 'expected 120 entries kept for max_attempts 120').toBe(120);
    const huge = Array.from({ length: 2000 }, (_, i) => i);
    expect(trimRestarts(huge, policy({ maxAttempts: 5000 }), NOW).length, `expected at most ${MAX_RESTART_HISTORY} entries`).toBe(MAX_RESTART_HISTORY);
  });
});

describe('back-off', () => {
  it('doubles with each restart within the last 60 s, capped at 60 s', () => {
    const d = (k: number) => backoffDelayMs(policy({ delayMs: 5000 }), Array.from({ length: k }, (_, i) => NOW - i), NOW);
    expect([1, 2, 3, 4, 5, 10].map(d), 'expected 5, 10, 20, 40, then 60 s (cap)').toEqual([5000, 10_000, 20_000, 40_000, 60_000, 60_000]);
  });

  it('counts only restarts of the last 60 s, or of window_ms when shorter', () => {
    const restarts = [NOW - 70_000, NOW - 20_000, NOW];
    expect(backoffDelayMs(policy(), restarts, NOW), 'expected k = 2 (the 70 s old restart is out of the 60 s span)').toBe(2000);
    expect(backoffDelayMs(policy({ windowMs: 10_000 }), restarts, NOW), 'expected k = 1 with a 10 s window').toBe(1000);
  });

  it('delay_ms 0 means no delay; a delay_ms above 60 s is honoured, not cut', () => {
    expect(backoffDelayMs(policy({ delayMs: 0 }), [NOW, NOW, NOW], NOW), 'expected no delay').toBe(0);
    expect(backoffDelayMs(policy({ delayMs: 90_000 }), [NOW, NOW], NOW), 'expected the explicit 90 s delay, not more').toBe(90_000);
  });
});

describe('decideRestart', () => {
  it('restarts with the history extended by now and the back-off delay', () => {
    const d = decideRestart(task({ id: 'a', state: 'TASK_FAILED', message: 'exit code 3', restartsMs: [NOW - 1000] }), policy(), NOW);
    expect(d, 'expected a restart with history [-1 s, now], delay 2 s (second restart within 60 s)').toEqual({
      restart: true,
      reason: 'task failed: exit code 3',
      restartsMs: [NOW - 1000, NOW],
      delayMs: 2000,
      notBeforeMs: NOW + 2000,
    });
  });

  it('stops at max_attempts within the window, and the decision is marked on the task', () => {
    const t = task({ id: 'a', state: 'TASK_FAILED', message: 'oops', restartsMs: [NOW - 3000, NOW - 2000, NOW - 1000] });
    const d = decideRestart(t, policy({ maxAttempts: 3, windowMs: 30_000 }), NOW);
    expect(d, 'expected no restart, with the limit in the reason').toEqual({ restart: false, reason: 'restart limit reached: 3 attempts within 30s; task failed: oops' });
    const noWindow = decideRestart(t, policy({ maxAttempts: 3 }), NOW);
    expect(noWindow.reason, 'expected "in total" when there is no window').toBe('restart limit reached: 3 attempts in total (no window); task failed: oops');
    expect(isSettledEnd({ ...t, desiredState: 'TASK_SHUTDOWN', shutdownReason: d.reason }, 1), 'expected the marked task to settle its slot at its spec version').toBe(true);
    expect(isSettledEnd({ ...t, desiredState: 'TASK_SHUTDOWN', shutdownReason: d.reason }, 2), 'expected a newer spec version to unsettle the slot').toBe(false);
    expect(decideRestart(t, policy({ maxAttempts: 4, windowMs: 30_000 }), NOW).restart, 'expected a restart below the limit').toBe(true);
    expect(decideRestart(t, policy({ maxAttempts: 3, windowMs: 2500 }), NOW).restart, 'expected a restart when only 2 of 3 are within a 2.5 s window').toBe(true);
  });
});
