// Task processes of the chaos runner's agents, found and killed by pid. A process task is the leader
// of its own process group and outlives its agent (that is what lets a restarted agent adopt it),
// so killing an agent leaves its tasks running: they are killed here, by the pids the agent wrote
// to `<agent data dir>/runs/<runtime>/<task id>/handle.json` (as LocalCluster.killTasks does), and,
// as a safety net for a task started just before its agent was killed (its handle.json not written
// yet), by their working directory: a process task runs in its run directory, inside the agent's
// data directory, inside the round's directory.
//
// In network namespace mode the tasks run inside the worker hosts' namespaces, but those are
// network namespaces only (no pid namespace), so the pids are the same from the runner's namespace.
import { existsSync, readFileSync, readdirSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';

/** The pids of the task processes an agent started (from its run directories' handle.json). */
export function taskPidsOf(agentDataDir: string): number[] {
  const runs = path.join(agentDataDir, 'runs');
  const out: number[] = [];
  if (!existsSync(runs)) return out;
  for (const runtime of readdirSync(runs)) {
    let tasks: string[];
    try {
      tasks = readdirSync(path.join(runs, runtime));
    } catch {
      continue;
    }
    for (const task of tasks) {
      try {
        const h = JSON.parse(readFileSync(path.join(runs, runtime, task, 'handle.json'), 'utf8')) as { pid?: number };
        if (typeof h.pid === 'number' && h.pid > 1) out.push(h.pid);
      } catch {
        // no handle (never started, or not written yet)
      }
    }
  }
  return out;
}

/** Whether process `pid` exists (EPERM: it does, and belongs to someone else). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Waits until none of `pids` is alive any more (a killed process lingers a moment), at most timeoutMs. */
export async function waitGone(pids: readonly number[], timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (pids.some(aliveNotZombie) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
}

/** Alive, and not a zombie (a zombie has no working directory any more, and cannot be killed). */
function aliveNotZombie(pid: number): boolean {
  if (!alive(pid)) return false;
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return process.platform !== 'linux';
  }
}

/** SIGKILLs the process group of every task an agent started that still runs; returns the pids killed. */
export function killTasksOf(agentDataDir: string): number[] {
  const killed: number[] = [];
  for (const pid of taskPidsOf(agentDataDir)) {
    if (!alive(pid)) continue;
    try {
      process.kill(-pid, 'SIGKILL'); // the task's process group (it is the leader)
      killed.push(pid);
    } catch {
      try {
        process.kill(pid, 'SIGKILL');
        killed.push(pid);
      } catch {
        // gone meanwhile
      }
    }
  }
  return killed;
}

/** Whether `p` is `dir` or inside it (both absolute, resolved). */
export function isInside(p: string, dir: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Pids (other than this process) whose working directory is inside `dir` (Linux /proc; empty elsewhere). */
export function pidsWorkingIn(dir: string): number[] {
  let root: string;
  try {
    root = realpathSync(dir);
  } catch {
    return [];
  }
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const out: number[] = [];
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    const pid = Number(e);
    if (pid === process.pid) continue;
    try {
      const cwd = readlinkSync(`/proc/${e}/cwd`);
      if (isInside(cwd, root)) out.push(pid);
    } catch {
      // gone, or not ours to look at
    }
  }
  return out;
}

/** SIGKILLs every process working inside `dir` (stray task processes); returns their pids. */
export function killStrays(dir: string): number[] {
  const killed: number[] = [];
  for (const pid of pidsWorkingIn(dir)) {
    try {
      process.kill(pid, 'SIGKILL');
      killed.push(pid);
    } catch {
      // gone
    }
  }
  return killed;
}
