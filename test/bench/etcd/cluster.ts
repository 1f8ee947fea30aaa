// A 3-member (or n-member) etcd cluster on 127.0.0.1 for the comparison in test/bench/raft.ts:
// ports picked at run time, data in a temporary directory, every process stopped by its pid and
// the directory removed on close(). Installs Debian's etcd-server if etcd is missing and we are root.
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

import { freePort } from '../../../deploy/local/cluster.js';
import { sleep, stopChild, track } from '../bench-util.js';

const PROTO = fileURLToPath(new URL('./kv.proto', import.meta.url));

function which(cmd: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/**
 * The path of the etcd binary. When it is missing and this process is root, installs Debian's
 * etcd-server and etcd-client with apt-get; otherwise (or if that fails) throws saying what to do.
 */
export function ensureEtcd(log: (s: string) => void): { etcd: string; etcdctl: string | null } {
  let etcd = which('etcd');
  if (!etcd) {
    if (process.getuid?.() !== 0) {
      throw new Error('etcd is not installed and this is not root: install it (Debian: `apt-get install etcd-server etcd-client`) and run again');
    }
    log('etcd is not installed: apt-get install -y etcd-server etcd-client ...');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const install = () =>
      spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'etcd-server', 'etcd-client'], { encoding: 'utf8', env, timeout: 300_000 });
    let r = install();
    if (r.status !== 0) {
      log('apt-get install failed; apt-get update and one more try ...');
      spawnSync('apt-get', ['update'], { encoding: 'utf8', env, timeout: 300_000 });
      r = install();
    }
    etcd = which('etcd');
    if (r.status !== 0 || !etcd) {
      const out = `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}`.trim().split('\n').slice(-8).join('\n');
      throw new Error(`could not install etcd (apt-get install etcd-server exited with ${r.status ?? r.signal}):\n${out}`);
    }
  }
  return { etcd, etcdctl: which('etcdctl') };
}

export function etcdVersion(etcd: string): string {
  try {
    return /etcd Version: (\S+)/.exec(execFileSync(etcd, ['--version'], { encoding: 'utf8' }))?.[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

interface EtcdMember {
  name: string;
  clientUrl: string;
  address: string; // host:port for gRPC
  peerUrl: string;
  proc: ChildProcess;
  logFile: string;
}

interface KvClient extends grpc.Client {
  Put(req: { key: Buffer; value: Buffer }, opts: grpc.CallOptions, cb: (e: grpc.ServiceError | null) => void): grpc.ClientUnaryCall;
}

export class EtcdCluster {
  readonly members: EtcdMember[] = [];

  private constructor(
    readonly dir: string,
    private readonly etcdctl: string | null,
  ) {}

  static async start(bin: { etcd: string; etcdctl: string | null }, n = 3): Promise<EtcdCluster> {
    const dir = mkdtempSync(path.join(tmpdir(), 'baton-bench-etcd-'));
    const c = new EtcdCluster(dir, bin.etcdctl);
    try {
      const ports: { client: number; peer: number }[] = [];
      for (let i = 0; i < n; i++) ports.push({ client: await freePort(), peer: await freePort() });
      const initial = ports.map((p, i) => `e${i}=http://127.0.0.1:${p.peer}`).join(',');
      const token = `bench-${process.pid}-${Date.now()}`;
      for (let i = 0; i < n; i++) {
        const name = `e${i}`;
        const clientUrl = `http://127.0.0.1:${ports[i]!.client}`;
        const peerUrl = `http://127.0.0.1:${ports[i]!.peer}`;
        const logFile = path.join(dir, `${name}.log`);
        const fd = openSync(logFile, 'a');
        const proc = track(
          spawn(
            bin.etcd,
            [
              '--name', name,
              '--data-dir', path.join(dir, name),
              '--listen-client-urls', clientUrl,
              '--advertise-client-urls', clientUrl,
              '--listen-peer-urls', peerUrl,
              '--initial-advertise-peer-urls', peerUrl,
              '--initial-cluster', initial,
              '--initial-cluster-token', token,
              '--initial-cluster-state', 'new',
            ],
            { stdio: ['ignore', fd, fd] },
          ),
        );
        closeSync(fd);
        c.members.push({ name, clientUrl, address: `127.0.0.1:${ports[i]!.client}`, peerUrl, proc, logFile });
      }
      await c.waitReady(30_000);
    } catch (e) {
      await c.close();
      throw e;
    }
    return c;
  }

  pids(): number[] {
    return this.members.map((m) => m.proc.pid!);
  }

  /** Puts a key through every member until each answers (the cluster has a leader and a quorum). */
  private async waitReady(timeoutMs: number): Promise<void> {
    const def = protoLoader.loadSync(PROTO, { defaults: true, longs: String });
    const pkg = grpc.loadPackageDefinition(def) as unknown as { etcdserverpb: { KV: new (a: string, c: grpc.ChannelCredentials) => KvClient } };
    const end = Date.now() + timeoutMs;
    for (const m of this.members) {
      const kv = new pkg.etcdserverpb.KV(m.address, grpc.credentials.createInsecure());
      try {
        for (let i = 0; ; i++) {
          const ok = await new Promise<boolean>((resolve) =>
            kv.Put({ key: Buffer.from('bench/ready'), value: Buffer.from('1') }, { deadline: Date.now() + 1000 }, (e) => resolve(!e)),
          );
          if (ok) break;
          if (m.proc.exitCode !== null) throw new Error(`etcd member ${m.name} exited with ${m.proc.exitCode}: ${tail(m.logFile)}`);
          if (Date.now() > end || i > 1000) throw new Error(`etcd member ${m.name} not ready within ${timeoutMs} ms: ${tail(m.logFile)}`);
          await sleep(100);
        }
      } finally {
        kv.close();
      }
    }
  }

  /** Index of the leader (from `etcdctl endpoint status`), or -1 if that cannot be told. */
  leaderIndex(): number {
    if (!this.etcdctl) return -1;
    try {
      const out = execFileSync(this.etcdctl, ['--endpoints', this.members.map((m) => m.clientUrl).join(','), 'endpoint', 'status', '-w', 'json'], {
        encoding: 'utf8',
        env: { ...process.env, ETCDCTL_API: '3' },
        timeout: 10_000,
      });
      // member ids are uint64: compare them as strings (JSON numbers above 2^53 lose digits alike).
      const rows = JSON.parse(out.replace(/:\s*(\d{16,})/g, ':"$1"')) as { Endpoint: string; Status: { header: { member_id: string }; leader: string } }[];
      const leader = rows.find((r) => String(r.Status.header.member_id) === String(r.Status.leader));
      return leader ? this.members.findIndex((m) => m.clientUrl === leader.Endpoint) : -1;
    } catch {
      return -1;
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.members.map((m) => stopChild(m.proc)));
    if (existsSync(this.dir)) rmSync(this.dir, { recursive: true, force: true });
  }
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-3).join('\n');
  } catch {
    return '';
  }
}
