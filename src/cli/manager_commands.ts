// baton init / join / manager: bootstrapping and running a manager process, and managing the quorum.
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { BatonClient } from '../client/client.js';
import { DEFAULT_TIMING, forceNewCluster, initCluster, joinCluster, Manager, type ManagerOptions } from '../manager/manager.js';
import { type BackupHeader, BackupFileWriter, readBackupFile } from '../store/backup_file.js';
import { clientFrom, fail, int, table } from './util.js';

function processOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--data-dir <dir>', 'where this manager keeps its Raft log and snapshots')
    .option('--listen <host:port>', 'address to serve on', '127.0.0.1:4400')
    .option('--advertise <host:port>', 'address the other managers reach this one at (default: --listen)')
    .option('--name <name>', 'a name for this manager')
    .option('--tick-ms <ms>', `length of one Raft tick (default ${DEFAULT_TIMING.tickMs})`)
    .option('--heartbeat-ticks <n>', `ticks between heartbeats (default ${DEFAULT_TIMING.heartbeatTicks})`)
    .option('--election-ticks <n>', `election timeout T in ticks; elections start after T..2T (default ${DEFAULT_TIMING.electionTicks})`)
    .option('--election-timeout <ms>', 'election timeout in ms (sets --election-ticks from --tick-ms)');
}

interface ProcessFlags {
  dataDir: string;
  listen: string;
  advertise?: string;
  name?: string;
  tickMs?: string;
  heartbeatTicks?: string;
  electionTicks?: string;
  electionTimeout?: string;
}

function managerOptions(f: ProcessFlags): ManagerOptions {
  const tickMs = f.tickMs !== undefined ? int('--tick-ms', f.tickMs, 1) : DEFAULT_TIMING.tickMs;
  let electionTicks = f.electionTicks !== undefined ? int('--election-ticks', f.electionTicks, 2) : DEFAULT_TIMING.electionTicks;
  if (f.electionTimeout !== undefined) electionTicks = Math.max(2, Math.round(int('--election-timeout', f.electionTimeout, 1) / tickMs));
  const heartbeatTicks = f.heartbeatTicks !== undefined ? int('--heartbeat-ticks', f.heartbeatTicks, 1) : DEFAULT_TIMING.heartbeatTicks;
  if (heartbeatTicks >= electionTicks) fail(`--heartbeat-ticks (${heartbeatTicks}) must be below the election timeout in ticks (${electionTicks})`);
  if (!/^[^\s]+:\d+$/.test(f.listen)) fail(`--listen must be host:port, got "${f.listen}"`);
  if (f.advertise !== undefined && !/^[^\s:]+:\d+$/.test(f.advertise)) fail(`--advertise must be host:port, got "${f.advertise}"`);
  return { dataDir: f.dataDir, listen: f.listen, advertise: f.advertise, name: f.name, timing: { tickMs, electionTicks, heartbeatTicks } };
}

/** Runs until SIGINT/SIGTERM (graceful: leadership is handed over first) or until the manager stops. */
async function runUntilStopped(m: Manager): Promise<void> {
  const onSignal = () => void m.stop(true);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  await m.stopped;
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
}

