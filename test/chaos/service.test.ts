// The chaos runner's worker checks (deploy/chaos/service.ts, procs.ts) on synthetic samples: what
// counts as running, the duplicate-slot rule (accepted and rejected cases), unconfirmed tasks on a
// node that is not ready, convergence, re-adoption, and the task-process helpers.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { isInside, killStrays, killTasksOf, pidsWorkingIn, taskPidsOf } from '../../deploy/chaos/procs.js';
import {
  type SampleNode,
  type SampleTask,
  analyzeSample,
  chaosServiceSpec,
  checkSamples,
  failedSample,
  nodeWasDown,
  pidOf,
  readoption,
  stableConvergence,
} from '../../deploy/chaos/service.js';

const node = (id: string, state = 'NODE_READY'): SampleNode => ({ id, hostname: id.replace('n', 'w'), state });
const task = (id: string, slot: number, nodeId: string, state = 'TASK_RUNNING', desired = 'TASK_RUNNING', pid: number | null = null): SampleTask => ({ id, slot, nodeId, desired, state, pid });
const ready = [node('n0'), node('n1')];

describe('one sample', () => {
  it('counts desired-RUNNING tasks reported RUNNING on READY nodes, and converges on 1..replicas once each', () => {
    const s = analyzeSample(10, [task('a', 1, 'n0', 'TASK_RUNNING', 'TASK_RUNNING', 41), task('b', 2, 'n1'), task('c', 3, 'n0'), task('d', 4, 'n1')], ready, 4);
    expect(s).toMatchObject({ t: 10, ok: true, running: 4, desired: 4, converged: true, duplicates: [], unconfirmed: [] });
    expect(s.runningByNode).toEqual({ w0: ['a', 'c'], w1: ['b', 'd'] });
    expect(s.pids).toEqual({ a: 41 });
    expect(s.nodes).toEqual({ w0: 'NODE_READY', w1: 'NODE_READY' });
  });

  it('is not converged with a task still starting, a slot missing, an extra slot, or a task on a node that is not ready', () => {
    expect(analyzeSample(0, [task('a', 1, 'n0'), task('b', 2, 'n1', 'TASK_STARTING')], ready, 2)).toMatchObject({ running: 1, desired: 2, converged: false });
    expect(analyzeSample(0, [task('a', 1, 'n0')], ready, 2)).toMatchObject({ running: 1, converged: false });
    expect(analyzeSample(0, [task('a', 1, 'n0'), task('b', 3, 'n1')], ready, 2)).toMatchObject({ running: 2, converged: false });
    expect(analyzeSample(0, [task('a', 1, 'n0'), task('b', 2, 'n1')], [node('n0'), node('n1', 'NODE_DOWN')], 2)).toMatchObject({ running: 1, converged: false });
    // A task on a node the sample does not know (removed) is not running either.
    expect(analyzeSample(0, [task('a', 1, 'n0'), task('b', 2, 'n9')], ready, 2)).toMatchObject({ running: 1, converged: false });
  });

  it('ignores tasks that are not desired RUNNING (told to stop, still reporting RUNNING)', () => {
    const s = analyzeSample(0, [task('old', 1, 'n0', 'TASK_RUNNING', 'TASK_SHUTDOWN'), task('new', 1, 'n1')], ready, 1);
    expect(s).toMatchObject({ running: 1, desired: 1, converged: true, duplicates: [], unconfirmed: [] });
  });
});

