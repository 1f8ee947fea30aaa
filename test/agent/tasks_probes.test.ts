// Probes in the agent's task life cycle (TaskManager): a fake executor and a manual clock for the
// rules (what is reported, when; liveness failure; stop and adoption), then one run of the real
// process executor with the probe-target fixture and real time.
import { afterEach, describe, expect, it } from 'vitest';
import type { RuntimeName, Executor } from '../../src/agent/executor/executor.js';
import { ProcessExecutor } from '../../src/agent/executor/process.js';
import { AgentState } from '../../src/agent/state.js';
import { NO_READINESS_PROBE, TaskManager, WAITING_FOR_FIRST_PROBE } from '../../src/agent/tasks.js';
import type { TaskStatusUpdate } from '../../src/agent/types.js';
import type { Probe__Output } from '../../src/gen/baton/v1/Probe';
import type { Task__Output as Task } from '../../src/gen/baton/v1/Task';
import { silentLogger } from '../../src/manager/logger.js';
import { eventually, processTask, removeDir, tempDir } from './executor/helpers.js';
import { FakeExecutor } from './fake_executor.js';
import { ManualScheduler, settle } from './manual_scheduler.js';
import { PROBE_TARGET } from './target.js';

const STOP_GRACE_MS = 1234;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

function execProbe(p: Partial<Probe__Output> = {}): Probe__Output {
  return { check: 'exec', exec: { command: ['check-health'] }, initialDelayMs: 0, periodMs: 1000, timeoutMs: 500, failureThreshold: 3, successThreshold: 1, ...p };
}

function task(probes: { liveness?: Probe__Output; readiness?: Probe__Output }): Task {
  const t = processTask({ command: 'fake' });
  t.spec!.liveness = probes.liveness ?? null;
  t.spec!.readiness = probes.readiness ?? null;
  return t;
}

const OK = { exitCode: 0, output: '', timedOut: false };
const UNHEALTHY = { exitCode: 1, output: 'unhealthy\nmore detail', timedOut: false };

interface Harness {
  tm: TaskManager;
  ex: FakeExecutor;
  clock: ManualScheduler;
  state: AgentState;
  dir: string;
  reports: TaskStatusUpdate[];
  /** Reports of one task. */
  of(taskId: string): TaskStatusUpdate[];
  /** Waits until the task has a report in `state` (5 s at most). */
  until(taskId: string, what: string, cond: (u: TaskStatusUpdate) => boolean): Promise<TaskStatusUpdate>;
  /** Lets the task's operation chain finish what the last probe started (LevelDB writes): bounded real time. */
  quiet(): Promise<void>;
  /** A second TaskManager over the same state and executor (an agent restart). */
  restart(): Promise<TaskManager>;
}

async function harness(opts: { dir?: string; ex?: FakeExecutor; clock?: ManualScheduler } = {}): Promise<Harness> {
  const dir = opts.dir ?? (await tempDir('tasks-probes'));
  const state = await AgentState.open(dir);
  const ex = opts.ex ?? new FakeExecutor();
  const clock = opts.clock ?? new ManualScheduler(Date.now());
  const reports: TaskStatusUpdate[] = [];
  const make = (st: AgentState) =>
    new TaskManager({
      state: st,
      executors: new Map<RuntimeName, Executor>([['process', ex]]),
      unavailable: new Map(),
      log: silentLogger(),
      report: (u) => reports.push(structuredClone(u)),
      stopGraceMs: STOP_GRACE_MS,
      scheduler: clock,
    });
  const tm = make(state);
  let closeState = state;
  cleanups.push(async () => {
    await h.tm.close();
    await closeState.close();
    await removeDir(dir);
  });
  const of = (id: string) => reports.filter((r) => r.taskId === id);
  const h: Harness = {
    tm,
    ex,
    clock,
    state,
    dir,
    reports,
    of,
    async until(id, what, cond) {
      let found: TaskStatusUpdate | undefined;
      await eventually(5000, `task ${id}: ${what}; reports so far: ${JSON.stringify(of(id).map((r) => [r.status?.state, r.health]))}`, () => {
        found = of(id).find(cond);
        return !!found;
      });
      return found!;
    },
    async quiet() {
      for (let i = 0; i < 4; i++) {
        await new Promise((r) => setTimeout(r, 25));
        await settle();
      }
    },
    async restart() {
      await h.tm.close();
      await closeState.close();
      closeState = await AgentState.open(dir);
      h.tm = make(closeState);
      await h.tm.load();
      return h.tm;
    },
  };
  return h;
}

