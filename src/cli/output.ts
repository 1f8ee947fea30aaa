// How the CLI shows objects: `-o table` (the default; columns for lists, "key: value" lines for
// one object), `-o json` (the objects as the API returns them) or `-o yaml`.
import { Option } from 'commander';
import { stringify } from 'yaml';
import type { Node__Output } from '../gen/baton/v1/Node';
import type { ObjectEvent__Output } from '../gen/baton/v1/ObjectEvent';
import type { Service__Output } from '../gen/baton/v1/Service';
import type { ServiceSpec__Output } from '../gen/baton/v1/ServiceSpec';
import type { Task__Output } from '../gen/baton/v1/Task';
import { table } from './util.js';

export type Format = 'table' | 'json' | 'yaml';

/** The -o option shared by the list and inspect commands. */
export function outputOption(): Option {
  return new Option('-o, --output <format>', 'table, json or yaml').choices(['table', 'json', 'yaml']).default('table');
}

export function write(s: string): void {
  process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
}

/** Prints `data` as JSON or YAML; returns false for `table` (the caller prints its own table). */
export function printStructured(format: Format, data: unknown): boolean {
  if (format === 'json') write(JSON.stringify(data, null, 2));
  else if (format === 'yaml') write(stringify(data, { aliasDuplicateObjects: false }));
  else return false;
  return true;
}

/** "key: value" lines, the keys padded to one width. */
export function keyValues(rows: [string, string][]): void {
  const w = Math.max(0, ...rows.map(([k]) => k.length));
  write(rows.map(([k, v]) => `${`${k}:`.padEnd(w + 2)}${v}`.trimEnd()).join('\n'));
}

// ------------------------------------------------------------------ values

export const shortId = (id: string) => id.slice(0, 12);

/** An enum name without its prefix, lowercased: TASK_RUNNING -> running, NODE_DRAIN -> drain. */
export function enumName(v: string | number | undefined | null): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'number') return String(v);
  return v.replace(/^(TASK|NODE|RESTART|UPDATE|PORT|OBJECT|MANAGER)_/, '').toLowerCase().replace(/_/g, '-');
}

export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1_000 === 0) return `${ms / 1_000}s`;
  return `${ms}ms`;
}

export function formatBytes(n: number): string {
  if (n === 0) return '0';
  for (const [u, f] of [['T', 1024 ** 4], ['G', 1024 ** 3], ['M', 1024 ** 2], ['K', 1024]] as const) {
    if (n >= f && n % (f / 1024) === 0) return `${Number((n / f).toFixed(2))}${u}`;
  }
  return `${n}B`;
}

export const formatCpus = (milli: number) => String(milli / 1000);

