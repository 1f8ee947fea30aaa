// The process executor against real child processes: environment and ports, exit codes, stop
// (grace, SIGKILL, whole process group), adoption by a second executor instance (an agent
// restart), logs (tail, follow, rotation), exec, and the messages of start failures.
import { existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ExecutorError, type LogEntry, type RunHandle } from '../../../src/agent/executor/executor.js';
import { ProcessExecutor, type ProcessExecutorOptions } from '../../../src/agent/executor/process.js';
import {
  allLogs,
  containerTask,
  eventually,
  lines,
  pidGone,
  processTask,
  removeDir,
  tempDir,
  within,
} from './helpers.js';

const executors: ProcessExecutor[] = [];
const runs: { ex: ProcessExecutor; h: RunHandle }[] = [];
const dirs: string[] = [];
const servers: net.Server[] = [];

async function newExecutor(opts: Partial<ProcessExecutorOptions> = {}): Promise<ProcessExecutor> {
  const dataDir = opts.dataDir ?? (await tempDir('proc'));
  if (!opts.dataDir) dirs.push(dataDir);
  const ex = new ProcessExecutor({ ...opts, dataDir });
  executors.push(ex);
  return ex;
}

async function startRun(ex: ProcessExecutor, task: Parameters<ProcessExecutor['start']>[0]): Promise<RunHandle> {
  const h = await ex.start(task);
  runs.push({ ex, h });
  return h;
}

afterEach(async () => {
  for (const { ex, h } of runs.splice(0)) {
    await ex.stop(h, 0).catch(() => undefined);
    await ex.remove(h).catch(() => undefined);
  }
  for (const ex of executors.splice(0)) ex.close();
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
  for (const d of dirs.splice(0)) await removeDir(d);
});

function sh(script: string, extra: Parameters<typeof processTask>[1] = {}) {
  return processTask({ command: '/bin/sh', args: ['-c', script] }, extra);
}

async function logLines(ex: ProcessExecutor, h: RunHandle, stream?: LogEntry['stream']): Promise<string[]> {
  return lines(await allLogs(ex, h), stream);
}

async function listenLoopback(): Promise<number> {
  const srv = net.createServer();
  servers.push(srv);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return (srv.address() as net.AddressInfo).port;
}

describe('ProcessExecutor: start, env, exit', () => {
  it('runs the command with its args, env, BATON_* and PORT variables in its run directory, and reports the exit code', async () => {
    const ex = await newExecutor();
    const task = processTask(
      {
        command: '/bin/sh',
        args: ['-c', 'echo "port=$PORT web=$PORT_WEB alt=$PORT_HTTP_ALT foo=$FOO task=$BATON_TASK_ID svc=$BATON_SERVICE_ID slot=$BATON_SLOT"; pwd; exit 3'],
        env: { FOO: 'bar baz' },
      },
      { ports: [{ name: 'web', targetPort: 80 }, { name: 'http-alt', targetPort: 8080 }] },
    );
    const h = await startRun(ex, task);
    expect(h.runtime).toBe('process');
    expect(h.taskId).toBe(task.id);
    expect(h.ports.map((p) => [p.name, p.targetPort])).toEqual([['web', 80], ['http-alt', 8080]]);
    const [web, alt] = h.ports.map((p) => p.hostPort);
    expect(web, 'a host port picked for the first port').toBeGreaterThan(0);
    expect(alt, 'distinct host ports for the two ports').not.toBe(web);

    const exit = await within(10_000, 'the task to exit', ex.wait(h));
    expect(exit).toEqual({ exitCode: 3, signal: null, message: 'exited with code 3' });
    expect(await logLines(ex, h, 'stdout')).toEqual([
      `port=${web} web=${web} alt=${alt} foo=bar baz task=${task.id} svc=svc-1 slot=2`,
      h.dir,
    ]);
    expect(await ex.wait(h), 'a second wait gives the same answer').toEqual(exit);
  });

  it('uses a free published port as given, and runs in the given workdir', async () => {
    const ex = await newExecutor();
    const free = await listenLoopback();
    await new Promise((r) => servers.pop()!.close(r));
    const wd = await tempDir('wd');
    dirs.push(wd);
    const h = await startRun(ex, processTask({ command: '/bin/sh', args: ['-c', 'echo $PORT; pwd'], workdir: wd }, { ports: [{ publishedPort: free, targetPort: 80 }] }));
    expect(h.ports[0].hostPort).toBe(free);
    await within(10_000, 'the task to exit', ex.wait(h));
    expect(await logLines(ex, h)).toEqual([String(free), wd]);
  });

  it('start failures reject with an ExecutorError that says what is wrong', async () => {
    const ex = await newExecutor();
    const missing = processTask({ command: 'baton-no-such-command-xyz' });
    await expect(ex.start(missing)).rejects.toThrow(new ExecutorError('command not found: baton-no-such-command-xyz'));
    expect(existsSync(ex.runDir(missing.id)), 'a failed start leaves no run directory').toBe(false);
    await expect(ex.start(processTask({ command: '/bin/true', workdir: '/nonexistent/baton-wd' }))).rejects.toThrow(
      'workdir /nonexistent/baton-wd does not exist',
    );
    const taken = await listenLoopback();
    const err = await ex.start(processTask({ command: '/bin/true' }, { ports: [{ publishedPort: taken }] })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExecutorError);
    expect((err as Error).message).toBe(`published port ${taken}/tcp is in use on this node`);
    await expect(ex.start(containerTask({ image: 'busybox', command: ['sh'] }))).rejects.toThrow('is not a process task');
    await expect(ex.start(processTask({ command: '' }))).rejects.toThrow('has no command');
  });
});

