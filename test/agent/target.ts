// Starts test/fixtures/probe-target.mjs as a plain child process (outside any executor) and finds
// its port; every target started is killed by stopTargets().
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const PROBE_TARGET = fileURLToPath(new URL('../fixtures/probe-target.mjs', import.meta.url));

export interface Target {
  child: ChildProcess;
  port: number;
  /** Everything it printed so far. */
  output(): string;
  exited: Promise<{ code: number | null; signal: string | null }>;
}

const started: ChildProcess[] = [];

/** Starts the fixture with env (PORT 0 unless given) and resolves once it listens; fails after 5 s. */
export async function startTarget(env: Record<string, string> = {}, opts: { waitListening?: boolean } = {}): Promise<Target> {
  const child = spawn(process.execPath, [PROBE_TARGET], { env: { PATH: process.env.PATH ?? '', PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null }>((res) => child.once('exit', (code, signal) => res({ code, signal })));
  if (opts.waitListening === false) return { child, port: Number(env.PORT ?? 0), output: () => out, exited };
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`probe-target did not print "listening on" within 5000 ms; output: ${out}`)), 5000);
    const look = () => {
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', look);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`probe-target exited (code ${code}, signal ${signal}) before listening; output: ${out}`));
    });
  });
  return { child, port, output: () => out, exited };
}

/** Kills every target still running and waits for each to exit (bounded). */
export async function stopTargets(): Promise<void> {
  for (const c of started.splice(0)) {
    if (c.exitCode !== null || c.signalCode !== null) continue;
    const gone = new Promise((res) => c.once('exit', res));
    c.kill('SIGKILL');
    await Promise.race([gone, new Promise((res) => setTimeout(res, 2000))]);
  }
}
