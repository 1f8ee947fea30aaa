// A manager cluster whose managers each run on their own host (network namespace, netns.ts), started
// the same way as deploy/local/cluster.ts starts them on 127.0.0.1 (`bin/baton.js init|join|manager`,
// stdout read for the start line, stderr to m<i>.log), but through `ip netns exec <host ns>` and
// listening on the host's address. Manager i runs on host h<i> (a restart reuses its host); a join
// takes the next unused host. The process that uses it (the chaos runner) must itself run in the
// run's client namespace to reach the managers: see runner.ts.
//
// Worker agents (`bin/baton.js agent`) run on hosts of their own too: agent w<i> on the host after
// the managers' hosts and the spare (h<managers + 1 + i>), listening on that host's address, with
// `--manager` naming every manager; its log is w<i>.log next to the managers' m<i>.log.
//
// Same shape as LocalCluster, so the runner drives either through the ChaosCluster interface.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, closeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BatonClient } from '../../src/client/client.js';
import type { NetnsHosts } from './netns.js';
import { signalAndWait, waitForNode, waitForVoters } from '../local/cluster.js';
import { killTasksOf } from './procs.js';

const BIN = fileURLToPath(new URL('../../bin/baton.js', import.meta.url));
/** Every manager listens on this port of its own host's address. */
export const MANAGER_PORT = 4400;

export interface ChaosManager {
  index: number;
  address: string;
  dataDir: string;
  proc: ChildProcess | null;
  /** Raft id, known once it printed its start line. */
  id: number;
  logFile: string;
}

export interface ChaosAgent {
  index: number;
  /** The node's hostname (w<index>). */
  hostname: string;
  dataDir: string;
  proc: ChildProcess | null;
  logFile: string;
  /** Its host (network namespace mode only). */
  host?: number;
}

/** What the runner needs of a cluster; LocalCluster (127.0.0.1) and NetnsCluster both have it. */
export interface ChaosCluster {
  readonly managers: ChaosManager[];
  readonly agents: ChaosAgent[];
  client(timeoutMs?: number): BatonClient;
  join(): Promise<ChaosManager>;
  waitForVoters(n: number, timeoutMs?: number): Promise<void>;
  kill(i: number, signal?: NodeJS.Signals): Promise<void>;
  restart(i: number): Promise<void>;
  /** Starts agent w<agents.length> and waits until its node is READY. */
  addAgent(): Promise<ChaosAgent>;
  /** Signals agent i (its tasks keep running) and waits for it to exit. */
  killAgent(i: number, signal?: NodeJS.Signals): Promise<void>;
  /** Restarts agent i over its data directory and waits until its node is READY. */
  restartAgent(i: number): Promise<void>;
  waitForNode(hostname: string, state: string, timeoutMs?: number): Promise<void>;
  /** Stops every agent, every task process and every manager, by pid. */
  close(): Promise<void>;
}

export interface NetnsManager extends ChaosManager {
  /** Index of its host in the layout. */
  host: number;
}

export interface NetnsAgent extends ChaosAgent {
  host: number;
  /** --listen: the host's address, port 0. */
  listen: string;
}

export interface NetnsClusterOptions {
  managers?: number;
  /** The host of agent 0 (agent i on firstWorkerHost + i); default: managers + 1 (after the spare). */
  firstWorkerHost?: number;
  /** Where data and logs go (kept: the caller owns it). */
  dir: string;
  flags?: string[];
  logLevel?: string;
}

export class NetnsCluster implements ChaosCluster {
  readonly managers: NetnsManager[] = [];
  readonly agents: NetnsAgent[] = [];
  token = '';
  workerToken = '';

  private constructor(
    readonly net: NetnsHosts,
    private readonly opts: NetnsClusterOptions,
  ) {}

  static async start(net: NetnsHosts, opts: NetnsClusterOptions): Promise<NetnsCluster> {
    const n = opts.managers ?? 3;
    if (n > net.layout.hosts.length) throw new Error(`${n} managers need ${n} hosts, the layout has ${net.layout.hosts.length}`);
    mkdirSync(opts.dir, { recursive: true });
    const c = new NetnsCluster(net, opts);
    try {
      const first = await c.spawnManager(['init']);
      const tok = /--token (BATON-MGR-\S+)/.exec(first.out);
      if (!tok) throw new Error(`no join token in the output of init: ${first.out}`);
      c.token = tok[1]!;
      const wtok = /worker token:\s+(\S+)/.exec(first.out);
      if (!wtok) throw new Error(`no worker token in the output of init: ${first.out}`);
      c.workerToken = wtok[1]!;
      for (let i = 1; i < n; i++) await c.join();
      await c.waitForVoters(n);
    } catch (e) {
      await c.close();
      throw e;
    }
    return c;
  }

  /** Hosts h0..h<managerHosts - 1> are for managers (the rest for agents). */
  private get managerHosts(): number {
    return Math.min(this.opts.firstWorkerHost ?? (this.opts.managers ?? 3) + 1, this.net.layout.hosts.length);
  }

  client(timeoutMs = 10_000): BatonClient {
    return new BatonClient({ managers: this.managers.map((m) => m.address), timeoutMs });
  }

  /** Adds a manager with `baton join` on the next unused host (through the first running manager). */
  async join(): Promise<NetnsManager> {
    const peer = this.managers.find((m) => m.proc !== null);
    if (!peer) throw new Error('no running manager to join through');
    if (this.managers.length >= this.managerHosts) throw new Error(`no free host for another manager (${this.managerHosts} hosts for managers)`);
    return (await this.spawnManager(['join', '--token', this.token], [peer.address])).m;
  }

