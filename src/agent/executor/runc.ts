// The `runc` runtime: real OCI containers from a local image (see images.ts).
//
// Each run lives in `<dataDir>/runc/<taskId>/`: `bundle/config.json` (the OCI runtime spec),
// `init.pid` (written by runc), `exit-code` (written by the shim), `stdout.log` / `stderr.log`
// and their rotated copies. The container id is `baton-<taskId>`; runc keeps its own state under
// its default root (/run/runc), so `runc list` shows baton's containers.
//
// Images (images.ts): a rootfs tarball import has no config, so such a task must set
// container.command; an OCI layout import keeps the image's entrypoint, cmd, env and working dir,
// which apply as in Docker (command replaces entrypoint and cmd, args replace cmd, task env wins).
//
// The shim: a container's init is not a child of the agent, so nobody could tell its exit code.
// start() therefore runs `/bin/sh -c 'runc run ...; echo $? > exit-code'` as a detached process
// (own session, unref'd, stdio = the log files): `runc run` in the foreground stays the parent of
// the container's init, copies its output into the log files and exits with its status (128 + n
// for signal n), and the shell records that status. Both survive agent restarts, so even an
// adopted run reports a real exit code. (containerd's shims do the same job.)
//
// Decisions:
// - The root filesystem is the image's rootfs, mounted read-only (no copy per container), with a
//   tmpfs on /tmp (and /dev, /dev/shm). Containers share the image directory, never write to it.
// - Namespaces: pid, mount, ipc, uts. NOT network: containers share the host network, so ports
//   work exactly like the process runtime (the task listens on $PORT, the host port; target_port
//   is not remapped) and probes reach it on 127.0.0.1. The host's /etc/hosts and
//   /etc/resolv.conf are bound read-only.
// - The process runs as the image's User (resolved in the image's /etc/passwd and /etc/group, as
//   Docker does), else as root (uid 0) of the host (no user namespace), with Docker's default
//   capability set and no_new_privileges. No rlimits are set: the container inherits the
//   agent's (asking for more than the host allows fails the start).
// - Limits: memory.limit = limits.memory_bytes; cpu quota = milli_cpus * 100 us per 100 ms period.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { constants as osConstants } from 'node:os';
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
import { imageRootfs, readImage } from './images.js';
import { LogRotator, logFile, openLogFds, readLogs } from './logfiles.js';
import { bootId, describeExit, isSameProcess, readProcStat, sleep, sleepUnref, trySignal, waitFor } from './proc.js';

export interface RuncExecutorOptions {
  dataDir: string;
  imagesDir: string;
  /** The runc binary (default: `runc`, looked up on PATH). */
  runcPath?: string;
  logMaxBytes?: number;
  logFiles?: number;
  rotateCheckMs?: number;
  /** How long start() waits for runc to report the container's pid (default 30 s). */
  startTimeoutMs?: number;
  /** How often wait() polls (default 200 ms). */
  pollMs?: number;
}

/** The parts of the OCI runtime spec (1.0) that baton writes. */
export interface OciSpec {
  ociVersion: string;
  process: {
    terminal: boolean;
    user: { uid: number; gid: number };
    args: string[];
    env: string[];
    cwd: string;
    capabilities: Record<'bounding' | 'effective' | 'permitted', string[]>;
    noNewPrivileges: boolean;
  };
  root: { path: string; readonly: boolean };
  hostname: string;
  mounts: { destination: string; type: string; source: string; options: string[] }[];
  linux: {
    namespaces: { type: string }[];
    cgroupsPath: string;
    resources: {
      devices: { allow: boolean; access: string }[];
      memory?: { limit: number };
      cpu?: { quota: number; period: number };
    };
    maskedPaths: string[];
    readonlyPaths: string[];
  };
}

export interface SpecInput {
  containerId: string;
  rootfs: string;
  args: string[];
  /** In order; later entries win (runc passes them to execve as they are). */
  env: Record<string, string>;
  cwd: string;
  hostname: string;
  memoryBytes: number;
  milliCpus: number;
  /** Default root (0:0). */
  user?: { uid: number; gid: number };
}

/**
 * The uid and gid (and home) of an image's User, as Docker resolves it: "uid" or "name", with
 * ":gid" or ":group" optionally; a name must be in the image's /etc/passwd (a group in its
 * /etc/group); a bare uid takes the gid of its passwd entry if it has one, else 0.
 */
