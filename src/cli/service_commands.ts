// baton service: create, list, inspect, update, scale, roll back and remove services, and list
// their tasks. create/update/scale/rollback wait for the service to converge unless --detach.
import { type Command, Option } from 'commander';
import { type BatonClient, serviceSpecsEqual } from '../client/client.js';
import type { Service__Output } from '../gen/baton/v1/Service';
import type { ServiceSpec } from '../gen/baton/v1/ServiceSpec';
import type { Task__Output } from '../gen/baton/v1/Task';
import { withClient } from './manager_commands.js';
import { ago, enumName, type Format, keyValues, outputOption, printStructured, serviceSummary, serviceTable, shortId, write } from './output.js';
import { applyServiceFlags, checkProbeFlags, parseInt32, parseKeyValues, type ServiceFlags } from './parse.js';
import { fail, int, usageErrorsExit2 } from './util.js';

const collect = (v: string, prev: string[] | undefined) => [...(prev ?? []), v];

/** The --update-* and --rollback-* flags both configs have (their help differs). */
function rolloutOptions(
  cmd: Command,
  kind: 'update' | 'rollback',
  help: { parallelism: string; delay: string; failureAction: [string, string[]]; monitor: string; maxFailureRatio: string },
): Command {
  return cmd
    .option(`--${kind}-parallelism <n>`, help.parallelism)
    .option(`--${kind}-delay <duration>`, help.delay)
    .addOption(new Option(`--${kind}-order <order>`, 'stop-first or start-first').choices(['stop-first', 'start-first']))
    .addOption(new Option(`--${kind}-failure-action <action>`, help.failureAction[0]).choices(help.failureAction[1]))
    .option(`--${kind}-monitor <duration>`, help.monitor)
    .option(`--${kind}-max-failure-ratio <r>`, help.maxFailureRatio);
}

/** The spec flags shared by `service create` and `service update`. */
function specOptions(cmd: Command, update: boolean): Command {
  cmd
    .option('--replicas <n>', 'number of tasks (replicated mode)')
    .option('--global', 'one task on every node that satisfies the constraints')
    .option('--image <image>', 'run a container from this image')
    .option('--command <cmd>', 'run this command as a process (its arguments with --arg)')
    .option('--arg <arg>', 'an argument (repeat for more; on update, replaces all)', collect)
    .option('--env <K=V>', 'an environment variable (repeatable)', collect)
    .option('--label <K=V>', 'a service label (repeatable)', collect)
    .option('--constraint <expr>', 'a placement constraint, e.g. "node.labels.zone == east" (repeatable; on update, replaces all)', collect)
    .option('--publish <[pub:]target[/udp]>', 'a port (repeatable; on update, replaces all)', collect)
    .option('--reserve-cpu <cpus>', 'CPUs reserved per task, e.g. 0.5')
    .option('--reserve-memory <size>', 'memory reserved per task, e.g. 256M')
    .option('--limit-cpu <cpus>', 'CPU limit per task')
    .option('--limit-memory <size>', 'memory limit per task, e.g. 1G')
    .addOption(new Option('--restart-condition <when>', 'restart tasks: any, on-failure or none').choices(['any', 'on-failure', 'none']));
  rolloutOptions(cmd, 'update', {
    parallelism: 'tasks updated at once (0: all)',
    delay: 'pause between batches, e.g. 10s',
    failureAction: ['pause, continue or rollback', ['pause', 'continue', 'rollback']],
    monitor: 'after each batch, watch its tasks this long for failures, e.g. 5s',
    maxFailureRatio: 'failures tolerated during an update, as a fraction of the tasks (0..1)',
  })
    .option('--update-canary <n>', 'first start n tasks of the new version next to the old ones and wait for `service promote`')
    .option('--update-auto-promote', 'promote the canaries by themselves once they stayed healthy through the monitor window');
  rolloutOptions(cmd, 'rollback', {
    parallelism: 'tasks rolled back at once (0: all)',
    delay: 'pause between rollback batches',
    failureAction: ['pause or continue', ['pause', 'continue']],
    monitor: 'after each rollback batch, watch its tasks this long',
    maxFailureRatio: 'failures tolerated during a rollback (0..1)',
  }).addOption(new Option('--rebalance <mode>', 'manual (`service rebalance`) or auto (whenever the spread is uneven)').choices(['manual', 'auto']));
  for (const kind of ['readiness', 'liveness'] as const) {
    const what = kind === 'readiness' ? 'readiness probe (rolling updates wait for it)' : 'liveness probe (the task is stopped and replaced when it fails)';
    cmd
      .option(`--${kind}-http <port[:/path]>`, `${what}: GET http://127.0.0.1:PORT/PATH, 200-399 passes; PORT a number or a declared port's name (e.g. 8080:/healthz)`)
      .option(`--${kind}-tcp <port>`, `${what}: a TCP connection to PORT is accepted`)
      .option(`--${kind}-exec <command>`, `${what}: run the command in the task's environment, exit 0 passes (words split as by a shell, no shell runs it: "sh -c '...'" for one)`)
      .option(`--${kind}-period <duration>`, `time between ${kind} checks (default 10s; at least 1ms)`)
      .option(`--${kind}-timeout <duration>`, `a ${kind} check not answered in time fails (default 1s; at most the period)`)
      .option(`--${kind}-initial-delay <duration>`, `wait this long after the start before the first ${kind} check (default 0s)`)
      .option(`--${kind}-failures <n>`, `consecutive failed checks before the ${kind} probe fails (default 3)`);
    if (kind === 'readiness') cmd.option('--readiness-successes <n>', 'consecutive passed checks before a not-ready task is ready again (default 1)');
  }
  cmd
    .option('--namespace <ns>', 'the namespace (default "default")')
    .option('-d, --detach', 'return at once instead of waiting for the tasks');
  if (update) {
    cmd
      .option('--env-rm <K>', 'remove an environment variable (repeatable)', collect)
      .option('--label-rm <K>', 'remove a service label (repeatable)', collect)
      .option('--no-readiness', 'remove the readiness probe')
      .option('--no-liveness', 'remove the liveness probe');
  }
  return cmd;
}