  private async spawnManager(cmd: string[], args: string[] = [], existing?: NetnsManager): Promise<{ m: NetnsManager; out: string }> {
    const index = existing?.index ?? this.managers.length;
    const host = existing?.host ?? index;
    const m: NetnsManager = existing ?? {
      index,
      host,
      address: `${this.net.host(host).addr}:${MANAGER_PORT}`,
      dataDir: path.join(this.opts.dir, `m${index}`),
      proc: null,
      id: 0,
      logFile: path.join(this.opts.dir, `m${index}.log`),
    };
    const log = openSync(m.logFile, 'a');
    let proc: ChildProcess;
    try {
      proc = this.net.spawnIn(host, process.execPath, [BIN, ...cmd, '--data-dir', m.dataDir, '--listen', m.address, ...(this.opts.flags ?? []), ...args], {
        stdio: ['ignore', 'pipe', log],
        env: { ...process.env, BATON_LOG_LEVEL: this.opts.logLevel ?? 'info' },
      });
    } finally {
      closeSync(log);
    }
    m.proc = proc;
    if (!existing) this.managers.push(m);
    const out = await new Promise<string>((resolve, reject) => {
      let buf = '';
      const timer = setTimeout(() => reject(new Error(`manager ${index} (host h${host}) did not start within 20 s; see ${m.logFile}`)), 20_000);
      proc.stdout!.on('data', (d: Buffer) => {
        buf += d.toString();
        const running = /manager (\d+) (?:is running|joined)/.exec(buf);
        if (running && buf.includes('\n')) {
          clearTimeout(timer);
          m.id = Number(running[1]);
          resolve(buf);
        }
      });
      proc.once('exit', (code, sig) => {
        clearTimeout(timer);
        reject(new Error(`manager ${index} (host h${host}) exited with ${code ?? sig} before starting; see ${m.logFile}: ${buf}`));
      });
    });
    proc.once('exit', () => {
      if (m.proc === proc) m.proc = null;
    });
    return { m, out };
  }

  async waitForVoters(n: number, timeoutMs = 20_000): Promise<void> {
    await waitForVoters(this.client(2_000), n, timeoutMs);
  }

  /** Sends a signal to manager i (by pid: `ip netns exec` execs in place, the pid is the manager's) and waits for it to exit. */
  async kill(i: number, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await signalAndWait(this.managers[i]?.proc ?? null, signal);
  }

  /** Restarts manager i from its data directory (`baton manager`), on its host. */
  async restart(i: number): Promise<void> {
    const m = this.managers[i]!;
    if (m.proc) throw new Error(`manager ${i} is running`);
    await this.spawnManager(['manager'], [], m);
  }

  /** Starts agent w<i> on its own host (h<firstWorkerHost + i>) and waits until its node is READY. */
  async addAgent(): Promise<NetnsAgent> {
    const index = this.agents.length;
    const host = this.managerHosts + index;
    if (host >= this.net.layout.hosts.length) throw new Error(`no host for agent w${index} (the layout has ${this.net.layout.hosts.length} hosts, agents from h${this.managerHosts})`);
    const a: NetnsAgent = {
      index,
      host,
      hostname: `w${index}`,
      listen: `${this.net.host(host).addr}:0`,
      dataDir: path.join(this.opts.dir, `w${index}`),
      proc: null,
      logFile: path.join(this.opts.dir, `w${index}.log`),
    };
    this.agents.push(a);
    await this.startAgent(a);
    return a;
  }

  private async startAgent(a: NetnsAgent): Promise<void> {
    const log = openSync(a.logFile, 'a');
    let proc: ChildProcess;
    try {
      const managers = this.managers.flatMap((m) => ['--manager', m.address]);
      proc = this.net.spawnIn(
        a.host,
        process.execPath,
        [BIN, 'agent', '--data-dir', a.dataDir, '--hostname', a.hostname, '--token', this.workerToken, '--listen', a.listen, '--stop-grace', '2000', ...managers],
        { stdio: ['ignore', log, log], env: { ...process.env, BATON_LOG_LEVEL: this.opts.logLevel ?? 'info' } },
      );
    } finally {
      closeSync(log);
    }
    a.proc = proc;
    let exited: string | null = null;
    proc.once('exit', (code, sig) => {
      exited = `agent ${a.hostname} (host h${a.host}) exited with ${code ?? sig}; see ${a.logFile}`;
      if (a.proc === proc) a.proc = null;
    });
    await this.waitForNode(a.hostname, 'NODE_READY', 20_000, () => exited);
  }

  /** Waits until the node named hostname is in `state` (NODE_READY, NODE_DOWN); `gone` ends the wait with an error. */
  async waitForNode(hostname: string, state: string, timeoutMs = 20_000, gone: () => string | null = () => null): Promise<void> {
    await waitForNode(this.client(2_000), hostname, state, timeoutMs, gone);
  }

  /** Signals agent i (by pid, as for managers) and waits for it to exit; its tasks keep running. */
  async killAgent(i: number, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await signalAndWait(this.agents[i]?.proc ?? null, signal);
  }

  /** Restarts agent i over its data directory, on its host (it adopts the tasks that kept running). */
  async restartAgent(i: number): Promise<void> {
    const a = this.agents[i]!;
    if (a.proc) throw new Error(`agent ${a.hostname} is running`);
    await this.startAgent(a);
  }

  /** Stops every agent, then kills their task processes (by the pids in their run directories), then every manager; all by pid. The directory is the caller's. */
  async close(): Promise<void> {
    await Promise.all(this.agents.map((_, i) => this.killAgent(i, 'SIGKILL')));
    for (const a of this.agents) killTasksOf(a.dataDir);
    await Promise.all(this.managers.map((_, i) => this.kill(i, 'SIGKILL')));
  }
}
