// The rules a service spec must follow. Each failure names the field (as in the .proto, with
// indexes) and the rule; nothing is written when one fails. normalizeServiceSpec also fills in the
// defaults, so the stored spec says exactly what will run.
import { invalid } from '../manager/errors.js';
import { DEFAULT_UPDATE_CONFIG } from '../orchestrator/update.js';
import { CONSTRAINT_PATTERN as CONSTRAINT } from '../scheduler/constraints.js';
import type { ServiceSpec__Output } from '../gen/baton/v1/ServiceSpec';
import type { Probe__Output } from '../gen/baton/v1/Probe';
import type { UpdateConfig__Output } from '../gen/baton/v1/UpdateConfig';
import type { Resources__Output } from '../gen/baton/v1/Resources';

export const MAX_SPEC_BYTES = 64 * 1024;
// The first restart comes at once (a replacement within a second), later ones back off (doubling, up to 60 s).
export const DEFAULT_RESTART_DELAY_MS = 100;
export const MAX_REPLICAS = 10_000;
/** What a probe's unset (0) timing fields become: Kubernetes' defaults (every 10 s, 1 s timeout, 3 failures, 1 success). */
export const DEFAULT_PROBE = { periodMs: 10_000, timeoutMs: 1_000, failureThreshold: 3, successThreshold: 1 } as const;
/** The shortest probe period: more often would be a probe loop, not a health check. */
export const MIN_PROBE_PERIOD_MS = 50;
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const LABEL_KEY = /^[A-Za-z0-9]([A-Za-z0-9._/-]{0,61}[A-Za-z0-9])?$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): void {
  if (!allowed.includes(value as T)) throw invalid(field, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
}

function labels(field: string, m: Record<string, string>): void {
  for (const [k, v] of Object.entries(m)) {
    if (!LABEL_KEY.test(k)) throw invalid(`${field}["${k}"]`, 'a label key has 1-63 characters: letters, digits, and . _ / - inside');
    if (v.length > 256) throw invalid(`${field}["${k}"]`, 'a label value has at most 256 characters');
  }
}

function env(field: string, m: Record<string, string>): void {
  for (const k of Object.keys(m)) if (!ENV_NAME.test(k)) throw invalid(`${field}["${k}"]`, 'an environment variable name is letters, digits and _, not starting with a digit');
}

function resources(field: string, r: Resources__Output | null): void {
  if (!r) return;
  if (r.milliCpus > 1_000_000) throw invalid(`${field}.milli_cpus`, 'must be at most 1000000 (1000 cores)');
}

/**
 * A probe's port names a declared port by name, or is a number (a declared target port, or the
 * port itself): a name no declared port has would never be probed.
 */
function probePort(field: string, port: string, ports: readonly { name: string }[]): void {
  if (!port) throw invalid(field, 'must name a port (name or number)');
  if (ports.some((p) => p.name !== '' && p.name === port)) return;
  if (/^\d+$/.test(port)) {
    if (Number(port) >= 1 && Number(port) <= 65535) return;
    throw invalid(field, `port ${port} is not in 1-65535`);
  }
  const names = ports.map((p) => p.name).filter((n) => n !== '');
  throw invalid(field, `"${port}" names no declared port (${names.length > 0 ? `declared names: ${names.join(', ')}` : 'no port of this task has a name'}); give a declared port's name or a port number`);
}

function probe(field: string, p: Probe__Output | null, ports: readonly { name: string }[]): void {
  if (!p) return;
  if (!p.check) throw invalid(field, 'set exactly one of exec, http, tcp');
  if (p.check === 'exec' && p.exec!.command.length === 0) throw invalid(`${field}.exec.command`, 'must not be empty');
  if (p.check === 'http' && p.http!.path && !p.http!.path.startsWith('/')) throw invalid(`${field}.http.path`, 'must start with /');
  if (p.check === 'http') probePort(`${field}.http.port`, p.http!.port, ports);
  if (p.check === 'tcp') probePort(`${field}.tcp.port`, p.tcp!.port, ports);
  // 0 is unset in proto3: the defaults.
  if (p.periodMs === 0) p.periodMs = DEFAULT_PROBE.periodMs;
  if (p.timeoutMs === 0) p.timeoutMs = DEFAULT_PROBE.timeoutMs;
  if (p.failureThreshold === 0) p.failureThreshold = DEFAULT_PROBE.failureThreshold;
  if (p.successThreshold === 0) p.successThreshold = DEFAULT_PROBE.successThreshold;
  if (p.periodMs < MIN_PROBE_PERIOD_MS) throw invalid(`${field}.period_ms`, `must be at least ${MIN_PROBE_PERIOD_MS} ms, got ${p.periodMs}`);
  if (p.timeoutMs > p.periodMs) throw invalid(`${field}.timeout_ms`, `must not exceed period_ms (${p.periodMs})`);
}

function updateConfig(field: string, u: UpdateConfig__Output | null): void {
  if (!u) return;
  oneOf(`${field}.order`, u.order, ['UPDATE_STOP_FIRST', 'UPDATE_START_FIRST']);
  oneOf(`${field}.failure_action`, u.failureAction, ['UPDATE_PAUSE', 'UPDATE_CONTINUE', 'UPDATE_ROLLBACK']);
  if (!(u.maxFailureRatio >= 0 && u.maxFailureRatio <= 1)) throw invalid(`${field}.max_failure_ratio`, `must be between 0 and 1, got ${u.maxFailureRatio}`);
  // start-first keeps the old tasks running next to the new ones: all at once would double the service.
  if (u.order === 'UPDATE_START_FIRST' && u.parallelism === 0) throw invalid(`${field}.parallelism`, 'must be at least 1 with order start-first (0 means all at once, which would run every task twice)');
  if (u.canary > MAX_REPLICAS) throw invalid(`${field}.canary`, `must be at most ${MAX_REPLICAS}, got ${u.canary}`);
}

/** Checks a spec and fills in its defaults (in place). Throws INVALID_ARGUMENT naming the field. */
export function normalizeServiceSpec(spec: ServiceSpec__Output | null, encodedBytes: number): ServiceSpec__Output {
  if (!spec) throw invalid('spec', 'is required');
  if (encodedBytes > MAX_SPEC_BYTES) throw invalid('spec', `must be at most ${MAX_SPEC_BYTES} bytes encoded, got ${encodedBytes}`);
  if (!DNS_LABEL.test(spec.name)) throw invalid('spec.name', 'must be 1-63 lowercase letters, digits or -, starting and ending with a letter or digit');
  if (spec.namespace === '') spec.namespace = 'default';
  if (!DNS_LABEL.test(spec.namespace)) throw invalid('spec.namespace', 'must be 1-63 lowercase letters, digits or -, starting and ending with a letter or digit');
  labels('spec.labels', spec.labels);
  if (!spec.mode) {
    spec.mode = 'replicated';
    spec.replicated = { replicas: 1 };
  }
  if (spec.mode === 'replicated' && spec.replicated!.replicas > MAX_REPLICAS) {
    throw invalid('spec.replicated.replicas', `must be at most ${MAX_REPLICAS}, got ${spec.replicated!.replicas}`);
  }
  const t = spec.task;
  if (!t) throw invalid('spec.task', 'is required');
  if (t.runtime === 'process') {
    if (!t.process!.command) throw invalid('spec.task.process.command', 'must not be empty');
    env('spec.task.process.env', t.process!.env);
  } else if (t.runtime === 'container') {
    if (!t.container!.image) throw invalid('spec.task.container.image', 'must not be empty');
    env('spec.task.container.env', t.container!.env);
  } else {
    throw invalid('spec.task', 'set exactly one runtime: process or container');
  }
  resources('spec.task.reservations', t.reservations);
  resources('spec.task.limits', t.limits);
  if (t.reservations && t.limits) {
    if (t.limits.milliCpus > 0 && t.reservations.milliCpus > t.limits.milliCpus) throw invalid('spec.task.reservations.milli_cpus', 'must not exceed limits.milli_cpus');
    if (t.limits.memoryBytes > 0 && t.reservations.memoryBytes > t.limits.memoryBytes) throw invalid('spec.task.reservations.memory_bytes', 'must not exceed limits.memory_bytes');
  }
  if (!t.restartPolicy) t.restartPolicy = { condition: 'RESTART_ANY', delayMs: DEFAULT_RESTART_DELAY_MS, maxAttempts: 0, windowMs: 0 };
  oneOf('spec.task.restart_policy.condition', t.restartPolicy.condition, ['RESTART_ANY', 'RESTART_ON_FAILURE', 'RESTART_NONE']);
  if (t.placement) {
    t.placement.constraints.forEach((c, i) => {
      if (!CONSTRAINT.test(c)) throw invalid(`spec.task.placement.constraints[${i}]`, `"${c}" is not of the form node.labels.KEY|node.role|node.hostname|node.id ==|!= VALUE`);
    });
    t.placement.preferences.forEach((p, i) => {
      if (!LABEL_KEY.test(p.spreadLabel)) throw invalid(`spec.task.placement.preferences[${i}].spread_label`, 'must be a node label key');
    });
  }
  const names = new Set<string>();
  const published = new Set<string>();
  t.ports.forEach((p, i) => {
    const f = `spec.task.ports[${i}]`;
    if (!(p.targetPort >= 1 && p.targetPort <= 65535)) throw invalid(`${f}.target_port`, `must be 1-65535, got ${p.targetPort}`);
    if (p.publishedPort > 65535) throw invalid(`${f}.published_port`, `must be 0-65535, got ${p.publishedPort}`);
    oneOf(`${f}.protocol`, p.protocol, ['PORT_TCP', 'PORT_UDP']);
    if (p.name) {
      if (!/^[a-z0-9-]{1,15}$/.test(p.name)) throw invalid(`${f}.name`, 'must be 1-15 lowercase letters, digits or -');
      if (names.has(p.name)) throw invalid(`${f}.name`, `"${p.name}" is used by another port`);
      names.add(p.name);
    }
    if (p.publishedPort !== 0) {
      const k = `${p.protocol}/${p.publishedPort}`;
      if (published.has(k)) throw invalid(`${f}.published_port`, `${p.publishedPort}/${p.protocol} is published twice`);
      published.add(k);
    }
  });
  probe('spec.task.liveness', t.liveness, t.ports);
  probe('spec.task.readiness', t.readiness, t.ports);
  if (!spec.update) spec.update = { ...DEFAULT_UPDATE_CONFIG };
  if (!spec.rollback) spec.rollback = { ...spec.update, failureAction: 'UPDATE_PAUSE', canary: 0, autoPromote: false };
  updateConfig('spec.update', spec.update);
  updateConfig('spec.rollback', spec.rollback);
  if (spec.rollback.canary > 0) throw invalid('spec.rollback.canary', 'a rollback has no canary: must be 0');
  if (spec.rollback.failureAction === 'UPDATE_ROLLBACK') throw invalid('spec.rollback.failure_action', 'a rollback cannot roll back: use pause or continue');
  if (spec.mode === 'global' && spec.update.canary > 0) throw invalid('spec.update.canary', 'canaries are for replicated services (a global service runs one task per node)');
  if (spec.mode === 'replicated' && spec.update.canary > spec.replicated!.replicas) {
    throw invalid('spec.update.canary', `must not exceed spec.replicated.replicas (${spec.replicated!.replicas}), got ${spec.update.canary}`);
  }
  oneOf('spec.rebalance', spec.rebalance ?? 'REBALANCE_MANUAL', ['REBALANCE_MANUAL', 'REBALANCE_AUTO']);
  if (spec.rebalance === 'REBALANCE_AUTO' && spec.mode === 'global') throw invalid('spec.rebalance', 'a global service runs one task per node: there is nothing to rebalance');
  return spec;
}
