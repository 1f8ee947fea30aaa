// Parsing what users type: durations (10s, 500ms, 1m30s), sizes (256M, 1G), CPU amounts (0.5),
// K=V pairs, published ports ([NAME=][PUB:]TARGET[/udp]), probe checks (PORT:/PATH, command lines), and
// the `service create/update` flags into a ServiceSpec. Every mistake is a UsageError naming the
// flag and showing an example.
import type { PortSpec } from '../gen/baton/v1/PortSpec';
import type { Probe, Probe__Output } from '../gen/baton/v1/Probe';
import type { RestartCondition__Output } from '../gen/baton/v1/RestartCondition';
import type { ServiceSpec, ServiceSpec__Output } from '../gen/baton/v1/ServiceSpec';
import type { TaskSpec } from '../gen/baton/v1/TaskSpec';
import type { UpdateConfig } from '../gen/baton/v1/UpdateConfig';
import type { UpdateFailureAction__Output } from '../gen/baton/v1/UpdateFailureAction';
import type { UpdateOrder__Output } from '../gen/baton/v1/UpdateOrder';
import { DEFAULT_PROBE, DEFAULT_RESTART_DELAY_MS } from '../api/validate_service.js';
import { fail } from './util.js';

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** "500ms", "10s", "1m", "1m30s", "1.5s", "0" -> milliseconds. */
export function parseDuration(what: string, v: string): number {
  const s = v.trim();
  const bad = () => fail(`${what}: "${v}" is not a duration (examples: 500ms, 10s, 1m30s, 2h)`);
  if (s === '0') return 0;
  if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(s)) {
    if (/^\d+(\.\d+)?$/.test(s)) fail(`${what}: "${v}" needs a unit: ms, s, m or h (for example ${s}s)`);
    bad();
  }
  let ms = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) ms += Number(m[1]) * DURATION_UNITS[m[2]!]!;
  const r = Math.round(ms);
  if (!Number.isSafeInteger(r)) bad();
  return r;
}

/** 90_000 -> "1m30s", 1_500 -> "1s500ms", 0 -> "0s" (for messages). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const [unit, n] of [['h', 3_600_000], ['m', 60_000], ['s', 1_000], ['ms', 1]] as const) {
    const k = Math.floor(rest / n);
    if (k > 0) out += `${k}${unit}`;
    rest -= k * n;
  }
  return out;
}

const SIZE_UNITS: Record<string, number> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** "256M", "1G", "1.5g", "512Ki", "64MiB", "64MB", "1000" or "1000B" (bytes) -> bytes. Units are powers of 1024. */
export function parseSize(what: string, v: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(?:([kmgt])(?:i?b|i)?|b)?$/i.exec(v.trim());
  if (!m) fail(`${what}: "${v}" is not a size (examples: 512K, 256M, 1.5G; units are powers of 1024)`);
  const bytes = Math.round(Number(m[1]) * (m[2] ? SIZE_UNITS[m[2].toLowerCase()]! : 1));
  if (!Number.isSafeInteger(bytes)) fail(`${what}: "${v}" is too large`);
  return bytes;
}

/** "0.5", "2", "1.25" CPUs -> thousandths of a CPU. */
export function parseCpus(what: string, v: string): number {
  if (!/^\d+(\.\d+)?$/.test(v.trim())) fail(`${what}: "${v}" is not a number of CPUs (examples: 0.5, 2)`);
  const milli = Math.round(Number(v) * 1000);
  if (Number(v) > 0 && milli === 0) fail(`${what}: "${v}" is below the smallest amount, 0.001 CPU`);
  if (!Number.isSafeInteger(milli)) fail(`${what}: "${v}" is too large`);
  return milli;
}

export function parseInt32(what: string, v: string, min: number, max = 0xffffffff): number {
  const n = Number(v);
  if (!/^-?\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < min || n > max) fail(`${what}: must be an integer from ${min} to ${max}, got "${v}"`);
  return n;
}

