// The restart policy, as pure functions: whether a task that ended is replaced, when the
// replacement may start (back-off), and the restart history it carries.
//
// The history lives on the task (restarts_ms), not in the leader's memory: every replacement carries
// the times of the earlier restarts of its slot (or node, for a global service). A new leader reads
// it from the store, so restart limits and back-off survive leader changes (Swarm keeps this history
// in memory and users see the limits reset when the leader changes).
//
// The conditions:
//   RESTART_ANY         replace after any end, COMPLETE included;
//   RESTART_ON_FAILURE  replace after any end except COMPLETE (FAILED, REJECTED, and also a task the
//                       agent reports SHUTDOWN or ORPHANED although it was wanted running: it did not
//                       finish its work, and leaving the slot empty would silently lose a replica;
//                       this is what Swarm does). A COMPLETE task stays complete: its slot is
//                       satisfied and is not filled again until the service spec changes;
//   RESTART_NONE        never replace.
// A task that is not replaced gets desired SHUTDOWN and a shutdown_reason that starts with
// NOT_RESTARTED or RESTART_LIMIT_REACHED: that task is the slot's last word (see isSettledEnd).
import type { Service, Task } from '../store/types.js';
import { statusState, type TaskStateName } from './tasks.js';

export type RestartPolicy = NonNullable<NonNullable<Task['spec']>['restartPolicy']>;
export type RestartCondition = RestartPolicy['condition'];

/** What normalizeServiceSpec fills in when a spec has none. */
export const DEFAULT_RESTART_POLICY: Readonly<RestartPolicy> = Object.freeze({
  condition: 'RESTART_ANY',
  delayMs: 100,
  maxAttempts: 0,
  windowMs: 0,
});

/** Back-off counts the restarts of this last stretch of time (or of window_ms, if shorter). */
export const BACKOFF_WINDOW_MS = 60_000;
/** The back-off never grows past this (unless delay_ms itself is longer: then delay_ms). */
export const MAX_BACKOFF_MS = 60_000;
/**
 * restarts_ms holds at most max(100, max_attempts) entries, and never more than 1000: a task object
 * stays small even with window 0 (count forever). A max_attempts above 1000 cannot be counted and
 * so never stops restarts (the API should refuse it).
 */
export const MIN_RESTART_HISTORY = 100;
export const MAX_RESTART_HISTORY = 1_000;

/** Prefixes of the shutdown_reason of a task that ended and is not replaced. */
export const RESTART_LIMIT_REACHED = 'restart limit reached';
export const NOT_RESTARTED = 'not restarted';

/** The restart policy in force: the service's current spec (the user's latest word). */
export function restartPolicyOf(service: Service): RestartPolicy {
  return service.spec?.task?.restartPolicy ?? DEFAULT_RESTART_POLICY;
}

/** Whether the condition allows replacing a task that ended in this state. */
export function conditionAllowsRestart(condition: RestartCondition, endState: TaskStateName): boolean {
  switch (condition) {
    case 'RESTART_ANY':
      return true;
    case 'RESTART_ON_FAILURE':
      return endState !== 'TASK_COMPLETE';
    case 'RESTART_NONE':
      return false;
    default:
      throw new Error(`unknown restart condition ${JSON.stringify(condition)}`);
  }
}

/** The restarts that count at nowMs: those less than windowMs ago (window 0: all of them). */
export function restartsWithinWindow(restartsMs: readonly number[], windowMs: number, nowMs: number): number[] {
  if (windowMs === 0) return [...restartsMs];
  return restartsMs.filter((r) => nowMs - r < windowMs);
}

/** How many entries restarts_ms keeps under this policy. */
export function restartHistoryBound(policy: RestartPolicy): number {
  return Math.min(MAX_RESTART_HISTORY, Math.max(MIN_RESTART_HISTORY, policy.maxAttempts));
}

/** restarts_ms trimmed to the policy's window and bounded in length (keeps the newest). */
export function trimRestarts(restartsMs: readonly number[], policy: RestartPolicy, nowMs: number): number[] {
  const within = restartsWithinWindow(restartsMs, policy.windowMs, nowMs);
  const bound = restartHistoryBound(policy);
  return within.length > bound ? within.slice(within.length - bound) : within;
}

