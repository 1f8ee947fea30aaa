// The `process` runtime: the task's command as a plain child process of the agent.
//
// Each run lives in `<dataDir>/process/<taskId>/`: `run.json` (what was started, for exec after
// an agent restart), `stdout.log` / `stderr.log` and their rotated copies. The child is started
// detached (a new session, so it leads its own process group) and unref'd: the agent may exit or
// restart without taking its tasks down. Its stdout and stderr are the log files themselves
// (descriptors opened by the agent and inherited), so it keeps logging while the agent is away.
//
// The child's environment is PATH (the agent's), the task's env, then BATON_TASK_ID,
// BATON_SERVICE_ID, BATON_SLOT, PORT and PORT_<NAME>; nothing else of the agent's environment.
// A relative workdir is taken from the run directory, which is also the default.
//
// When the main process exits, whatever it left in its process group is SIGKILLed (like the
// processes of a container whose init exits): a finished task leaves nothing running. (For an
// adopted run, which is not our child, this happens when wait() sees the main process gone.)
//
// A run is named by its pid plus an identity (boot id + start time from /proc/PID/stat), so a pid
// reused by an unrelated process is never adopted, waited for or signalled as ours.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { Task__Output as Task } from '../../gen/baton/v1/Task';
import { assignPorts, batonEnv, checkTaskId, DEFAULT_PATH, runBounded } from './common.js';
import {
  ExecutorError,
  type ExecResult,
  type Executor,
  type ExitInfo,
  type LogEntry,
  type RunHandle,
} from './executor.js';
import { LogRotator, openLogFds, readLogs } from './logfiles.js';
import {
  bootId,
  describeExit,
  groupMembers,
  isSameProcess,
  readProcStat,
  sleepUnref,
  trySignal,
  waitFor,
} from './proc.js';

export interface ProcessExecutorOptions {
  dataDir: string;
  /** Rotate a log file once it is larger than this (default 10 MiB). */
  logMaxBytes?: number;
  /** Rotated files kept per stream (default 3). */
  logFiles?: number;
  /** How often the log files are checked for rotation (default 1000 ms). */
  rotateCheckMs?: number;
  /** How often an adopted run is polled by wait() (default 200 ms). */
  pollMs?: number;
}

/** What start() ran, kept in the run directory so exec() works after an agent restart. */
interface RunFile {
  command: string;
  args: string[];
  env: Record<string, string>;
  workdir: string;
}

/** After SIGKILL, how long stop() waits for the process to disappear before giving up. */
const KILL_WAIT_MS = 10_000;

const ADOPTED_EXIT: ExitInfo = {
  exitCode: -1,
  signal: null,
  message: 'exited while not a child of this agent (after an agent restart): exit code unknown',
};

export class ProcessExecutor implements Executor {
  readonly runtime = 'process' as const;
  private readonly dataDir: string;
  private readonly rotator: LogRotator;
  private readonly pollMs: number;
  /** Children started by this instance, by pid: their exit is known exactly. */
  private readonly children = new Map<number, { identity: string; exit: Promise<ExitInfo> }>();
  /** One wait per run (key: pid/identity), so every caller gets the same answer. */
  private readonly waits = new Map<string, Promise<ExitInfo>>();
  private readonly stops = new Map<string, Promise<void>>();

  constructor(opts: ProcessExecutorOptions) {
    this.dataDir = resolve(opts.dataDir);
    this.pollMs = opts.pollMs ?? 200;
    this.rotator = new LogRotator(opts.logMaxBytes ?? 10 * 1024 * 1024, opts.logFiles ?? 3, opts.rotateCheckMs ?? 1000);
  }

  async unavailable(): Promise<string | null> {
    return process.platform === 'linux' ? null : `the process runtime needs Linux (/proc), this is ${process.platform}`;
  }

  /** The run directory of a task. */
  runDir(taskId: string): string {
    return join(this.dataDir, 'process', checkTaskId(taskId));
  }

