// baton stack: a set of services described by one compose-like YAML file. A stack is the set of
// services labeled baton.stack=NAME in a namespace; service `web` of stack `shop` is the service
// `shop-web`. The whole file is checked (its keys, values, and the rules the managers apply)
// before anything is written.
//
//   version: 1
//   services:
//     web:
//       image: nginx:1.27            # or   command: /usr/bin/server   (a process)
//       args: ["--port", "8080"]
//       env: { LOG_LEVEL: info }     # or   ["LOG_LEVEL=info"]
//       replicas: 3                  # or   mode: global
//       ports: ["8080:80", "53/udp", { target: 9090, published: 9090, protocol: tcp, name: metrics }]
//       labels: { tier: front }
//       constraints: ["node.labels.zone == east"]
//       resources: { reservations: { cpus: 0.5, memory: 256M }, limits: { cpus: 1, memory: 1G } }
//       restart: on-failure          # or   { condition: on-failure, delay: 5s, max_attempts: 3, window: 1m }
//       update: { parallelism: 2, delay: 10s, order: start-first, failure_action: rollback, monitor: 5s, max_failure_ratio: 0.1 }
//       readiness: { http: { port: 8080, path: /healthz }, period: 2s, timeout: 1s, initial_delay: 1s, failure_threshold: 3, success_threshold: 1 }
//       liveness: { tcp: { port: metrics }, period: 10s }   # or  exec: [cat, /tmp/alive]   (or "cat /tmp/alive")
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { status } from '@grpc/grpc-js';
import type { Command } from 'commander';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { DEFAULT_PROBE, DEFAULT_RESTART_DELAY_MS, normalizeServiceSpec } from '../api/validate_service.js';
import { serviceSpecsEqual, type BatonClient, BatonClientError } from '../client/client.js';
import type { PortSpec } from '../gen/baton/v1/PortSpec';
import type { Probe } from '../gen/baton/v1/Probe';
import type { Resources } from '../gen/baton/v1/Resources';
import type { RestartPolicy } from '../gen/baton/v1/RestartPolicy';
import type { Service__Output } from '../gen/baton/v1/Service';
import type { ServiceSpec, ServiceSpec__Output } from '../gen/baton/v1/ServiceSpec';
import type { TaskSpec } from '../gen/baton/v1/TaskSpec';
import type { UpdateConfig } from '../gen/baton/v1/UpdateConfig';
import { decode, encode } from '../proto/load.js';
import { withClient } from './manager_commands.js';
import { type Format, outputOption, printStructured, write } from './output.js';
import { checkProbeTimes, FAILURE_ACTIONS, parseCommandLine, parseCpus, parseDuration, parseProbePort, parseProbeInterval, parseProbeThreshold, parsePublish, parseSize, type ProbeKind, RESTART_CONDITIONS, UPDATE_ORDERS } from './parse.js';
import { printTasks } from './service_commands.js';
import { fail, table, UsageError, usageErrorsExit2 } from './util.js';

export const STACK_LABEL = 'baton.stack';
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** The stack file is wrong: every problem, each naming its path in the file. */
export class StackFileError extends UsageError {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

/** Collects problems instead of stopping at the first one. */
class Checker {
  readonly problems: string[] = [];

  problem(p: string, msg: string): void {
    this.problems.push(`${p}: ${msg}`);
  }

  isObj(v: Json | undefined): v is Obj {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  }

  /** A mapping with only these keys (each unknown one is a problem); null if not a mapping. */
  obj(p: string, v: Json | undefined, keys: readonly string[]): Obj | null {
    if (!this.isObj(v)) {
      this.problem(p, 'must be a mapping');
      return null;
    }
    for (const k of Object.keys(v)) if (!keys.includes(k)) this.problem(`${p}.${k}`, `unknown key (expected one of: ${keys.join(', ')})`);
    return v;
  }

  str(p: string, v: Json | undefined, nonEmpty = true): string | null {
    if (typeof v !== 'string') {
      this.problem(p, 'must be a string');
      return null;
    }
    if (nonEmpty && v.trim() === '') {
      this.problem(p, 'must not be empty');
      return null;
    }
    return v;
  }