// ------------------------------------------------------------------ convergence

/** How long every task of the current spec may stay pending (no node can take them) before we stop waiting. */
export const PENDING_AFTER_MS = 5_000;

/**
 * Follows the tasks of one service and says when it has converged: as many tasks running the
 * current spec as it wants (replicated), or every task of the current spec running (global), and
 * no task of an older spec still running. Pure: fed tasks, returns progress lines.
 */
/** Running, and ready if the task has a readiness probe (what the rolling update counts too). */
const available = (t: Task__Output) => t.status?.state === 'TASK_RUNNING' && (!t.spec?.readiness || t.health?.ready === true);

export class Convergence {
  private readonly tasks = new Map<string, Task__Output>();
  private readonly shown = new Map<string, string>();

  constructor(public service: Service__Output) {}

  /** A task was created, changed or deleted; returns the line to show, if any. */
  task(t: Task__Output, deleted = false): string | null {
    if (t.serviceId !== this.service.id) return null;
    if (deleted) {
      this.tasks.delete(t.id);
      return null;
    }
    this.tasks.set(t.id, t);
    const state = enumName(t.status?.state ?? 'TASK_NEW');
    const line = `${t.slot > 0 ? `${this.service.spec!.name}.${t.slot}` : `${this.service.spec!.name}@${t.nodeId || '?'}`}: ${state}${t.nodeId ? ` on ${t.nodeId.slice(0, 12)}` : ''}${t.status?.message ? ` (${t.status.message})` : ''}${t.status?.error ? ` error: ${t.status.error}` : ''}`;
    const key = `${state}|${t.nodeId}|${t.status?.error ?? ''}`;
    if (this.shown.get(t.id) === key) return null;
    this.shown.set(t.id, key);
    return line;
  }

  private current(): Task__Output[] {
    return [...this.tasks.values()].filter((t) => t.specVersion === this.service.specVersion && t.desiredState === 'TASK_RUNNING');
  }

  private lastRollout = '';

  /** The service changed: a line on its rollout's progress, if that changed. */
  rollout(s: Service__Output): string | null {
    this.service = s;
    const st = s.updateStatus;
    if (!st || st.state === 'UPDATE_NONE') return null;
    const line = rolloutLine(s);
    if (line === this.lastRollout) return null;
    this.lastRollout = line;
    return line;
  }

