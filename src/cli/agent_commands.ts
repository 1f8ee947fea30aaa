// baton agent: run a worker that takes tasks from the cluster.
import { hostname } from 'node:os';
import type { Command } from 'commander';
import { Agent } from '../agent/agent.js';
import type { RuntimeName } from '../agent/executor/executor.js';
import { createLogger } from '../manager/logger.js';
import { parseKeyValues } from './parse.js';
import { fail, int } from './util.js';

interface AgentFlags {
  dataDir: string;
  manager: string[];
  token?: string;
  listen: string;
  advertise?: string;
  hostname?: string;
  label?: string[];
  cpus?: string;
  memory?: string;
  runtime?: string[];
  stopGrace?: string;
}

const collect = (v: string, prev: string[] = []) => [...prev, ...v.split(',').filter((x) => x !== '')];

export function addAgentCommands(program: Command): void {
  program
    .command('agent')
    .description('run a worker agent: it joins the cluster with the worker token and runs the tasks the leader assigns to it')
    .requiredOption('--data-dir <dir>', 'where the agent keeps its state, task files and logs')
    .option('--manager <host:port>', 'a manager address (repeatable or comma-separated; the agent follows the leader; or --managers A,B,C)', collect)
    .option('--token <token>', 'the worker join token (`baton token show worker`; env BATON_WORKER_TOKEN)')
    .option('--listen <host:port>', 'address of the agent\'s own service (task logs for the managers)', '127.0.0.1:0')
    .option('--advertise <host:port>', 'address the managers reach this agent at (default: --listen)')
    .option('--hostname <name>', 'the node\'s name (default: the machine\'s hostname)')
    .option('--label <K=V>', 'a node label (repeatable), set when the node first joins', collect)
    .option('--cpus <n>', 'CPUs offered to tasks (default: all of the machine\'s)')
    .option('--memory <bytes>', 'memory offered to tasks, in bytes or with a unit: 512M, 4G (default: all)')
    .option('--runtime <name>', 'offer only these runtimes: process, runc (repeatable; default: every one that works here)', collect)
    .option('--stop-grace <ms>', 'time between SIGTERM and SIGKILL when a task is stopped', '10000')
    .action(async (f: AgentFlags) => {
      // `--manager` is also a global option (for every client command): take it from either place.
      const global = program.opts() as { manager?: string[]; managers?: string };
      f.manager = [...(f.manager ?? []), ...(global.manager ?? []).flatMap((v) => v.split(',')), ...(global.managers ?? '').split(',')].filter((m) => m !== '');
      if (f.manager.length === 0) fail('--manager is required: the address of at least one manager');
      const token = f.token ?? process.env['BATON_WORKER_TOKEN'] ?? '';
      if (!token) fail('--token is required (or env BATON_WORKER_TOKEN): the worker join token from `baton token show worker`');
      if (!/^[^\s]+:\d+$/.test(f.listen)) fail(`--listen must be host:port, got "${f.listen}"`);
      for (const m of f.manager) if (!/^[^\s]+:\d+$/.test(m)) fail(`--manager must be host:port, got "${m}"`);
      const runtimes = f.runtime as RuntimeName[] | undefined;
      for (const r of runtimes ?? []) if (r !== 'process' && r !== 'runc') fail(`--runtime must be process or runc, got "${r}"`);
      let milliCpus: number | undefined;
      if (f.cpus !== undefined) {
        const c = Number(f.cpus);
        if (!(c > 0)) fail(`--cpus must be a positive number, got "${f.cpus}"`);
        milliCpus = Math.round(c * 1000);
      }
      const agent = await Agent.start({
        dataDir: f.dataDir,
        managers: f.manager,
        token,
        listen: f.listen,
        advertise: f.advertise,
        hostname: f.hostname,
        labels: parseKeyValues('--label', f.label, true),
        milliCpus,
        memoryBytes: f.memory !== undefined ? parseMemory(f.memory) : undefined,
        runtimes,
        stopGraceMs: int('--stop-grace', f.stopGrace ?? '10000', 0),
        logger: createLogger(0).child({ agent: f.hostname ?? hostname() }),
      });
      process.stdout.write(`agent running at ${agent.address}; joining through ${f.manager.join(', ')}\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      // The tasks keep running: a restarted agent adopts them. Stop them with `baton node update --availability drain`.
      await agent.stop();
    });
}

function parseMemory(v: string): number {
  const m = /^(\d+(?:\.\d+)?)([KMGT]i?)?B?$/i.exec(v.trim());
  if (!m) fail(`--memory must be bytes or a size like 512M or 4G, got "${v}"`);
  const unit = (m[2] ?? '').toUpperCase().replace('I', '');
  const mult = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 }[unit]!;
  return Math.round(Number(m[1]) * mult);
}