/** "K=V" -> [K, V] (V may contain "="; with allowBare, "K" alone is [K, ""]). */
export function parseKeyValue(what: string, v: string, allowBare = false): [string, string] {
  const i = v.indexOf('=');
  if (i < 0) {
    if (allowBare && v.length > 0) return [v, ''];
    fail(`${what}: "${v}" must be KEY=VALUE`);
  }
  if (i === 0) fail(`${what}: "${v}" has an empty key (KEY=VALUE)`);
  return [v.slice(0, i), v.slice(i + 1)];
}

export function parseKeyValues(what: string, list: string[] | undefined, allowBare = false): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of list ?? []) {
    const [k, val] = parseKeyValue(what, v, allowBare);
    out[k] = val;
  }
  return out;
}

/**
 * "80", "8080:80", "53/udp", "5353:53/udp", "80/tcp", and any of them named: "http=8080:80"
 * (the name is what probes and PORT_<NAME> use) -> a PortSpec.
 */
export function parsePublish(what: string, v: string): PortSpec {
  const m = /^(?:([^=]*)=)?(?:(\d+):)?(\d+)(?:\/(tcp|udp))?$/i.exec(v.trim());
  if (!m) fail(`${what}: "${v}" must be [NAME=][PUBLISHED:]TARGET[/udp] (examples: 80, 8080:80, 53:53/udp, http=8080:80)`);
  const name = m[1] ?? '';
  if (m[1] !== undefined && !/^[a-z0-9-]{1,15}$/.test(name)) fail(`${what}: port name "${name}" must be 1-15 lowercase letters, digits or -`);
  const target = Number(m[3]);
  const published = m[2] === undefined ? 0 : Number(m[2]);
  if (target < 1 || target > 65535) fail(`${what}: target port ${target} is not in 1-65535`);
  if (published > 65535 || (m[2] !== undefined && published < 1)) fail(`${what}: published port ${m[2]} is not in 1-65535`);
  return { targetPort: target, publishedPort: published, protocol: (m[4] ?? 'tcp').toLowerCase() === 'udp' ? 'PORT_UDP' : 'PORT_TCP', name };
}

// ------------------------------------------------------------------ probes

/**
 * A probe's port: a number (1-65535: a declared target port, or the port itself) or the name of a
 * declared port (checked against the declared ports by the managers).
 */
export function parseProbePort(what: string, v: string): string {
  const s = v.trim();
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    if (n < 1 || n > 65535) fail(`${what}: port ${s} is not in 1-65535`);
    return String(n);
  }
  if (!/^[a-z0-9-]{1,15}$/.test(s)) fail(`${what}: "${v}" is not a port number (1-65535) or a declared port's name (1-15 lowercase letters, digits or -)`);
  return s;
}

/** "8080:/healthz", "http:/ready", "8080" (path /) -> an HTTP probe's port and path. */
export function parseHttpProbe(what: string, v: string): { port: string; path: string } {
  const s = v.trim();
  const i = s.indexOf(':');
  const port = i < 0 ? s : s.slice(0, i);
  const path = i < 0 ? '/' : s.slice(i + 1);
  if (!/^[\w-]+$/.test(port) || !path.startsWith('/') || /\s/.test(path)) fail(`${what}: "${v}" must be PORT[:/PATH] (examples: 8080:/healthz, http:/ready; PORT is a port number or a declared port's name)`);
  return { port: parseProbePort(what, port), path };
}