describe('ProcessExecutor: stop', () => {
  it('SIGTERM stops a polite process at once', async () => {
    const ex = await newExecutor();
    const h = await startRun(ex, processTask({ command: 'sleep', args: ['1000'] }));
    const t0 = Date.now();
    await within(10_000, 'stop', ex.stop(h, 20_000));
    expect(Date.now() - t0, 'stop returns well before the 20 s grace').toBeLessThan(5_000);
    expect(pidGone(h.pid)).toBe(true);
    expect(await within(5_000, 'wait', ex.wait(h))).toEqual({ exitCode: -1, signal: 'SIGTERM', message: 'killed by SIGTERM' });
    await within(5_000, 'second stop', ex.stop(h, 1000)); // idempotent
  });

  it('a program that ignores SIGTERM is SIGKILLed after the grace period', async () => {
    const ex = await newExecutor();
    const h = await startRun(ex, sh('trap "" TERM; echo ready; exec sleep 1000'));
    await eventually(5_000, 'the trap to be installed ("ready" in the log)', async () => (await logLines(ex, h)).includes('ready'));
    const t0 = Date.now();
    await within(10_000, 'stop', ex.stop(h, 600));
    const took = Date.now() - t0;
    expect(took, 'stop waited for the grace period before SIGKILL').toBeGreaterThanOrEqual(550);
    expect(pidGone(h.pid), 'the process is gone once stop resolves').toBe(true);
    expect(await within(5_000, 'wait', ex.wait(h))).toMatchObject({ signal: 'SIGKILL', exitCode: -1 });
  });

  it('stops the whole process group: a grandchild that ignores SIGTERM is killed too', async () => {
    const ex = await newExecutor();
    const h = await startRun(ex, sh('(trap "" TERM; exec sleep 1000) & echo $! > grandchild.pid; wait'));
    const pidFile = join(h.dir, 'grandchild.pid');
    await eventually(5_000, 'grandchild.pid to be written', () => existsSync(pidFile));
    const grandchild = Number((await readFile(pidFile, 'utf8')).trim());
    expect(pidGone(grandchild), 'the grandchild runs before stop').toBe(false);
    await within(10_000, 'stop', ex.stop(h, 300));
    expect(pidGone(h.pid), 'the main process is gone').toBe(true);
    expect(pidGone(grandchild), 'the grandchild (same process group) is gone').toBe(true);
  });

  it('when the main process exits, what it left in its process group is killed', async () => {
    const ex = await newExecutor();
    const h = await startRun(ex, sh('sleep 1000 & echo $! > bg.pid; exit 0'));
    expect(await within(10_000, 'the main process to exit', ex.wait(h))).toMatchObject({ exitCode: 0 });
    const bg = Number((await readFile(join(h.dir, 'bg.pid'), 'utf8')).trim());
    await eventually(5_000, `the background process ${bg} to be killed`, () => pidGone(bg));
  });

  it('never signals a process whose identity does not match the handle (pid reuse)', async () => {
    const ex = await newExecutor();
    const h = await startRun(ex, processTask({ command: 'sleep', args: ['1000'] }));
    const impostor = { ...h, identity: h.identity.replace(/:\d+$/, ':1') };
    await within(5_000, 'stop of a mismatched handle', ex.stop(impostor, 0));
    expect(pidGone(h.pid), 'the process named by a stale handle is left alone').toBe(false);
  });
});