  /** A string, number or boolean, as a string (YAML reads 8080 and true as non-strings). */
  scalar(p: string, v: Json | undefined): string | null {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
    this.problem(p, 'must be a string, number or boolean');
    return null;
  }

  int(p: string, v: Json | undefined, min: number, max: number): number | null {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      this.problem(p, `must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`);
      return null;
    }
    return v;
  }

  list(p: string, v: Json | undefined): Json[] | null {
    if (!Array.isArray(v)) {
      this.problem(p, 'must be a list');
      return null;
    }
    return v;
  }

  /** Runs a parser that throws UsageError("what: message"), turning it into a problem at p. */
  parsed<T>(p: string, fn: (what: string) => T): T | null {
    try {
      return fn(p);
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      this.problems.push(e.message);
      return null;
    }
  }

  choice<T>(p: string, v: Json | undefined, map: Record<string, T>): T | null {
    if (typeof v !== 'string' || !(v in map)) {
      this.problem(p, `must be one of ${Object.keys(map).join(', ')}, got ${JSON.stringify(v)}`);
      return null;
    }
    return map[v]!;
  }

  duration(p: string, v: Json | undefined): number | null {
    if (typeof v === 'number' && v === 0) return 0;
    if (typeof v !== 'string') {
      this.problem(p, `must be a duration such as 10s or 500ms, got ${JSON.stringify(v)}`);
      return null;
    }
    return this.parsed(p, (w) => parseDuration(w, v));
  }
}

const SERVICE_KEYS = ['image', 'command', 'args', 'env', 'replicas', 'mode', 'ports', 'labels', 'constraints', 'resources', 'restart', 'update', 'readiness', 'liveness'] as const;

function resources(ck: Checker, p: string, v: Json | undefined): Resources | null {
  const o = ck.obj(p, v, ['cpus', 'memory']);
  if (!o) return null;
  const r: Resources = {};
  if (o['cpus'] !== undefined) {
    const c = o['cpus'];
    if (typeof c !== 'number' && typeof c !== 'string') ck.problem(`${p}.cpus`, 'must be a number of CPUs such as 0.5');
    else r.milliCpus = ck.parsed(`${p}.cpus`, (w) => parseCpus(w, String(c))) ?? 0;
  }
  if (o['memory'] !== undefined) {
    const m = o['memory'];
    if (typeof m !== 'number' && typeof m !== 'string') ck.problem(`${p}.memory`, 'must be a size such as 256M');
    else r.memoryBytes = ck.parsed(`${p}.memory`, (w) => parseSize(w, String(m))) ?? 0;
  }
  return r;
}

const PROBE_KEYS = ['http', 'tcp', 'exec', 'period', 'timeout', 'initial_delay', 'failure_threshold', 'success_threshold'] as const;

/** A probe port: a number or a declared port's name. */
function probePort(ck: Checker, p: string, v: Json | undefined): string | null {
  if (typeof v !== 'number' && typeof v !== 'string') {
    ck.problem(p, `must be a port number or a declared port's name, got ${JSON.stringify(v)}`);
    return null;
  }
  return ck.parsed(p, (w) => parseProbePort(w, String(v)));
}

/**
 * readiness: / liveness: { http: { port, path } | tcp: { port } | exec: [..] or "cmd args", period,
 * timeout, initial_delay, failure_threshold, success_threshold (readiness only) }. An explicit 0
 * period, timeout or threshold is refused (the API would read it as unset).
 */
