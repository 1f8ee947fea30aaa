// The bounded history of a service's specs, and the pure changes of a service object that the API
// (update, rollback) and the orchestrator (automatic rollback) make: both go through these
// functions so that a rollback means the same thing whoever starts it.
//
// - Service.revision numbers the current spec: 1 at creation, max(revision, history) + 1 on every
//   change (a rollback too: the restored spec gets a new number and leaves the history).
// - Service.history keeps earlier specs, oldest first, at most SPEC_HISTORY_LIMIT.
// - spec_version changes only when the task template does: a new template gets
//   last_spec_version + 1; a rollback returns to the spec_version the restored spec had, so that
//   the tasks still running it are kept and only the others are replaced.
import type { ServiceSpec__Output } from '../gen/baton/v1/ServiceSpec';
import type { SpecRevision__Output } from '../gen/baton/v1/SpecRevision';
import type { Service } from '../store/types.js';

export const SPEC_HISTORY_LIMIT = 10;

export type SpecRevision = SpecRevision__Output;
export type UpdateStatus = NonNullable<Service['updateStatus']>;

/**
 * The service with a changed update status only: it records which version wrote the spec (see
 * Service.spec_written_version), so that users' updates based on it stay valid.
 */
export function withStatus(cur: Service, status: UpdateStatus): Service {
  return { ...cur, updateStatus: status, specWrittenVersion: specWrittenVersion(cur) };
}

/** meta.version of the write that last changed the spec. */
export function specWrittenVersion(s: Service): number {
  return s.specWrittenVersion || s.meta?.version || 0;
}

/** The revision of the current spec (services stored before revisions existed count as 1). */
export function currentRevision(s: Service): number {
  return Math.max(1, s.revision);
}

/** The highest spec_version the service ever had. */
export function lastSpecVersion(s: Service): number {
  return Math.max(s.lastSpecVersion, s.specVersion, ...s.history.map((h) => h.specVersion));
}

/** An empty update status (every field at its zero value), with the given fields set. */
export function updateStatus(fields: Partial<UpdateStatus>): UpdateStatus {
  return {
    state: 'UPDATE_NONE',
    message: '',
    startedMs: 0,
    completedMs: 0,
    specVersion: 0,
    total: 0,
    updated: 0,
    failures: 0,
    batchStartedMs: 0,
    batchReadyMs: 0,
    batches: 0,
    failedTaskIds: [],
    promoted: false,
    fromSpecVersion: 0,
    ...fields,
  };
}

/** The history with the current spec appended (as a revision), trimmed to the limit. */
function pushCurrent(s: Service, nowMs: number, without?: number): SpecRevision[] {
  const h = s.history.filter((r) => r.revision !== without);
  h.push({ revision: currentRevision(s), specVersion: s.specVersion, spec: s.spec, createdMs: s.meta?.updatedAtMs || nowMs });
  return h.slice(Math.max(0, h.length - SPEC_HISTORY_LIMIT));
}

function nextRevision(s: Service): number {
  return Math.max(currentRevision(s), ...s.history.map((h) => h.revision)) + 1;
}

/**
 * The service with a new spec (an update): the current spec goes to the history; a changed task
 * template gets a new spec_version (and the orchestrator starts a rolling update for it).
 */
export function withNewSpec(cur: Service, next: ServiceSpec__Output, sameTask: boolean, nowMs: number): Service {
  const last = lastSpecVersion(cur);
  return {
    ...cur,
    spec: next,
    previousSpec: cur.spec,
    specVersion: sameTask ? cur.specVersion : last + 1,
    lastSpecVersion: sameTask ? last : last + 1,
    revision: nextRevision(cur),
    history: pushCurrent(cur, nowMs),
    specWrittenVersion: 0,
  };
}

/** Why a rollback cannot be done, or the revision it returns to. */
export type RollbackTarget = { ok: true; revision: SpecRevision } | { ok: false; code: 'NOT_FOUND' | 'FAILED_PRECONDITION'; message: string };

/**
 * The revision a rollback returns to: `toRevision` from the history, or (0) the spec before the
 * last change; `differentTemplate` (automatic rollback) skips revisions with the current task
 * template (a scale during the update is not what failed).
 */
export function rollbackTarget(s: Service, toRevision: number, differentTemplate = false): RollbackTarget {
  const name = s.spec?.name ?? s.id;
  if (toRevision > 0) {
    if (toRevision === currentRevision(s)) return { ok: false, code: 'FAILED_PRECONDITION', message: `to_revision: revision ${toRevision} is the current spec of service ${name}` };
    const r = s.history.find((h) => h.revision === toRevision);
    if (!r) {
      const have = s.history.map((h) => h.revision);
      return {
        ok: false,
        code: 'NOT_FOUND',
        message: `to_revision: revision ${toRevision} of service ${name} does not exist (${have.length > 0 ? `the history holds revisions ${have.join(', ')}` : 'the history is empty'}; the current revision is ${currentRevision(s)})`,
      };
    }
    return { ok: true, revision: r };
  }
  for (let i = s.history.length - 1; i >= 0; i--) {
    const r = s.history[i]!;
    if (!differentTemplate || r.specVersion !== s.specVersion) return { ok: true, revision: r };
  }
  return { ok: false, code: 'FAILED_PRECONDITION', message: `service ${name} has no previous spec to roll back to` };
}

/**
 * The service rolled back to `target`: its spec and spec_version come back, the current spec goes
 * to the history, and (when the task template differs) the update status says ROLLING_BACK, which
 * the orchestrator drives with the restored spec's rollback config.
 */
export function rolledBack(cur: Service, target: SpecRevision, nowMs: number, reason: string): Service {
  const templateChanges = target.specVersion !== cur.specVersion;
  const total = cur.updateStatus?.total ?? 0;
  return {
    ...cur,
    spec: structuredClone(target.spec),
    previousSpec: cur.spec,
    specVersion: target.specVersion,
    lastSpecVersion: lastSpecVersion(cur),
    revision: nextRevision(cur),
    history: pushCurrent(cur, nowMs, target.revision),
    specWrittenVersion: 0,
    updateStatus: templateChanges
      ? updateStatus({
          state: 'UPDATE_ROLLING_BACK',
          message: `rolling back to revision ${target.revision} (spec version ${target.specVersion}): ${reason}`,
          startedMs: nowMs,
          specVersion: target.specVersion,
          fromSpecVersion: cur.specVersion,
          total,
        })
      : cur.updateStatus,
  };
}