const withHealth = (rs: TaskStatusUpdate[]) => rs.filter((r) => r.health);

describe('TaskManager with probes (fake executor, manual clock)', () => {
  it('readiness: reported not ready with RUNNING, then why, then ready once: health reported three times', async () => {
    const h = await harness();
    const t = task({ readiness: execProbe({ initialDelayMs: 500, periodMs: 1000, successThreshold: 2 }) });
    h.ex.execAnswers.set(t.id, UNHEALTHY);
    h.tm.assign([t], [], false, false);
    const running = await h.until(t.id, 'RUNNING', (u) => u.status?.state === 'TASK_RUNNING');
    expect(running.health, 'RUNNING carries the initial health').toEqual({ ready: false, lastProbeResult: WAITING_FOR_FIRST_PROBE, lastProbeMs: 0 });

    await h.clock.advance(499);
    expect(h.ex.count('exec', t.id), 'no probe before the initial delay').toBe(0);
    await h.clock.advance(1); // first check: fails
    await h.clock.advance(1000); // second: fails
    await h.quiet();
    expect(h.ex.count('exec', t.id)).toBe(2);
    const reps = withHealth(h.of(t.id));
    expect(reps.length, 'the first failure replaces "waiting for the first probe" (one report); the second changes nothing').toBe(2);
    expect(reps[1]!.health?.ready, 'still not ready').toBe(false);
    expect(reps[1]!.health?.lastProbeResult, 'the report says why').not.toBe(WAITING_FOR_FIRST_PROBE);
    expect(h.ex.calls.find((c) => c.op === 'exec')?.arg).toEqual({ command: ['check-health'], timeoutMs: 500 });

    h.ex.execAnswers.set(t.id, OK);
    await h.clock.advance(1000); // 1st success of 2
    await h.quiet();
    expect(withHealth(h.of(t.id)).length, 'one success of the two needed: no report').toBe(2);
    const readyAt = h.clock.now() + 1000;
    await h.clock.advance(1000); // 2nd success: ready
    const ready = await h.until(t.id, 'a ready report', (u) => u.health?.ready === true);
    expect(ready.status?.state, 'the status stays RUNNING').toBe('TASK_RUNNING');
    expect(ready.health).toEqual({ ready: true, lastProbeResult: 'exec exited 0', lastProbeMs: readyAt });

    await h.clock.advance(20_000); // 20 more successful checks
    await h.quiet();
    expect(h.ex.count('exec', t.id)).toBe(24);
    expect(withHealth(h.of(t.id)).map((r) => [r.status?.state, r.health?.ready]), 'health reported three times, never once per probe').toEqual([
      ['TASK_RUNNING', false],
      ['TASK_RUNNING', false],
      ['TASK_RUNNING', true],
    ]);
    const stored = (await h.state.tasks()).find((r) => r.task.id === t.id);
    expect(stored?.status.health?.ready, 'the readiness is persisted (a restarted agent keeps it)').toBe(true);
  });

  it('readiness: ready -> not ready after failure_threshold failures, reported once, status still RUNNING', async () => {
    const h = await harness();
    const t = task({ readiness: execProbe({ failureThreshold: 2 }) });
    h.tm.assign([t], [], false, false);
    await h.until(t.id, 'RUNNING', (u) => u.status?.state === 'TASK_RUNNING');
    await h.clock.advance(0);
    await h.until(t.id, 'ready', (u) => u.health?.ready === true);
    h.ex.execAnswers.set(t.id, UNHEALTHY);
    await h.clock.advance(1000);
    await h.quiet();
    expect(h.of(t.id).at(-1)?.health?.ready, 'one failure of two: still ready').toBe(true);
    await h.clock.advance(1000);
    const notReady = await h.until(t.id, 'not ready', (u) => u.health?.ready === false && u.health.lastProbeResult !== WAITING_FOR_FIRST_PROBE);
    expect(notReady.status?.state).toBe('TASK_RUNNING');
    expect(notReady.health?.lastProbeResult).toBe('exec exited 1: unhealthy');
    await h.clock.advance(5000);
    await h.quiet();
    expect(withHealth(h.of(t.id)).map((r) => r.health?.ready)).toEqual([false, true, false]);
    expect(h.ex.count('stop', t.id), 'readiness never stops a task').toBe(0);
  });

  it('no readiness probe: ready as soon as it runs, and nothing more is reported while liveness passes', async () => {
    const h = await harness();
    const t = task({ liveness: execProbe() });
    h.tm.assign([t], [], false, false);
    const running = await h.until(t.id, 'RUNNING', (u) => u.status?.state === 'TASK_RUNNING');
    expect(running.health).toEqual({ ready: true, lastProbeResult: NO_READINESS_PROBE, lastProbeMs: 0 });
    const before = h.of(t.id).length;
    await h.clock.advance(30_000);
    await h.quiet();
    expect(h.ex.count('exec', t.id), 'liveness probed every second').toBe(31);
    expect(h.of(t.id).length, 'passing liveness checks report nothing').toBe(before);
  });

  it('a task with no probes at all is ready while running and has no probe timers', async () => {
    const h = await harness();
    const t = task({});
    h.tm.assign([t], [], false, false);
    const running = await h.until(t.id, 'RUNNING', (u) => u.status?.state === 'TASK_RUNNING');
    expect(running.health?.ready).toBe(true);
    expect(h.clock.pending).toBe(0);
  });

  it('liveness: failure_threshold failures stop the run (stop grace) and report TASK_FAILED with the message', async () => {
    const h = await harness();
    const t = task({ liveness: execProbe({ failureThreshold: 3 }), readiness: execProbe({ exec: { command: ['ready?'] }, failureThreshold: 5 }) });
    h.tm.assign([t], [], false, false);
    await h.until(t.id, 'RUNNING', (u) => u.status?.state === 'TASK_RUNNING');
    await h.clock.advance(0);
    await h.until(t.id, 'ready', (u) => u.health?.ready === true);
    h.ex.execAnswers.set(t.id, UNHEALTHY); // both probes fail from now on
    await h.clock.advance(1000);
    await h.clock.advance(1000);
    await h.quiet();
    expect(h.ex.count('stop', t.id), 'two failures of three: still running').toBe(0);
    await h.clock.advance(1000);
    const failed = await h.until(t.id, 'TASK_FAILED', (u) => u.status?.state === 'TASK_FAILED');
    expect(failed.status?.message).toBe('liveness probe failed 3 times: exec exited 1: unhealthy');
    expect(failed.status?.error).toBe('exec exited 1: unhealthy');
    expect(failed.health?.ready, 'a failed task is not ready').toBe(false);
    expect(h.ex.calls.filter((c) => c.op === 'stop'), 'stopped once, with the stop grace').toEqual([{ op: 'stop', taskId: t.id, arg: STOP_GRACE_MS }]);
    const execs = h.ex.count('exec', t.id);
    await h.clock.advance(10_000);
    await h.quiet();
    expect(h.ex.count('exec', t.id), 'no probe after the run ended').toBe(execs);
    expect(h.clock.pending, 'no probe timer left').toBe(0);
    expect(h.of(t.id).filter((u) => u.status?.state === 'TASK_FAILED').length, 'the exit of the stopped run is not reported again').toBe(1);
    expect(h.of(t.id).filter((u) => u.status?.state === 'TASK_RUNNING' && u.health?.ready === false).length, 'readiness failing at the same time was not reported on its own (3 failures < 5)').toBe(1);
    expect(h.ex.count('cleanup', t.id), 'the run is cleaned up').toBe(1);
  });

  it('a probe that hangs counts as failed after its timeout', async () => {
    const h = await harness();
    const t = task({ liveness: execProbe({ failureThreshold: 2, timeoutMs: 300 }) });
    h.ex.execAnswers.set(t.id, 'hang');
    h.tm.assign([t], [], false, false);
    await h.until(t.id, 'RUNNING', (u) => u.status?.state === 'TASK_RUNNING');
    await h.clock.advance(1300);
    const failed = await h.until(t.id, 'TASK_FAILED', (u) => u.status?.state === 'TASK_FAILED');
    expect(failed.status?.message).toBe('liveness probe failed 2 times: timed out after 300 ms');
  });

  it('a run that ends by itself is reported with its exit, not as a liveness failure', async () => {
    const h = await harness();
    const t = task({ liveness: execProbe({ failureThreshold: 3 }) });
    h.tm.assign([t], [], false, false);
    await h.until(t.id, 'RUNNING', (u) => u.status?.state === 'TASK_RUNNING');
    h.ex.execAnswers.set(t.id, UNHEALTHY);
    await h.clock.advance(1000); // 2 failures
    h.ex.crash(t.id, 3);
    const failed = await h.until(t.id, 'TASK_FAILED', (u) => u.status?.state === 'TASK_FAILED');
    expect(failed.status?.message).toBe('exited with code 3');
    expect(failed.health).toEqual({ ready: false, lastProbeResult: 'not running: exited with code 3', lastProbeMs: 0 });
    await h.clock.advance(5000);
    await h.quiet();
    expect(h.ex.count('stop', t.id)).toBe(0);
    expect(h.of(t.id).filter((u) => u.status?.state === 'TASK_FAILED').length).toBe(1);
    expect(h.clock.pending).toBe(0);
  });

  it('a shutdown stops the probes first, and the SHUTDOWN report says not ready', async () => {
    const h = await harness();
    const t = task({ liveness: execProbe(), readiness: execProbe() });
    h.tm.assign([t], [], false, false);
    await h.until(t.id, 'RUNNING', (u) => u.status?.state === 'TASK_RUNNING');
    await h.clock.advance(0);
    await h.until(t.id, 'ready', (u) => u.health?.ready === true);
    h.tm.assign([{ ...t, desiredState: 'TASK_SHUTDOWN', shutdownReason: 'scaled down' }], [], false, false);
    const down = await h.until(t.id, 'TASK_SHUTDOWN', (u) => u.status?.state === 'TASK_SHUTDOWN');
    expect(down.health).toEqual({ ready: false, lastProbeResult: 'stopped: scaled down', lastProbeMs: expect.any(Number) });
    expect(h.clock.pending).toBe(0);
    const execs = h.ex.count('exec', t.id);
    await h.clock.advance(10_000);
    expect(h.ex.count('exec', t.id)).toBe(execs);
  });

  it('a forgotten task and a closed manager leave no probe timers', async () => {
    const h = await harness();
    const a = task({ liveness: execProbe() });
    const b = task({ readiness: execProbe() });
    h.tm.assign([a, b], [], false, false);
    await h.until(a.id, 'RUNNING', (u) => u.status?.state === 'TASK_RUNNING');
    await h.until(b.id, 'RUNNING', (u) => u.status?.state === 'TASK_RUNNING');
    expect(h.clock.pending, 'one probe timer per probe').toBe(2);
    h.tm.assign([], [a.id], false, false);
    expect(h.clock.pending, 'forgetting a task stops its probes at once').toBe(1);
    await h.tm.close();
    expect(h.clock.pending, 'close() stops every probe (the runs keep going)').toBe(0);
  });

  it('after an agent restart: the adopted run keeps its readiness (no report) and is probed again', async () => {
    const h = await harness();
    const t = task({ readiness: execProbe({ exec: { command: ['ready?'] }, failureThreshold: 2 }), liveness: execProbe({ exec: { command: ['alive?'] }, initialDelayMs: 60_000 }) });
    const checks = (cmd: string) => h.ex.calls.filter((c) => c.op === 'exec' && c.taskId === t.id && (c.arg as { command: string[] }).command[0] === cmd).length;
    h.tm.assign([t], [], false, false);
    await h.until(t.id, 'RUNNING', (u) => u.status?.state === 'TASK_RUNNING');
    await h.clock.advance(50_000);
    await h.until(t.id, 'ready', (u) => u.health?.ready === true);
    await h.quiet();
    expect(checks('alive?'), 'liveness waits out its 60 s initial delay').toBe(0);
    const reportsBefore = h.reports.length;
    const readyChecksBefore = checks('ready?');

    await h.restart();
    expect(h.ex.count('adopt', t.id)).toBe(1);
    expect(h.reports.length, 'readiness kept across the restart: nothing to report').toBe(reportsBefore);
    expect(h.tm.statuses().find((s) => s.taskId === t.id)?.health?.ready).toBe(true);
    h.ex.execAnswers.set(t.id, UNHEALTHY);
    await h.clock.advance(0); // the adopted run's first readiness check, at once (its initial delay is long over)
    await h.clock.advance(1000); // second failure: not ready
    const notReady = await h.until(t.id, 'not ready after the restart', (u) => u.health?.ready === false && u.health.lastProbeResult.startsWith('exec'));
    expect(notReady.status?.state).toBe('TASK_RUNNING');
    expect(notReady.health?.lastProbeResult).toBe('exec exited 1: unhealthy');
    expect(checks('ready?') - readyChecksBefore).toBe(2);
    // The liveness initial delay counts from the run's start (50 s before the restart), not from the adoption.
    await h.clock.advance(8_800); // 59.8 s since the run started
    expect(checks('alive?'), 'no liveness check before 60 s after the run started').toBe(0);
    await h.clock.advance(400);
    expect(checks('alive?'), 'the first liveness check about 60 s after the run started').toBe(1);
  });

  it('after an agent restart: a run adopted without recorded health gets the initial health, reported once', async () => {
    const h = await harness();
    const t = task({ readiness: execProbe() });
    h.ex.execAnswers.set(t.id, UNHEALTHY);
    h.tm.assign([t], [], false, false);
    await h.until(t.id, 'RUNNING', (u) => u.status?.state === 'TASK_RUNNING');
    await h.tm.close();
    // As an agent of an earlier version would have left it: no health recorded.
    const rec = (await h.state.tasks()).find((r) => r.task.id === t.id)!;
    await h.state.putTask({ ...rec, status: { ...rec.status, health: null } });
    const n = h.reports.length;
    await h.restart();
    expect(h.reports.slice(n).map((r) => r.health)).toEqual([{ ready: false, lastProbeResult: WAITING_FOR_FIRST_PROBE, lastProbeMs: 0 }]);
  });
});