describe('the duplicate-slot rule', () => {
  it('rejects a slot with two desired-RUNNING tasks both reported RUNNING on READY nodes', () => {
    const s = analyzeSample(500, [task('a', 1, 'n0'), task('b', 1, 'n1'), task('c', 2, 'n1')], ready, 2);
    expect(s.duplicates).toEqual([
      {
        slot: 1,
        tasks: [
          { id: 'a', node: 'w0', nodeState: 'NODE_READY' },
          { id: 'b', node: 'w1', nodeState: 'NODE_READY' },
        ],
      },
    ]);
    expect(s.converged).toBe(false);
    const c = checkSamples([s], 2);
    expect(c.violations).toEqual(['slot 1 ran twice: tasks a on w0 and b on w1 (at 500 ms)']);
  });

  it('rejects two such tasks on the same node too, and names three', () => {
    const s = analyzeSample(0, [task('a', 1, 'n0'), task('b', 1, 'n0'), task('c', 1, 'n1')], ready, 1);
    expect(checkSamples([s], 1).violations).toEqual(['slot 1 ran 3 times: tasks a on w0, b on w0 and c on w1 (at 0 ms)']);
  });

  it('accepts a replacement next to the old task on a DOWN node (its RUNNING is only its last report): unconfirmed, not a violation', () => {
    const nodes = [node('n0', 'NODE_DOWN'), node('n1')];
    const s = analyzeSample(0, [task('old', 1, 'n0'), task('new', 1, 'n1')], nodes, 1);
    expect(s.duplicates).toEqual([]);
    expect(s.unconfirmed).toEqual([
      {
        slot: 1,
        tasks: [
          { id: 'new', node: 'w1', nodeState: 'NODE_READY' },
          { id: 'old', node: 'w0', nodeState: 'NODE_DOWN' },
        ],
      },
    ]);
    expect(s.running).toBe(1);
    // desired counts both: the service has not converged until the old one is told to stop.
    expect(s.converged).toBe(false);
    const c = checkSamples([s], 1);
    expect(c.violations).toEqual([]);
    expect(c.unconfirmed).toEqual(['slot 1 ran twice: tasks new on w1 and old on w0 (down) (at 0 ms)']);
  });

  it('accepts a replacement that is only starting next to a running task (one running per slot)', () => {
    const s = analyzeSample(0, [task('old', 1, 'n0'), task('new', 1, 'n1', 'TASK_STARTING')], ready, 1);
    expect(s.duplicates).toEqual([]);
    expect(s.unconfirmed).toEqual([]);
  });

  it('reports a duplicate once, with the samples it lasted, and only from successful samples', () => {
    const dup = (t: number) => analyzeSample(t, [task('a', 2, 'n0'), task('b', 2, 'n1')], ready, 1);
    const c = checkSamples([dup(100), failedSample(300, 'timeout'), dup(500), dup(700)], 1);
    expect(c.violations).toEqual(['slot 2 ran twice: tasks a on w0 and b on w1 (at 100 ms, 3 samples until 700 ms)']);
    expect(c.samples).toBe(4);
    expect(c.failedSamples).toBe(1);
  });
});

describe('over a round', () => {
  const conv = (t: number) => analyzeSample(t, [task('a', 1, 'n0'), task('b', 2, 'n1')], ready, 2);
  const short = (t: number) => analyzeSample(t, [task('a', 1, 'n0')], ready, 2);

  it('measures the lowest running count, the time below replicas and the changes', () => {
    const c = checkSamples([conv(0), short(200), failedSample(300, 'x'), short(400), conv(600), conv(800)], 2);
    expect(c.minRunning).toBe(1);
    expect(c.belowMs).toBe(400); // from 200 until the sample at 600
    expect(c.timeline).toEqual([
      [0, 2],
      [200, 1],
      [600, 2],
    ]);
    expect(checkSamples([failedSample(0, 'x')], 2).minRunning).toBeNull();
  });

  it('records node state changes and what the short samples lacked', () => {
    const down = analyzeSample(300, [task('a', 1, 'n0'), task('b', 2, 'n1')], [node('n0'), node('n1', 'NODE_DOWN')], 2);
    const c = checkSamples([conv(0), down, failedSample(400, 'x'), conv(600)], 2);
    expect(c.nodeChanges).toEqual([
      [300, 'w1', 'NODE_DOWN'],
      [600, 'w1', 'NODE_READY'],
    ]);
    expect(c.short).toEqual([{ t: 300, running: 1, desired: 2, notReady: { w1: 'NODE_DOWN' } }]);
    expect(c.replaced).toEqual([]);
  });

  it('lists the tasks that ran and were replaced by the end', () => {
    const after = analyzeSample(900, [task('a', 1, 'n0'), task('b2', 2, 'n0')], ready, 2);
    expect(checkSamples([conv(0), short(300), after], 2).replaced).toEqual([{ id: 'b', node: 'w1' }]);
    // Not running at the end (short) counts as replaced too; nothing seen: nothing replaced.
    expect(checkSamples([conv(0), short(300)], 2).replaced).toEqual([{ id: 'b', node: 'w1' }]);
    expect(checkSamples([failedSample(0, 'x')], 2).replaced).toEqual([]);
  });

  it('finds when the service converged for good after the heal', () => {
    // Short after the heal (at 250), back at 600, stays: 600.
    expect(stableConvergence([conv(0), short(200), short(400), conv(600), conv(800)], 250)).toBe(600);
    // Back, short again, back: the last return counts.
    expect(stableConvergence([short(200), conv(400), short(600), conv(800), failedSample(900, 'x'), conv(1000)], 100)).toBe(800);
    // Never short around the heal: the heal itself (0 ms to reconverge).
    expect(stableConvergence([conv(0), conv(200), conv(400)], 250)).toBe(250);
    // Short just before the heal, converged from the first sample after it.
    expect(stableConvergence([short(200), conv(400)], 250)).toBe(400);
    // Not converged at the end, or nothing after the heal: null.
    expect(stableConvergence([conv(0), conv(400), short(600)], 250)).toBeNull();
    expect(stableConvergence([conv(0), conv(200)], 250)).toBeNull();
  });

  it('sees a node that was not ready in a time window', () => {
    const down = analyzeSample(300, [task('a', 1, 'n0')], [node('n0'), node('n1', 'NODE_DOWN')], 1);
    expect(nodeWasDown([conv(0), down, conv(600)], 'w1', 0, 1000)).toBe('w1 was NODE_DOWN at 300 ms');
    expect(nodeWasDown([conv(0), down, conv(600)], 'w1', 400, 1000)).toBeNull();
    expect(nodeWasDown([conv(0), down], 'w0', 0, 1000)).toBeNull();
  });
});