describe('ProcessExecutor: adoption after an agent restart', () => {
  it('a second executor on the same data directory adopts the run; its wait() resolves when the process is killed from outside', async () => {
    const ex1 = await newExecutor();
    const dataDir = dirs[dirs.length - 1];
    const h = await startRun(ex1, processTask({ command: 'sleep', args: ['1000'] }));
    const ex2 = await newExecutor({ dataDir });
    const saved = JSON.parse(JSON.stringify(h)) as RunHandle; // as the agent's state stores it
    expect(await ex2.adopt(saved), 'the live run is adopted').toBe(true);
    const waiting = ex2.wait(saved);
    let settled = false;
    void waiting.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 500));
    expect(settled, 'wait() on a live adopted run does not resolve').toBe(false);
    process.kill(h.pid, 'SIGKILL');
    const exit = await within(5_000, 'wait() of the adopted run after kill -9', waiting);
    expect(exit.exitCode).toBe(-1);
    expect(exit.message).toMatch(/exit code unknown/);
    // The first instance (the real parent) knows exactly.
    expect(await within(5_000, 'wait() of the parent', ex1.wait(h))).toMatchObject({ signal: 'SIGKILL' });
  });

  it('an adopted run can be stopped, exec-ed and its logs read', async () => {
    const ex1 = await newExecutor();
    const dataDir = dirs[dirs.length - 1];
    const h = await startRun(ex1, sh('echo hello; exec sleep 1000'));
    const ex2 = await newExecutor({ dataDir });
    expect(await ex2.adopt(h)).toBe(true);
    await eventually(5_000, '"hello" in the logs of the adopted run', async () => (await logLines(ex2, h)).includes('hello'));
    const r = await ex2.exec(h, ['sh', '-c', 'echo $BATON_TASK_ID'], 5_000);
    expect(r).toEqual({ exitCode: 0, output: `${h.taskId}\n`, timedOut: false });
    await within(10_000, 'stop through the second executor', ex2.stop(h, 2_000));
    expect(pidGone(h.pid)).toBe(true);
  });

  it('adopt() refuses a handle whose pid is dead or now names another process', async () => {
    const ex = await newExecutor();
    const h = await startRun(ex, processTask({ command: 'sleep', args: ['1000'] }));
    expect(await ex.adopt({ ...h, identity: h.identity.replace(/:\d+$/, ':1') }), 'same pid, other start time').toBe(false);
    expect(await ex.adopt({ ...h, identity: `other-boot:${h.identity.split(':')[1]}` }), 'same start time, other boot').toBe(false);
    expect(await ex.adopt({ ...h, pid: process.pid }), 'a pid that names another process').toBe(false);
    expect(await ex.adopt({ ...h, runtime: 'runc' }), 'another runtime').toBe(false);
    await ex.stop(h, 0);
    expect(await ex.adopt(h), 'a run that ended').toBe(false);
  });
});