const SHELL_SYNTAX = /[|&;<>()$`]/;

/**
 * A command line as the words of an exec probe, split as a shell would split them: blanks separate
 * words, '...' and "..." quote, \ escapes. No shell runs it, so shell syntax outside quotes
 * (pipes, &&, redirections, $VARS) is refused with a hint to use sh -c.
 */
export function parseCommandLine(what: string, v: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < v.length; i++) {
    const ch = v[i]!;
    if (quote === "'") {
      if (ch === "'") quote = null;
      else word = (word ?? '') + ch;
    } else if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === '\\' && i + 1 < v.length && '"\\$`'.includes(v[i + 1]!)) word = (word ?? '') + v[++i]!;
      else word = (word ?? '') + ch;
    } else if (/\s/.test(ch)) {
      if (word !== null) words.push(word);
      word = null;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      word ??= '';
    } else if (ch === '\\') {
      if (i + 1 >= v.length) fail(`${what}: "${v}" ends with a lone \\`);
      word = (word ?? '') + v[++i]!;
    } else if (SHELL_SYNTAX.test(ch)) {
      const wrapped = v.includes("'") ? `sh -c '...'` : `"sh -c '${v.trim()}'"`;
      fail(`${what}: "${v}" uses shell syntax (${ch}) but no shell runs the command: wrap it in a shell, for example ${wrapped}`);
    } else word = (word ?? '') + ch;
  }
  if (quote) fail(`${what}: "${v}" has an unterminated ${quote} quote`);
  if (word !== null) words.push(word);
  if (words.length === 0) fail(`${what}: must not be empty (a command and its arguments, for example "cat /tmp/ready")`);
  return words;
}

/**
 * A probe period or timeout: a duration of at least 1 ms. 0 is refused: in the API (proto3) an
 * explicit 0 cannot be told from an unset field, so the managers would use the default instead.
 */
export function parseProbeInterval(what: string, v: string, defaultMs: number): number {
  const ms = parseDuration(what, v);
  if (ms < 1) fail(`${what}: must be at least 1ms (0 cannot be told from unset: the managers would use the default, ${formatDuration(defaultMs)})`);
  return ms;
}

/** A probe threshold: an integer of at least 1 (0 would mean the default, as above). */
export function parseProbeThreshold(what: string, v: string, defaultN: number): number {
  if (/^\s*0+\s*$/.test(v)) fail(`${what}: must be at least 1 (0 cannot be told from unset: the managers would use the default, ${defaultN})`);
  return parseInt32(what, v, 1);
}

/**
 * The timeout must not exceed the period (with the defaults for what is unset); `names` are what
 * the messages call them (flags or stack file paths), `given` which of the two the user set.
 */
export function checkProbeTimes(p: Pick<Probe, 'periodMs' | 'timeoutMs'>, names: { period: string; timeout: string }, given: { period: boolean; timeout: boolean }): void {
  const period = Number(p.periodMs ?? 0) || DEFAULT_PROBE.periodMs;
  const timeout = Number(p.timeoutMs ?? 0) || DEFAULT_PROBE.timeoutMs;
  if (timeout <= period) return;
  if (given.timeout || !given.period) {
    fail(`${names.timeout}: must not exceed the period (${formatDuration(period)}${given.period || p.periodMs ? '' : ', the default'}), got ${formatDuration(timeout)}`);
  }
  fail(`${names.period}: must not be shorter than the timeout (${formatDuration(timeout)}${p.timeoutMs ? '' : ', the default'}), got ${formatDuration(period)}; set ${names.timeout} too`);
}

export type ProbeKind = 'readiness' | 'liveness';

function probeFlags(f: ServiceFlags, kind: ProbeKind) {
  return kind === 'readiness'
    ? { keep: f.readiness, http: f.readinessHttp, tcp: f.readinessTcp, exec: f.readinessExec, period: f.readinessPeriod, timeout: f.readinessTimeout, initialDelay: f.readinessInitialDelay, failures: f.readinessFailures, successes: f.readinessSuccesses }
    : { keep: f.liveness, http: f.livenessHttp, tcp: f.livenessTcp, exec: f.livenessExec, period: f.livenessPeriod, timeout: f.livenessTimeout, initialDelay: f.livenessInitialDelay, failures: f.livenessFailures, successes: undefined };
}

interface ParsedProbeFlags {
  remove: boolean;
  /** The flags given, for messages. */
  named: string[];
  check: Pick<Probe, 'http' | 'tcp' | 'exec'> | null;
  timing: Pick<Probe, 'initialDelayMs' | 'periodMs' | 'timeoutMs' | 'failureThreshold' | 'successThreshold'>;
}