  /**
   * If no task of the current spec got past PENDING: why (the scheduler's reason on one of them,
   * or "no tasks yet"); null once any task was placed.
   */
  stuckPending(): string | null {
    const cur = this.current();
    if (cur.some((t) => t.status?.state !== 'TASK_PENDING' && t.status?.state !== 'TASK_NEW')) return null;
    return cur.find((t) => t.status?.message)?.status?.message ?? 'no tasks yet';
  }

  /** Whether the service wants tasks at all (replicated with 0 replicas does not). */
  wantsTasks(): boolean {
    const spec = this.service.spec!;
    return spec.mode === 'global' || (spec.replicated?.replicas ?? 1) > 0;
  }

  running(): number {
    return this.current().filter(available).length;
  }

  converged(): boolean {
    const spec = this.service.spec!;
    // A rollout of the current spec version that has not finished (monitor window included).
    const st = this.service.updateStatus;
    if (st && st.specVersion === this.service.specVersion && ['UPDATE_UPDATING', 'UPDATE_ROLLING_BACK', 'UPDATE_REBALANCING'].includes(st.state)) return false;
    const oldRunning = [...this.tasks.values()].some((t) => t.specVersion !== this.service.specVersion && t.status?.state === 'TASK_RUNNING');
    if (oldRunning) return false;
    if (spec.mode === 'global') {
      const cur = this.current();
      return cur.length > 0 && cur.every(available);
    }
    const want = spec.replicated?.replicas ?? 1;
    if (want === 0) return ![...this.tasks.values()].some((t) => t.status?.state === 'TASK_RUNNING');
    return this.running() === want;
  }

  summary(): string {
    const spec = this.service.spec!;
    return spec.mode === 'global' ? `${this.running()}/${this.current().length} running (global)` : `${this.running()}/${spec.replicated?.replicas ?? 1} running`;
  }
}

/** One line on a service's rollout: state, progress, failures, and the status message. */
export function rolloutLine(s: Service__Output): string {
  const st = s.updateStatus!;
  const what = enumName(st.state);
  const progress = st.total > 0 ? ` ${st.updated}/${st.total} ${st.state.startsWith('UPDATE_REBALANC') ? 'in place' : 'updated'}` : '';
  const batches = st.batches > 0 ? `, batch ${st.batches}` : '';
  const failures = st.failures > 0 ? `, ${st.failures} failure${st.failures === 1 ? '' : 's'}` : '';
  return `${s.spec!.name}: ${what}${progress}${batches}${failures}${st.message ? ` — ${st.message}` : ''}`;
}

export type ConvergeResult = { pending: string } | 'converged' | 'removed' | 'update-failed' | 'canary';

/**
 * Waits until the service converged (see Convergence), printing a line per task change: lists
 * the tasks, then follows WatchObjects from the list's revision. Gives up honestly when no task
 * of the current spec got past PENDING within pendingMs (no node can take them: the reason is
 * returned; the scheduler keeps trying on its own).
 */
export async function waitForConvergence(c: BatonClient, svc: Service__Output, out: (line: string) => void, pendingMs = PENDING_AFTER_MS): Promise<ConvergeResult> {
  const conv = new Convergence(svc);
  let revision = 0;
  let pageToken = '';
  for (let i = 0; i < 10_000; i++) {
    const r = await c.listTasks({ serviceId: svc.id, pageToken });
    if (revision === 0) revision = r.revision;
    for (const t of r.tasks) {
      const line = conv.task(t);
      if (line) out(line);
    }
    if (!r.nextPageToken) break;
    pageToken = r.nextPageToken;
  }
  if (conv.converged()) return 'converged';
  const ac = new AbortController();
  let gaveUp: string | null = null;
  const timer = setTimeout(() => {
    const why = conv.wantsTasks() ? conv.stuckPending() : null;
    if (why) {
      gaveUp = why;
      ac.abort();
    }
  }, pendingMs);
  try {
    for await (const e of c.watchObjects(['OBJECT_TASK', 'OBJECT_SERVICE'], revision, ac.signal)) {
      if (e.object === 'service' && e.service!.id === svc.id) {
        if (e.kind === 'OBJECT_DELETED') return 'removed';
        const line = conv.rollout(e.service!);
        if (line) out(line);
        const st = e.service!.updateStatus?.state;
        if (st === 'UPDATE_PAUSED' || st === 'UPDATE_ROLLBACK_PAUSED') return 'update-failed';
        // Rolled back by itself (failure action rollback): the spec we waited for failed.
        if (st === 'UPDATE_ROLLED_BACK' && e.service!.specVersion !== svc.specVersion) return 'update-failed';
        if (st === 'UPDATE_CANARY') return 'canary';
      } else if (e.object === 'task') {
        const line = conv.task(e.task!, e.kind === 'OBJECT_DELETED');
        if (line) out(`${line}  [${conv.summary()}]`);
      }
      if (conv.converged()) return 'converged';
    }
  } finally {
    clearTimeout(timer);
    ac.abort();
  }
  return gaveUp !== null ? { pending: gaveUp } : 'converged';
}