describe('TaskManager with probes (real process executor, probe-target fixture, real time)', () => {
  it('not ready -> ready on /healthz, then the liveness probe on /live fails and the task is FAILED', async () => {
    const dir = await tempDir('tasks-probes-real');
    const state = await AgentState.open(`${dir}/state`);
    const ex = new ProcessExecutor({ dataDir: `${dir}/runs` });
    const reports: TaskStatusUpdate[] = [];
    const tm = new TaskManager({
      state,
      executors: new Map<RuntimeName, Executor>([['process', ex]]),
      unavailable: new Map(),
      log: silentLogger(),
      report: (u) => reports.push(structuredClone(u)),
      stopGraceMs: 2000,
    });
    const t = processTask(
      { command: process.execPath, args: [PROBE_TARGET], env: { READY_AFTER_MS: '300', FAIL_AFTER_MS: '2000' } },
      { ports: [{ name: 'http', targetPort: 8080 }] },
    );
    // Generous timeouts (a loaded machine must not fail a probe by slowness); readiness needs twice
    // the failures liveness needs, so the liveness verdict comes first.
    const fast = { initialDelayMs: 0, periodMs: 250, timeoutMs: 250, successThreshold: 1 };
    t.spec!.readiness = { check: 'http', http: { path: '/healthz', port: 'http' }, failureThreshold: 6, ...fast };
    t.spec!.liveness = { check: 'http', http: { path: '/live', port: '8080' }, failureThreshold: 3, ...fast };
    cleanups.push(async () => {
      tm.assign([], [t.id], false, false); // forget: stops and removes the run
      await tm.close();
      ex.close();
      await state.close();
      await removeDir(dir);
    });
    tm.assign([t], [], false, false);
    const mine = () => reports.filter((r) => r.taskId === t.id);
    const seen = () => JSON.stringify(mine().map((r) => [r.status?.state, r.status?.message, r.health?.ready, r.health?.lastProbeResult]));
    await eventually(10_000, `the task to become ready; reports: ${seen()}`, () => mine().some((r) => r.health?.ready === true));
    await eventually(10_000, `the task to fail its liveness probe; reports: ${seen()}`, () => mine().some((r) => r.status?.state === 'TASK_FAILED'));
    // A first failing check may add a "not ready, because ..." report: collapse repeats.
    const withH = mine().filter((r, i, all) => r.health && !(i > 0 && all[i - 1]!.health?.ready === r.health.ready && all[i - 1]!.status?.state === r.status?.state));
    expect(withH.map((r) => [r.status?.state, r.health?.ready])).toEqual([
      ['TASK_RUNNING', false],
      ['TASK_RUNNING', true],
      ['TASK_FAILED', false],
    ]);
    expect(withH[1].health?.lastProbeResult).toBe('http 200 from /healthz');
    const failed = withH[2].status!;
    expect(failed.message).toBe('liveness probe failed 3 times: http 503 from /live');
    expect(failed.exitCode, 'the fixture exits 0 on SIGTERM').toBe(0);
  });
});
