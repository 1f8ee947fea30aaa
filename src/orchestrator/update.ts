// The rollout state machine: rolling update, rollback, canary and rebalance, as one pure step.
//
// A rollout works on units: the slots of a replicated service (the eligible nodes of a global
// one). A unit is
//   - done:        its current task runs the target spec version, is available (RUNNING, and
//                  ready if its spec has a readiness probe), and has no predecessor left;
//   - in progress: its current task runs the target version but is not available yet, or it still
//                  has a predecessor (start-first), or it has no current task and will get one;
//   - to do:       its current task runs another version (or, rebalancing, sits on a crowded node).
// Batches: when no unit is in progress, the batch in flight (if any) is ready: batch_ready_ms is
// recorded; after the monitor window and then the delay the next batch starts: `parallelism`
// units to do (0: all), outdated tasks that are not available first. stop-first stops their
// current task (the unit is filled once it stopped); start-first starts a new task next to it
// (the old one is stopped once the new one is available). Nothing else is remembered: the units
// are read from the tasks on every step, the rest is on the service's update status, so a new
// leader carries on exactly where the old one stopped.
//
// Failures: a task of the target version created during the rollout that failed (or was
// rejected), or that runs but did not become ready within its grace, counts once (its id is
// kept). When failures / total exceeds max_failure_ratio, the failure action applies: pause
// (state PAUSED with the reason; resumed by ResumeServiceUpdate), continue, or rollback (the
// service goes back to the previous spec with a different task template, state ROLLING_BACK,
// driven by the restored spec's rollback config; a failing rollback pauses).
//
// Canary (update.canary = N): the first batch starts N tasks of the new version next to the old
// ones (start-first, whatever the order); once they are available and the monitor window passed,
// the state is CANARY until promoted (PromoteService, or auto_promote), then the update goes on.
import type { Service, Task } from '../store/types.js';
import { rollbackTarget, rolledBack, type UpdateStatus, updateStatus, withStatus } from './revisions.js';
import type { EmptySlotState } from './slot.js';
import { compareAge, hasEnded, isDesiredRunning, newestFirst, statusState } from './tasks.js';

export type UpdateConfig = NonNullable<NonNullable<Service['spec']>['update']>;
export type UpdateStateName = UpdateStatus['state'];

export const DEFAULT_UPDATE_CONFIG: Readonly<UpdateConfig> = Object.freeze({
  parallelism: 1,
  delayMs: 0,
  order: 'UPDATE_STOP_FIRST',
  failureAction: 'UPDATE_PAUSE',
  monitorMs: 5_000,
  maxFailureRatio: 0,
  canary: 0,
  autoPromote: false,
});

/** At most this many failed task ids are remembered on the status. */
export const MAX_FAILED_IDS = 1000;

const ACTIVE: readonly UpdateStateName[] = ['UPDATE_UPDATING', 'UPDATE_ROLLING_BACK', 'UPDATE_REBALANCING', 'UPDATE_CANARY'];
const FINISHED: readonly UpdateStateName[] = ['UPDATE_NONE', 'UPDATE_COMPLETED', 'UPDATE_ROLLED_BACK', 'UPDATE_REBALANCED'];

export function isRollingBack(s: Service): boolean {
  const st = s.updateStatus?.state;
  return st === 'UPDATE_ROLLING_BACK' || st === 'UPDATE_ROLLBACK_PAUSED';
}

/** The config that drives the rollout now: spec.rollback while rolling back, spec.update otherwise. */
export function activeConfig(s: Service): UpdateConfig {
  const c = isRollingBack(s) ? s.spec?.rollback : s.spec?.update;
  return { ...DEFAULT_UPDATE_CONFIG, ...(c ?? {}) };
}

/** `spec.update.parallelism` (0: all at once). */
export function updateParallelism(service: Service): number {
  return activeConfig(service).parallelism;
}

/** Why an old task was stopped, as `service ps` shows it. */
export function updateReason(specVersion: number): string {
  return `updated to spec version ${specVersion}`;
}
export function rollbackReason(specVersion: number): string {
  return `rolled back to spec version ${specVersion}`;
}
export const REBALANCE_REASON = 'rebalanced: moved to even out the spread over the nodes';

/** The reason for stopping an outdated task of this service now. */
export function stopReason(s: Service): string {
  if (s.updateStatus?.state === 'UPDATE_REBALANCING') return REBALANCE_REASON;
  return isRollingBack(s) ? rollbackReason(s.specVersion) : updateReason(s.specVersion);
}