describe('ProcessExecutor: logs', () => {
  it('returns stdout and stderr lines, the last N with tail, and follows new lines until aborted', async () => {
    const ex = await newExecutor();
    const h = await startRun(
      ex,
      sh('for i in 1 2 3 4 5; do echo out$i; done; echo err1 >&2; while [ ! -f go ]; do sleep 0.05; done; echo after1; echo after2; exec sleep 1000'),
    );
    await eventually(5_000, 'out5 and err1 in the logs', async () => {
      const l = await logLines(ex, h);
      return l.includes('out5') && l.includes('err1');
    });
    const all = await allLogs(ex, h);
    expect(lines(all, 'stdout')).toEqual(['out1', 'out2', 'out3', 'out4', 'out5']);
    expect(lines(all, 'stderr')).toEqual(['err1']);
    for (const e of all) expect(e.timestampMs, 'timestamps are plausible epoch ms').toBeGreaterThan(h.startedAtMs - 5_000);
    const tail2 = await allLogs(ex, h, 2);
    expect(tail2.map((e) => [e.stream, e.line]), 'the last two lines, interleaved by file time').toEqual([
      ['stdout', 'out5'],
      ['stderr', 'err1'],
    ]);

    const ac = new AbortController();
    const got: LogEntry[] = [];
    const following = (async () => {
      for await (const e of ex.logs(h, { follow: true, tail: 1, signal: ac.signal })) got.push(e);
    })();
    await eventually(5_000, 'the tail line before new ones', () => got.length >= 1);
    await writeFile(join(h.dir, 'go'), '');
    await eventually(5_000, 'after1 and after2 to be followed', () => got.some((e) => e.line === 'after2'));
    ac.abort();
    await within(3_000, 'the follow iterator to end after abort', following);
    expect(got.map((e) => e.line)).toEqual(['err1', 'after1', 'after2']);
  });

  it('follow ends by itself once the run has ended and its output is drained', async () => {
    const ex = await newExecutor();
    const h = await startRun(ex, sh('sleep 0.3; echo last; printf partial'));
    const got: string[] = [];
    await within(10_000, 'follow to end when the process exits', (async () => {
      for await (const e of ex.logs(h, { follow: true, tail: 0 })) got.push(e.line);
    })());
    expect(got).toEqual(['last', 'partial']);
  });

  it('rotates by copy-and-truncate, keeps the last N files, and follow survives the rotations', async () => {
    const ex = await newExecutor({ logMaxBytes: 2_000, logFiles: 2, rotateCheckMs: 40 });
    const n = 400;
    const pad = '.'.repeat(40);
    const h = await startRun(
      ex,
      sh(`i=0; while [ $i -lt ${n} ]; do i=$((i+1)); echo "line $i ${pad}"; [ $((i % 20)) -eq 0 ] && sleep 0.05; done; exec sleep 1000`),
    );
    const ac = new AbortController();
    // A consumer that keeps up, and one that stalls after its first line while many rotations
    // happen (more than the 2 kept files), then catches up.
    const seen: number[] = [];
    const slowSeen: number[] = [];
    let resumeSlow!: () => void;
    const slowGate = new Promise<void>((r) => (resumeSlow = r));
    const following = (async () => {
      for await (const e of ex.logs(h, { follow: true, tail: 0, signal: ac.signal })) seen.push(Number(e.line.split(' ')[1]));
    })();
    const slowFollowing = (async () => {
      for await (const e of ex.logs(h, { follow: true, tail: 0, signal: ac.signal })) {
        slowSeen.push(Number(e.line.split(' ')[1]));
        if (slowSeen.length === 1) await slowGate;
      }
    })();
    await eventually(30_000, `line ${n} to be followed`, () => seen.includes(n));
    expect(slowSeen.length, 'the slow follower is still stalled').toBe(1);
    resumeSlow();
    await eventually(10_000, `line ${n} to reach the slow follower`, () => slowSeen.includes(n));
    ac.abort();
    await within(3_000, 'follow to end after abort', Promise.all([following, slowFollowing]));

    for (const [name, got] of [['fast', seen], ['slow', slowSeen]] as const) {
      const increasing = got.every((v, i) => i === 0 || v > got[i - 1]);
      expect(increasing, `${name} follower: lines in order without duplicates: ${got.join(',')}`).toBe(true);
      // copytruncate may lose the lines written between copy and truncate: a few at most.
      expect(got.length, `${name} follower saw ${got.length} of ${n} lines across rotations`).toBeGreaterThanOrEqual(n * 0.95);
    }

    await ex.rotateLogs();
    expect(existsSync(join(h.dir, 'stdout.log.1')), 'stdout.log.1 kept').toBe(true);
    expect(existsSync(join(h.dir, 'stdout.log.2')), 'stdout.log.2 kept').toBe(true);
    expect(existsSync(join(h.dir, 'stdout.log.3')), 'only logFiles=2 old files kept').toBe(false);
    expect((await stat(join(h.dir, 'stdout.log'))).size, 'the current file was truncated').toBeLessThanOrEqual(2_000 + 20 * 50);

    const kept = lines(await allLogs(ex, h)).map((l) => Number(l.split(' ')[1]));
    expect(kept[kept.length - 1], 'the newest line is kept').toBe(n);
    expect(kept[0], 'the oldest lines were rotated away').toBeGreaterThan(1);
    expect(kept.every((v, i) => i === 0 || v > kept[i - 1]), `kept lines in order: ${kept.join(',')}`).toBe(true);
    const tail5 = lines(await allLogs(ex, h, 5));
    expect(tail5.map((l) => Number(l.split(' ')[1]))).toEqual([n - 4, n - 3, n - 2, n - 1, n]);
  });
});

