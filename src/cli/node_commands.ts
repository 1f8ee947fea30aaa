// baton node (the workers and managers that run tasks), baton cluster inspect, and baton events
// (every change of nodes, services, tasks and the cluster, from WatchObjects).
import { type Command, Option } from 'commander';
import type { NodeAvailability__Output } from '../gen/baton/v1/NodeAvailability';
import type { Node__Output } from '../gen/baton/v1/Node';
import type { ObjectKind } from '../gen/baton/v1/ObjectKind';
import { withClient } from './manager_commands.js';
import { eventLine, type Format, keyValues, nodeSummary, nodeTable, outputOption, printStructured, write } from './output.js';
import { parseInt32, parseKeyValues } from './parse.js';
import { fail, usageErrorsExit2 } from './util.js';

const collect = (v: string, prev: string[] | undefined) => [...(prev ?? []), v];

const AVAILABILITY: Record<string, NodeAvailability__Output> = { active: 'NODE_ACTIVE', pause: 'NODE_PAUSE', drain: 'NODE_DRAIN' };
const KINDS: Record<string, ObjectKind> = { node: 'OBJECT_NODE', service: 'OBJECT_SERVICE', task: 'OBJECT_TASK', cluster: 'OBJECT_CLUSTER' };

export function addNodeCommands(program: Command): void {
  const node = usageErrorsExit2(program.command('node').description('the nodes that run tasks'));

  node
    .command('ls')
    .description('list nodes')
    .addOption(outputOption())
    .action(async (f: { output: Format }) => {
      await withClient(program, async (c) => {
        const nodes: Node__Output[] = [];
        for await (const n of c.listAllNodes()) nodes.push(n);
        nodes.sort((a, b) => a.hostname.localeCompare(b.hostname) || a.id.localeCompare(b.id));
        if (!printStructured(f.output, nodes)) nodeTable(nodes);
      });
    });

  node
    .command('inspect')
    .description('show a node')
    .argument('<node>', 'node id or hostname')
    .addOption(outputOption())
    .action(async (name: string, f: { output: Format }) => {
      await withClient(program, async (c) => {
        const n = await c.getNode(name);
        if (!printStructured(f.output, n)) nodeSummary(n);
      });
    });

  node
    .command('update')
    .description("change a node's labels or availability")
    .argument('<node>', 'node id or hostname')
    .option('--label-add <K=V>', 'add or replace a label (repeatable)', collect)
    .option('--label-rm <K>', 'remove a label (repeatable)', collect)
    .addOption(new Option('--availability <a>', 'active (takes tasks), pause (keeps its tasks, takes no new ones) or drain (its tasks move elsewhere)').choices(Object.keys(AVAILABILITY)))
    .action(async (name: string, f: { labelAdd?: string[]; labelRm?: string[]; availability?: string }) => {
      const add = parseKeyValues('--label-add', f.labelAdd, true);
      if (!f.labelAdd && !f.labelRm && !f.availability) fail('nothing to change: give --label-add, --label-rm or --availability');
      await withClient(program, async (c) => {
        const cur = await c.getNode(name);
        const labels = { ...(cur.spec?.labels ?? {}), ...add };
        for (const k of f.labelRm ?? []) {
          if (!(k in labels)) fail(`--label-rm: node ${cur.hostname || cur.id} has no label "${k}"`);
          delete labels[k];
        }
        const spec = { labels, availability: f.availability ? AVAILABILITY[f.availability]! : (cur.spec?.availability ?? 'NODE_ACTIVE'), role: cur.spec?.role ?? 'NODE_WORKER' };
        const n = await c.updateNode(cur.id, cur.meta!.version, spec);
        write(`${n.hostname || n.id} updated (version ${n.meta!.version})`);
      });
    });

  node
    .command('rm')
    .description("remove a node from the cluster's records (it must be down, or --force)")
    .argument('<node>', 'node id or hostname')
    .option('--force', 'remove it even if it is not down')
    .action(async (name: string, f: { force?: boolean }) => {
      await withClient(program, async (c) => {
        await c.removeNode(name, f.force ?? false);
        write(`${name} removed`);
      });
    });

  // `baton cluster` is created by the manager commands; add `inspect` to it.
  const cluster = program.commands.find((x) => x.name() === 'cluster') ?? program.command('cluster').description('cluster-wide views');
  cluster
    .command('inspect')
    .description('the cluster object: id, settings, join token hashes')
    .addOption(outputOption())
    .action(async (f: { output: Format }) => {
      await withClient(program, async (c) => {
        const ci = await c.getCluster();
        if (printStructured(f.output, ci)) return;
        keyValues([
          ['ID', ci.id],
          ['Revision', String(ci.meta?.version ?? 0)],
          ['Task history limit', String(ci.settings?.taskHistoryLimit ?? 0)],
          ['Heartbeat grace', `${ci.settings?.heartbeatGraceMs ?? 0} ms`],
          ['Manager token SHA-256', ci.managerTokenHash],
          ['Worker token SHA-256', ci.workerTokenHash],
        ]);
      });
    });

  usageErrorsExit2(program.command('events'))
    .description('print every change of nodes, services, tasks and the cluster, one line each, until interrupted')
    .option('--since <revision>', 'replay the changes after this store revision first (default: from now on)')
    .option('--kind <kinds>', 'only these kinds, comma-separated: node, service, task, cluster')
    .addOption(new Option('-o, --output <format>', 'line or json (one JSON object per line)').choices(['line', 'json']).default('line'))
    .action(async (f: { since?: string; kind?: string; output: 'line' | 'json' }) => {
      const since = f.since === undefined ? 0 : parseInt32('--since', f.since, 0, Number.MAX_SAFE_INTEGER);
      const kinds = (f.kind ?? '')
        .split(',')
        .map((k) => k.trim())
        .filter((k) => k)
        .map((k) => KINDS[k] ?? fail(`--kind: "${k}" is not one of ${Object.keys(KINDS).join(', ')}`));
      await withClient(program, async (c) => {
        const ac = new AbortController();
        const stop = () => ac.abort();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        try {
          for await (const e of c.watchObjects(kinds, since, ac.signal)) write(f.output === 'json' ? JSON.stringify(e) : eventLine(e));
        } finally {
          process.removeListener('SIGINT', stop);
          process.removeListener('SIGTERM', stop);
        }
      });
    });
}
