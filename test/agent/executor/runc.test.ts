// The runc executor against real OCI containers, built from a tiny busybox image made here.
// Needs root, runc and a static busybox; skipped (with the reason in the suite's name) otherwise.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, copyFile, mkdir, readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ExecutorError, type RunHandle } from '../../../src/agent/executor/executor.js';
import { importOciLayout, importRootfsTarball, listImages } from '../../../src/agent/executor/images.js';
import { RuncExecutor, type OciSpec } from '../../../src/agent/executor/runc.js';
import {
  allLogs,
  containerTask,
  eventually,
  lines,
  pidGone,
  processTask,
  removeDir,
  taskId,
  tempDir,
  within,
  writeOciLayout,
} from './helpers.js';

const BUSYBOX = ['/bin/busybox', '/usr/bin/busybox'].find((p) => existsSync(p)) ?? null;
const APPLETS = ['sh', 'sleep', 'echo', 'cat', 'hostname', 'pwd', 'env', 'httpd', 'nc', 'wget', 'ls', 'true', 'false', 'id'];

async function skipReason(): Promise<string | null> {
  if (!BUSYBOX) return 'no static busybox (apt-get install busybox-static)';
  const probe = new RuncExecutor({ dataDir: '/nonexistent', imagesDir: '/nonexistent' });
  try {
    return await probe.unavailable();
  } finally {
    probe.close();
  }
}
const reason = await skipReason();

/** `runc list` as JSON: the ids of the containers runc knows. */
function runcIds(): string[] {
  const out = execFileSync('runc', ['list', '--format', 'json'], { encoding: 'utf8' }).trim();
  const list = (out && out !== 'null' ? JSON.parse(out) : []) as { id: string }[];
  return list.map((c) => c.id);
}

/** The memory limit the kernel applies to a process (cgroup v1 or v2), or null if unknown. */
function memoryLimitOf(pid: number): number | null {
  const cg = readFileSync(`/proc/${pid}/cgroup`, 'utf8').split('\n');
  const v1 = cg.find((l) => /^\d+:([^:]*,)?memory(,[^:]*)?:/.test(l));
  if (v1) {
    const path = v1.split(':')[2];
    const f = `/sys/fs/cgroup/memory${path}/memory.limit_in_bytes`;
    return existsSync(f) ? Number(readFileSync(f, 'utf8').trim()) : null;
  }
  const v2 = cg.find((l) => l.startsWith('0::'));
  if (v2) {
    const f = `/sys/fs/cgroup${v2.slice(3)}/memory.max`;
    return existsSync(f) ? Number(readFileSync(f, 'utf8').trim()) : null;
  }
  return null;
}