/** The probe flags of one kind, parsed and checked on their own (no current spec needed). */
function parseProbeFlags(kind: ProbeKind, f: ServiceFlags): ParsedProbeFlags {
  const g = probeFlags(f, kind);
  const flag = (x: string) => `--${kind}-${x}`;
  const given: [string, unknown][] = [
    [flag('http'), g.http],
    [flag('tcp'), g.tcp],
    [flag('exec'), g.exec],
    [flag('period'), g.period],
    [flag('timeout'), g.timeout],
    [flag('initial-delay'), g.initialDelay],
    [flag('failures'), g.failures],
    [flag('successes'), g.successes],
  ];
  const named = given.filter(([, v]) => v !== undefined).map(([n]) => n);
  if (g.keep === false) {
    if (named.length > 0) fail(`--no-${kind} and ${named.join(', ')}: give one, not both (--no-${kind} removes the ${kind} probe)`);
    return { remove: true, named, check: null, timing: {} };
  }
  if ([g.http, g.tcp, g.exec].filter((x) => x !== undefined).length > 1) fail(`${flag('http')}, ${flag('tcp')} and ${flag('exec')}: give one (a probe has one check)`);
  let check: ParsedProbeFlags['check'] = null;
  if (g.http !== undefined) check = { http: parseHttpProbe(flag('http'), g.http) };
  else if (g.tcp !== undefined) check = { tcp: { port: parseProbePort(flag('tcp'), g.tcp) } };
  else if (g.exec !== undefined) check = { exec: { command: parseCommandLine(flag('exec'), g.exec) } };
  const timing: ParsedProbeFlags['timing'] = {};
  if (g.period !== undefined) timing.periodMs = parseProbeInterval(flag('period'), g.period, DEFAULT_PROBE.periodMs);
  if (g.timeout !== undefined) timing.timeoutMs = parseProbeInterval(flag('timeout'), g.timeout, DEFAULT_PROBE.timeoutMs);
  if (g.initialDelay !== undefined) timing.initialDelayMs = parseDuration(flag('initial-delay'), g.initialDelay);
  if (g.failures !== undefined) timing.failureThreshold = parseProbeThreshold(flag('failures'), g.failures, DEFAULT_PROBE.failureThreshold);
  if (g.successes !== undefined) timing.successThreshold = parseProbeThreshold(flag('successes'), g.successes, DEFAULT_PROBE.successThreshold);
  return { remove: false, named, check, timing };
}

/**
 * Checks the probe flags that can be checked without the current spec (`service update` runs this
 * before it connects): conflicting flags, and every value.
 */
export function checkProbeFlags(f: ServiceFlags): void {
  parseProbeFlags('readiness', f);
  parseProbeFlags('liveness', f);
}

/**
 * The probe of this kind after the flags: `cur` is the current one (update) or null. Returns null
 * when there is none (none before and no flag, or --no-KIND). A new check replaces the old check
 * and keeps the timing; timing flags alone change the current probe.
 */
export function applyProbeFlags(kind: ProbeKind, f: ServiceFlags, cur: Probe__Output | Probe | null | undefined): Probe | null {
  const { remove, named, check, timing } = parseProbeFlags(kind, f);
  if (remove) return null;
  if (named.length === 0) return cur ? (copy(cur) as Probe) : null;
  let c = check;
  if (!c && cur?.http) c = { http: { port: cur.http.port ?? '', path: cur.http.path ?? '' } };
  else if (!c && cur?.tcp) c = { tcp: { port: cur.tcp.port ?? '' } };
  else if (!c && cur?.exec) c = { exec: { command: [...(cur.exec.command ?? [])] } };
  if (!c) fail(`${named[0]}: the service has no ${kind} probe: give its check too (--${kind}-http PORT:/PATH, --${kind}-tcp PORT or --${kind}-exec "CMD ARGS")`);
  const p: Probe = {
    ...c,
    initialDelayMs: timing.initialDelayMs ?? Number(cur?.initialDelayMs ?? 0),
    periodMs: timing.periodMs ?? Number(cur?.periodMs ?? 0),
    timeoutMs: timing.timeoutMs ?? Number(cur?.timeoutMs ?? 0),
    failureThreshold: timing.failureThreshold ?? cur?.failureThreshold ?? 0,
    successThreshold: timing.successThreshold ?? cur?.successThreshold ?? 0,
  };
  checkProbeTimes(p, { period: `--${kind}-period`, timeout: `--${kind}-timeout` }, { period: timing.periodMs !== undefined, timeout: timing.timeoutMs !== undefined });
  return p;
}

