// A local cluster of real `baton` manager processes on 127.0.0.1, ports picked at run time, data
// in a temporary directory. Used by the demo, the integration tests and the benchmarks. Every
// process is stopped by its pid and the directory is removed on close().
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BatonClient } from '../../src/client/client.js';

const BIN = fileURLToPath(new URL('../../bin/baton.js', import.meta.url));

export interface LocalManager {
  index: number;
  port: number;
  address: string;
  dataDir: string;
  proc: ChildProcess | null;
  /** Raft id, known once it printed its start line. */
  id: number;
  /** Its log lines (stderr, pino JSON) go here. */
  logFile: string;
}

export interface LocalAgent {
  index: number;
  hostname: string;
  dataDir: string;
  proc: ChildProcess | null;
  logFile: string;
  /** Extra flags it was started with (labels, resources). */
  flags: string[];
}

export interface LocalClusterOptions {
  managers?: number;
  /** Extra flags for every manager process (timing, for example ['--election-timeout', '300']). */
  flags?: string[];
  /** Where to put data and logs (default: a new temporary directory, removed on close). */
  dir?: string;
  logLevel?: string;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Sends a signal to a child process by pid and waits (at most 10 s) for it to exit; escalates to
 * SIGKILL if it is still there. Nothing if it already exited.
 */
export async function signalAndWait(proc: ChildProcess | null, signal: NodeJS.Signals): Promise<void> {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  try {
    process.kill(proc.pid!, signal);
  } catch {
    return; // gone meanwhile
  }
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (proc.exitCode === null && proc.signalCode === null) {
    process.kill(proc.pid!, 'SIGKILL');
    await exited;
  }
}

/** Waits until `n` managers are voters and a leader is known, asking through `client`. */
export async function waitForVoters(client: BatonClient, n: number, timeoutMs: number): Promise<void> {
  try {
    const end = Date.now() + timeoutMs;
    for (let i = 0; i < 1000 && Date.now() < end; i++) {
      const r = await client.listManagers().catch(() => null);
      if (r && r.leader !== 0 && r.managers.filter((x) => x.role === 'MANAGER_VOTER').length >= n) return;
      await new Promise((res) => setTimeout(res, 100));
    }
    throw new Error(`fewer than ${n} voters after ${timeoutMs} ms`);
  } finally {
    client.close();
  }
}

/** Waits until the node named hostname is in `state` (NODE_READY, NODE_DOWN); `gone` ends the wait with its error. */
export async function waitForNode(client: BatonClient, hostname: string, state: string, timeoutMs: number, gone: () => string | null = () => null): Promise<void> {
  try {
    const end = Date.now() + timeoutMs;
    for (let i = 0; i < 10_000 && Date.now() < end; i++) {
      const why = gone();
      if (why) throw new Error(why);
      const r = await client.listNodes({ pageSize: 1000 }).catch(() => null);
      const n = r?.nodes.find((x) => x.hostname === hostname);
      if (n && n.status?.state === state) return;
      await new Promise((res) => setTimeout(res, 50));
    }
    throw new Error(`node ${hostname} not ${state} within ${timeoutMs} ms`);
  } finally {
    client.close();
  }
}

export class LocalCluster {
  readonly managers: LocalManager[] = [];
  readonly agents: LocalAgent[] = [];
  token = '';
  workerToken = '';
  private readonly ownsDir: boolean;

  private constructor(
    readonly dir: string,
    private readonly opts: LocalClusterOptions,
  ) {
    this.ownsDir = opts.dir === undefined;
  }

  /** Starts a cluster: `baton init` on the first manager, `baton join` for the others. */
  static async start(opts: LocalClusterOptions = {}): Promise<LocalCluster> {
    const dir = opts.dir ?? mkdtempSync(path.join(tmpdir(), 'baton-local-'));
    mkdirSync(dir, { recursive: true });
    const c = new LocalCluster(dir, opts);
    try {
      const first = await c.spawnManager(['init']);
      c.token = /--token (BATON-MGR-\S+)/.exec(first.out)![1]!;
      c.workerToken = /worker token:\s+(\S+)/.exec(first.out)![1]!;
      for (let i = 1; i < (opts.managers ?? 3); i++) await c.join();
      await c.waitForVoters(opts.managers ?? 3);
    } catch (e) {
      await c.close();
      throw e;
    }
    return c;
  }

  addresses(): string[] {
    return this.managers.filter((m) => m.proc).map((m) => m.address);
  }

  client(timeoutMs = 10_000): BatonClient {
    return new BatonClient({ managers: this.managers.map((m) => m.address), timeoutMs });
  }

  /** Adds a manager with `baton join` (through the first running one). */
  async join(): Promise<LocalManager> {
    const peer = this.addresses()[0]!;
    return (await this.spawnManager(['join', '--token', this.token], [peer])).m;
  }