export function ago(ms: number, now = Date.now()): string {
  if (!ms) return '';
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86400)}d ago`;
}

const kv = (m: Record<string, string> | undefined) =>
  Object.entries(m ?? {})
    .map(([k, v]) => (v === '' ? k : `${k}=${v}`))
    .join(',');

export function modeOf(spec: ServiceSpec__Output | null): string {
  if (!spec) return '';
  return spec.mode === 'global' ? 'global' : 'replicated';
}

export function desiredReplicas(spec: ServiceSpec__Output | null): number | null {
  return spec?.mode === 'global' ? null : (spec?.replicated?.replicas ?? 1);
}

/** What runs: the image, or the process command with its arguments. */
export function runtimeOf(spec: ServiceSpec__Output | null): string {
  const t = spec?.task;
  if (!t) return '';
  if (t.runtime === 'container') return t.container!.image;
  if (t.runtime === 'process') return [t.process!.command, ...t.process!.args].join(' ');
  return '';
}

export function portsOf(spec: ServiceSpec__Output | null): string {
  return (spec?.task?.ports ?? []).map((p) => `${p.publishedPort ? `${p.publishedPort}:` : ''}${p.targetPort}${p.protocol === 'PORT_UDP' ? '/udp' : ''}`).join(',');
}

// ------------------------------------------------------------------ tables

/** Services with their running/desired task counts (tasks: every task of these services). */
export function serviceTable(services: Service__Output[], tasks: Task__Output[]): void {
  const running = new Map<string, number>();
  for (const t of tasks) {
    if (t.status?.state === 'TASK_RUNNING' && t.desiredState === 'TASK_RUNNING') running.set(t.serviceId, (running.get(t.serviceId) ?? 0) + 1);
  }
  table(
    ['ID', 'NAME', 'NAMESPACE', 'MODE', 'REPLICAS', 'RUNS', 'PORTS'],
    services.map((s) => {
      const want = desiredReplicas(s.spec);
      return [shortId(s.id), s.spec!.name, s.spec!.namespace, modeOf(s.spec), `${running.get(s.id) ?? 0}/${want ?? 'global'}`, runtimeOf(s.spec), portsOf(s.spec)];
    }),
  );
}

export function taskTable(tasks: Task__Output[], serviceNames: Map<string, string>, nodeNames: Map<string, string>): void {
  const sorted = [...tasks].sort((a, b) => (serviceNames.get(a.serviceId) ?? '').localeCompare(serviceNames.get(b.serviceId) ?? '') || a.slot - b.slot || (b.meta?.createdAtMs ?? 0) - (a.meta?.createdAtMs ?? 0));
  table(
    ['ID', 'NAME', 'NODE', 'DESIRED', 'STATE', 'SINCE', 'ERROR'],
    sorted.map((t) => {
      const svc = serviceNames.get(t.serviceId) ?? shortId(t.serviceId);
      return [
        shortId(t.id),
        t.slot > 0 ? `${svc}.${t.slot}` : `${svc}.${shortId(t.nodeId)}`,
        nodeNames.get(t.nodeId) ?? shortId(t.nodeId),
        enumName(t.desiredState),
        enumName(t.status?.state ?? 'TASK_NEW'),
        ago(t.status?.timestampMs ?? 0),
        t.status?.error ?? '',
      ];
    }),
  );
}

export function nodeTable(nodes: Node__Output[]): void {
  table(
    ['ID', 'HOSTNAME', 'STATUS', 'AVAILABILITY', 'ROLE', 'ADDRESS', 'LABELS'],
    nodes.map((n) => [shortId(n.id), n.hostname, enumName(n.status?.state ?? 'NODE_UNKNOWN'), enumName(n.spec?.availability ?? 'NODE_ACTIVE'), enumName(n.spec?.role ?? 'NODE_WORKER'), n.address, kv(n.spec?.labels)]),
  );
}

/** A service as "key: value" lines. */
export function serviceSummary(s: Service__Output): void {
  const spec = s.spec!;
  const t = spec.task;
  const rows: [string, string][] = [
    ['ID', s.id],
    ['Name', spec.name],
    ['Namespace', spec.namespace],
    ['Version', String(s.meta?.version ?? 0)],
    ['Spec version', String(s.specVersion)],
    ['Created', s.meta ? new Date(s.meta.createdAtMs).toISOString() : ''],
    ['Updated', s.meta ? new Date(s.meta.updatedAtMs).toISOString() : ''],
    ['Labels', kv(spec.labels)],
    ['Mode', spec.mode === 'global' ? 'global' : `replicated, ${desiredReplicas(spec)} replicas`],
  ];
  if (t?.runtime === 'container') {
    rows.push(['Image', t.container!.image]);
    if (t.container!.command.length) rows.push(['Command', t.container!.command.join(' ')]);
    if (t.container!.args.length) rows.push(['Args', t.container!.args.join(' ')]);
    if (Object.keys(t.container!.env).length) rows.push(['Env', kv(t.container!.env)]);
  } else if (t?.runtime === 'process') {
    rows.push(['Command', t.process!.command]);
    if (t.process!.args.length) rows.push(['Args', t.process!.args.join(' ')]);
    if (Object.keys(t.process!.env).length) rows.push(['Env', kv(t.process!.env)]);
  }
  if (Object.keys(spec.labels).length === 0) rows.splice(rows.findIndex(([k]) => k === 'Labels'), 1);
  if (t?.placement?.constraints.length) rows.push(['Constraints', t.placement.constraints.join('; ')]);
  if (t?.ports.length) rows.push(['Ports', portsOf(spec)]);
  if (t?.reservations) rows.push(['Reservations', `cpu ${formatCpus(t.reservations.milliCpus)}, memory ${formatBytes(t.reservations.memoryBytes)}`]);
  if (t?.limits) rows.push(['Limits', `cpu ${formatCpus(t.limits.milliCpus)}, memory ${formatBytes(t.limits.memoryBytes)}`]);
  if (t?.restartPolicy) {
    const r = t.restartPolicy;
    rows.push(['Restart', `${enumName(r.condition)}, delay ${formatDuration(r.delayMs)}${r.maxAttempts ? `, at most ${r.maxAttempts} attempts` : ''}${r.windowMs ? ` within ${formatDuration(r.windowMs)}` : ''}`]);
  }
  for (const [label, u] of [['Update', spec.update], ['Rollback', spec.rollback]] as const) {
    if (u) rows.push([label, `parallelism ${u.parallelism}, delay ${formatDuration(u.delayMs)}, ${enumName(u.order)}, on failure ${enumName(u.failureAction)}, monitor ${formatDuration(u.monitorMs)}`]);
  }
  rows.push(['Previous spec', s.previousSpec ? 'yes (rollback possible)' : 'none']);
  if (s.updateStatus) rows.push(['Update status', `${enumName(s.updateStatus.state)}${s.updateStatus.message ? `: ${s.updateStatus.message}` : ''}`]);
  keyValues(rows);
}

export function nodeSummary(n: Node__Output): void {
  keyValues([
    ['ID', n.id],
    ['Hostname', n.hostname],
    ['Address', n.address],
    ['Version', String(n.meta?.version ?? 0)],
    ['Status', `${enumName(n.status?.state ?? 'NODE_UNKNOWN')}${n.status?.message ? ` (${n.status.message})` : ''}`],
    ['Availability', enumName(n.spec?.availability ?? 'NODE_ACTIVE')],
    ['Role', enumName(n.spec?.role ?? 'NODE_WORKER')],
    ['Labels', kv(n.spec?.labels)],
    ['Resources', n.resources ? `cpu ${formatCpus(n.resources.milliCpus)}, memory ${formatBytes(n.resources.memoryBytes)}` : ''],
    ['Runtimes', n.runtimes.join(', ')],
  ]);
}

/** One line per event: revision, what happened, the kind of object, its id and a description. */
export function eventLine(e: ObjectEvent__Output): string {
  const what = e.kind === 'OBJECT_CREATED' ? 'created' : e.kind === 'OBJECT_UPDATED' ? 'updated' : 'deleted';
  let desc = '';
  let id = '';
  switch (e.object) {
    case 'service': {
      const s = e.service!;
      id = s.id;
      desc = `${s.spec?.namespace}/${s.spec?.name} version=${s.meta?.version ?? 0} spec_version=${s.specVersion} ${modeOf(s.spec)}${s.spec?.mode === 'global' ? '' : `=${desiredReplicas(s.spec)}`}`;
      break;
    }
    case 'task': {
      const t = e.task!;
      id = t.id;
      desc = `service=${t.serviceId} slot=${t.slot} node=${t.nodeId || '-'} desired=${enumName(t.desiredState)} state=${enumName(t.status?.state ?? 'TASK_NEW')}`;
      break;
    }
    case 'node': {
      const n = e.node!;
      id = n.id;
      desc = `${n.hostname} ${enumName(n.status?.state ?? 'NODE_UNKNOWN')} ${enumName(n.spec?.availability ?? 'NODE_ACTIVE')}`;
      break;
    }
    case 'cluster':
      id = e.cluster!.id;
      break;
  }
  return `${e.revision} ${what} ${e.object ?? '?'} ${id}${desc ? ` ${desc}` : ''}`;
}