export async function resolveImageUser(rootfs: string, user: string): Promise<{ uid: number; gid: number; home: string | null }> {
  if (!user) return { uid: 0, gid: 0, home: null };
  const [u, g] = user.split(':', 2) as [string, string | undefined];
  const table = async (file: string) =>
    (await readFile(join(rootfs, file), 'utf8').catch(() => ''))
      .split('\n')
      .map((l) => l.split(':'))
      .filter((f) => f.length >= 3 && f[0] !== '');
  const passwd = await table('etc/passwd');
  const numeric = (x: string) => /^\d+$/.test(x);
  const entry = numeric(u) ? passwd.find((f) => f[2] === u) : passwd.find((f) => f[0] === u);
  if (!numeric(u) && !entry) throw new ExecutorError(`image user ${JSON.stringify(u)} is not in the image's /etc/passwd`);
  const uid = numeric(u) ? Number(u) : Number(entry![2]);
  let gid = entry && entry[3] !== undefined && numeric(entry[3]) ? Number(entry[3]) : 0;
  if (g !== undefined && g !== '') {
    if (numeric(g)) gid = Number(g);
    else {
      const grp = (await table('etc/group')).find((f) => f[0] === g);
      if (!grp || !numeric(grp[2]!)) throw new ExecutorError(`image group ${JSON.stringify(g)} is not in the image's /etc/group`);
      gid = Number(grp[2]);
    }
  }
  return { uid, gid, home: entry?.[5] || null };
}

/** Docker's default capabilities. */
const CAPS = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FSETID', 'CAP_FOWNER', 'CAP_MKNOD', 'CAP_NET_RAW', 'CAP_SETGID',
  'CAP_SETUID', 'CAP_SETFCAP', 'CAP_SETPCAP', 'CAP_NET_BIND_SERVICE', 'CAP_SYS_CHROOT', 'CAP_KILL', 'CAP_AUDIT_WRITE',
];

const CPU_PERIOD_US = 100_000;