  async start(task: Task): Promise<RunHandle> {
    const id = checkTaskId(task.id);
    const spec = task.spec?.runtime === 'process' ? task.spec.process : null;
    if (!spec) throw new ExecutorError(`task ${id} is not a process task (runtime: ${task.spec?.runtime ?? 'none'})`);
    if (!spec.command) throw new ExecutorError(`task ${id} has no command`);
    const dir = this.runDir(id);
    const fresh = !existsSync(dir);
    await mkdir(dir, { recursive: true });
    try {
      return await this.startIn(task, spec, dir);
    } catch (err) {
      // A failed start leaves nothing behind (no handle will ever name this directory).
      if (fresh) await rm(dir, { recursive: true, force: true });
      throw err;
    }
  }

  private async startIn(task: Task, spec: NonNullable<NonNullable<Task['spec']>['process']>, dir: string): Promise<RunHandle> {
    const id = task.id;
    const workdir = spec.workdir ? resolve(dir, spec.workdir) : dir;
    const wst = await stat(workdir).catch(() => null);
    if (!wst) throw new ExecutorError(`workdir ${workdir} does not exist`);
    if (!wst.isDirectory()) throw new ExecutorError(`workdir ${workdir} is not a directory`);

    const ports = await assignPorts(task.spec?.ports ?? []);
    const env: Record<string, string> = {
      PATH: process.env.PATH || DEFAULT_PATH,
      ...(spec.env ?? {}),
      ...batonEnv(task, ports),
    };
    const run: RunFile = { command: spec.command, args: [...(spec.args ?? [])], env, workdir };
    await writeFile(join(dir, 'run.json'), JSON.stringify(run, null, 2) + '\n');

    const fds = openLogFds(dir);
    let child: ChildProcess;
    try {
      child = spawn(run.command, run.args, {
        cwd: workdir,
        env,
        detached: true,
        stdio: ['ignore', fds.stdout, fds.stderr],
      });
    } finally {
      closeSync(fds.stdout);
      closeSync(fds.stderr);
    }
    const startedAtMs = Date.now();
    // Read the identity now, before yielding to the event loop: until libuv reaps the child it
    // exists (at worst as a zombie), so its start time is readable even if it exits at once.
    const pid = child.pid;
    const st = pid ? readProcStat(pid) : null;
    const exit = new Promise<ExitInfo>((resolveExit) => {
      child.once('exit', (code, signal) => {
        resolveExit({ exitCode: code ?? -1, signal, message: describeExit(code, signal) });
        // The run is over when its main process is: kill what it left in its group (like the
        // processes of a container whose init exits). Safe from pid reuse: the group's members
        // keep the group id allocated while they live.
        if (pid) trySignal(-pid, 'SIGKILL');
      });
    });
    const spawned = await new Promise<NodeJS.ErrnoException | null>((res) => {
      child.once('spawn', () => res(null));
      child.once('error', (err) => res(err as NodeJS.ErrnoException));
    });
    child.on('error', () => {}); // later errors (a failed kill) are not fatal
    if (spawned || !pid) {
      const code = spawned?.code;
      if (code === 'ENOENT') throw new ExecutorError(`command not found: ${run.command}`);
      if (code === 'EACCES') throw new ExecutorError(`permission denied: ${run.command} (not executable?)`);
      throw new ExecutorError(`cannot start ${run.command}: ${spawned?.message ?? 'no pid'}`);
    }
    child.unref();
    const identity = `${bootId()}:${st ? st.startTicks : 'unknown'}`;
    // Kept after the exit (until cleanup) so that a wait() called later still gets the real code.
    this.children.set(pid, { identity, exit });
    this.rotator.track(dir);
    return { taskId: id, runtime: 'process', pid, identity, startedAtMs, ports, dir };
  }

  async adopt(handle: RunHandle): Promise<boolean> {
    if (handle.runtime !== 'process' || !isSameProcess(handle.pid, handle.identity)) return false;
    this.rotator.track(handle.dir);
    return true;
  }

  wait(handle: RunHandle): Promise<ExitInfo> {
    const key = `${handle.pid}/${handle.identity}`;
    let w = this.waits.get(key);
    if (!w) {
      w = this.waitUncached(handle);
      this.waits.set(key, w);
    }
    return w;
  }

  private async waitUncached(handle: RunHandle): Promise<ExitInfo> {
    const own = this.children.get(handle.pid);
    if (own && own.identity === handle.identity) return own.exit;
    // Not our child: poll /proc until the process is gone (or a zombie, or another process).
    while (isSameProcess(handle.pid, handle.identity)) await sleepUnref(this.pollMs);
    // Its group lives on only while members hold the group id, so this cannot hit a newcomer.
    if (groupMembers(handle.pid).length > 0) trySignal(-handle.pid, 'SIGKILL');
    return ADOPTED_EXIT;
  }