/**
 * The restart delay: delay_ms * 2^(k-1), k = the restarts (the one being made included) within the
 * last 60 s, or within window_ms when that is set and shorter; capped at 60 s (or at delay_ms when
 * that is longer, so an explicit long delay is honoured). delay_ms 0: no delay.
 */
export function backoffDelayMs(policy: RestartPolicy, restartsMsWithThisOne: readonly number[], nowMs: number): number {
  if (policy.delayMs <= 0) return 0;
  const span = policy.windowMs > 0 ? Math.min(policy.windowMs, BACKOFF_WINDOW_MS) : BACKOFF_WINDOW_MS;
  const k = Math.max(1, restartsMsWithThisOne.filter((r) => nowMs - r < span).length);
  const cap = Math.max(MAX_BACKOFF_MS, policy.delayMs);
  let delay = policy.delayMs;
  for (let i = 1; i < k && delay < cap; i++) delay *= 2;
  return Math.min(delay, cap);
}

export type RestartDecision =
  | {
      restart: true;
      /** shutdown_reason for the task that ended. */
      reason: string;
      /** restarts_ms of the replacement. */
      restartsMs: number[];
      delayMs: number;
      /** not_before_ms of the replacement (nowMs when there is no delay). */
      notBeforeMs: number;
    }
  | {
      restart: false;
      /** shutdown_reason for the task that ended; starts with NOT_RESTARTED or RESTART_LIMIT_REACHED. */
      reason: string;
    };

/** Why a task ended, for people: "task failed: exit code 1", "task completed". */
export function endReason(t: Task): string {
  const state = statusState(t);
  const message = t.status?.message || t.status?.error || '';
  if (state === 'TASK_COMPLETE') return message ? `task completed: ${message}` : 'task completed';
  return `task failed: ${message || state}`;
}

function formatWindow(windowMs: number): string {
  if (windowMs % 1000 === 0) return `${windowMs / 1000}s`;
  return `${windowMs}ms`;
}

/**
 * What to do with a task that ended while it was wanted running: replace it (with the restart
 * history and delay of the replacement), or not (the condition says no, or max_attempts restarts
 * already happened within the window). Decided at nowMs, once: the orchestrator writes the answer
 * down (desired SHUTDOWN and its reason on the task, and a replacement or none).
 */
export function decideRestart(t: Task, policy: RestartPolicy, nowMs: number): RestartDecision {
  const state = statusState(t);
  if (!conditionAllowsRestart(policy.condition, state)) {
    const cond = policy.condition === 'RESTART_NONE' ? 'none' : 'on-failure';
    return { restart: false, reason: `${NOT_RESTARTED}: ${endReason(t)}; the restart condition is ${cond}` };
  }
  const counted = restartsWithinWindow(t.restartsMs, policy.windowMs, nowMs);
  if (policy.maxAttempts > 0 && counted.length >= policy.maxAttempts) {
    const within = policy.windowMs > 0 ? `within ${formatWindow(policy.windowMs)}` : 'in total (no window)';
    return { restart: false, reason: `${RESTART_LIMIT_REACHED}: ${counted.length} attempts ${within}; ${endReason(t)}` };
  }
  const restartsMs = trimRestarts([...t.restartsMs, nowMs], policy, nowMs);
  const delayMs = backoffDelayMs(policy, restartsMs, nowMs);
  return { restart: true, reason: endReason(t), restartsMs, delayMs, notBeforeMs: nowMs + delayMs };
}

/**
 * The task ended and was not replaced on purpose (restart condition or limit): while the service
 * keeps the spec version this task ran, its slot (node) stays empty. The shutdown_reason is the
 * stored record of that decision, so any later leader reaches the same conclusion.
 */
export function isSettledEnd(t: Task, specVersion: number): boolean {
  return (
    t.desiredState === 'TASK_SHUTDOWN' &&
    t.specVersion === specVersion &&
    (t.shutdownReason.startsWith(RESTART_LIMIT_REACHED) || t.shutdownReason.startsWith(NOT_RESTARTED))
  );
}