  private async spawnManager(cmd: string[], args: string[] = [], existing?: LocalManager): Promise<{ m: LocalManager; out: string }> {
    const index = existing?.index ?? this.managers.length;
    const port = existing?.port ?? (await freePort());
    const m: LocalManager = existing ?? {
      index,
      port,
      address: `127.0.0.1:${port}`,
      dataDir: path.join(this.dir, `m${index}`),
      proc: null,
      id: 0,
      logFile: path.join(this.dir, `m${index}.log`),
    };
    const { openSync } = await import('node:fs');
    const log = openSync(m.logFile, 'a');
    const proc = spawn(process.execPath, [BIN, ...cmd, '--data-dir', m.dataDir, '--listen', m.address, ...(this.opts.flags ?? []), ...args], {
      stdio: ['ignore', 'pipe', log],
      env: { ...process.env, BATON_LOG_LEVEL: this.opts.logLevel ?? 'info' },
    });
    m.proc = proc;
    if (!existing) this.managers.push(m);
    const out = await new Promise<string>((resolve, reject) => {
      let buf = '';
      const timer = setTimeout(() => reject(new Error(`manager ${index} did not start within 20 s; see ${m.logFile}`)), 20_000);
      proc.stdout!.on('data', (d: Buffer) => {
        buf += d.toString();
        const running = /manager (\d+) (?:is running|joined)/.exec(buf) ?? /manager (\d+) is running/.exec(buf);
        if (running && buf.includes('\n')) {
          clearTimeout(timer);
          m.id = Number(running[1]);
          resolve(buf);
        }
      });
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`manager ${index} exited with ${code} before starting; see ${m.logFile}: ${buf}`));
      });
    });
    proc.once('exit', () => {
      if (m.proc === proc) m.proc = null;
    });
    return { m, out };
  }

  /** Waits until `n` managers are voters (joins are promoted once caught up). */
  async waitForVoters(n: number, timeoutMs = 20_000): Promise<void> {
    await waitForVoters(this.client(2_000), n, timeoutMs);
  }

  /** The index of the manager that leads now (asks the cluster), or -1. */
  async leaderIndex(): Promise<number> {
    const c = this.client(2_000);
    try {
      const r = await c.listManagers().catch(() => null);
      return r ? this.managers.findIndex((m) => m.id === r.leader) : -1;
    } finally {
      c.close();
    }
  }

  /** Sends a signal to manager i (SIGKILL: a crash) and waits for it to exit. */
  async kill(i: number, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await signalAndWait(this.managers[i]?.proc ?? null, signal);
  }

  /** Restarts manager i from its data directory (`baton manager`). */
  async restart(i: number): Promise<void> {
    const m = this.managers[i]!;
    if (m.proc) throw new Error(`manager ${i} is running`);
    await this.spawnManager(['manager'], [], m);
  }

  /**
   * Starts a worker agent (`baton agent`) named w<index> (or `hostname`) and waits until its node
   * is ready in the cluster. `flags` go to the agent (for example ['--label', 'zone=a']).
   */
  async addAgent(opts: { hostname?: string; flags?: string[] } = {}): Promise<LocalAgent> {
    const index = this.agents.length;
    const a: LocalAgent = {
      index,
      hostname: opts.hostname ?? `w${index}`,
      dataDir: path.join(this.dir, `w${index}`),
      proc: null,
      logFile: path.join(this.dir, `w${index}.log`),
      flags: opts.flags ?? [],
    };
    this.agents.push(a);
    await this.startAgent(a);
    return a;
  }

  private async startAgent(a: LocalAgent): Promise<void> {
    const { openSync } = await import('node:fs');
    const log = openSync(a.logFile, 'a');
    const managers = this.managers.map((m) => ['--manager', m.address]).flat();
    const proc = spawn(process.execPath, [BIN, 'agent', '--data-dir', a.dataDir, '--hostname', a.hostname, '--token', this.workerToken, '--stop-grace', '2000', ...managers, ...a.flags], {
      stdio: ['ignore', log, log],
      env: { ...process.env, BATON_LOG_LEVEL: this.opts.logLevel ?? 'info' },
    });
    a.proc = proc;
    proc.once('exit', () => {
      if (a.proc === proc) a.proc = null;
    });
    await this.waitForNode(a.hostname, 'NODE_READY', 20_000);
  }

  /** Waits until the node named hostname is in `state` (NODE_READY, NODE_DOWN). */
  async waitForNode(hostname: string, state: string, timeoutMs = 20_000): Promise<void> {
    await waitForNode(this.client(2_000), hostname, state, timeoutMs);
  }

  /** Kills agent i (its tasks keep running: they are their own process groups). */
  async killAgent(i: number, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await signalAndWait(this.agents[i]?.proc ?? null, signal);
  }

  /** Restarts agent i over its data directory (it adopts the tasks that kept running). */
  async restartAgent(i: number): Promise<void> {
    const a = this.agents[i]!;
    if (a.proc) throw new Error(`agent ${i} is running`);
    await this.startAgent(a);
  }

  /**
   * Kills the task processes the agents started (read from each agent's run directories), so
   * that nothing outlives the cluster. Task processes are process-group leaders.
   */
  async killTasks(): Promise<void> {
    const { readdirSync, readFileSync, existsSync } = await import('node:fs');
    // Runs live in <agent>/runs/<runtime>/<task id>/, each with the handle.json its agent wrote.
    for (const a of this.agents) {
      const runs = path.join(a.dataDir, 'runs');
      if (!existsSync(runs)) continue;
      for (const runtime of readdirSync(runs)) {
        for (const task of readdirSync(path.join(runs, runtime))) {
          const f = path.join(runs, runtime, task, 'handle.json');
          if (!existsSync(f)) continue;
          try {
            const h = JSON.parse(readFileSync(f, 'utf8')) as { pid?: number };
            if (h.pid && h.pid > 1) process.kill(-h.pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
      }
    }
  }

  /** Stops every agent and manager (SIGKILL, by pid), the tasks too, and removes the directory this cluster created. */
  async close(): Promise<void> {
    await Promise.all(this.agents.map((_, i) => this.killAgent(i, 'SIGKILL')));
    await this.killTasks();
    await Promise.all(this.managers.map((_, i) => this.kill(i, 'SIGKILL')));
    if (this.ownsDir) rmSync(this.dir, { recursive: true, force: true });
  }
}