/** The OCI runtime config of a container (pure: the caller writes it as bundle/config.json). */
export function buildOciSpec(input: SpecInput): OciSpec {
  const resources: OciSpec['linux']['resources'] = { devices: [{ allow: false, access: 'rwm' }] };
  if (input.memoryBytes > 0) resources.memory = { limit: input.memoryBytes };
  if (input.milliCpus > 0) {
    // 1000 milli-CPUs = one core = a quota of one full period; at least 1 ms (the kernel's minimum).
    resources.cpu = { quota: Math.max(1000, Math.round((input.milliCpus * CPU_PERIOD_US) / 1000)), period: CPU_PERIOD_US };
  }
  const mounts: OciSpec['mounts'] = [
    { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
    { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
    {
      destination: '/dev/pts',
      type: 'devpts',
      source: 'devpts',
      options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'],
    },
    { destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=65536k'] },
    { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
    { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', 'ro'] },
    // tmpfs pages are charged to the container's memory cgroup, so the memory limit bounds /tmp.
    { destination: '/tmp', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'nodev', 'mode=1777'] },
  ];
  for (const f of ['/etc/hosts', '/etc/resolv.conf']) {
    if (existsSync(f)) mounts.push({ destination: f, type: 'bind', source: f, options: ['rbind', 'ro', 'nosuid', 'nodev', 'noexec'] });
  }
  return {
    ociVersion: '1.0.2',
    process: {
      terminal: false,
      user: input.user ?? { uid: 0, gid: 0 },
      args: input.args,
      env: Object.entries(input.env).map(([k, v]) => `${k}=${v}`),
      cwd: input.cwd,
      capabilities: { bounding: CAPS, effective: CAPS, permitted: CAPS },
      noNewPrivileges: true,
    },
    root: { path: input.rootfs, readonly: true },
    hostname: input.hostname,
    mounts,
    linux: {
      namespaces: [{ type: 'pid' }, { type: 'mount' }, { type: 'ipc' }, { type: 'uts' }],
      cgroupsPath: `/baton/${input.containerId}`,
      resources,
      maskedPaths: [
        '/proc/acpi', '/proc/asound', '/proc/kcore', '/proc/keys', '/proc/latency_stats', '/proc/timer_list',
        '/proc/timer_stats', '/proc/sched_debug', '/proc/scsi', '/sys/firmware',
      ],
      readonlyPaths: ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'],
    },
  };
}

/** The shim's script: $1 runc, $2 bundle, $3 pid file, $4 container id, $5 exit-code file. */
const SHIM = '"$1" run --bundle "$2" --pid-file "$3" "$4" </dev/null; code=$?; echo "$code" > "$5.tmp" && mv -f "$5.tmp" "$5"';

/** After the init is gone, how long wait() gives the shim to record the exit code. */
/** runc's message for a command missing in the image (its quotes may come escaped, from its log format). */
const NOT_FOUND_RE = /exec: \\?"([^"\\]*)\\?": (?:executable file not found in \$PATH|stat [^:]*: no such file or directory)/;

const SHIM_GRACE_MS = 5_000;
const KILL_WAIT_MS = 10_000;
const RUNC_CALL_TIMEOUT_MS = 15_000;

interface RuncState {
  id: string;
  pid: number;
  status: string;
}

/** ExitInfo from the status the shim recorded (runc reports death by signal n as 128 + n). */
export function exitInfoFromStatus(status: number): ExitInfo {
  if (status > 128 && status < 128 + 65) {
    const name = Object.entries(osConstants.signals).find(([, n]) => n === status - 128)?.[0] ?? null;
    if (name) return { exitCode: -1, signal: name, message: `killed by ${name}` };
  }
  return { exitCode: status, signal: null, message: describeExit(status, null) };
}

export class RuncExecutor implements Executor {
  readonly runtime = 'runc' as const;
  private readonly dataDir: string;
  private readonly imagesDir: string;
  private readonly runc: string;
  private readonly rotator: LogRotator;
  private readonly startTimeoutMs: number;
  private readonly pollMs: number;
  private readonly waits = new Map<string, Promise<ExitInfo>>();
  private readonly stops = new Map<string, Promise<void>>();

  constructor(opts: RuncExecutorOptions) {
    this.dataDir = resolve(opts.dataDir);
    this.imagesDir = resolve(opts.imagesDir);
    this.runc = opts.runcPath ?? 'runc';
    this.startTimeoutMs = opts.startTimeoutMs ?? 30_000;
    this.pollMs = opts.pollMs ?? 200;
    this.rotator = new LogRotator(opts.logMaxBytes ?? 10 * 1024 * 1024, opts.logFiles ?? 3, opts.rotateCheckMs ?? 1000);
  }

  async unavailable(): Promise<string | null> {
    if (process.platform !== 'linux') return `runc needs Linux, this is ${process.platform}`;
    if (process.getuid?.() !== 0) return `the runc runtime needs root (the agent runs as uid ${process.getuid?.()})`;
    const r = await this.call(['--version'], 5000).catch((err: Error) => err);
    if (r instanceof Error) {
      return (r as NodeJS.ErrnoException).code === 'ENOENT'
        ? this.runc.includes('/') ? `runc not found at ${this.runc}` : 'runc not found on PATH'
        : `runc does not run: ${r.message}`;
    }
    if (r.code !== 0) return `runc --version failed: ${r.stderr.trim() || `exit code ${r.code}`}`;
    return null;
  }

  runDir(taskId: string): string {
    return join(this.dataDir, 'runc', checkTaskId(taskId));
  }

  containerId(taskId: string): string {
    return `baton-${checkTaskId(taskId)}`;
  }

  async start(task: Task): Promise<RunHandle> {
    const id = checkTaskId(task.id);
    const spec = task.spec?.runtime === 'container' ? task.spec.container : null;
    if (!spec) throw new ExecutorError(`task ${id} is not a container task (runtime: ${task.spec?.runtime ?? 'none'})`);
    if (!spec.image) throw new ExecutorError(`task ${id} names no image`);
    const image = await readImage(this.imagesDir, spec.image);
    if (!image) {
      throw new ExecutorError(`image ${spec.image} not found on this node (no directory ${imageRootfs(this.imagesDir, spec.image)})`);
    }
    // Like Docker: the task's command replaces the image's entrypoint (and then its cmd too),
    // the task's args replace the image's cmd.
    const cfg = image.config;
    const command = spec.command?.length ? spec.command : (cfg?.entrypoint ?? []);
    const cmdArgs = spec.args?.length ? spec.args : spec.command?.length ? [] : (cfg?.cmd ?? []);
    const args = [...command, ...cmdArgs];
    if (args.length === 0) {
      throw new ExecutorError(
        `container task ${id} has no command: set container.command (image ${spec.image} has no entrypoint or cmd in its config)`,
      );
    }
    const cid = this.containerId(id);
    const existing = await this.state(cid);
    if (existing && (existing.status === 'running' || existing.status === 'paused')) {
      throw new ExecutorError(`container ${cid} already exists (${existing.status}, pid ${existing.pid})`);
    }
    if (existing) await this.call(['delete', '--force', cid]);

    const ports = await assignPorts(task.spec?.ports ?? []);
    const imageEnv: Record<string, string> = {};
    for (const kv of cfg?.env ?? []) {
      const eq = kv.indexOf('=');
      if (eq > 0) imageEnv[kv.slice(0, eq)] = kv.slice(eq + 1);
    }
    const user = await resolveImageUser(image.rootfs, cfg?.user ?? '');
    const env: Record<string, string> = { PATH: DEFAULT_PATH, HOME: user.home ?? '/root', ...imageEnv, ...(spec.env ?? {}), ...batonEnv(task, ports) };
    const dir = this.runDir(id);
    const fresh = !existsSync(dir);
    try {
      return await this.startIn({
        id,
        cid,
        dir,
        ports,
        spec: {
          containerId: cid,
          rootfs: image.rootfs,
          args,
          env,
          cwd: spec.workdir || cfg?.workdir || '/',
          hostname: id.slice(0, 12),
          memoryBytes: Number(task.spec?.limits?.memoryBytes ?? 0),
          milliCpus: Number(task.spec?.limits?.milliCpus ?? 0),
          user: { uid: user.uid, gid: user.gid },
        },
      });
    } catch (err) {
      // A failed start leaves nothing behind (no handle will ever name this directory).
      if (fresh) await rm(dir, { recursive: true, force: true });
      throw err;
    }
  }

  /** Bundle, shim, pid: the part of start() that leaves files in the run directory. */
  private async startIn(p: { id: string; cid: string; dir: string; ports: RunHandle['ports']; spec: SpecInput }): Promise<RunHandle> {
    const { id, cid, dir, ports } = p;
    const bundle = join(dir, 'bundle');
    const pidFile = join(dir, 'init.pid');
    const exitFile = join(dir, 'exit-code');
    await mkdir(bundle, { recursive: true });
    await rm(pidFile, { force: true });
    await rm(exitFile, { force: true });
    const oci = buildOciSpec(p.spec);
    await writeFile(join(bundle, 'config.json'), JSON.stringify(oci, null, 2) + '\n');

    const fds = openLogFds(dir);
    // Where this start's messages begin in stderr (a retried task id appends to its old logs).
    const errOffset = (await stat(logFile(dir, 'stderr'))).size;
    let shim: ChildProcess;
    try {
      shim = spawn('/bin/sh', ['-c', SHIM, 'baton-shim', this.runc, bundle, pidFile, cid, exitFile], {
        cwd: dir,
        env: { PATH: process.env.PATH || DEFAULT_PATH },
        detached: true,
        stdio: ['ignore', fds.stdout, fds.stderr],
      });
    } finally {
      closeSync(fds.stdout);
      closeSync(fds.stderr);
    }
    let shimError: Error | null = null;
    let shimExited = false;
    shim.on('error', (err) => (shimError = err));
    shim.once('exit', () => (shimExited = true));
    shim.unref();
    const startedAtMs = Date.now();

    // Wait for runc to write the init's pid (it does so once the command was exec'd; a command
    // that is not in the image makes runc fail before).
    let pid = 0;
    const deadline = Date.now() + this.startTimeoutMs;
    for (;;) {
      pid = await readPid(pidFile);
      if (pid > 0) break;
      if (shimError) throw new ExecutorError(`cannot run the runc shim: ${(shimError as Error).message}`);
      if (shimExited || existsSync(exitFile)) {
        // The container may have run and ended already: then runc wrote the pid file first.
        pid = await readPid(pidFile);
        if (pid > 0) break;
        throw new ExecutorError(await this.startFailure(dir, cid, errOffset));
      }
      if (Date.now() > deadline) {
        if (shim.pid) trySignal(-shim.pid, 'SIGKILL');
        await this.call(['delete', '--force', cid]).catch(() => undefined);
        throw new ExecutorError(`runc did not start container ${cid} within ${this.startTimeoutMs} ms`);
      }
      await sleep(25);
    }
    const st = readProcStat(pid);
    const identity = `${cid}:${bootId()}:${st ? st.startTicks : 'unknown'}`;
    this.rotator.track(dir);
    return { taskId: id, runtime: 'runc', pid, identity, startedAtMs, ports, dir };
  }

  /** Why the container did not start, from the end of stderr (where runc reports). */
  private async startFailure(dir: string, cid: string, errOffset: number): Promise<string> {
    let text = '';
    try {
      text = (await readFile(logFile(dir, 'stderr'))).subarray(errOffset).toString('utf8');
    } catch {
      // no stderr
    }
    await this.call(['delete', '--force', cid]).catch(() => undefined);
    const lines = text.trim().split('\n').filter(Boolean);
    const last = lines.length > 0 ? lines[lines.length - 1] : '';
    const notFound = NOT_FOUND_RE.exec(text);
    if (notFound) return `command not found in the image: ${notFound[1]}`;
    return `runc could not start container ${cid}: ${last.replace(/^time="[^"]*" level=\w+ msg="?/, '').replace(/"$/, '') || 'no error message'}`;
  }

  async adopt(handle: RunHandle): Promise<boolean> {
    if (handle.runtime !== 'runc' || !this.alive(handle)) return false;
    const st = await this.state(this.cidOf(handle));
    if (!st || st.pid !== handle.pid || (st.status !== 'running' && st.status !== 'paused')) return false;
    this.rotator.track(handle.dir);
    return true;
  }

  wait(handle: RunHandle): Promise<ExitInfo> {
    let w = this.waits.get(handle.identity);
    if (!w) {
      w = this.waitUncached(handle);
      this.waits.set(handle.identity, w);
    }
    return w;
  }

  private async waitUncached(handle: RunHandle): Promise<ExitInfo> {
    const exitFile = join(handle.dir, 'exit-code');
    let goneSince = 0;
    for (;;) {
      const status = await readExitCode(exitFile);
      if (status !== null) return exitInfoFromStatus(status);
      if (!this.alive(handle)) {
        // The init is gone: the shim records the status a moment later, unless it died too
        // (node reboot, shim killed).
        if (goneSince === 0) goneSince = Date.now();
        else if (Date.now() - goneSince > SHIM_GRACE_MS) {
          return { exitCode: -1, signal: null, message: 'container exited and its runc shim is gone: exit code unknown' };
        }
      }
      await sleepUnref(this.alive(handle) ? this.pollMs : 50);
    }
  }

  stop(handle: RunHandle, graceMs: number): Promise<void> {
    let s = this.stops.get(handle.identity);
    if (!s) {
      s = this.stopUncached(handle, graceMs).finally(() => this.stops.delete(handle.identity));
      this.stops.set(handle.identity, s);
    }
    return s;
  }

  private async stopUncached(handle: RunHandle, graceMs: number): Promise<void> {
    // `runc kill` addresses the container by id, not by pid; the identity check makes sure the
    // container is still the run of this handle. --all: every process of the container's cgroup.
    const cid = this.cidOf(handle);
    if (!this.alive(handle)) return;
    await this.call(['kill', '--all', cid, 'SIGTERM']);
    if (await waitFor(() => !this.alive(handle), Math.max(0, graceMs), 50)) return;
    if (this.alive(handle)) await this.call(['kill', '--all', cid, 'SIGKILL']);
    if (await waitFor(() => !this.alive(handle), KILL_WAIT_MS, 20)) return;
    throw new ExecutorError(`container ${cid} survived SIGKILL for ${KILL_WAIT_MS} ms`);
  }

  async cleanup(handle: RunHandle): Promise<void> {
    const dir = this.checkedDir(handle);
    const cid = this.cidOf(handle);
    // A container still alive here is killed (runc delete --force would, anyway).
    await this.stop(handle, 0);
    const r = await this.call(['delete', '--force', cid]);
    if (r.code !== 0 && !/does not exist|not found/i.test(r.stderr)) {
      throw new ExecutorError(`runc delete ${cid} failed: ${r.stderr.trim()}`);
    }
    this.rotator.untrack(dir);
    this.waits.delete(handle.identity);
    await rm(join(dir, 'bundle'), { recursive: true, force: true });
    await rm(join(dir, 'init.pid'), { force: true });
  }

  async remove(handle: RunHandle): Promise<void> {
    await this.cleanup(handle);
    await rm(this.checkedDir(handle), { recursive: true, force: true });
  }

  async exec(handle: RunHandle, command: string[], timeoutMs: number): Promise<ExecResult> {
    if (command.length === 0 || !command[0]) throw new ExecutorError('exec: empty command');
    if (!this.alive(handle)) throw new ExecutorError(`task ${handle.taskId} is not running`);
    const cid = this.cidOf(handle);
    // The process gets the container's env and cwd (runc exec takes them from config.json).
    const pidFile = join(handle.dir, `exec-${process.pid}-${Math.random().toString(36).slice(2)}.pid`);
    try {
      const r = await runBounded(
        [this.runc, 'exec', '--pid-file', pidFile, cid, ...command],
        { cwd: handle.dir, env: { PATH: process.env.PATH || DEFAULT_PATH } },
        timeoutMs,
        // Killing `runc exec` does not kill what it started inside the container: kill that too.
        () => void readPid(pidFile).then((p) => p > 0 && trySignal(p, 'SIGKILL')),
      );
      const notFound = NOT_FOUND_RE.exec(r.output);
      if (notFound && !r.timedOut) return { exitCode: 127, output: `command not found: ${notFound[1]}`, timedOut: false };
      return r;
    } finally {
      await rm(pidFile, { force: true });
    }
  }

  logs(handle: RunHandle, opts: { follow: boolean; tail: number; signal?: AbortSignal }): AsyncIterable<LogEntry> {
    return readLogs(handle.dir, { ...opts, alive: () => this.alive(handle) });
  }

  close(): void {
    this.rotator.close();
  }

  rotateLogs(): Promise<void> {
    return this.rotator.rotateNow();
  }

  /** `runc state`, or null if runc knows no such container. */
  async state(cid: string): Promise<RuncState | null> {
    const r = await this.call(['state', cid]);
    if (r.code !== 0) return null;
    try {
      return JSON.parse(r.stdout) as RuncState;
    } catch {
      return null;
    }
  }

  /** The container's init is still the process of this handle (cheap: /proc, no runc call). */
  private alive(handle: RunHandle): boolean {
    const { procIdentity } = splitIdentity(handle.identity);
    return isSameProcess(handle.pid, procIdentity);
  }

  private cidOf(handle: RunHandle): string {
    const { cid } = splitIdentity(handle.identity);
    if (cid !== this.containerId(handle.taskId)) throw new ExecutorError(`run handle of task ${handle.taskId} names container ${cid}`);
    return cid;
  }

  private checkedDir(handle: RunHandle): string {
    const dir = resolve(handle.dir);
    if (dir !== this.runDir(handle.taskId) && !(dir.startsWith(this.dataDir + sep) && dir.endsWith(sep + handle.taskId))) {
      throw new ExecutorError(`run directory ${handle.dir} of task ${handle.taskId} is not under ${this.dataDir}`);
    }
    return dir;
  }

  /** Runs runc (bounded); never rejects for runc's own failures, only if it cannot be run. */
  private call(args: string[], timeoutMs = RUNC_CALL_TIMEOUT_MS): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((res, rej) => {
      const child = spawn(this.runc, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs, killSignal: 'SIGKILL' });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => {
        if (stdout.length < 1 << 20) stdout += d.toString('utf8');
      });
      child.stderr.on('data', (d: Buffer) => {
        if (stderr.length < 1 << 16) stderr += d.toString('utf8');
      });
      child.once('error', rej);
      child.once('close', (code, signal) =>
        res({ code: code ?? -1, stdout, stderr: signal ? `${stderr}\nrunc killed by ${signal}` : stderr }),
      );
    });
  }
}

/** A runc identity is "<container id>:<boot id>:<start ticks>" (the last two: procIdentity). */
function splitIdentity(identity: string): { cid: string; procIdentity: string } {
  const i = identity.indexOf(':');
  return i < 0 ? { cid: identity, procIdentity: '' } : { cid: identity.slice(0, i), procIdentity: identity.slice(i + 1) };
}

async function readPid(path: string): Promise<number> {
  try {
    const n = Number((await readFile(path, 'utf8')).trim());
    return Number.isInteger(n) && n > 0 ? n : 0;
  } catch {
    return 0;
  }
}

async function readExitCode(path: string): Promise<number | null> {
  try {
    const text = (await readFile(path, 'utf8')).trim();
    const n = Number(text);
    return text !== '' && Number.isInteger(n) ? n : null;
  } catch {
    return null;
  }
}