describe('re-adoption after an agent restart', () => {
  it('accepts the same task ids with the same pids', () => {
    const r = readoption('w1', ['a', 'b'], ['b', 'a'], { a: 10, b: 11 }, { a: 10, b: 11 });
    expect(r).toMatchObject({ kept: 2, samePid: 2, ok: true, text: 're-adopted 2 of 2 on w1' });
  });

  it('rejects replaced tasks, new tasks, other pids, and an empty node', () => {
    expect(readoption('w1', ['a', 'b'], ['a', 'c'], { a: 10, b: 11 }, { a: 10, c: 12 })).toMatchObject({ kept: 1, ok: false, text: 're-adopted 1 of 2 on w1; replaced: b; new there: c' });
    expect(readoption('w1', ['a'], ['a'], { a: 10 }, { a: 99 })).toMatchObject({ kept: 1, samePid: 0, ok: false, text: 're-adopted 1 of 1 on w1 (1 with another pid)' });
    expect(readoption('w1', ['a'], ['a', 'x'], {}, {})).toMatchObject({ ok: false });
    expect(readoption('w1', [], [], {}, {}).ok).toBe(false);
  });
});

describe('the service and the task processes', () => {
  it('is a replicated sleep with the default restart policy, updated stop-first two at a time', () => {
    const spec = chaosServiceSpec(6);
    expect(spec).toMatchObject({ mode: 'replicated', replicated: { replicas: 6 }, task: { process: { command: 'sleep', args: ['3600'] } } });
    expect(spec.task!.restartPolicy).toBeUndefined();
    expect(spec.update, 'expected the update scenario to roll out 2 at a time with a short monitor window').toMatchObject({ parallelism: 2, order: 'UPDATE_STOP_FIRST', monitorMs: 500 });
    expect(pidOf('started (pid 4242)')).toBe(4242);
    expect(pidOf('accepted')).toBeNull();
  });

  it('finds task pids in handle.json files and kills their process groups; kills strays by working directory', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'baton-chaos-procs-'));
    const children: number[] = [];
    try {
      const agent = path.join(dir, 'w0');
      const run = (id: string) => {
        const d = path.join(agent, 'runs', 'process', id);
        mkdirSync(d, { recursive: true });
        const p = spawn('sleep', ['60'], { cwd: d, detached: true, stdio: 'ignore' });
        p.unref();
        children.push(p.pid!);
        return { d, pid: p.pid! };
      };
      const a = run('t1');
      writeFileSync(path.join(a.d, 'handle.json'), JSON.stringify({ pid: a.pid }));
      const b = run('t2'); // no handle.json: started, but its agent died before writing it
      mkdirSync(path.join(agent, 'runs', 'process', 't3'), { recursive: true }); // never started
      expect(taskPidsOf(agent)).toEqual([a.pid]);
      expect(taskPidsOf(path.join(dir, 'nope'))).toEqual([]);
      expect(isInside(path.join(dir, 'x', 'y'), dir)).toBe(true);
      expect(isInside(dir + '-other', dir)).toBe(false);
      expect(pidsWorkingIn(dir).sort()).toEqual([a.pid, b.pid].sort());
      expect(killTasksOf(agent)).toEqual([a.pid]);
      await waitGone(a.pid);
      expect(killStrays(dir)).toEqual([b.pid]);
      await waitGone(b.pid);
      expect(pidsWorkingIn(dir)).toEqual([]);
    } finally {
      for (const p of children) {
        try {
          process.kill(p, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

async function waitGone(pid: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`pid ${pid} still alive`);
}