/** After a write: wait for convergence unless --detach, and tell how it ended. */
async function settle(c: BatonClient, svc: Service__Output, detach: boolean | undefined): Promise<void> {
  if (detach) return;
  const r = await waitForConvergence(c, svc, write);
  if (r === 'canary') write(`${svc.spec!.name}: canaries running next to the old tasks; \`baton service promote ${svc.spec!.name}\` updates the rest, \`baton service rollback ${svc.spec!.name}\` drops them`);
  else if (typeof r === 'object') write(`${svc.spec!.name}: tasks pending: ${r.pending}; the scheduler keeps trying (see \`baton service ps ${svc.spec!.name}\`)`);
  else if (r === 'converged') write(`${svc.spec!.name}: converged`);
  else if (r === 'removed') {
    write(`${svc.spec!.name}: removed while waiting`);
    process.exitCode = 1;
  } else process.exitCode = 1;
}

// ------------------------------------------------------------------ commands

async function allTasks(c: BatonClient, serviceIds: Set<string> | null): Promise<Task__Output[]> {
  const out: Task__Output[] = [];
  if (serviceIds && serviceIds.size === 1) {
    for await (const t of c.listAllTasks({ serviceId: [...serviceIds][0]! })) out.push(t);
    return out;
  }
  for await (const t of c.listAllTasks()) if (!serviceIds || serviceIds.has(t.serviceId)) out.push(t);
  return out;
}

/**
 * Prints tasks of these services (used by `service ps` and `stack ps`), with the spec version each
 * runs and why the orchestrator stopped the ones it stopped (updated, rolled back, rebalanced,
 * failed, scaled down...).
 */
export async function printTasks(c: BatonClient, services: Service__Output[], format: Format): Promise<void> {
  const tasks = await allTasks(c, new Set(services.map((s) => s.id)));
  if (printStructured(format, tasks)) return;
  const nodes = new Map<string, string>();
  for await (const n of c.listAllNodes()) nodes.set(n.id, n.hostname || n.id.slice(0, 12));
  const names = new Map(services.map((s) => [s.id, s.spec!.name]));
  const sorted = [...tasks].sort((a, b) => (names.get(a.serviceId) ?? '').localeCompare(names.get(b.serviceId) ?? '') || a.slot - b.slot || (b.meta?.createdAtMs ?? 0) - (a.meta?.createdAtMs ?? 0));
  const rows = sorted.map((t) => {
    const svc = names.get(t.serviceId) ?? shortId(t.serviceId);
    const ready = t.status?.state === 'TASK_RUNNING' && t.spec?.readiness ? (t.health?.ready ? ' (ready)' : ' (not ready)') : '';
    return [
      shortId(t.id),
      t.slot > 0 ? `${svc}.${t.slot}` : `${svc}.${shortId(t.nodeId)}`,
      nodes.get(t.nodeId) ?? shortId(t.nodeId),
      String(t.specVersion),
      enumName(t.desiredState),
      `${enumName(t.status?.state ?? 'TASK_NEW')}${ready}`,
      ago(t.status?.timestampMs ?? 0),
      t.desiredState === 'TASK_RUNNING' ? '' : t.shutdownReason,
      t.status?.error ?? '',
    ];
  });
  printTable(['ID', 'NAME', 'NODE', 'SPEC', 'DESIRED', 'STATE', 'SINCE', 'STOPPED BECAUSE', 'ERROR'], rows);
}

