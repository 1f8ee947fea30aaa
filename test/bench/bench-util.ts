// Shared pieces of the cluster benchmarks (test/bench/raft.ts, test/bench/failover.ts): load
// worker processes, CPU accounting from /proc, percentiles, tables, the machine's description.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { closeSync, fdatasyncSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import type { Setup } from './load-worker.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WORKER = fileURLToPath(new URL('./load-worker.ts', import.meta.url));

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Rejects with `what` if p does not settle within ms. */
export async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, rej) => (timer = setTimeout(() => rej(new Error(`${what}: no answer within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

// ------------------------------------------------------------------ child processes

/** Every child process a benchmark started and has not seen exit (stopped by pid on the way out). */
export const children = new Set<ChildProcess>();

export function track(p: ChildProcess): ChildProcess {
  children.add(p);
  p.once('exit', () => children.delete(p));
  return p;
}

/** SIGKILLs one child by pid and waits (bounded) for it to exit. */
export async function stopChild(p: ChildProcess, waitMs = 5000): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null || p.pid === undefined) return;
  const exited = new Promise<void>((r) => p.once('exit', () => r()));
  try {
    process.kill(p.pid, 'SIGKILL');
  } catch {
    return;
  }
  await Promise.race([exited, sleep(waitMs)]);
}

/** Last resort on exit: SIGKILL whatever child is left, synchronously, by pid. */
export function killChildrenSync(): void {
  for (const p of children) {
    if (p.pid !== undefined && p.exitCode === null && p.signalCode === null) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

/** A load worker process (test/bench/load-worker.ts) and its IPC channel. */
export class Worker {
  readonly proc: ChildProcess;
  private readonly inbox: unknown[] = [];
  private readonly waiters: { resolve(m: unknown): void; reject(e: Error): void }[] = [];
  private dead: Error | null = null;

  constructor(readonly name: string) {
    this.proc = track(
      spawn(process.execPath, ['--import', 'tsx', WORKER], {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        serialization: 'advanced',
        // No --cpu-prof or similar from the bench's own environment.
        env: { ...process.env, NODE_OPTIONS: '' },
      }),
    );
    this.proc.on('message', (m) => {
      const w = this.waiters.shift();
      if (w) w.resolve(m);
      else this.inbox.push(m);
    });
    this.proc.once('exit', (code, signal) => {
      this.dead = new Error(`load worker ${name} exited (${signal ?? code})`);
      for (const w of this.waiters.splice(0)) w.reject(this.dead);
    });
  }

  get pid(): number {
    return this.proc.pid!;
  }

  send(msg: unknown): void {
    if (this.proc.connected) this.proc.send(msg as never);
  }

  /** The next message from the worker; a 'failed' message rejects. */
  async next<T>(timeoutMs: number, what: string): Promise<T> {
    const p =
      this.inbox.length > 0
        ? Promise.resolve(this.inbox.shift())
        : this.dead
          ? Promise.reject(this.dead)
          : new Promise<unknown>((resolve, reject) => this.waiters.push({ resolve, reject }));
    const m = (await within(p, timeoutMs, `load worker ${this.name}: ${what}`)) as { type: string; error?: string };
    if (m.type === 'failed') throw new Error(`load worker ${this.name} failed: ${m.error}`);
    return m as T;
  }

  async setup(s: Setup, timeoutMs = 30_000): Promise<void> {
    this.send({ type: 'setup', ...s });
    await this.next<{ type: 'ready' }>(timeoutMs, 'setup');
  }

  stop(): Promise<void> {
    return stopChild(this.proc);
  }
}

// ------------------------------------------------------------------ CPU accounting

let clkTck = 0;
/** Clock ticks per second of /proc's utime/stime. */
export function clockTicks(): number {
  if (clkTck === 0) {
    try {
      clkTck = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clkTck = 100;
    }
  }
  return clkTck;
}

/** utime + stime of a process, in seconds (null once it is gone). */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; fields 14 and 15 count from after its ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(rest[11]) + Number(rest[12])) / clockTicks();
  } catch {
    return null;
  }
}

/** Busy and total CPU seconds of the whole machine (all cores), from /proc/stat. */
export function machineCpu(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (f[3] ?? 0) + (f[4] ?? 0); // idle + iowait
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0); // guest time is already in user
  return { busy: (total - idle) / clockTicks(), total: total / clockTicks() };
}

export interface CpuSample {
  at: number;
  pids: Map<number, number | null>;
  machine: { busy: number; total: number };
}

export function sampleCpu(pids: number[]): CpuSample {
  return { at: performance.now(), pids: new Map(pids.map((p) => [p, cpuSeconds(p)])), machine: machineCpu() };
}

/** Percent of one core used by pid between two samples (null if it was not there for both). */
export function cpuPercent(a: CpuSample, b: CpuSample, pid: number): number | null {
  const x = a.pids.get(pid);
  const y = b.pids.get(pid);
  if (x == null || y == null) return null;
  return (100 * (y - x)) / ((b.at - a.at) / 1000);
}

/**
 * Percent of one core used between two samples by everything on the machine except `pids`: other
 * people's processes (and the kernel's own threads), which the figures of a shared machine need.
 */
export function othersPercent(a: CpuSample, b: CpuSample, pids: number[]): number {
  const busy = b.machine.busy - a.machine.busy;
  let ours = 0;
  for (const p of pids) {
    const x = a.pids.get(p);
    const y = b.pids.get(p);
    if (x != null && y != null) ours += y - x;
  }
  return Math.max(0, (100 * (busy - ours)) / ((b.at - a.at) / 1000));
}

/**
 * Waits (at most maxWaitMs) until the machine is nearly idle over one second: the benchmarks share
 * the machine with whatever else runs on it. Returns the busy % of the last second looked at.
 */
export async function waitQuiet(maxWaitMs: number, idleBelowPct = 15): Promise<{ busyPct: number; waitedMs: number }> {
  const start = performance.now();
  for (;;) {
    const a = sampleCpu([]);
    await sleep(1000);
    const busyPct = machineBusyPercent(a, sampleCpu([]));
    const waitedMs = performance.now() - start;
    if (busyPct < idleBelowPct || waitedMs >= maxWaitMs) return { busyPct, waitedMs };
  }
}

/** Percent of the whole machine (all cores) busy between two samples. */
export function machineBusyPercent(a: CpuSample, b: CpuSample): number {
  const total = b.machine.total - a.machine.total;
  return total > 0 ? (100 * (b.machine.busy - a.machine.busy)) / total : 0;
}

// ------------------------------------------------------------------ numbers and tables

/** The p-th percentile (0..100) of sorted values, nearest rank. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** The middle value; for an even count, the mean of the two middle ones. */
export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export const fmtInt = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '-');
export const fmtMs = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
export const fmtPct = (n: number | null) => (n === null || !Number.isFinite(n) ? '-' : `${Math.round(n)}%`);

/** A Markdown table (readable as plain text too). */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

// ------------------------------------------------------------------ the machine and the disk

export function machineDescription(): { cores: number; cpu: string; node: string; kernel: string } {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    const get = (k: string) => new RegExp(`^${k}\\s*:\\s*(.*)$`, 'm').exec(info)?.[1]?.trim();
    const mhz = Number(get('cpu MHz'));
    cpu = `${get('model name') ?? cpu} (family ${get('cpu family')}, model ${get('model')}${mhz ? `, ${(mhz / 1000).toFixed(1)} GHz` : ''})`;
  } catch {
    // not Linux: the model name from os.cpus() will do
  }
  return { cores: os.cpus().length, cpu, node: process.version, kernel: os.release() };
}

/** What one writer of measureFsyncConcurrent runs: the loop of measureFsync, from a common start. */
const FSYNC_WRITER = `
const fs = require('node:fs');
const { performance } = require('node:perf_hooks');
const { FILE, ROUNDS, BYTES, START_AT } = process.env;
const fd = fs.openSync(FILE, 'w');
const buf = Buffer.alloc(Number(BYTES), 0x66);
while (Date.now() < Number(START_AT)) {}
const times = [];
for (let i = 0; i < Number(ROUNDS); i++) {
  const t0 = performance.now();
  fs.writeSync(fd, buf);
  fs.fdatasyncSync(fd);
  times.push(performance.now() - t0);
}
fs.closeSync(fd);
fs.rmSync(FILE, { force: true });
process.stdout.write(JSON.stringify(times));
`;

/**
 * The fsync latency when `writers` processes append and fdatasync at once, each to its own file in
 * `dir`, as the managers of a cluster on one machine do: on a virtual disk a flush can wait for the
 * others', which a single writer does not show.
 */
export async function measureFsyncConcurrent(dir: string, writers: number, rounds = 300, bytes = 256): Promise<{ writers: number; rounds: number; p50Ms: number; p99Ms: number; maxMs: number }> {
  const startAt = Date.now() + 300;
  const runs = Array.from({ length: writers }, (_, i) => {
    const env = { ...process.env, FILE: path.join(dir, `fsync-probe-${process.pid}-${i}`), ROUNDS: String(rounds), BYTES: String(bytes), START_AT: String(startAt) };
    const p = track(spawn(process.execPath, ['-e', FSYNC_WRITER], { env, stdio: ['ignore', 'pipe', 'inherit'] }));
    let out = '';
    p.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    return within(
      new Promise<number[]>((resolve, reject) => p.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as number[]) : reject(new Error(`fsync writer exited with ${code}`))))),
      60_000,
      'fsync writer',
    ).finally(() => stopChild(p));
  });
  const times = (await Promise.all(runs)).flat().sort((a, b) => a - b);
  return { writers, rounds, p50Ms: percentile(times, 50), p99Ms: percentile(times, 99), maxMs: times[times.length - 1]! };
}

/** Times `rounds` appends of `bytes` bytes + fdatasync to a file in `dir` (the data dir's filesystem). */
export function measureFsync(dir: string, rounds = 300, bytes = 256): { rounds: number; meanMs: number; p50Ms: number; p99Ms: number; maxMs: number } {
  const file = path.join(dir, `fsync-probe-${process.pid}`);
  const fd = openSync(file, 'w');
  const buf = Buffer.alloc(bytes, 0x66);
  const times: number[] = [];
  try {
    for (let i = 0; i < rounds + 10; i++) {
      const t0 = performance.now();
      writeSync(fd, buf);
      fdatasyncSync(fd);
      if (i >= 10) times.push(performance.now() - t0);
    }
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
  times.sort((a, b) => a - b);
  return {
    rounds,
    meanMs: times.reduce((a, b) => a + b, 0) / times.length,
    p50Ms: percentile(times, 50),
    p99Ms: percentile(times, 99),
    maxMs: times[times.length - 1]!,
  };
}
