// Liveness and readiness probes, as the agent runs them for its tasks.
//
// Three pieces, from pure to real:
//
// 1. `ProbeState`: the counting rule, pure. A probe is "passing" or not; it flips to failing after
//    `failure_threshold` consecutive failures and back to passing after `success_threshold`
//    consecutive successes. Readiness starts not passing (not ready until a probe says so);
//    liveness starts passing (alive until probes say otherwise).
// 2. `ProbeRunner`: the schedule. The first check runs after the initial delay, then one every
//    period (measured from the start of the previous check; a slow check never overlaps the
//    next). A check that has not answered within the timeout counts as a failure. Time comes from
//    an injected `Scheduler` (`realScheduler` in the agent, a manual clock in tests), so the
//    schedule is tested without real time. The runner calls `onTransition` only when the probe
//    flips, never once per check: that is what gets reported to the managers. A liveness probe
//    that failed stops probing (its run is about to be stopped).
// 3. The checks: exec (a command in the task's environment through its executor; exit 0 passes),
//    http (GET on 127.0.0.1, status 200-399 passes) and tcp (a connection on 127.0.0.1 is
//    accepted). Each result carries a short text for people: "http 503 from /healthz",
//    "connect ECONNREFUSED 127.0.0.1:41234", "exec exited 1: <first line of output>",
//    "timed out after 1000 ms".
import http from 'node:http';
import net from 'node:net';
import { MIN_PROBE_PERIOD_MS } from '../api/validate_service.js';
import type { AssignedPort__Output as AssignedPort } from '../gen/baton/v1/AssignedPort';
import type { Probe__Output as Probe } from '../gen/baton/v1/Probe';
import type { Executor, RunHandle } from './executor/executor.js';

export type ProbeKind = 'liveness' | 'readiness';

export interface ProbeSettings {
  initialDelayMs: number;
  periodMs: number;
  timeoutMs: number;
  failureThreshold: number;
  successThreshold: number;
}

/** Kubernetes' defaults (also filled in by the API when a service is created). */
export const PROBE_DEFAULTS: ProbeSettings = {
  initialDelayMs: 0,
  periodMs: 10_000,
  timeoutMs: 1_000,
  failureThreshold: 3,
  successThreshold: 1,
};

/** A probe's settings with the defaults for whatever is 0 (a spec stored before validation filled them). */
export function probeSettings(p: Probe): ProbeSettings {
  // Never more often than the API allows: specs stored before it refused shorter periods.
  const periodMs = Math.max(MIN_PROBE_PERIOD_MS, Number(p.periodMs) || PROBE_DEFAULTS.periodMs);
  return {
    initialDelayMs: Math.max(0, Number(p.initialDelayMs) || 0),
    periodMs,
    timeoutMs: Number(p.timeoutMs) || PROBE_DEFAULTS.timeoutMs,
    failureThreshold: p.failureThreshold || PROBE_DEFAULTS.failureThreshold,
    successThreshold: p.successThreshold || PROBE_DEFAULTS.successThreshold,
  };
}

/** One check's outcome; `text` is for people (task health, logs, the liveness failure message). */
export interface CheckResult {
  ok: boolean;
  text: string;
}

/** Runs one check; should answer within timeoutMs (the runner counts a later answer as a timeout anyway). */
export type Check = (timeoutMs: number) => Promise<CheckResult>;

export function timedOut(timeoutMs: number): CheckResult {
  return { ok: false, text: `timed out after ${timeoutMs} ms` };
}

// ------------------------------------------------------------------------------ the counting rule

/** Consecutive success/failure counting with thresholds. Pure: no time, no I/O. */
export class ProbeState {
  consecutiveSuccesses = 0;
  consecutiveFailures = 0;

  constructor(
    private readonly thresholds: Pick<ProbeSettings, 'failureThreshold' | 'successThreshold'>,
    /** Readiness starts false (not ready), liveness true (alive). */
    public passing: boolean,
  ) {
    if (!(thresholds.failureThreshold >= 1 && thresholds.successThreshold >= 1)) {
      throw new Error(`probe thresholds must be at least 1, got failure ${thresholds.failureThreshold}, success ${thresholds.successThreshold}`);
    }
  }

  /** Records one check's outcome; true if `passing` flipped. */
  record(ok: boolean): boolean {
    if (ok) {
      this.consecutiveSuccesses++;
      this.consecutiveFailures = 0;
      if (!this.passing && this.consecutiveSuccesses >= this.thresholds.successThreshold) {
        this.passing = true;
        return true;
      }
    } else {
      this.consecutiveFailures++;
      this.consecutiveSuccesses = 0;
      if (this.passing && this.consecutiveFailures >= this.thresholds.failureThreshold) {
        this.passing = false;
        return true;
      }
    }
    return false;
  }
}