function printTable(head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const r of [head, ...rows]) write(r.map((v, i) => (i === r.length - 1 ? v : v.padEnd(widths[i]!))).join('   ').trimEnd());
}

/** Prints services with their running counts (used by `service ls`). */
export async function printServices(c: BatonClient, services: Service__Output[], format: Format): Promise<void> {
  if (printStructured(format, services)) return;
  serviceTable(services, services.length === 0 ? [] : await allTasks(c, new Set(services.map((s) => s.id))));
}

function describeRuntime(spec: Service__Output['spec']): string {
  const t = spec?.task;
  if (t?.runtime === 'container') return [t.container!.image, ...t.container!.args].join(' ');
  if (t?.runtime === 'process') return [t.process!.command, ...t.process!.args].join(' ');
  return '';
}

function parseScale(args: string[]): [string, number][] {
  if (args.length === 0) fail('give NAME=REPLICAS, e.g. web=3');
  return args.map((a) => {
    const i = a.lastIndexOf('=');
    if (i <= 0) fail(`"${a}" must be NAME=REPLICAS, e.g. web=3`);
    return [a.slice(0, i), parseInt32(`${a.slice(0, i)}: replicas`, a.slice(i + 1), 0)];
  });
}

export function addServiceCommands(program: Command): void {
  usageErrorsExit2(program.command('task').description('tasks (one per replica of a service)'))
    .command('inspect')
    .description('show a task')
    .argument('<id>', 'task id')
    .addOption(outputOption())
    .action(async (id: string, f: { output: Format }) => {
      await withClient(program, async (c) => {
        const t = await c.getTask(id);
        if (printStructured(f.output, t)) return;
        keyValues([
          ['ID', t.id],
          ['Service', t.serviceId],
          ['Slot', t.slot > 0 ? String(t.slot) : '(global)'],
          ['Node', t.nodeId],
          ['Spec version', String(t.specVersion)],
          ['Desired state', enumName(t.desiredState)],
          ['State', enumName(t.status?.state ?? 'TASK_NEW')],
          ['Message', t.status?.message ?? ''],
          ['Error', t.status?.error ?? ''],
          ['Ports', t.ports.map((p) => `${p.hostPort}->${p.targetPort}${p.name ? ` (${p.name})` : ''}`).join(', ')],
        ]);
      });
    });

  const service = usageErrorsExit2(program.command('service').description('services: what runs, how many, where, and how it is updated'));

  specOptions(service.command('create').description('create a service').argument('<name>'), false).action(async (name: string, f: ServiceFlags & { detach?: boolean }) => {
    const spec = applyServiceFlags(name, f, null);
    await withClient(program, async (c) => {
      const svc = await c.createService(spec);
      write(svc.id);
      await settle(c, svc, f.detach);
    });
  });

  service
    .command('ls')
    .description('list services')
    .option('--namespace <ns>', 'only this namespace (default: all)')
    .option('--label <K=V>', 'only services with this label (repeatable)', collect)
    .addOption(outputOption())
    .action(async (f: { namespace?: string; label?: string[]; output: Format }) => {
      const labels = parseKeyValues('--label', f.label, true);
      await withClient(program, async (c) => {
        const services: Service__Output[] = [];
        for await (const s of c.listAllServices({ namespace: f.namespace ?? '', labels })) services.push(s);
        services.sort((a, b) => a.spec!.namespace.localeCompare(b.spec!.namespace) || a.spec!.name.localeCompare(b.spec!.name));
        await printServices(c, services, f.output);
      });
    });

  service
    .command('inspect')
    .description('show a service')
    .argument('<name>', 'service name or id')
    .option('--namespace <ns>', 'the namespace of the name (default "default")')
    .addOption(outputOption())
    .action(async (name: string, f: { namespace?: string; output: Format }) => {
      await withClient(program, async (c) => {
        const s = await c.getService(name, f.namespace ?? '');
        if (!printStructured(f.output, s)) serviceSummary(s);
      });
    });

  service
    .command('logs')
    .description("print the output of a service's tasks (from the workers that run them)")
    .argument('<name>', 'service name or id')
    .option('--namespace <ns>', 'the namespace of the name (default "default")')
    .option('-f, --follow', 'keep printing new lines until interrupted')
    .option('--tail <n>', 'start with the last n lines of each task', '0')
    .option('--timestamps', 'prefix each line with its time')
    .action(async (name: string, f: { namespace?: string; follow?: boolean; tail: string; timestamps?: boolean }) => {
      const tail = int('--tail', f.tail, 0);
      await withClient(program, async (c) => {
        const svc = await c.getService(name, f.namespace ?? '');
        const slots = new Map<string, string>();
        for await (const t of c.listAllTasks({ serviceId: svc.id })) slots.set(t.id, t.slot > 0 ? `${svc.spec!.name}.${t.slot}` : `${svc.spec!.name}@${t.nodeId.slice(0, 12)}`);
        const ac = new AbortController();
        const stop = () => ac.abort();
        process.once('SIGINT', stop);
        try {
          for await (const l of c.serviceLogs(svc.id, { follow: f.follow, tail, signal: ac.signal })) {
            const who = `${slots.get(l.taskId) ?? svc.spec!.name}.${l.taskId.slice(0, 8)}`;
            const ts = f.timestamps ? `${new Date(Number(l.timestampMs)).toISOString()} ` : '';
            (l.stream === 'stderr' ? process.stderr : process.stdout).write(`${ts}${who} | ${l.line}\n`);
          }
        } finally {
          process.removeListener('SIGINT', stop);
        }
      });
    });

  service
    .command('ps')
    .description("list a service's tasks")
    .argument('<name>', 'service name or id')
    .option('--namespace <ns>', 'the namespace of the name (default "default")')
    .addOption(outputOption())
    .action(async (name: string, f: { namespace?: string; output: Format }) => {
      await withClient(program, async (c) => {
        const s = await c.getService(name, f.namespace ?? '');
        await printTasks(c, [s], f.output);
      });
    });

  specOptions(service.command('update').description("change a service: the flags are applied to its current spec").argument('<name>', 'service name or id'), true).action(
    async (name: string, f: ServiceFlags & { detach?: boolean }) => {
      checkProbeFlags(f);
      await withClient(program, async (c) => {
        const cur = await c.getService(name, f.namespace ?? '');
        const spec = applyServiceFlags(cur.spec!.name, f, cur.spec);
        if (serviceSpecsEqual(cur.spec, spec)) {
          // An update that changes nothing would still replace the previous spec (what rollback
          // returns to): do not send it.
          write(`${cur.spec!.name}: nothing to change`);
          return;
        }
        const svc = await c.updateService(cur.id, cur.meta!.version, spec);
        write(`${svc.spec!.name} updated (version ${svc.meta!.version}, spec version ${svc.specVersion})`);
        await settle(c, svc, f.detach);
      });
    },
  );

  service
    .command('scale')
    .description('set the number of tasks of replicated services')
    .argument('<name=replicas...>')
    .option('--namespace <ns>', 'the namespace of the names (default "default")')
    .option('-d, --detach', 'return at once instead of waiting for the tasks')
    .action(async (args: string[], f: { namespace?: string; detach?: boolean }) => {
      const wanted = parseScale(args);
      await withClient(program, async (c) => {
        for (const [name, replicas] of wanted) {
          const cur = await c.getService(name, f.namespace ?? '');
          if (cur.spec!.mode === 'global') fail(`${name} is a global service: it runs one task per node and cannot be scaled`);
          let svc = cur;
          if (cur.spec!.replicated?.replicas !== replicas) {
            const spec: ServiceSpec = { ...cur.spec!, mode: 'replicated', replicated: { replicas } };
            svc = await c.updateService(cur.id, cur.meta!.version, spec);
          }
          write(`${name} scaled to ${replicas}`);
          await settle(c, svc, f.detach);
        }
      });
    });

  service
    .command('rollback')
    .description('go back to the spec the service had before its last change (or to --to-revision N), with its rollback config')
    .argument('<name>', 'service name or id')
    .option('--to-revision <n>', 'a revision from `baton service history NAME`')
    .option('--namespace <ns>', 'the namespace of the name (default "default")')
    .option('-d, --detach', 'return at once instead of waiting for the tasks')
    .action(async (name: string, f: { namespace?: string; detach?: boolean; toRevision?: string }) => {
      const toRevision = f.toRevision === undefined ? 0 : parseInt32('--to-revision', f.toRevision, 1);
      await withClient(program, async (c) => {
        const svc = await c.rollbackService(name, { namespace: f.namespace ?? '', toRevision });
        write(`${svc.spec!.name} rolled back to ${toRevision > 0 ? `revision ${toRevision}` : 'the previous spec'} (now revision ${svc.revision}, version ${svc.meta!.version}, spec version ${svc.specVersion})`);
        await settle(c, svc, f.detach);
      });
    });

  service
    .command('history')
    .description("list a service's earlier specs (the last 10), for `rollback --to-revision`")
    .argument('<name>', 'service name or id')
    .option('--namespace <ns>', 'the namespace of the name (default "default")')
    .addOption(outputOption())
    .action(async (name: string, f: { namespace?: string; output: Format }) => {
      await withClient(program, async (c) => {
        const s = await c.getService(name, f.namespace ?? '');
        const rows = [
          ...s.history.map((h) => ({ revision: h.revision, specVersion: h.specVersion, createdMs: h.createdMs, current: false, spec: h.spec })),
          { revision: Math.max(1, s.revision), specVersion: s.specVersion, createdMs: s.meta?.updatedAtMs ?? 0, current: true, spec: s.spec },
        ];
        if (printStructured(f.output, rows)) return;
        printTable(
          ['REVISION', 'SPEC VERSION', 'CHANGED', 'MODE', 'RUNS', ''],
          rows.map((r) => [
            String(r.revision),
            String(r.specVersion),
            r.createdMs ? ago(r.createdMs) : '',
            r.spec?.mode === 'global' ? 'global' : `replicated=${r.spec?.replicated?.replicas ?? 0}`,
            describeRuntime(r.spec),
            r.current ? '(current)' : '',
          ]),
        );
      });
    });

  service
    .command('promote')
    .description("promote the canaries of a service's update: update the rest of its tasks")
    .argument('<name>', 'service name or id')
    .option('--namespace <ns>', 'the namespace of the name (default "default")')
    .option('-d, --detach', 'return at once instead of waiting for the tasks')
    .action(async (name: string, f: { namespace?: string; detach?: boolean }) => {
      await withClient(program, async (c) => {
        const svc = await c.promoteService(name, f.namespace ?? '');
        write(`${svc.spec!.name}: canary promoted; updating the rest to spec version ${svc.specVersion}`);
        await settle(c, svc, f.detach);
      });
    });

  service
    .command('resume')
    .description('resume a paused update (or rollback) of a service')
    .argument('<name>', 'service name or id')
    .option('--namespace <ns>', 'the namespace of the name (default "default")')
    .option('-d, --detach', 'return at once instead of waiting for the tasks')
    .action(async (name: string, f: { namespace?: string; detach?: boolean }) => {
      await withClient(program, async (c) => {
        const svc = await c.resumeServiceUpdate(name, f.namespace ?? '');
        write(`${svc.spec!.name}: ${enumName(svc.updateStatus!.state)}`);
        await settle(c, svc, f.detach);
      });
    });

  service
    .command('rebalance')
    .description("move a service's tasks, a batch at a time (its update config), to even out their spread over the nodes")
    .argument('<name>', 'service name or id')
    .option('--namespace <ns>', 'the namespace of the name (default "default")')
    .option('-d, --detach', 'return at once instead of waiting for the tasks')
    .action(async (name: string, f: { namespace?: string; detach?: boolean }) => {
      await withClient(program, async (c) => {
        const svc = await c.rebalanceService(name, f.namespace ?? '');
        write(`${svc.spec!.name}: rebalancing`);
        await settle(c, svc, f.detach);
      });
    });

  service
    .command('rm')
    .description('remove services (their tasks are stopped)')
    .argument('<name...>', 'service names or ids')
    .option('--namespace <ns>', 'the namespace of the names (default "default")')
    .action(async (names: string[], f: { namespace?: string }) => {
      await withClient(program, async (c) => {
        let failed = 0;
        for (const name of names) {
          try {
            await c.removeService(name, f.namespace ?? '');
            write(name);
          } catch (e) {
            failed++;
            const code = (e as { codeName?: string }).codeName;
            process.stderr.write(`baton: ${name}: ${code ? `${code}: ` : ''}${(e as Error).message}\n`);
          }
        }
        if (failed > 0) process.exitCode = 1;
      });
    });
}
