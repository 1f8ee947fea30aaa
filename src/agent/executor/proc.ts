// Small helpers over /proc shared by the executors: process identity (pid + start time, so a
// reused pid is never mistaken for our run), liveness, process-group membership, bounded sleeps.
import { readFileSync, readdirSync } from 'node:fs';

export interface ProcStat {
  pid: number;
  /** Field 3: R, S, D, Z (zombie), T, ... */
  state: string;
  ppid: number;
  /** Field 5: the process group id. */
  pgrp: number;
  /** Field 6: the session id. */
  session: number;
  /** Field 22: start time in clock ticks since boot. */
  startTicks: string;
}

/**
 * Parses /proc/PID/stat. The second field (comm) is in parentheses and may itself contain spaces
 * and parentheses ("(a) b)"), so the fixed fields are taken from what follows the LAST ')'.
 */
export function parseProcStat(text: string): ProcStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const pid = Number(text.slice(0, open).trim());
  // After ") ": field 3 is at index 0, so field N is at index N - 3.
  const rest = text.slice(close + 1).trim().split(/\s+/);
  if (!Number.isInteger(pid) || rest.length < 20) return null;
  return {
    pid,
    state: rest[0],
    ppid: Number(rest[1]),
    pgrp: Number(rest[2]),
    session: Number(rest[3]),
    startTicks: rest[22 - 3],
  };
}

export function readProcStat(pid: number): ProcStat | null {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

let cachedBootId: string | null = null;

/** The kernel's boot id: start times count from boot, so an identity must name the boot too. */
export function bootId(): string {
  if (cachedBootId === null) {
    try {
      cachedBootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      cachedBootId = 'unknown-boot';
    }
  }
  return cachedBootId;
}

/** "<boot id>:<start ticks>" of a live (non-zombie) process, or null if there is none. */
export function procIdentity(pid: number): string | null {
  const st = readProcStat(pid);
  if (!st || st.state === 'Z') return null;
  return `${bootId()}:${st.startTicks}`;
}

/** True if pid names a live process (a zombie counts as gone) with exactly this identity. */
export function isSameProcess(pid: number, identity: string): boolean {
  const id = procIdentity(pid);
  return id !== null && id === identity;
}

/** Live (non-zombie) members of process group pgid, found by scanning /proc. */
export function groupMembers(pgid: number): number[] {
  const out: number[] = [];
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return out;
  }
  for (const name of names) {
    const c = name.charCodeAt(0);
    if (c < 48 || c > 57) continue;
    const st = readProcStat(Number(name));
    if (st && st.pgrp === pgid && st.state !== 'Z') out.push(st.pid);
  }
  return out;
}

/** Sends sig to pid (negative: a process group); false if there was nobody to signal. */
export function trySignal(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A sleep that does not keep the process alive: for the open-ended polls of wait(), so an agent
 * that is shutting down (and leaves its tasks running) is not held up by them.
 */
export function sleepUnref(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** Polls cond every stepMs until it holds or timeoutMs passed; returns whether it held. */
export async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs: number, stepMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(Math.min(stepMs, Math.max(1, deadline - Date.now())));
  }
}

/** "exited with code 3" / "killed by SIGKILL". */
export function describeExit(code: number | null, signal: string | null): string {
  if (signal) return `killed by ${signal}`;
  if (code === null || code < 0) return 'exited (code unknown)';
  return `exited with code ${code}`;
}