function probe(ck: Checker, p: string, kind: ProbeKind, v: Json | undefined): Probe | null {
  const o = ck.obj(p, v, PROBE_KEYS);
  if (!o) return null;
  const before = ck.problems.length;
  const out: Probe = {};
  const checks = (['http', 'tcp', 'exec'] as const).filter((k) => o[k] !== undefined);
  if (checks.length !== 1) ck.problem(p, `give exactly one check: http: { port, path }, tcp: { port } or exec: [command, args...]${checks.length > 1 ? ` (got ${checks.join(', ')})` : ''}`);
  if (o['http'] !== undefined) {
    const h = ck.obj(`${p}.http`, o['http'], ['port', 'path']);
    if (h) {
      if (h['port'] === undefined) ck.problem(`${p}.http.port`, 'is required (a port number or a declared port\'s name)');
      const port = h['port'] === undefined ? null : probePort(ck, `${p}.http.port`, h['port']);
      let path = h['path'] === undefined ? '/' : ck.str(`${p}.http.path`, h['path']);
      if (path !== null && (!path.startsWith('/') || /\s/.test(path))) {
        ck.problem(`${p}.http.path`, `must start with / and hold no blanks (for example /healthz), got ${JSON.stringify(path)}`);
        path = null;
      }
      if (port !== null && path !== null) out.http = { port, path };
    }
  }
  if (o['tcp'] !== undefined) {
    const t = ck.obj(`${p}.tcp`, o['tcp'], ['port']);
    if (t) {
      if (t['port'] === undefined) ck.problem(`${p}.tcp.port`, 'is required (a port number or a declared port\'s name)');
      else {
        const port = probePort(ck, `${p}.tcp.port`, t['port']);
        if (port !== null) out.tcp = { port };
      }
    }
  }
  if (o['exec'] !== undefined) {
    const e = o['exec'];
    if (typeof e === 'string') {
      const command = ck.parsed(`${p}.exec`, (w) => parseCommandLine(w, e));
      if (command) out.exec = { command };
    } else if (Array.isArray(e)) {
      if (e.length === 0) ck.problem(`${p}.exec`, 'must not be empty (a command and its arguments, for example [cat, /tmp/ready])');
      const command = e.map((x, i) => ck.scalar(`${p}.exec[${i}]`, x) ?? '');
      out.exec = { command };
    } else ck.problem(`${p}.exec`, 'must be a list (a command and its arguments, for example [cat, /tmp/ready]) or a command line');
  }
  const interval = (key: 'period' | 'timeout', def: number): number | undefined => {
    if (o[key] === undefined) return undefined;
    const v = o[key];
    if (typeof v === 'number' && v === 0) return ck.parsed(`${p}.${key}`, (w) => parseProbeInterval(w, '0', def)) ?? undefined;
    if (typeof v !== 'string') {
      ck.problem(`${p}.${key}`, `must be a duration such as 2s or 500ms, got ${JSON.stringify(v)}`);
      return undefined;
    }
    return ck.parsed(`${p}.${key}`, (w) => parseProbeInterval(w, v, def)) ?? undefined;
  };
  const threshold = (key: 'failure_threshold' | 'success_threshold', def: number): number | undefined => {
    if (o[key] === undefined) return undefined;
    const v = o[key];
    if (v === 0) return ck.parsed(`${p}.${key}`, (w) => parseProbeThreshold(w, '0', def)) ?? undefined;
    return ck.int(`${p}.${key}`, v, 1, 0xffffffff) ?? undefined;
  };
  const period = interval('period', DEFAULT_PROBE.periodMs);
  const timeout = interval('timeout', DEFAULT_PROBE.timeoutMs);
  if (period !== undefined) out.periodMs = period;
  if (timeout !== undefined) out.timeoutMs = timeout;
  if (o['initial_delay'] !== undefined) out.initialDelayMs = ck.duration(`${p}.initial_delay`, o['initial_delay']) ?? 0;
  const failures = threshold('failure_threshold', DEFAULT_PROBE.failureThreshold);
  if (failures !== undefined) out.failureThreshold = failures;
  if (kind === 'liveness' && o['success_threshold'] !== undefined) {
    ck.problem(`${p}.success_threshold`, 'a liveness probe has none: the task is stopped when the probe fails, it never passes again (remove it)');
  } else {
    const successes = threshold('success_threshold', DEFAULT_PROBE.successThreshold);
    if (successes !== undefined) out.successThreshold = successes;
  }
  if (ck.problems.length === before) {
    ck.parsed(p, () => checkProbeTimes(out, { period: `${p}.period`, timeout: `${p}.timeout` }, { period: period !== undefined, timeout: timeout !== undefined }));
  }
  return ck.problems.length === before ? out : null;
}