// ------------------------------------------------------------------------------ the schedule

/** Time as the probes see it. */
export interface Scheduler {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls fn once after ms; the returned function cancels it. */
  after(ms: number, fn: () => void): () => void;
}

/** Real time. The timers are unref'd: probes never keep a process alive on their own. */
export const realScheduler: Scheduler = {
  now: () => Date.now(),
  after(ms, fn) {
    const t = setTimeout(fn, ms);
    t.unref();
    return () => clearTimeout(t);
  },
};

export interface ProbeTransition {
  kind: ProbeKind;
  /** The new state: ready (readiness) or alive (liveness). */
  passing: boolean;
  /** The check that caused the flip. */
  result: CheckResult;
  /** When that check ended (scheduler time). */
  atMs: number;
  /** How many consecutive results of that kind caused it (the threshold). */
  consecutive: number;
}

export interface ProbeRunnerOptions {
  kind: ProbeKind;
  settings: ProbeSettings;
  check: Check;
  scheduler: Scheduler;
  /** Default: readiness false, liveness true. (An adopted run keeps the readiness it had.) */
  initiallyPassing?: boolean;
  /** Called only when the probe flips. */
  onTransition(t: ProbeTransition): void;
  /** Called after every check (logging); reports must not come from here. */
  onResult?(r: CheckResult, state: ProbeState): void;
}

export class ProbeRunner {
  readonly state: ProbeState;
  /** The last check's result and when it ended (null before the first check). */
  lastResult: CheckResult | null = null;
  lastProbeMs = 0;
  /** Checks started so far. */
  checks = 0;
  private cancelTimer: (() => void) | null = null;
  private started = false;
  private stopped = false;

  constructor(private readonly opts: ProbeRunnerOptions) {
    this.state = new ProbeState(opts.settings, opts.initiallyPassing ?? opts.kind === 'liveness');
  }

  get passing(): boolean {
    return this.state.passing;
  }

  get running(): boolean {
    return this.started && !this.stopped;
  }

  /** Starts probing: the first check after `firstDelayMs` (default: the initial delay). */
  start(firstDelayMs = this.opts.settings.initialDelayMs): void {
    if (this.started) throw new Error(`${this.opts.kind} probe started twice`);
    this.started = true;
    this.schedule(Math.max(0, firstDelayMs));
  }

  /** No more checks; a check in flight is ignored when it ends. Idempotent. */
  stop(): void {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelTimer = null;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.cancelTimer = this.opts.scheduler.after(delayMs, () => {
      this.cancelTimer = null;
      this.runCheck();
    });
  }

  private runCheck(): void {
    if (this.stopped) return;
    const { scheduler, settings } = this.opts;
    const startedMs = scheduler.now();
    this.checks++;
    let settled = false;
    let cancelTimeout: () => void = () => {};
    const finish = (r: CheckResult) => {
      if (settled) return;
      settled = true;
      cancelTimeout();
      this.cancelTimer = null;
      if (!this.stopped) this.onResult(r, startedMs);
    };
    // The runner's own deadline: a check that ignores its timeout (a stuck exec) still fails in time.
    cancelTimeout = scheduler.after(settings.timeoutMs, () => finish(timedOut(settings.timeoutMs)));
    // While a check runs, stop() cancels its deadline; the check's late answer is then ignored.
    this.cancelTimer = cancelTimeout;
    let p: Promise<CheckResult>;
    try {
      p = this.opts.check(settings.timeoutMs);
    } catch (e) {
      p = Promise.resolve({ ok: false, text: errorText(e) });
    }
    p.then(finish, (e: unknown) => finish({ ok: false, text: errorText(e) }));
  }

  private onResult(r: CheckResult, startedMs: number): void {
    const now = this.opts.scheduler.now();
    this.lastResult = r;
    this.lastProbeMs = now;
    const flipped = this.state.record(r.ok);
    this.opts.onResult?.(r, this.state);
    if (flipped) {
      const consecutive = r.ok ? this.state.consecutiveSuccesses : this.state.consecutiveFailures;
      this.opts.onTransition({ kind: this.opts.kind, passing: this.state.passing, result: r, atMs: now, consecutive });
    }
    // A failed liveness probe is final for this run: the agent stops the run.
    if (this.opts.kind === 'liveness' && !this.state.passing) {
      this.stop();
      return;
    }
    this.schedule(Math.max(0, startedMs + this.opts.settings.periodMs - now));
  }
}

