// The probe checks against real things on 127.0.0.1: an HTTP server whose answer the test
// switches, a TCP listener opened and closed, exec through the real process executor, and the
// probe-target fixture's switches (the rolling-update tests rely on them).
import { writeFile, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunHandle } from '../../src/agent/executor/executor.js';
import { ProcessExecutor } from '../../src/agent/executor/process.js';
import { checkOf, execCheck, httpCheck, tcpCheck } from '../../src/agent/probes.js';
import type { Probe__Output } from '../../src/gen/baton/v1/Probe';
import { eventually, processTask, removeDir, tempDir } from './executor/helpers.js';
import { startTarget, stopTargets } from './target.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  await stopTargets();
});

/** An HTTP server on a free loopback port answering `status` (changeable); 'hang' never answers. */
async function httpServer(): Promise<{ port: number; set(s: number | 'hang'): void; close(): Promise<void> }> {
  let status: number | 'hang' = 200;
  const server = http.createServer((req, res) => {
    if (status === 'hang') return;
    res.writeHead(status, status >= 300 && status < 400 ? { location: '/elsewhere' } : {});
    res.end(`status ${status} for ${req.url}\n`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  const close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  cleanups.push(close);
  return { port, set: (s) => (status = s), close };
}

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe('http check', () => {
  it('200 passes, 503 fails, 3xx passes (not followed), each named in the text', async () => {
    const srv = await httpServer();
    expect(await httpCheck(srv.port, '/healthz', 1000)).toEqual({ ok: true, text: 'http 200 from /healthz' });
    srv.set(503);
    expect(await httpCheck(srv.port, '/healthz', 1000)).toEqual({ ok: false, text: 'http 503 from /healthz' });
    srv.set(302);
    expect(await httpCheck(srv.port, '/healthz', 1000)).toEqual({ ok: true, text: 'http 302 from /healthz' });
    srv.set(404);
    expect(await httpCheck(srv.port, '', 1000), 'an empty path is /').toEqual({ ok: false, text: 'http 404 from /' });
  });

  it('a server that does not answer: timed out after the timeout', async () => {
    const srv = await httpServer();
    srv.set('hang');
    const t0 = Date.now();
    expect(await httpCheck(srv.port, '/healthz', 200)).toEqual({ ok: false, text: 'timed out after 200 ms' });
    expect(Date.now() - t0, 'the check gave up near its timeout, not much later').toBeLessThan(5000);
  });

  it('nothing listening: the connection error', async () => {
    const port = await closedPort();
    expect(await httpCheck(port, '/healthz', 1000)).toEqual({ ok: false, text: `connect ECONNREFUSED 127.0.0.1:${port}` });
  });
});

describe('tcp check', () => {
  it('passes while a listener accepts, fails with ECONNREFUSED once it is closed', async () => {
    const s = net.createServer((c) => c.destroy());
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const port = (s.address() as net.AddressInfo).port;
    cleanups.push(() => new Promise((r) => s.close(r)));
    expect(await tcpCheck(port, 1000)).toEqual({ ok: true, text: `connected to 127.0.0.1:${port}` });
    await new Promise((r) => s.close(r));
    expect(await tcpCheck(port, 1000)).toEqual({ ok: false, text: `connect ECONNREFUSED 127.0.0.1:${port}` });
  });
});

describe('exec check (real process executor)', () => {
  async function running(): Promise<{ ex: ProcessExecutor; h: RunHandle }> {
    const dataDir = await tempDir('probe-exec');
    const ex = new ProcessExecutor({ dataDir });
    const h = await ex.start(processTask({ command: '/bin/sh', args: ['-c', 'sleep 60'], env: { PROBE_SECRET: 'in-the-task-env' } }));
    cleanups.push(async () => {
      await ex.stop(h, 0);
      await ex.remove(h);
      ex.close();
      await removeDir(dataDir);
    });
    return { ex, h };
  }

  it('exit 0 passes; a failure names the code and the first line of output; the task env is there', async () => {
    const { ex, h } = await running();
    expect(await execCheck(ex, h, ['/bin/sh', '-c', 'test "$PROBE_SECRET" = in-the-task-env'], 2000)).toEqual({ ok: true, text: 'exec exited 0' });
    expect(await execCheck(ex, h, ['/bin/sh', '-c', 'echo; echo "  database unreachable  "; echo more; exit 3'], 2000)).toEqual({
      ok: false,
      text: 'exec exited 3: database unreachable',
    });
    expect(await execCheck(ex, h, ['/bin/sh', '-c', 'exit 1'], 2000)).toEqual({ ok: false, text: 'exec exited 1' });
  });

  it('a command running past the timeout fails as timed out', async () => {
    const { ex, h } = await running();
    expect(await execCheck(ex, h, ['/bin/sh', '-c', 'sleep 10'], 200)).toEqual({ ok: false, text: 'timed out after 200 ms' });
  });

  it('exec on a run that ended: the executor\'s refusal', async () => {
    const { ex, h } = await running();
    await ex.stop(h, 0);
    const r = await execCheck(ex, h, ['/bin/true'], 1000);
    expect(r.ok).toBe(false);
    expect(r.text).toMatch(/^exec failed: task .* is not running$/);
  });
});

describe('checkOf (a probe spec for one run)', () => {
  const handle = (ports: RunHandle['ports']): RunHandle => ({ taskId: 't1', runtime: 'process', pid: 1, identity: 'x', startedAtMs: 0, ports, dir: '/nonexistent' });
  const probe = (p: Partial<Probe__Output>): Probe__Output => ({ initialDelayMs: 0, periodMs: 1000, timeoutMs: 500, failureThreshold: 1, successThreshold: 1, ...p });
  const noExec = {} as never;

  it('http and tcp probes reach the host port of the named port', async () => {
    const srv = await httpServer();
    const h = handle([{ name: 'web', targetPort: 8080, hostPort: srv.port }]);
    expect(await checkOf(probe({ check: 'http', http: { path: '/x', port: 'web' } }), { executor: noExec, handle: h })(500)).toEqual({ ok: true, text: 'http 200 from /x' });
    expect(await checkOf(probe({ check: 'http', http: { path: '/y', port: '8080' } }), { executor: noExec, handle: h })(500)).toEqual({ ok: true, text: 'http 200 from /y' });
    expect(await checkOf(probe({ check: 'tcp', tcp: { port: 'web' } }), { executor: noExec, handle: h })(500)).toMatchObject({ ok: true });
  });

  it('a port naming nothing fails with a text that lists the declared ports', async () => {
    const h = handle([{ name: 'web', targetPort: 8080, hostPort: 1 }]);
    expect(await checkOf(probe({ check: 'tcp', tcp: { port: 'admin' } }), { executor: noExec, handle: h })(500)).toEqual({
      ok: false,
      text: 'port "admin" names no port of this task (declared: web)',
    });
  });
});

describe('fixture probe-target.mjs', () => {
  it('serves /healthz 200 and / with the task id and version; SIGTERM exits 0', async () => {
    const t = await startTarget({ BATON_TASK_ID: 'task-7', VERSION: 'v2' });
    expect(await httpCheck(t.port, '/healthz', 2000)).toEqual({ ok: true, text: 'http 200 from /healthz' });
    const body = await (await fetch(`http://127.0.0.1:${t.port}/`)).text();
    expect(body).toBe('hello from task task-7 (slot ?) version v2\n');
    t.child.kill('SIGTERM');
    expect(await t.exited).toEqual({ code: 0, signal: null });
  });

  it('FAIL_AFTER_MS: healthy, then 503 on /healthz and /live', async () => {
    const t = await startTarget({ FAIL_AFTER_MS: '300' });
    expect((await httpCheck(t.port, '/live', 2000)).ok, 'healthy before 300 ms').toBe(true);
    await eventually(5000, '/healthz to fail after FAIL_AFTER_MS=300', async () => (await httpCheck(t.port, '/healthz', 1000)).text === 'http 503 from /healthz');
    expect(await httpCheck(t.port, '/live', 1000)).toEqual({ ok: false, text: 'http 503 from /live' });
  });

  it('NEVER_READY=1: /healthz and /ready fail, /live passes; READY_AFTER_MS: ready later', async () => {
    const never = await startTarget({ NEVER_READY: '1' });
    expect(await httpCheck(never.port, '/healthz', 1000)).toEqual({ ok: false, text: 'http 503 from /healthz' });
    expect(await httpCheck(never.port, '/ready', 1000)).toEqual({ ok: false, text: 'http 503 from /ready' });
    expect(await httpCheck(never.port, '/live', 1000)).toEqual({ ok: true, text: 'http 200 from /live' });
    const later = await startTarget({ READY_AFTER_MS: '300' });
    expect((await httpCheck(later.port, '/healthz', 1000)).ok, 'not ready at first').toBe(false);
    await eventually(5000, '/healthz to pass after READY_AFTER_MS=300', async () => (await httpCheck(later.port, '/healthz', 1000)).ok);
  });

  it('HEALTH_FILE: 200 only while the file exists', async () => {
    const dir = await tempDir('probe-file');
    cleanups.push(() => removeDir(dir));
    const file = join(dir, 'healthy');
    const t = await startTarget({ HEALTH_FILE: file });
    expect(await httpCheck(t.port, '/healthz', 1000)).toEqual({ ok: false, text: 'http 503 from /healthz' });
    await writeFile(file, '');
    expect(await httpCheck(t.port, '/healthz', 1000)).toEqual({ ok: true, text: 'http 200 from /healthz' });
    await rm(file);
    expect(await httpCheck(t.port, '/healthz', 1000)).toEqual({ ok: false, text: 'http 503 from /healthz' });
  });

  it('HANG=1: health endpoints never answer (timeouts), / still does', async () => {
    const t = await startTarget({ HANG: '1' });
    expect(await httpCheck(t.port, '/healthz', 200)).toEqual({ ok: false, text: 'timed out after 200 ms' });
    expect(await httpCheck(t.port, '/', 1000)).toEqual({ ok: true, text: 'http 200 from /' });
  });

  it('CLOSE_AFTER_MS: tcp passes, then ECONNREFUSED while the process lives on', async () => {
    const t = await startTarget({ CLOSE_AFTER_MS: '300' });
    expect(await tcpCheck(t.port, 1000)).toEqual({ ok: true, text: `connected to 127.0.0.1:${t.port}` });
    await eventually(5000, 'the listener to close after CLOSE_AFTER_MS=300', async () => !(await tcpCheck(t.port, 1000)).ok);
    expect(await tcpCheck(t.port, 1000)).toEqual({ ok: false, text: `connect ECONNREFUSED 127.0.0.1:${t.port}` });
    expect(t.child.exitCode, 'the process is still running').toBeNull();
  });

  it('LISTEN_DELAY_MS: refused at first, then accepted', async () => {
    const port = await closedPort();
    const t = await startTarget({ PORT: String(port), LISTEN_DELAY_MS: '400' }, { waitListening: false });
    // Not asserting the first refusal: on a loaded machine 400 ms can pass before the first check.
    await eventually(5000, `the fixture to listen on ${port} after LISTEN_DELAY_MS=400`, async () => (await tcpCheck(port, 500)).ok);
    expect(t.output()).toContain(`listening on 127.0.0.1:${port}`);
  });

  it('CRASH_AFTER_MS exits with CRASH_CODE; IGNORE_SIGTERM=1 survives SIGTERM', async () => {
    const crash = await startTarget({ CRASH_AFTER_MS: '200', CRASH_CODE: '7' });
    expect(await Promise.race([crash.exited, new Promise((r) => setTimeout(() => r('still running after 5000 ms'), 5000))])).toEqual({ code: 7, signal: null });
    const stubborn = await startTarget({ IGNORE_SIGTERM: '1' });
    stubborn.child.kill('SIGTERM');
    await eventually(5000, 'the fixture to say it ignored SIGTERM', () => stubborn.output().includes('SIGTERM ignored'));
    expect(stubborn.child.exitCode).toBeNull();
  });
});