export function addManagerCommands(program: Command): void {
  processOptions(program.command('init').description('create a new cluster with this manager as its only member, print the join tokens, and run it'))
    .option('--restore <file>', 'start the cluster from a backup (`baton cluster backup`): its state, cluster id and join tokens')
    .action(async (f: ProcessFlags & { restore?: string }) => {
      const opts = managerOptions(f);
      // Checked before anything is created: a bad file leaves no data directory behind.
      const restore = f.restore !== undefined ? await readBackupFile(f.restore) : undefined;
      const { manager, tokens } = await initCluster({ ...opts, restore });
      const from = restore
        ? `cluster ${restore.header.clusterId} restored from ${f.restore} (state at index ${restore.header.index}, revision ${restore.header.revision}, taken by manager ${restore.header.manager} at ${new Date(restore.header.createdUnixMs).toISOString()})`
        : 'cluster initialized';
      process.stdout.write(
        `${from}; manager ${manager.id} is running at ${manager.address}\n\n` +
          `add a manager:  baton join --token ${tokens.manager} --data-dir DIR --listen HOST:PORT ${manager.address}\n` +
          `worker token:   ${tokens.worker}\n`,
      );
      await runUntilStopped(manager);
    });

  processOptions(program.command('join').description('add this manager to an existing cluster (as a learner, promoted once caught up) and run it'))
    .requiredOption('--token <token>', 'the manager join token (`baton token show` on the cluster)')
    .argument('<manager>', 'address of any manager of the cluster')
    .action(async (peer: string, f: ProcessFlags & { token: string }) => {
      const manager = await joinCluster({ ...managerOptions(f), token: f.token, peer });
      process.stdout.write(`manager ${manager.id} joined through ${peer} and is running at ${manager.address}\n`);
      await runUntilStopped(manager);
    });

  const mgr = program.command('manager').description('run a manager process, or manage the manager quorum');
  processOptions(mgr.command('run', { isDefault: true }).description('run the manager whose state is in --data-dir (the default subcommand)'))
    .option('--force-new-cluster', 'disaster recovery: start a new one-member cluster from this manager\'s committed state')
    .action(async (f: ProcessFlags & { forceNewCluster?: boolean }) => {
      const opts = managerOptions(f);
      const manager = f.forceNewCluster ? await forceNewCluster(opts) : await Manager.start(opts);
      process.stdout.write(`manager ${manager.id} is running at ${manager.address}\n`);
      await runUntilStopped(manager);
    });

  mgr
    .command('ls')
    .description('list the managers: role, reachability, leader, replication lag')
    .action(async () => {
      await withClient(program, async (c) => {
        const r = await c.listManagers();
        table(
          ['ID', 'ADDRESS', 'NAME', 'ROLE', 'LEADER', 'REACHABLE', 'MATCH', 'LAG'],
          r.managers.map((m) => [
            String(m.member!.id),
            m.member!.address,
            m.member!.name,
            m.role === 'MANAGER_VOTER' ? 'voter' : 'learner',
            m.leader ? '*' : '',
            m.reachable ? 'yes' : 'NO',
            String(m.matchIndex),
            String(m.lag),
          ]),
        );
      });
    });

  mgr
    .command('remove')
    .description('remove a manager from the cluster (refused if it would break the quorum)')
    .argument('<id>')
    .action(async (id: string) => {
      await withClient(program, async (c) => {
        await c.removeManager(int('id', id, 1));
        process.stdout.write(`manager ${id} removed\n`);
      });
    });

  mgr
    .command('demote')
    .description('turn a voting manager into a learner (refused if it would break the quorum)')
    .argument('<id>')
    .action(async (id: string) => {
      await withClient(program, async (c) => {
        await c.demoteManager(int('id', id, 1));
        process.stdout.write(`manager ${id} demoted to learner\n`);
      });
    });

  mgr
    .command('promote')
    .description('turn a learner into a voter')
    .argument('<id>')
    .action(async (id: string) => {
      await withClient(program, async (c) => {
        await c.promoteManager(int('id', id, 1));
        process.stdout.write(`manager ${id} promoted to voter\n`);
      });
    });

  mgr
    .command('leave')
    .description('the manager at --manager leaves the cluster (handing over leadership first) and stops')
    .requiredOption('--manager <host:port>', 'the manager that leaves')
    .action(async (f: { manager: string }) => {
      await withClient(program, async (c) => {
        await c.leave(f.manager);
        process.stdout.write(`manager at ${f.manager} left the cluster\n`);
      });
    });

  mgr
    .command('transfer-leadership')
    .description('hand leadership to another voter (default: the most up-to-date one)')
    .option('--to <id>', 'the voter to hand leadership to')
    .action(async (f: { to?: string }) => {
      await withClient(program, async (c) => {
        const r = await c.transferLeadership(f.to === undefined ? 0 : int('--to', f.to, 1));
        process.stdout.write(`leader is now ${r.leader}\n`);
      });
    });

  const cluster = program.command('cluster').description('cluster-wide views and backups');
  cluster
    .command('backup')
    .description('write a consistent copy of the whole cluster state to a file (restore it with `baton init --restore`)')
    .argument('<file>', 'the file to create (must not exist)')
    .action(async (file: string) => {
      if (existsSync(file)) fail(`${file} already exists; remove it or choose another name`);
      await withClient(program, async (c) => {
        // Written as it arrives (one piece in memory at a time), checked, synced, then renamed.
        const w = await BackupFileWriter.create(file);
        let h: BackupHeader;
        try {
          await c.backupInto(w);
          h = await w.finish();
        } catch (e) {
          await w.abort();
          throw e;
        }
        process.stdout.write(
          `backup of cluster ${h.clusterId} at index ${h.index} (revision ${h.revision}, ${h.stateBytes} bytes of state) ` +
            `taken by manager ${h.manager}, written to ${file}\n`,
        );
      });
    });
  cluster
    .command('status')
    .description('leader, term, commit and applied index of every manager, and who is unreachable')
    .action(async () => {
      await withClient(program, async (c) => {
        const list = await c.listManagers().catch(() => null);
        const addrs = list ? list.managers.map((m) => m.member!.address) : clientFrom(program).managers;
        const rows = await Promise.all(
          addrs.map(async (a) => {
            try {
              const s = await c.nodeStatus(a);
              return [String(s.member!.id), a, s.role, String(s.term), String(s.leader), String(s.commitIndex), String(s.appliedIndex), String(s.lastIndex), 'yes'];
            } catch {
              return ['?', a, '', '', '', '', '', '', 'NO'];
            }
          }),
        );
        if (list) process.stdout.write(`leader ${list.leader}, term ${list.term}\n`);
        else process.stdout.write('no leader could be reached\n');
        table(['ID', 'ADDRESS', 'ROLE', 'TERM', 'LEADER', 'COMMIT', 'APPLIED', 'LAST', 'REACHABLE'], rows);
      });
    });

  const token = program.command('token').description('join tokens');
  token
    .command('show')
    .description('print the manager and worker join tokens')
    .action(async () => {
      await withClient(program, async (c) => {
        const t = await c.tokens();
        process.stdout.write(`manager: ${t.manager}\nworker:  ${t.worker}\n`);
      });
    });
  token
    .command('rotate')
    .description('replace a join token (the old one stops working)')
    .argument('<kind>', 'manager, worker or both')
    .action(async (kind: string) => {
      if (!['manager', 'worker', 'both'].includes(kind)) fail(`kind must be manager, worker or both, got "${kind}"`);
      await withClient(program, async (c) => {
        const t = await c.tokens({ manager: kind !== 'worker', worker: kind !== 'manager' });
        process.stdout.write(`manager: ${t.manager}\nworker:  ${t.worker}\n`);
      });
    });
}

export async function withClient(program: Command, fn: (c: BatonClient) => Promise<void>): Promise<void> {
  const c = clientFrom(program);
  try {
    await fn(c);
  } finally {
    c.close();
  }
}