function choice<T extends string>(what: string, v: string, map: Record<string, T>): T {
  const r = map[v];
  if (r === undefined) fail(`${what}: must be one of ${Object.keys(map).join(', ')}, got "${v}"`);
  return r;
}

export const RESTART_CONDITIONS: Record<string, RestartCondition__Output> = { any: 'RESTART_ANY', 'on-failure': 'RESTART_ON_FAILURE', none: 'RESTART_NONE' };
export const UPDATE_ORDERS: Record<string, UpdateOrder__Output> = { 'stop-first': 'UPDATE_STOP_FIRST', 'start-first': 'UPDATE_START_FIRST' };
export const FAILURE_ACTIONS: Record<string, UpdateFailureAction__Output> = { pause: 'UPDATE_PAUSE', continue: 'UPDATE_CONTINUE', rollback: 'UPDATE_ROLLBACK' };

export const parseRestartCondition = (what: string, v: string) => choice(what, v, RESTART_CONDITIONS);
export const parseUpdateOrder = (what: string, v: string) => choice(what, v, UPDATE_ORDERS);
export const parseFailureAction = (what: string, v: string) => choice(what, v, FAILURE_ACTIONS);

/** The flags of `service create` and `service update` (commander's camelCase names). */
export interface ServiceFlags {
  replicas?: string;
  global?: boolean;
  image?: string;
  command?: string;
  arg?: string[];
  env?: string[];
  envRm?: string[];
  label?: string[];
  labelRm?: string[];
  constraint?: string[];
  publish?: string[];
  reserveCpu?: string;
  reserveMemory?: string;
  limitCpu?: string;
  limitMemory?: string;
  restartCondition?: string;
  updateParallelism?: string;
  updateDelay?: string;
  updateOrder?: string;
  updateFailureAction?: string;
  updateMonitor?: string;
  updateMaxFailureRatio?: string;
  updateCanary?: string;
  updateAutoPromote?: boolean;
  rollbackParallelism?: string;
  rollbackDelay?: string;
  rollbackOrder?: string;
  rollbackFailureAction?: string;
  rollbackMonitor?: string;
  rollbackMaxFailureRatio?: string;
  rebalance?: string;
  namespace?: string;
  /** false: --no-readiness (update: remove the readiness probe). */
  readiness?: boolean;
  readinessHttp?: string;
  readinessTcp?: string;
  readinessExec?: string;
  readinessPeriod?: string;
  readinessTimeout?: string;
  readinessInitialDelay?: string;
  readinessFailures?: string;
  readinessSuccesses?: string;
  /** false: --no-liveness (update: remove the liveness probe). */
  liveness?: boolean;
  livenessHttp?: string;
  livenessTcp?: string;
  livenessExec?: string;
  livenessPeriod?: string;
  livenessTimeout?: string;
  livenessInitialDelay?: string;
  livenessFailures?: string;
}

type RolloutKind = 'update' | 'rollback';

function rolloutFlags(f: ServiceFlags, kind: RolloutKind) {
  return kind === 'update'
    ? { parallelism: f.updateParallelism, delay: f.updateDelay, order: f.updateOrder, failureAction: f.updateFailureAction, monitor: f.updateMonitor, maxFailureRatio: f.updateMaxFailureRatio, canary: f.updateCanary, autoPromote: f.updateAutoPromote }
    : { parallelism: f.rollbackParallelism, delay: f.rollbackDelay, order: f.rollbackOrder, failureAction: f.rollbackFailureAction, monitor: f.rollbackMonitor, maxFailureRatio: f.rollbackMaxFailureRatio, canary: undefined, autoPromote: undefined };
}

