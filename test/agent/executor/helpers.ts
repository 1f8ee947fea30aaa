// Shared by the executor tests: task objects, temp directories, bounded waits, log collection.
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContainerRuntime__Output } from '../../../src/gen/baton/v1/ContainerRuntime';
import type { PortSpec__Output } from '../../../src/gen/baton/v1/PortSpec';
import type { ProcessRuntime__Output } from '../../../src/gen/baton/v1/ProcessRuntime';
import type { Resources__Output } from '../../../src/gen/baton/v1/Resources';
import type { Task__Output } from '../../../src/gen/baton/v1/Task';
import type { Executor, LogEntry, RunHandle } from '../../../src/agent/executor/executor.js';
import { readProcStat } from '../../../src/agent/executor/proc.js';

let seq = 0;

/** A task id unique to this test process (pid + counter), safe for dirs and container ids. */
export function taskId(prefix = 't'): string {
  return `${prefix}${process.pid}x${++seq}${Math.random().toString(36).slice(2, 6)}`;
}

interface TaskExtra {
  id?: string;
  ports?: Partial<PortSpec__Output>[];
  limits?: Partial<Resources__Output>;
}

function baseTask(extra: TaskExtra): Task__Output {
  return {
    id: extra.id ?? taskId(),
    meta: null,
    serviceId: 'svc-1',
    slot: 2,
    nodeId: 'node-1',
    specVersion: 1,
    spec: {
      reservations: null,
      limits: extra.limits ? { milliCpus: 0, memoryBytes: 0, ...extra.limits } : null,
      restartPolicy: null,
      placement: null,
      ports: (extra.ports ?? []).map((p) => ({ name: '', protocol: 'PORT_TCP', targetPort: 0, publishedPort: 0, ...p })),
      liveness: null,
      readiness: null,
    },
    desiredState: 'TASK_RUNNING',
    status: null,
    ports: [],
    health: null,
    restartsMs: [],
    notBeforeMs: 0,
    shutdownReason: '',
  };
}

export function processTask(proc: Partial<ProcessRuntime__Output> & { command: string }, extra: TaskExtra = {}): Task__Output {
  const t = baseTask(extra);
  t.spec!.runtime = 'process';
  t.spec!.process = { args: [], env: {}, workdir: '', ...proc };
  return t;
}

export function containerTask(c: Partial<ContainerRuntime__Output> & { image: string }, extra: TaskExtra = {}): Task__Output {
  const t = baseTask(extra);
  t.spec!.runtime = 'container';
  t.spec!.container = { command: [], args: [], env: {}, workdir: '', ...c };
  return t;
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `baton-${prefix}-`));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Rejects with `what` if p does not settle within ms. */
export async function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, rej) => {
        timer = setTimeout(() => rej(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls cond (every 25 ms) until true; fails with `what` after ms. */
export async function eventually(ms: number, what: string, cond: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A pid counts as gone when no process has it or it is a zombie. */
export function pidGone(pid: number): boolean {
  const st = readProcStat(pid);
  return st === null || st.state === 'Z';
}

/** All log entries (no follow). */
export async function allLogs(ex: Executor, h: RunHandle, tail = 0): Promise<LogEntry[]> {
  const out: LogEntry[] = [];
  for await (const e of ex.logs(h, { follow: false, tail })) out.push(e);
  return out;
}

export function lines(entries: LogEntry[], stream?: LogEntry['stream']): string[] {
  return entries.filter((e) => !stream || e.stream === stream).map((e) => e.line);
}

/**
 * Writes an OCI image layout at `dir`: the given layer tarballs (in order), an image config with
 * `config` (Entrypoint, Cmd, Env, WorkingDir) and an index naming the image `ref`.
 */
export async function writeOciLayout(dir: string, layerTars: string[], config: Record<string, unknown>, ref = 'latest'): Promise<{ manifestDigest: string }> {
  const blobs = join(dir, 'blobs', 'sha256');
  await mkdir(blobs, { recursive: true });
  const put = async (data: Buffer, mediaType: string) => {
    const hex = createHash('sha256').update(data).digest('hex');
    await writeFile(join(blobs, hex), data);
    return { mediaType, digest: `sha256:${hex}`, size: data.length };
  };
  const layers = [];
  for (const t of layerTars) {
    const data = await readFile(t);
    const gz = data[0] === 0x1f && data[1] === 0x8b;
    layers.push(await put(data, gz ? 'application/vnd.oci.image.layer.v1.tar+gzip' : 'application/vnd.oci.image.layer.v1.tar'));
  }
  const cfg = await put(
    Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config, rootfs: { type: 'layers', diff_ids: [] } })),
    'application/vnd.oci.image.config.v1+json',
  );
  const manifest = await put(
    Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: cfg, layers })),
    'application/vnd.oci.image.manifest.v1+json',
  );
  await writeFile(
    join(dir, 'index.json'),
    JSON.stringify({ schemaVersion: 2, manifests: [{ ...manifest, annotations: { 'org.opencontainers.image.ref.name': ref } }] }),
  );
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  return { manifestDigest: manifest.digest };
}