  stop(handle: RunHandle, graceMs: number): Promise<void> {
    const key = `${handle.pid}/${handle.identity}`;
    let s = this.stops.get(key);
    if (!s) {
      s = this.stopUncached(handle, graceMs).finally(() => this.stops.delete(key));
      this.stops.set(key, s);
    }
    return s;
  }

  private async stopUncached(handle: RunHandle, graceMs: number): Promise<void> {
    // Only a group whose leader is still the very process we started is signalled. (Once the
    // leader has exited, its leftovers are killed by the exit handler / wait().)
    if (!isSameProcess(handle.pid, handle.identity)) return;
    const pgid = handle.pid;
    trySignal(-pgid, 'SIGTERM');
    // The group is done when none of its members is left alive; the leader's identity is
    // re-checked on every step, and once it is gone the remaining members keep the group id
    // from being reused.
    const groupGone = () => !isSameProcess(pgid, handle.identity) && groupMembers(pgid).length === 0;
    if (await waitFor(groupGone, Math.max(0, graceMs), 50)) return;
    trySignal(-pgid, 'SIGKILL');
    if (await waitFor(() => !isSameProcess(pgid, handle.identity), KILL_WAIT_MS, 20)) {
      await waitFor(() => groupMembers(pgid).length === 0, 1000, 20);
      return;
    }
    throw new ExecutorError(`process ${pgid} of task ${handle.taskId} survived SIGKILL for ${KILL_WAIT_MS} ms`);
  }

  async cleanup(handle: RunHandle): Promise<void> {
    const dir = this.checkedDir(handle);
    // A run still alive here is killed: forgetting it would leave an orphan nobody watches.
    await this.stop(handle, 0);
    if (this.children.get(handle.pid)?.identity === handle.identity) this.children.delete(handle.pid);
    this.waits.delete(`${handle.pid}/${handle.identity}`);
    this.rotator.untrack(dir);
    await rm(join(dir, 'run.json'), { force: true });
  }

  async remove(handle: RunHandle): Promise<void> {
    await this.cleanup(handle);
    await rm(this.checkedDir(handle), { recursive: true, force: true });
  }

  async exec(handle: RunHandle, command: string[], timeoutMs: number): Promise<ExecResult> {
    if (command.length === 0 || !command[0]) throw new ExecutorError('exec: empty command');
    if (!isSameProcess(handle.pid, handle.identity)) throw new ExecutorError(`task ${handle.taskId} is not running`);
    let run: RunFile | null = null;
    try {
      run = JSON.parse(await readFile(join(this.checkedDir(handle), 'run.json'), 'utf8')) as RunFile;
    } catch {
      run = null; // started by an older agent or cleaned up: run with a minimal environment
    }
    const env = run?.env ?? { PATH: process.env.PATH || DEFAULT_PATH, BATON_TASK_ID: handle.taskId };
    const cwd = run?.workdir ?? handle.dir;
    return runBounded(command, { cwd, env }, timeoutMs);
  }

  logs(handle: RunHandle, opts: { follow: boolean; tail: number; signal?: AbortSignal }): AsyncIterable<LogEntry> {
    return readLogs(handle.dir, { ...opts, alive: () => isSameProcess(handle.pid, handle.identity) });
  }

  /** Stops the log rotation timer (runs are left alone). */
  close(): void {
    this.rotator.close();
  }

  /** Rotates the log files now (tests; the timer does it every rotateCheckMs). */
  rotateLogs(): Promise<void> {
    return this.rotator.rotateNow();
  }

  /** The handle's directory, refused unless it is a run directory of this executor (rm -rf safety). */
  private checkedDir(handle: RunHandle): string {
    const dir = resolve(handle.dir);
    if (dir !== this.runDir(handle.taskId) && !(dir.startsWith(this.dataDir + sep) && dir.endsWith(sep + handle.taskId))) {
      throw new ExecutorError(`run directory ${handle.dir} of task ${handle.taskId} is not under ${this.dataDir}`);
    }
    return dir;
  }
}