describe('ProcessExecutor: exec', () => {
  it('runs a command with the task env and workdir, and kills it on timeout', async () => {
    const ex = await newExecutor();
    const h = await startRun(ex, processTask({ command: 'sleep', args: ['1000'], env: { GREETING: 'hi' } }));
    const r = await within(10_000, 'exec', ex.exec(h, ['sh', '-c', 'echo $GREETING $BATON_TASK_ID; pwd; echo oops >&2; exit 4'], 5_000));
    expect(r.exitCode).toBe(4);
    expect(r.timedOut).toBe(false);
    expect(r.output).toContain(`hi ${h.taskId}\n${h.dir}\n`);
    expect(r.output).toContain('oops');

    const t0 = Date.now();
    const slow = await within(10_000, 'exec with a timeout', ex.exec(h, ['sh', '-c', 'echo started; exec sleep 30'], 300));
    expect(slow.timedOut).toBe(true);
    expect(slow.output).toContain('started');
    expect(Date.now() - t0, 'the timed-out exec returns soon after its timeout').toBeLessThan(5_000);

    expect(await ex.exec(h, ['baton-no-such-command-xyz'], 1_000)).toEqual({
      exitCode: 127,
      output: 'command not found: baton-no-such-command-xyz',
      timedOut: false,
    });
    await ex.stop(h, 0);
    await expect(ex.exec(h, ['true'], 1_000)).rejects.toThrow('is not running');
  });
});

describe('ProcessExecutor: cleanup and remove', () => {
  it('cleanup keeps the logs, remove deletes the run directory', async () => {
    const ex = await newExecutor();
    const h = await startRun(ex, sh('echo kept; exit 0'));
    await within(10_000, 'exit', ex.wait(h));
    await ex.cleanup(h);
    expect(existsSync(join(h.dir, 'run.json')), 'run.json removed by cleanup').toBe(false);
    expect(await logLines(ex, h), 'logs survive cleanup').toEqual(['kept']);
    await ex.remove(h);
    expect(existsSync(h.dir), 'the run directory is gone after remove').toBe(false);
    await expect(ex.remove({ ...h, dir: '/tmp' }), 'a handle pointing outside the data directory').rejects.toThrow('is not under');
  });
});