function port(ck: Checker, p: string, v: Json): PortSpec | null {
  if (typeof v === 'string' || typeof v === 'number') return ck.parsed(p, (w) => parsePublish(w, String(v)));
  const o = ck.obj(p, v, ['target', 'published', 'protocol', 'name']);
  if (!o) return null;
  const target = ck.int(`${p}.target`, o['target'], 1, 65535);
  const published = o['published'] === undefined ? 0 : ck.int(`${p}.published`, o['published'], 1, 65535);
  const protocol = o['protocol'] === undefined ? 'PORT_TCP' : ck.choice(`${p}.protocol`, o['protocol'], { tcp: 'PORT_TCP' as const, udp: 'PORT_UDP' as const });
  const name = o['name'] === undefined ? '' : ck.str(`${p}.name`, o['name']);
  if (target === null || published === null || protocol === null || name === null) return null;
  return { targetPort: target, publishedPort: published, protocol, name };
}

function serviceSpec(ck: Checker, stack: string, namespace: string, key: string, v: Json): ServiceSpec | null {
  const p = `services.${key}`;
  const name = `${stack}-${key}`;
  const before = ck.problems.length;
  if (!DNS_LABEL.test(key)) ck.problem(p, 'a service key is lowercase letters, digits and -, starting and ending with a letter or digit');
  else if (!DNS_LABEL.test(name)) ck.problem(p, `the service name "${name}" (stack-key) must be at most 63 characters`);
  const o = ck.obj(p, v, SERVICE_KEYS);
  if (!o) return null;

  const spec: ServiceSpec = { name, namespace, labels: {} };
  const task: TaskSpec = {};

  // Labels (baton.stack is ours).
  if (o['labels'] !== undefined) {
    if (!ck.isObj(o['labels'])) ck.problem(`${p}.labels`, 'must be a mapping');
    for (const [k, val] of Object.entries(ck.isObj(o['labels']) ? o['labels'] : {})) {
      if (k === STACK_LABEL) ck.problem(`${p}.labels.${k}`, 'is set by baton to the stack name');
      const s = ck.scalar(`${p}.labels.${k}`, val);
      if (s !== null) spec.labels![k] = s;
    }
  }
  spec.labels![STACK_LABEL] = stack;

  // Mode.
  const mode = o['mode'] === undefined ? 'replicated' : ck.choice(`${p}.mode`, o['mode'], { replicated: 'replicated', global: 'global' } as const);
  if (mode === 'global') {
    if (o['replicas'] !== undefined) ck.problem(`${p}.replicas`, 'a global service runs one task per node: remove replicas or mode');
    spec.mode = 'global';
    spec.global = {};
  } else {
    const replicas = o['replicas'] === undefined ? 1 : ck.int(`${p}.replicas`, o['replicas'], 0, 0xffffffff);
    spec.mode = 'replicated';
    spec.replicated = { replicas: replicas ?? 1 };
  }

  // Runtime.
  const args = o['args'] === undefined ? [] : (ck.list(`${p}.args`, o['args']) ?? []).map((a, i) => ck.scalar(`${p}.args[${i}]`, a) ?? '');
  const env: Record<string, string> = {};
  if (o['env'] !== undefined) {
    if (Array.isArray(o['env'])) {
      o['env'].forEach((e, i) => {
        const s = ck.str(`${p}.env[${i}]`, e);
        if (s === null) return;
        const eq = s.indexOf('=');
        if (eq <= 0) ck.problem(`${p}.env[${i}]`, `"${s}" must be NAME=VALUE`);
        else env[s.slice(0, eq)] = s.slice(eq + 1);
      });
    } else if (ck.isObj(o['env'])) {
      for (const [k, val] of Object.entries(o['env'])) {
        const s = ck.scalar(`${p}.env.${k}`, val);
        if (s !== null) env[k] = s;
      }
    } else ck.problem(`${p}.env`, 'must be a mapping (NAME: value) or a list of NAME=VALUE');
  }
  if ((o['image'] === undefined) === (o['command'] === undefined)) ck.problem(p, 'give exactly one of image (a container) and command (a process)');
  else if (o['image'] !== undefined) {
    const image = ck.str(`${p}.image`, o['image']);
    task.runtime = 'container';
    task.container = { image: image ?? '', command: [], args, env };
  } else {
    const command = typeof o['command'] === 'string' ? ck.str(`${p}.command`, o['command']) : (ck.problem(`${p}.command`, 'must be a string: the program (its arguments go in args)'), null);
    task.runtime = 'process';
    task.process = { command: command ?? '', args, env };
  }

  if (o['ports'] !== undefined) task.ports = (ck.list(`${p}.ports`, o['ports']) ?? []).map((x, i) => port(ck, `${p}.ports[${i}]`, x)).filter((x): x is PortSpec => x !== null);
  if (o['constraints'] !== undefined) task.placement = { constraints: (ck.list(`${p}.constraints`, o['constraints']) ?? []).map((x, i) => ck.str(`${p}.constraints[${i}]`, x) ?? '') };

  if (o['resources'] !== undefined) {
    const r = ck.obj(`${p}.resources`, o['resources'], ['reservations', 'limits']);
    if (r?.['reservations'] !== undefined) task.reservations = resources(ck, `${p}.resources.reservations`, r['reservations']);
    if (r?.['limits'] !== undefined) task.limits = resources(ck, `${p}.resources.limits`, r['limits']);
  }

  if (o['restart'] !== undefined) {
    const rp: RestartPolicy = { condition: 'RESTART_ANY', delayMs: DEFAULT_RESTART_DELAY_MS, maxAttempts: 0, windowMs: 0 };
    if (typeof o['restart'] === 'string') rp.condition = ck.choice(`${p}.restart`, o['restart'], RESTART_CONDITIONS) ?? 'RESTART_ANY';
    else {
      const r = ck.obj(`${p}.restart`, o['restart'], ['condition', 'delay', 'max_attempts', 'window']);
      if (r?.['condition'] !== undefined) rp.condition = ck.choice(`${p}.restart.condition`, r['condition'], RESTART_CONDITIONS) ?? 'RESTART_ANY';
      if (r?.['delay'] !== undefined) rp.delayMs = ck.duration(`${p}.restart.delay`, r['delay']) ?? 0;
      if (r?.['max_attempts'] !== undefined) rp.maxAttempts = ck.int(`${p}.restart.max_attempts`, r['max_attempts'], 0, 0xffffffff) ?? 0;
      if (r?.['window'] !== undefined) rp.windowMs = ck.duration(`${p}.restart.window`, r['window']) ?? 0;
    }
    task.restartPolicy = rp;
  }

  if (o['update'] !== undefined) {
    const u = ck.obj(`${p}.update`, o['update'], ['parallelism', 'delay', 'order', 'failure_action', 'monitor', 'max_failure_ratio', 'canary', 'auto_promote']);
    const uc: UpdateConfig = { parallelism: 1, delayMs: 0, order: 'UPDATE_STOP_FIRST', failureAction: 'UPDATE_PAUSE', monitorMs: 5_000, maxFailureRatio: 0, canary: 0, autoPromote: false };
    if (u?.['canary'] !== undefined) uc.canary = ck.int(`${p}.update.canary`, u['canary'], 0, 0xffffffff) ?? 0;
    if (u?.['auto_promote'] !== undefined) {
      if (typeof u['auto_promote'] !== 'boolean') ck.problem(`${p}.update.auto_promote`, `must be true or false, got ${JSON.stringify(u['auto_promote'])}`);
      else uc.autoPromote = u['auto_promote'];
    }
    if (u?.['parallelism'] !== undefined) uc.parallelism = ck.int(`${p}.update.parallelism`, u['parallelism'], 0, 0xffffffff) ?? 1;
    if (u?.['delay'] !== undefined) uc.delayMs = ck.duration(`${p}.update.delay`, u['delay']) ?? 0;
    if (u?.['order'] !== undefined) uc.order = ck.choice(`${p}.update.order`, u['order'], UPDATE_ORDERS) ?? 'UPDATE_STOP_FIRST';
    if (u?.['failure_action'] !== undefined) uc.failureAction = ck.choice(`${p}.update.failure_action`, u['failure_action'], FAILURE_ACTIONS) ?? 'UPDATE_PAUSE';
    if (u?.['monitor'] !== undefined) uc.monitorMs = ck.duration(`${p}.update.monitor`, u['monitor']) ?? 0;
    if (u?.['max_failure_ratio'] !== undefined) {
      const r = u['max_failure_ratio'];
      if (typeof r !== 'number' || !(r >= 0 && r <= 1)) ck.problem(`${p}.update.max_failure_ratio`, `must be a number from 0 to 1, got ${JSON.stringify(r)}`);
      else uc.maxFailureRatio = r;
    }
    spec.update = uc;
  }
  for (const kind of ['readiness', 'liveness'] as const) {
    if (o[kind] === undefined) continue;
    const pr = probe(ck, `${p}.${kind}`, kind, o[kind]);
    if (pr) task[kind] = pr;
  }
  spec.task = task;
  if (ck.problems.length > before) return null;

  // The rules the managers apply (constraint syntax, env names, ports, sizes...), checked here
  // too so that a bad service stops the deploy before the first write.
  try {
    const copy = decode<ServiceSpec__Output>('baton.v1.ServiceSpec', encode('baton.v1.ServiceSpec', spec));
    normalizeServiceSpec(copy, encode('baton.v1.ServiceSpec', spec).length);
  } catch (e) {
    ck.problem(p, (e as Error).message);
    return null;
  }
  return spec;
}