describe.skipIf(reason !== null)(`RuncExecutor${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let root = '';
  let imagesDir = '';
  let dataDir = '';
  const executors: RuncExecutor[] = [];
  const runs: { ex: RuncExecutor; h: RunHandle }[] = [];

  function newExecutor(): RuncExecutor {
    const ex = new RuncExecutor({ dataDir, imagesDir });
    executors.push(ex);
    return ex;
  }

  async function startRun(ex: RuncExecutor, task: Parameters<RuncExecutor['start']>[0]): Promise<RunHandle> {
    const h = await ex.start(task);
    runs.push({ ex, h });
    return h;
  }

  beforeAll(async () => {
    root = await tempDir('runc');
    imagesDir = join(root, 'images');
    dataDir = join(root, 'data');
    // A busybox root filesystem, packed as a tarball and imported like an operator would.
    const staging = join(root, 'staging');
    await mkdir(join(staging, 'bin'), { recursive: true });
    await copyFile(BUSYBOX!, join(staging, 'bin', 'busybox'));
    await chmod(join(staging, 'bin', 'busybox'), 0o755);
    for (const a of APPLETS) await symlink('busybox', join(staging, 'bin', a));
    const tar = join(root, 'busybox.tar');
    execFileSync('tar', ['-cf', tar, '-C', staging, '.']);
    const info = await importRootfsTarball(imagesDir, 'busybox', tar);
    expect(info.rootfs).toBe(join(imagesDir, 'busybox', 'rootfs'));
    // The same files as a one-layer OCI image whose config says what to run.
    const layout = join(root, 'oci');
    await writeOciLayout(layout, [tar], {
      Entrypoint: ['sh', '-c'],
      Cmd: ['echo "from image $GREETING $LEVEL"; pwd'],
      Env: ['PATH=/bin', 'GREETING=hello', 'LEVEL=image'],
      WorkingDir: '/tmp',
    });
    await importOciLayout(imagesDir, 'busybox-oci', layout);
    // And one whose config names a user (numbers: this rootfs has no /etc/passwd).
    const userLayout = join(root, 'oci-user');
    await writeOciLayout(userLayout, [tar], { Entrypoint: ['sh', '-c'], Cmd: ['echo "$(id -u):$(id -g)"'], Env: ['PATH=/bin'], User: '1234:5678' });
    await importOciLayout(imagesDir, 'busybox-user', userLayout);
    expect((await listImages(imagesDir)).map((i) => i.name)).toEqual(['busybox', 'busybox-oci', 'busybox-user']);
  });

  afterEach(async () => {
    for (const { ex, h } of runs.splice(0)) {
      await ex.stop(h, 0).catch(() => undefined);
      await ex.remove(h).catch(() => undefined);
      // Belt and braces: never leave a container behind.
      try {
        execFileSync('runc', ['delete', '--force', `baton-${h.taskId}`], { stdio: 'ignore' });
      } catch {
        // already gone
      }
    }
    for (const ex of executors.splice(0)) ex.close();
  });

  afterAll(async () => {
    if (root) await removeDir(root);
  });

  it('is available here (root, runc on PATH)', async () => {
    expect(await newExecutor().unavailable()).toBeNull();
  });

  it('runs a container: output in the logs, memory limit in config.json and in the cgroup; stop and remove clean up', async () => {
    const ex = newExecutor();
    const task = containerTask(
      { image: 'busybox', command: ['sh', '-c'], args: ['echo hello; sleep 1000'] },
      { limits: { memoryBytes: 64 * 1024 * 1024, milliCpus: 500 } },
    );
    const h = await startRun(ex, task);
    const cid = `baton-${task.id}`;
    expect(h.runtime).toBe('runc');
    expect(h.identity.startsWith(`${cid}:`), `identity names the container: ${h.identity}`).toBe(true);
    await eventually(10_000, '"hello" in the container logs', async () => lines(await allLogs(ex, h)).includes('hello'));
    expect(runcIds(), 'runc list shows the container').toContain(cid);

    const config = JSON.parse(await readFile(join(h.dir, 'bundle', 'config.json'), 'utf8')) as OciSpec;
    expect(config.process.args).toEqual(['sh', '-c', 'echo hello; sleep 1000']);
    expect(config.linux.resources.memory, 'the memory limit in config.json').toEqual({ limit: 64 * 1024 * 1024 });
    expect(config.linux.resources.cpu, '500 milli-CPUs = half of each period').toEqual({ quota: 50_000, period: 100_000 });
    expect(config.root).toEqual({ path: join(imagesDir, 'busybox', 'rootfs'), readonly: true });
    expect(config.linux.namespaces.map((n) => n.type).sort(), 'no network namespace: host networking').toEqual(['ipc', 'mount', 'pid', 'uts']);
    expect(memoryLimitOf(h.pid), 'the kernel applies the memory limit to the container').toBe(64 * 1024 * 1024);

    const t0 = Date.now();
    await within(20_000, 'stop', ex.stop(h, 1_000));
    expect(Date.now() - t0, 'stop is bounded by the grace period plus a little').toBeLessThan(10_000);
    expect(pidGone(h.pid), 'the container init is gone').toBe(true);
    const exit = await within(10_000, 'wait after stop', ex.wait(h));
    expect(['SIGTERM', 'SIGKILL'], `the exit says it was killed: ${JSON.stringify(exit)}`).toContain(exit.signal);

    await ex.remove(h);
    expect(runcIds(), 'runc list no longer has the container after remove').not.toContain(cid);
    expect(existsSync(h.dir), 'the run directory is gone').toBe(false);
  });

  it('reports the exit code; the container gets env, PORT variables and its hostname', async () => {
    const ex = newExecutor();
    const task = containerTask(
      {
        image: 'busybox',
        command: ['sh', '-c', 'echo "port=$PORT web=$PORT_WEB task=$BATON_TASK_ID foo=$FOO"; hostname; pwd; exit 7'],
        env: { FOO: 'bar' },
        workdir: '/tmp',
      },
      { ports: [{ name: 'web', targetPort: 80 }] },
    );
    const h = await startRun(ex, task);
    const exit = await within(15_000, 'the container to exit', ex.wait(h));
    expect(exit).toEqual({ exitCode: 7, signal: null, message: 'exited with code 7' });
    const port = h.ports[0].hostPort;
    expect(lines(await allLogs(ex, h), 'stdout')).toEqual([`port=${port} web=${port} task=${task.id} foo=bar`, task.id.slice(0, 12), '/tmp']);
  });

  it("an OCI image's entrypoint, cmd, env and working dir apply unless the task overrides them", async () => {
    const ex = newExecutor();
    const h1 = await startRun(ex, containerTask({ image: 'busybox-oci' }));
    expect(await within(15_000, 'the container to exit', ex.wait(h1))).toMatchObject({ exitCode: 0 });
    expect(lines(await allLogs(ex, h1))).toEqual(['from image hello image', '/tmp']);
    const h2 = await startRun(ex, containerTask({ image: 'busybox-oci', args: ['echo "args $LEVEL"; pwd'], env: { LEVEL: 'task' }, workdir: '/' }));
    expect(await within(15_000, 'the container to exit', ex.wait(h2))).toMatchObject({ exitCode: 0 });
    expect(lines(await allLogs(ex, h2)), 'args replace cmd, task env and workdir win').toEqual(['args task', '/']);
    const h3 = await startRun(ex, containerTask({ image: 'busybox-oci', command: ['echo', 'command'] }));
    expect(await within(15_000, 'the container to exit', ex.wait(h3))).toMatchObject({ exitCode: 0 });
    expect(lines(await allLogs(ex, h3)), 'command replaces entrypoint and cmd').toEqual(['command']);
  });

  it("the image's User runs the process (uid and gid)", async () => {
    const ex = newExecutor();
    const h = await startRun(ex, containerTask({ image: 'busybox-user' }));
    expect(await within(15_000, 'the container to exit', ex.wait(h))).toMatchObject({ exitCode: 0 });
    expect(lines(await allLogs(ex, h)), 'expected uid:gid 1234:5678 from the image config').toEqual(['1234:5678']);
  });

  it('shares the host network: a server in the container answers on 127.0.0.1:$PORT', async () => {
    const ex = newExecutor();
    const h = await startRun(
      ex,
      containerTask({ image: 'busybox', command: ['sh', '-c', 'exec httpd -f -p 127.0.0.1:$PORT -h /etc'] }, { ports: [{ name: 'http' }] }),
    );
    const url = `http://127.0.0.1:${h.ports[0].hostPort}/hosts`;
    let status = 0;
    await eventually(10_000, `an HTTP answer from ${url}`, async () => {
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
        status = res.status;
        await res.arrayBuffer();
        return true;
      } catch {
        return false;
      }
    });
    expect(status, 'busybox httpd serves the bound /etc/hosts').toBe(200);
  });

  it('a second executor adopts the container; its wait() reports the real exit status when it is stopped', async () => {
    const ex1 = newExecutor();
    const h = await startRun(ex1, containerTask({ image: 'busybox', command: ['sleep', '1000'] }));
    const ex2 = newExecutor();
    const saved = JSON.parse(JSON.stringify(h)) as RunHandle;
    expect(await ex2.adopt(saved), 'the live container is adopted').toBe(true);
    expect(await ex2.adopt({ ...saved, identity: saved.identity.replace(/:\d+$/, ':1') }), 'a stale identity is refused').toBe(false);
    expect(await ex2.adopt({ ...saved, pid: process.pid }), 'a pid that is not the container init is refused').toBe(false);
    const waiting = ex2.wait(saved);
    // sleep is the container's pid 1, which ignores SIGTERM: stop needs SIGKILL.
    await within(20_000, 'stop through the second executor', ex2.stop(saved, 300));
    const exit = await within(10_000, 'wait() of the adopted container', waiting);
    expect(exit, 'the shim recorded the status: killed by SIGKILL').toEqual({ exitCode: -1, signal: 'SIGKILL', message: 'killed by SIGKILL' });
    expect(await ex2.adopt(saved), 'a stopped container is not adopted').toBe(false);
  });

  it('exec runs in the container with its env and cwd; a timed-out exec is killed inside the container', async () => {
    const ex = newExecutor();
    const task = containerTask({ image: 'busybox', command: ['sleep', '1000'], env: { GREETING: 'hi' }, workdir: '/tmp' });
    const h = await startRun(ex, task);
    const r = await within(15_000, 'exec', ex.exec(h, ['sh', '-c', 'echo $GREETING $BATON_TASK_ID; hostname; pwd; exit 3'], 10_000));
    expect(r).toEqual({ exitCode: 3, output: `hi ${task.id}\n${task.id.slice(0, 12)}\n/tmp\n`, timedOut: false });

    const slow = await within(15_000, 'exec with a timeout', ex.exec(h, ['sh', '-c', 'echo started; exec sleep 30'], 500));
    expect(slow.timedOut).toBe(true);
    expect(slow.output).toContain('started');
    const psOut = () => execFileSync('runc', ['ps', '--format', 'json', `baton-${task.id}`], { encoding: 'utf8' });
    await eventually(10_000, 'only the init left in the container after the exec timed out', () => (JSON.parse(psOut()) as number[]).length === 1);

    expect(await ex.exec(h, ['baton-no-such-cmd'], 10_000)).toEqual({ exitCode: 127, output: 'command not found: baton-no-such-cmd', timedOut: false });
  });

  it('start failures reject with an ExecutorError that says what is wrong, and leave no container behind', async () => {
    const ex = newExecutor();
    await expect(ex.start(containerTask({ image: 'nope', command: ['sh'] }))).rejects.toThrow(/image nope not found on this node/);
    await expect(ex.start(containerTask({ image: 'busybox' }))).rejects.toThrow(/has no command/);
    await expect(ex.start(processTask({ command: 'sh' }))).rejects.toThrow(/is not a container task/);
    const id = taskId();
    const err = await ex.start(containerTask({ image: 'busybox', command: ['baton-no-such-cmd'] }, { id })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExecutorError);
    expect((err as Error).message).toBe('command not found in the image: baton-no-such-cmd');
    expect(runcIds(), 'no container left after a failed start').not.toContain(`baton-${id}`);
    expect(existsSync(ex.runDir(id)), 'no run directory left after a failed start').toBe(false);
  });
});