// ------------------------------------------------------------------------------ the checks

function errorText(e: unknown): string {
  if (e instanceof Error) return e.message || (e as NodeJS.ErrnoException).code || e.name;
  return String(e);
}

/**
 * The host port a probe's `port` names: a declared port by name, or by number (its target port);
 * a number no declared port targets is taken as is. Null if it names nothing usable.
 */
export function resolveProbePort(port: string, ports: AssignedPort[]): number | null {
  const byName = ports.find((p) => p.name !== '' && p.name === port);
  if (byName) return byName.hostPort;
  if (!/^\d{1,5}$/.test(port)) return null;
  const n = Number(port);
  if (n < 1 || n > 65535) return null;
  return ports.find((p) => p.targetPort === n)?.hostPort ?? n;
}

const HOST = '127.0.0.1';

/** GET http://127.0.0.1:port/path; 200-399 passes. Resolves on the response's status line (the body is discarded). */
export function httpCheck(port: number, path: string, timeoutMs: number): Promise<CheckResult> {
  const p = path || '/';
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: CheckResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.destroy();
      resolve(r);
    };
    const req = http.request(
      { host: HOST, port, path: p, method: 'GET', agent: false, headers: { 'user-agent': 'baton-probe', connection: 'close' } },
      (res) => {
        const code = res.statusCode ?? 0;
        res.resume();
        finish({ ok: code >= 200 && code < 400, text: `http ${code} from ${p}` });
      },
    );
    req.on('error', (e) => finish({ ok: false, text: errorText(e) }));
    const timer = setTimeout(() => finish(timedOut(timeoutMs)), timeoutMs);
    req.end();
  });
}

/** Connects to 127.0.0.1:port; passes once the connection is accepted (then closes it). */
export function tcpCheck(port: number, timeoutMs: number): Promise<CheckResult> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: CheckResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      resolve(r);
    };
    const sock = net.connect({ host: HOST, port });
    sock.once('connect', () => finish({ ok: true, text: `connected to ${HOST}:${port}` }));
    sock.on('error', (e) => finish({ ok: false, text: errorText(e) }));
    const timer = setTimeout(() => finish(timedOut(timeoutMs)), timeoutMs);
  });
}

/** The first non-empty line of a command's output, at most 200 characters. */
function firstLine(output: string): string {
  const line = output.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}...` : line;
}

/** Runs command in the task's environment (executor.exec); exit 0 passes. */
export async function execCheck(executor: Executor, handle: RunHandle, command: string[], timeoutMs: number): Promise<CheckResult> {
  try {
    const r = await executor.exec(handle, command, timeoutMs);
    if (r.timedOut) return timedOut(timeoutMs);
    if (r.exitCode === 0) return { ok: true, text: 'exec exited 0' };
    const line = firstLine(r.output);
    return { ok: false, text: line ? `exec exited ${r.exitCode}: ${line}` : `exec exited ${r.exitCode}` };
  } catch (e) {
    return { ok: false, text: `exec failed: ${errorText(e)}` };
  }
}

/** The check a probe spec describes, for one run of a task. */
export function checkOf(probe: Probe, run: { executor: Executor; handle: RunHandle }): Check {
  const portOf = (spec: string): number | CheckResult => {
    const port = resolveProbePort(spec, run.handle.ports);
    if (port !== null) return port;
    const names = run.handle.ports.map((p) => p.name || String(p.targetPort)).filter((n) => n !== '' && n !== '0');
    return { ok: false, text: `port "${spec}" names no port of this task (declared: ${names.length ? names.join(', ') : 'none'})` };
  };
  if (probe.check === 'exec' && probe.exec) {
    const command = [...probe.exec.command];
    return (timeoutMs) => execCheck(run.executor, run.handle, command, timeoutMs);
  }
  if (probe.check === 'http' && probe.http) {
    const port = portOf(probe.http.port);
    const path = probe.http.path || '/';
    return (timeoutMs) => (typeof port === 'number' ? httpCheck(port, path, timeoutMs) : Promise.resolve(port));
  }
  if (probe.check === 'tcp' && probe.tcp) {
    const port = portOf(probe.tcp.port);
    return (timeoutMs) => (typeof port === 'number' ? tcpCheck(port, timeoutMs) : Promise.resolve(port));
  }
  return () => Promise.resolve({ ok: false, text: 'the probe names no check (exec, http or tcp)' });
}