/**
 * Parses and checks a whole stack file; returns the spec of every service (in file order) or
 * throws StackFileError listing every problem, each with its path (services.web.replicas).
 */
export function parseStackFile(text: string, stack: string, namespace = 'default'): ServiceSpec[] {
  const ck = new Checker();
  if (!DNS_LABEL.test(stack)) throw new StackFileError([`stack name "${stack}": must be 1-63 lowercase letters, digits or -, starting and ending with a letter or digit`]);
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new StackFileError(
      doc.errors.map((e) => {
        const pos = lc.linePos(e.pos[0]);
        return `line ${pos.line}, column ${pos.col}: ${e.message.split('\n')[0]}`;
      }),
    );
  }
  // Map keys must be plain strings (no "? [a, b]" keys).
  let badKey = false;
  const walk = (n: unknown): void => {
    if (isMap(n)) {
      for (const it of n.items) {
        if (!isScalar(it.key)) badKey = true;
        walk(it.value);
      }
    } else if (isSeq(n)) n.items.forEach(walk);
  };
  walk(doc.contents);
  if (badKey) throw new StackFileError(['mapping keys must be plain strings']);
  const root = doc.toJS({ maxAliasCount: 100 }) as Json;
  const top = ck.obj('(top)', root, ['version', 'services']);
  if (!top) throw new StackFileError(['the file must be a mapping with version: 1 and services']);
  if (top['version'] === undefined) ck.problem('version', 'is required (version: 1)');
  else if (top['version'] !== 1 && top['version'] !== '1') ck.problem('version', `must be 1, got ${JSON.stringify(top['version'])}`);
  const specs: ServiceSpec[] = [];
  if (top['services'] === undefined) ck.problem('services', 'is required');
  else if (ck.isObj(top['services'])) {
    const entries = Object.entries(top['services']);
    if (entries.length === 0) ck.problem('services', 'must name at least one service');
    for (const [k, v] of entries) {
      const s = serviceSpec(ck, stack, namespace, k, v);
      if (s) specs.push(s);
    }
  } else ck.problem('services', 'must be a mapping of service names to services');
  if (ck.problems.length > 0) throw new StackFileError(ck.problems);
  return specs;
}

