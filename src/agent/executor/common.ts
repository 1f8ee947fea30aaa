// What both executors share: task-id checks, host ports for a task's declared ports, and the
// environment every task gets (BATON_*, PORT, PORT_<NAME>).
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import net from 'node:net';
import type { AssignedPort__Output as AssignedPort } from '../../gen/baton/v1/AssignedPort';
import type { PortSpec__Output as PortSpec } from '../../gen/baton/v1/PortSpec';
import type { Task__Output as Task } from '../../gen/baton/v1/Task';
import { ExecutorError, type ExecResult } from './executor.js';
import { trySignal } from './proc.js';

/** Task ids become directory and container names: keep them to a safe alphabet. */
const TASK_ID_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

export function checkTaskId(id: string): string {
  if (!TASK_ID_RE.test(id) || id.includes('..')) {
    throw new ExecutorError(`invalid task id ${JSON.stringify(id)}: expected 1-128 characters from [A-Za-z0-9_.-]`);
  }
  return id;
}

export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

type Proto = 'tcp' | 'udp';

function protoOf(p: PortSpec): Proto {
  return p.protocol === 'PORT_UDP' ? 'udp' : 'tcp';
}

/** Binds host:port (0: any free port), returns the bound port, closes. Rejects with the errno code. */
function probeBind(proto: Proto, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    if (proto === 'tcp') {
      const srv = net.createServer();
      srv.unref();
      srv.once('error', (err: NodeJS.ErrnoException) => reject(err));
      srv.listen({ host, port, exclusive: true }, () => {
        const bound = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(bound));
      });
    } else {
      const sock = dgram.createSocket('udp4');
      sock.unref();
      sock.once('error', (err: NodeJS.ErrnoException) => {
        sock.close();
        reject(err);
      });
      sock.bind(port, host, () => {
        const bound = sock.address().port;
        sock.close(() => resolve(bound));
      });
    }
  });
}

/**
 * Ports handed out recently by this agent (port -> expiry ms). A port picked with bind(0) is free
 * only until someone binds it; the task needs a moment to start listening, so two tasks starting
 * together must not be handed the same port.
 */
const recentlyPicked = new Map<string, number>();
const RECENT_MS = 60_000;

function remember(proto: Proto, port: number): void {
  const now = Date.now();
  for (const [k, exp] of recentlyPicked) if (exp < now) recentlyPicked.delete(k);
  recentlyPicked.set(`${proto}/${port}`, now + RECENT_MS);
}

async function pickFreePort(proto: Proto, taken: Set<string>): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await probeBind(proto, '0.0.0.0', 0);
    const key = `${proto}/${port}`;
    if (taken.has(key) || (recentlyPicked.get(key) ?? 0) > Date.now()) continue;
    try {
      // Also free on loopback (where probes connect).
      await probeBind(proto, '127.0.0.1', port);
    } catch {
      continue;
    }
    return port;
  }
  throw new ExecutorError(`no free ${proto} port found on this node`);
}

async function checkPublished(proto: Proto, port: number): Promise<void> {
  try {
    await probeBind(proto, '0.0.0.0', port);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new ExecutorError(`published port ${port}/${proto} is in use on this node`);
    if (code === 'EACCES') throw new ExecutorError(`published port ${port}/${proto} cannot be bound on this node (permission denied)`);
    throw new ExecutorError(`published port ${port}/${proto} cannot be bound on this node: ${(err as Error).message}`);
  }
}

/**
 * Host ports for a task's declared ports: published_port if set (checked free now), else a free
 * port picked now. Both runtimes share the host network, so the task must listen on the host
 * port it is given as PORT / PORT_<NAME>; target_port is reported as declared, not remapped.
 */
export async function assignPorts(specs: PortSpec[]): Promise<AssignedPort[]> {
  const out: AssignedPort[] = [];
  const taken = new Set<string>();
  for (const p of specs) {
    const proto = protoOf(p);
    let hostPort: number;
    if (p.publishedPort) {
      const key = `${proto}/${p.publishedPort}`;
      if (taken.has(key)) throw new ExecutorError(`published port ${p.publishedPort}/${proto} is declared twice`);
      await checkPublished(proto, p.publishedPort);
      hostPort = p.publishedPort;
    } else {
      hostPort = await pickFreePort(proto, taken);
      remember(proto, hostPort);
    }
    taken.add(`${proto}/${hostPort}`);
    out.push({ name: p.name, targetPort: p.targetPort, hostPort });
  }
  return out;
}

/** "http-alt" -> "PORT_HTTP_ALT". */
export function portEnvName(name: string): string {
  return `PORT_${name.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`;
}

/** BATON_TASK_ID, BATON_SERVICE_ID, BATON_SLOT, PORT (first port), PORT_<NAME> (named ports). */
export function batonEnv(task: Task, ports: AssignedPort[]): Record<string, string> {
  const env: Record<string, string> = {
    BATON_TASK_ID: task.id,
    BATON_SERVICE_ID: task.serviceId ?? '',
    BATON_SLOT: String(task.slot ?? 0),
  };
  if (ports.length > 0) env.PORT = String(ports[0].hostPort);
  for (const p of ports) if (p.name) env[portEnvName(p.name)] = String(p.hostPort);
  return env;
}

/** exec() keeps at most this much output. */
const EXEC_OUTPUT_MAX_BYTES = 64 * 1024;

/**
 * Runs a command (no shell) in its own process group with stdout+stderr captured together (the
 * first 64 KiB); on timeout the whole group is SIGKILLed. Never rejects for the command's own
 * failures: "not found" is exit code 127, "not executable" 126, like a shell.
 */
export function runBounded(
  command: string[],
  opts: { cwd: string; env: Record<string, string> },
  timeoutMs: number,
  onTimeout?: () => void,
): Promise<ExecResult> {
  return new Promise((resolveRun) => {
    let out = Buffer.alloc(0);
    let truncated = false;
    let timedOut = false;
    let settled = false;
    const child = spawn(command[0], command.slice(1), {
      cwd: opts.cwd,
      env: opts.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => {
      if (out.length >= EXEC_OUTPUT_MAX_BYTES) {
        truncated = true;
        return;
      }
      out = Buffer.concat([out, chunk.subarray(0, EXEC_OUTPUT_MAX_BYTES - out.length)]);
      if (chunk.length > EXEC_OUTPUT_MAX_BYTES - out.length) truncated = true;
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const finish = (r: ExecResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(drainTimer);
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolveRun(r);
    };
    const output = () => out.toString('utf8') + (truncated ? '\n[output truncated]' : '');
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid) trySignal(-child.pid, 'SIGKILL');
      onTimeout?.();
    }, Math.max(1, timeoutMs));
    let drainTimer: NodeJS.Timeout | undefined;
    child.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') finish({ exitCode: 127, output: `command not found: ${command[0]}`, timedOut: false });
      else if (err.code === 'EACCES') finish({ exitCode: 126, output: `permission denied: ${command[0]}`, timedOut: false });
      else finish({ exitCode: -1, output: `cannot run ${command[0]}: ${err.message}`, timedOut: false });
    });
    child.once('exit', (code) => {
      // Output may still be in the pipes: wait for them to close, but not forever (a process
      // that left the group could hold them open).
      const result = () => ({ exitCode: timedOut ? -1 : (code ?? -1), output: output(), timedOut });
      child.once('close', () => finish(result()));
      drainTimer = setTimeout(() => finish(result()), 1000);
    });
  });
}