/**
 * The --KIND-* flags (update or rollback config: the same fields, but rollback has no canary)
 * applied to `c`, the config with defaults filled in; null when none was given (keep the config).
 */
function applyRolloutFlags(kind: RolloutKind, f: ServiceFlags, c: UpdateConfig): UpdateConfig | null {
  const g = rolloutFlags(f, kind);
  if (Object.values(g).every((x) => x === undefined)) return null;
  const flag = (x: string) => `--${kind}-${x}`;
  if (g.parallelism !== undefined) c.parallelism = parseInt32(flag('parallelism'), g.parallelism, 0);
  if (g.delay !== undefined) c.delayMs = parseDuration(flag('delay'), g.delay);
  if (g.order !== undefined) c.order = parseUpdateOrder(flag('order'), g.order);
  if (g.failureAction !== undefined) {
    c.failureAction = parseFailureAction(flag('failure-action'), g.failureAction);
    if (kind === 'rollback' && c.failureAction === 'UPDATE_ROLLBACK') fail('--rollback-failure-action: a rollback cannot roll back: use pause or continue');
  }
  if (g.monitor !== undefined) c.monitorMs = parseDuration(flag('monitor'), g.monitor);
  if (g.maxFailureRatio !== undefined) c.maxFailureRatio = parseRatio(flag('max-failure-ratio'), g.maxFailureRatio);
  if (g.canary !== undefined) c.canary = parseInt32(flag('canary'), g.canary, 0);
  if (g.autoPromote !== undefined) c.autoPromote = g.autoPromote;
  if (c.order === 'UPDATE_START_FIRST' && c.parallelism === 0) fail(`${flag('parallelism')}: must be at least 1 with ${flag('order')} start-first (0 means all at once)`);
  return c;
}

/** "0.25" -> 0.25, between 0 and 1. */
export function parseRatio(what: string, v: string): number {
  const n = Number(v.trim());
  if (v.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) fail(`${what}: "${v}" must be a number between 0 and 1 (for example 0.2)`);
  return n;
}

export const REBALANCE_MODES: Record<string, 'REBALANCE_MANUAL' | 'REBALANCE_AUTO'> = { manual: 'REBALANCE_MANUAL', auto: 'REBALANCE_AUTO' };

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A deep copy in the input shape (plain JSON: every field of a spec is JSON-safe). */
function copy<T>(x: T): Mutable<T> {
  return JSON.parse(JSON.stringify(x)) as Mutable<T>;
}

/**
 * Applies the flags to a spec: `base` is the current spec for `service update`, or null for
 * `service create` (then --image or --command is required). Maps (--env, --label) are merged
 * (--env-rm / --label-rm remove keys); lists (--arg, --constraint, --publish) given at all replace
 * the whole list; everything not named by a flag is kept.
 */