async function stackServices(c: BatonClient, stack: string, namespace: string): Promise<Service__Output[]> {
  const out: Service__Output[] = [];
  for await (const s of c.listAllServices({ namespace, labels: { [STACK_LABEL]: stack } })) out.push(s);
  return out.sort((a, b) => a.spec!.name.localeCompare(b.spec!.name));
}

export function addStackCommands(program: Command): void {
  const stack = usageErrorsExit2(program.command('stack').description('sets of services described by one YAML file'));

  stack
    .command('deploy')
    .description('create or update every service of a stack file (nothing is written if any part of the file is wrong)')
    .requiredOption('-f, --file <file>', 'the stack file (YAML)')
    .argument('[name]', 'the stack name (default: the file name without extension)')
    .option('--namespace <ns>', 'the namespace of its services', 'default')
    .option('--prune', 'also remove services of the stack that the file no longer has')
    .action(async (nameArg: string | undefined, f: { file: string; namespace: string; prune?: boolean }) => {
      const name = nameArg ?? path.basename(f.file).replace(/\.(ya?ml)$/i, '');
      let text: string;
      try {
        text = readFileSync(f.file, 'utf8');
      } catch (e) {
        fail(`-f ${f.file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
      }
      let specs: ServiceSpec[];
      try {
        specs = parseStackFile(text, name, f.namespace);
      } catch (e) {
        if (e instanceof StackFileError) fail(`${f.file}: ${e.message}`);
        throw e;
      }
      await withClient(program, async (c) => {
        // Look everything up first: a name taken by a service outside the stack stops the deploy
        // before the first write.
        const existing = new Map<string, Service__Output>();
        for (const spec of specs) {
          try {
            const s = await c.getService(spec.name!, f.namespace);
            if (s.spec!.labels[STACK_LABEL] !== name) fail(`service ${spec.name} already exists in namespace ${f.namespace} and is not part of stack ${name}; remove or rename it first`);
            existing.set(spec.name!, s);
          } catch (e) {
            if (!(e instanceof BatonClientError && e.codeName === 'NOT_FOUND')) throw e;
          }
        }
        for (const spec of specs) {
          const cur = existing.get(spec.name!);
          if (!cur) {
            await c.createService(spec);
            write(`created ${spec.name}`);
          } else if (serviceSpecsEqual(cur.spec, spec)) {
            write(`unchanged ${spec.name}`);
          } else {
            await c.updateService(cur.id, cur.meta!.version, spec);
            write(`updated ${spec.name}`);
          }
        }
        const wanted = new Set(specs.map((s) => s.name!));
        for (const s of await stackServices(c, name, f.namespace)) {
          if (wanted.has(s.spec!.name)) continue;
          if (f.prune) {
            await c.removeService(s.id);
            write(`removed ${s.spec!.name}`);
          } else write(`kept ${s.spec!.name} (not in the file any more; --prune removes it)`);
        }
      });
    });

  stack
    .command('ls')
    .description('list stacks')
    .addOption(outputOption())
    .action(async (f: { output: Format }) => {
      await withClient(program, async (c) => {
        const stacks = new Map<string, { name: string; namespace: string; services: string[] }>();
        for await (const s of c.listAllServices()) {
          const n = s.spec!.labels[STACK_LABEL];
          if (n === undefined) continue;
          const key = `${s.spec!.namespace}/${n}`;
          if (!stacks.has(key)) stacks.set(key, { name: n, namespace: s.spec!.namespace, services: [] });
          stacks.get(key)!.services.push(s.spec!.name);
        }
        const rows = [...stacks.values()].sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
        for (const r of rows) r.services.sort();
        if (printStructured(f.output, rows)) return;
        table(['NAME', 'NAMESPACE', 'SERVICES'], rows.map((r) => [r.name, r.namespace, String(r.services.length)]));
      });
    });

  stack
    .command('ps')
    .description('list the tasks of a stack')
    .argument('<name>')
    .option('--namespace <ns>', 'the namespace of the stack', 'default')
    .addOption(outputOption())
    .action(async (name: string, f: { namespace: string; output: Format }) => {
      await withClient(program, async (c) => {
        const services = await stackServices(c, name, f.namespace);
        if (services.length === 0) throw new BatonClientError(status.NOT_FOUND, `no stack named ${name} in namespace ${f.namespace}`);
        await printTasks(c, services, f.output);
      });
    });

  stack
    .command('rm')
    .description('remove every service of a stack')
    .argument('<name>')
    .option('--namespace <ns>', 'the namespace of the stack', 'default')
    .action(async (name: string, f: { namespace: string }) => {
      await withClient(program, async (c) => {
        const services = await stackServices(c, name, f.namespace);
        if (services.length === 0) throw new BatonClientError(status.NOT_FOUND, `no stack named ${name} in namespace ${f.namespace}`);
        for (const s of services) {
          await c.removeService(s.id);
          write(`removed ${s.spec!.name}`);
        }
      });
    });
}