/** Running, and ready if its spec has a readiness probe. A task that is not ready is never available. */
export function isAvailable(t: Task): boolean {
  return statusState(t) === 'TASK_RUNNING' && (!t.spec?.readiness || t.health?.ready === true);
}

/** How long a running task of the new version may stay not ready before it counts as a failure. */
export function readinessGraceMs(t: Task, monitorMs: number): number {
  const r = t.spec?.readiness;
  if (!r) return Number.POSITIVE_INFINITY;
  const period = r.periodMs || 10_000;
  return Math.max(monitorMs, r.initialDelayMs + period * ((r.successThreshold || 1) + (r.failureThreshold || 3)));
}

/**
 * Whether a slot keeps an outdated task running next to its current one: start-first (until the
 * new one is available) and canaries (until promoted).
 */
export function keepsPredecessor(s: Service): boolean {
  return activeConfig(s).order === 'UPDATE_START_FIRST' || canaryHold(s);
}

/** Canaries wait (their old tasks keep running): the update has a canary that is not promoted. */
export function canaryHold(s: Service): boolean {
  const st = s.updateStatus;
  if (!st || st.specVersion !== s.specVersion) return false;
  if (st.state !== 'UPDATE_UPDATING' && st.state !== 'UPDATE_CANARY' && st.state !== 'UPDATE_PAUSED') return false;
  return (s.spec?.update?.canary ?? 0) > 0 && !st.promoted;
}

/** The desired-RUNNING tasks of a unit: its current task and the predecessor it keeps, if any. */
export interface UnitTasks {
  current: Task | undefined;
  predecessor: Task | undefined;
  /** The other desired-RUNNING tasks: duplicates, to be stopped. */
  extra: Task[];
}

/**
 * Splits a unit's desired-RUNNING tasks: the current one is the newest of the service's spec
 * version (else the newest); the predecessor (only if the service keeps one) is the newest older
 * outdated task that has not ended, next to a current task of the current version.
 */
export function unitTasks(tasks: readonly Task[], s: Service): UnitTasks {
  const running = newestFirst(tasks.filter(isDesiredRunning));
  const current = running.find((t) => t.specVersion === s.specVersion) ?? running[0];
  let predecessor: Task | undefined;
  if (current && current.specVersion === s.specVersion && keepsPredecessor(s)) {
    predecessor = running.find((t) => t !== current && t.specVersion !== s.specVersion && !hasEnded(t) && compareAge(t, current) < 0);
  }
  return { current, predecessor, extra: running.filter((t) => t !== current && t !== predecessor) };
}

export interface RolloutUnit {
  current: Task | undefined;
  predecessor: Task | undefined;
  /** Without a current task: what happens to the unit ('settled' units are left out). */
  empty: EmptySlotState | null;
}

export interface RolloutInput {
  service: Service;
  units: RolloutUnit[];
  /** Every task of the service (failures are looked for among them). */
  tasks: readonly Task[];
  nowMs: number;
  /** Rebalancing: ids of tasks to move (on crowded nodes). */
  misplaced?: ReadonlySet<string>;
}