export function applyServiceFlags(name: string, f: ServiceFlags, base: ServiceSpec__Output | null): ServiceSpec {
  if (f.replicas !== undefined && f.global) fail('--replicas and --global: give one, not both');
  if (f.image !== undefined && f.command !== undefined) fail('--image and --command: give one, not both (a container image or a process command)');
  if (!base && f.image === undefined && f.command === undefined) fail('give --image IMAGE (a container) or --command CMD (a process)');
  if (f.image !== undefined && f.image.trim() === '') fail('--image: must not be empty');
  if (f.command !== undefined && f.command.trim() === '') fail('--command: must not be empty');

  const spec: ServiceSpec = base ? copy(base) : { name, namespace: f.namespace ?? '', labels: {} };
  if (!base) spec.name = name;

  // Mode.
  if (f.global) {
    spec.mode = 'global';
    spec.global = {};
    delete spec.replicated;
  } else if (f.replicas !== undefined) {
    spec.mode = 'replicated';
    spec.replicated = { replicas: parseInt32('--replicas', f.replicas, 0) };
    delete spec.global;
  } else if (!base) {
    spec.mode = 'replicated';
    spec.replicated = { replicas: 1 };
  }

  const labels = { ...(spec.labels ?? {}), ...parseKeyValues('--label', f.label, true) };
  for (const k of f.labelRm ?? []) delete labels[k];
  spec.labels = labels;

  // Runtime: --image makes it a container, --command a process; args and env carry over.
  const task: TaskSpec = spec.task ?? {};
  const cur = task.runtime === 'container' ? task.container : task.runtime === 'process' ? task.process : null;
  let args = cur?.args ?? [];
  let env: Record<string, string> = { ...(cur?.env ?? {}) };
  if (f.arg !== undefined) args = [...f.arg];
  env = { ...env, ...parseKeyValues('--env', f.env) };
  for (const k of f.envRm ?? []) delete env[k];
  const workdir = cur?.workdir ?? '';
  if (f.image !== undefined || task.runtime === 'container') {
    const image = f.image ?? task.container?.image ?? '';
    const command = task.runtime === 'container' ? (task.container?.command ?? []) : [];
    task.runtime = 'container';
    task.container = { image, command, args, env, workdir };
    delete task.process;
  }
  if (f.command !== undefined || (f.image === undefined && task.runtime === 'process')) {
    const command = f.command ?? task.process?.command ?? '';
    task.runtime = 'process';
    task.process = { command, args, env, workdir };
    delete task.container;
  }

  if (f.constraint !== undefined) task.placement = { ...(task.placement ?? {}), constraints: [...f.constraint] };
  if (f.publish !== undefined) task.ports = f.publish.map((p) => parsePublish('--publish', p));
  if (f.reserveCpu !== undefined || f.reserveMemory !== undefined) {
    task.reservations = { ...(task.reservations ?? {}) };
    if (f.reserveCpu !== undefined) task.reservations.milliCpus = parseCpus('--reserve-cpu', f.reserveCpu);
    if (f.reserveMemory !== undefined) task.reservations.memoryBytes = parseSize('--reserve-memory', f.reserveMemory);
  }
  if (f.limitCpu !== undefined || f.limitMemory !== undefined) {
    task.limits = { ...(task.limits ?? {}) };
    if (f.limitCpu !== undefined) task.limits.milliCpus = parseCpus('--limit-cpu', f.limitCpu);
    if (f.limitMemory !== undefined) task.limits.memoryBytes = parseSize('--limit-memory', f.limitMemory);
  }
  if (f.restartCondition !== undefined) {
    task.restartPolicy = { delayMs: DEFAULT_RESTART_DELAY_MS, ...(task.restartPolicy ?? {}), condition: parseRestartCondition('--restart-condition', f.restartCondition) };
  }
  for (const kind of ['readiness', 'liveness'] as const) {
    const p = applyProbeFlags(kind, f, task[kind]);
    if (p) task[kind] = p;
    else delete task[kind];
  }
  spec.task = task;

  // Unset fields of a new update config get the server's defaults only when the whole config is
  // missing, so fill them in here as the server would.
  const defaults = { parallelism: 1, delayMs: 0, order: 'UPDATE_STOP_FIRST' as UpdateOrder__Output, failureAction: 'UPDATE_PAUSE' as UpdateFailureAction__Output, monitorMs: 5_000, maxFailureRatio: 0, canary: 0, autoPromote: false };
  const u = applyRolloutFlags('update', f, { ...defaults, ...(spec.update ?? {}) });
  if (u) spec.update = u;
  const r = applyRolloutFlags('rollback', f, { ...defaults, ...(spec.update ?? {}), failureAction: 'UPDATE_PAUSE', ...(spec.rollback ?? {}), canary: 0, autoPromote: false });
  if (r) spec.rollback = r;
  if (f.rebalance !== undefined) spec.rebalance = choice('--rebalance', f.rebalance, REBALANCE_MODES);
  return spec;
}