export interface RolloutDecision {
  /** stop-first: tasks to stop now (their unit is filled once they stopped). */
  stop: Task[];
  /** start-first and canaries: units (by their current task) that get a new task next to it now. */
  startNext: Task[];
  /** Predecessors whose replacement is available: stop them. */
  retire: Task[];
  /** The service changed (its update status, or a rollback), or null. */
  service: Service | null;
  /** 0, or when to step again (end of a monitor window or a delay, a readiness grace). */
  wakeAtMs: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** One step of the rollout (see the file header). Pure. */
export function stepRollout(input: RolloutInput): RolloutDecision {
  const { service, nowMs } = input;
  const V = service.specVersion;
  const misplaced = input.misplaced ?? new Set<string>();
  const out: RolloutDecision = { stop: [], startNext: [], retire: [], service: null, wakeAtMs: 0 };
  const wake = (t: number) => {
    if (t > nowMs && (out.wakeAtMs === 0 || t < out.wakeAtMs)) out.wakeAtMs = t;
  };
  const units = input.units.filter((u) => u.current || u.empty !== 'settled').map((u) => ({ ...u }));
  const outdated = (t: Task) => t.specVersion !== V;
  const hasWork = units.some((u) => (u.current && (outdated(u.current) || misplaced.has(u.current.id))) || u.predecessor);

  // A new rollout: the spec version changed, or work appeared after the last one finished.
  const prev = service.updateStatus;
  let st: Mutable<UpdateStatus> | null = prev ? structuredClone(prev) : null;
  if ((st === null && hasWork) || (st !== null && st.specVersion !== V) || (st !== null && FINISHED.includes(st.state) && hasWork)) {
    const old = units.find((u) => u.current && outdated(u.current))?.current;
    if (old || misplaced.size === 0) {
      st = updateStatus({ state: 'UPDATE_UPDATING', message: `updating to spec version ${V}`, startedMs: nowMs, specVersion: V, fromSpecVersion: old?.specVersion ?? st?.specVersion ?? 0 });
    } else {
      st = updateStatus({ state: 'UPDATE_REBALANCING', message: 'rebalancing: moving tasks to even out the spread over the nodes', startedMs: nowMs, specVersion: V, fromSpecVersion: V });
    }
  }
  if (st === null) return out;
  const cfg = activeConfig({ ...service, updateStatus: st });
  const hold = canaryHold({ ...service, updateStatus: st });

  // Predecessors whose replacement is available go (unless canaries wait for promotion).
  for (const u of units) {
    if (u.predecessor && u.current && isAvailable(u.current) && !hold) {
      out.retire.push(u.predecessor);
      u.predecessor = undefined;
    }
  }

  // Failures, while the rollout is active.
  if (ACTIVE.includes(st.state)) {
    const counted = new Set(st.failedTaskIds);
    const fresh: { task: Task; why: string }[] = [];
    for (const t of input.tasks) {
      if (t.specVersion !== V || counted.has(t.id) || t.desiredState === 'TASK_REMOVE' || (t.meta && t.meta.createdAtMs < st.startedMs)) continue;
      const s = statusState(t);
      if (s === 'TASK_FAILED' || s === 'TASK_REJECTED') {
        fresh.push({ task: t, why: `${s === 'TASK_FAILED' ? 'failed' : 'was rejected'}${t.status?.error ? `: ${t.status.error}` : t.status?.message ? `: ${t.status.message}` : ''}` });
      } else if (s === 'TASK_RUNNING' && isDesiredRunning(t) && !isAvailable(t)) {
        const deadline = (t.status?.timestampMs ?? nowMs) + readinessGraceMs(t, cfg.monitorMs);
        if (nowMs >= deadline) fresh.push({ task: t, why: `did not become ready within ${deadline - (t.status?.timestampMs ?? nowMs)} ms${t.health?.lastProbeResult ? ` (${t.health.lastProbeResult})` : ''}` });
        else wake(deadline);
      }
    }
    if (fresh.length > 0) {
      st.failures += fresh.length;
      st.failedTaskIds = [...st.failedTaskIds, ...fresh.map((f) => f.task.id)].slice(-MAX_FAILED_IDS);
      const total = Math.max(1, units.length);
      if (st.failures / total > cfg.maxFailureRatio && st.state !== 'UPDATE_REBALANCING') {
        const f = fresh[0]!;
        const who = `task ${f.task.id}${f.task.slot > 0 ? ` (slot ${f.task.slot})` : f.task.nodeId ? ` (node ${f.task.nodeId})` : ''} ${f.why}`;
        const tally = `${st.failures} failure${st.failures === 1 ? '' : 's'} of ${units.length} task${units.length === 1 ? '' : 's'}, max_failure_ratio ${cfg.maxFailureRatio}`;
        const rollingBack = st.state === 'UPDATE_ROLLING_BACK';
        if (cfg.failureAction === 'UPDATE_ROLLBACK' && !rollingBack) {
          const target = rollbackTarget(service, 0, true);
          if (target.ok) {
            out.service = rolledBack({ ...service, updateStatus: st }, target.revision, nowMs, `${who} (${tally})`);
            return out;
          }
          st.state = 'UPDATE_PAUSED';
          st.message = `update paused: ${who} (${tally}); cannot roll back: ${target.message}`;
        } else if (cfg.failureAction !== 'UPDATE_CONTINUE') {
          st.state = rollingBack ? 'UPDATE_ROLLBACK_PAUSED' : 'UPDATE_PAUSED';
          st.message = `${rollingBack ? 'rollback' : 'update'} paused: ${who} (${tally})`;
        }
      }
    }
  }

  // Classify the units.
  const todo: Task[] = [];
  let inProgress = 0;
  let done = 0;
  for (const u of units) {
    const c = u.current;
    if (!c) inProgress++;
    else if (outdated(c) || misplaced.has(c.id)) todo.push(c);
    // A canary next to its predecessor is done for its batch while canaries wait for promotion.
    else if (!isAvailable(c) || (u.predecessor && !hold)) inProgress++;
    else done++;
  }
  st.total = units.length;
  st.updated = done;

  if (st.state === 'UPDATE_UPDATING' || st.state === 'UPDATE_ROLLING_BACK' || st.state === 'UPDATE_REBALANCING') {
    if (inProgress > 0) {
      // A batch in flight (or a task of an earlier batch that failed and is being replaced: the
      // monitor window starts again once everything is available).
      st.batchReadyMs = 0;
    } else {
      if (st.batchStartedMs > 0 && st.batchReadyMs === 0) st.batchReadyMs = nowMs;
      const readyAt = st.batchReadyMs;
      const monitorEnd = readyAt === 0 ? 0 : readyAt + cfg.monitorMs;
      if (todo.length === 0) {
        if (nowMs >= monitorEnd) finish(st, nowMs);
        else wake(monitorEnd);
      } else if (st.state === 'UPDATE_UPDATING' && hold) {
        if (st.batches === 0) {
          startBatch(st, out, todo, Math.min(cfg.canary, todo.length), 'UPDATE_START_FIRST', nowMs);
        } else if (nowMs < monitorEnd) {
          wake(monitorEnd);
        } else if (cfg.autoPromote) {
          st.promoted = true;
          st.message = `canary promoted automatically: ${cfg.canary} task${cfg.canary === 1 ? '' : 's'} of spec version ${V} stayed available through the monitor window; updating the rest`;
          // The canaries' predecessors go now; the next batch starts at the next step.
          for (const u of units) {
            if (u.predecessor && u.current && isAvailable(u.current)) out.retire.push(u.predecessor);
          }
          wake(nowMs + 1);
        } else {
          st.state = 'UPDATE_CANARY';
          st.message = `${st.batches > 0 ? cfg.canary : 0} canary task${cfg.canary === 1 ? '' : 's'} of spec version ${V} running next to the old tasks; waiting for \`baton service promote ${service.spec?.name ?? service.id}\``;
        }
      } else {
        const next = readyAt === 0 ? 0 : monitorEnd + cfg.delayMs;
        if (nowMs >= next) {
          const n = cfg.parallelism === 0 ? todo.length : Math.min(cfg.parallelism, todo.length);
          // A rebalance moves tasks stop-first: the replacement is placed by the scheduler, which
          // spreads; a task started next to the old one would land where the old one is counted.
          startBatch(st, out, todo, n, st.state === 'UPDATE_REBALANCING' ? 'UPDATE_STOP_FIRST' : cfg.order, nowMs);
        } else wake(next);
      }
    }
  }

  if (!sameStatus(prev, st)) out.service = withStatus(service, st);
  return out;
}

function startBatch(st: Mutable<UpdateStatus>, out: RolloutDecision, todo: Task[], n: number, order: UpdateConfig['order'], nowMs: number): void {
  // Tasks that are not available first (replacing them costs nothing), then by slot, node, id.
  const rank = (t: Task) => (isAvailable(t) ? 1 : 0);
  const chosen = [...todo].sort((a, b) => rank(a) - rank(b) || a.slot - b.slot || cmp(a.nodeId, b.nodeId) || cmp(a.id, b.id)).slice(0, n);
  if (chosen.length === 0) return;
  if (order === 'UPDATE_START_FIRST') out.startNext.push(...chosen);
  else out.stop.push(...chosen);
  st.batchStartedMs = nowMs;
  st.batchReadyMs = 0;
  st.batches++;
}

function finish(st: Mutable<UpdateStatus>, nowMs: number): void {
  const was = st.state;
  st.state = was === 'UPDATE_ROLLING_BACK' ? 'UPDATE_ROLLED_BACK' : was === 'UPDATE_REBALANCING' ? 'UPDATE_REBALANCED' : 'UPDATE_COMPLETED';
  st.completedMs = nowMs;
  st.batchStartedMs = 0;
  st.batchReadyMs = 0;
  st.message =
    was === 'UPDATE_ROLLING_BACK'
      ? `rolled back to spec version ${st.specVersion}${st.message.startsWith('rolling back') ? ` (${st.message.replace(/^rolling back to [^:]*: /, '')})` : ''}`
      : was === 'UPDATE_REBALANCING'
        ? 'rebalanced'
        : `updated to spec version ${st.specVersion}`;
}

function sameStatus(a: UpdateStatus | null | undefined, b: UpdateStatus): boolean {
  if (!a) return false;
  return JSON.stringify(updateStatus(a)) === JSON.stringify(updateStatus(b));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A task that left its unit by a rollout step, for describing actions in tests and logs. */
export function describeRollout(d: RolloutDecision): string {
  return JSON.stringify({ stop: d.stop.map((t) => t.id), startNext: d.startNext.map((t) => t.id), retire: d.retire.map((t) => t.id), state: d.service?.updateStatus?.state ?? null, wakeAtMs: d.wakeAtMs });
}
