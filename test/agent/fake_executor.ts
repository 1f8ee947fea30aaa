// An Executor with no processes behind it, for tests of the agent's task life cycle: runs exist
// until stop() or crash(), exec answers what the test says, and every call is recorded.
import type { ExecResult, Executor, ExitInfo, LogEntry, RunHandle, RuntimeName } from '../../src/agent/executor/executor.js';
import type { Task__Output as Task } from '../../src/gen/baton/v1/Task';

interface FakeRun {
  handle: RunHandle;
  exit: Promise<ExitInfo>;
  end(e: ExitInfo): void;
  ended: boolean;
}

export type ExecAnswer = ExecResult | 'hang';

export class FakeExecutor implements Executor {
  readonly runtime: RuntimeName = 'process';
  readonly runs = new Map<string, FakeRun>();
  readonly calls: { op: 'start' | 'stop' | 'cleanup' | 'remove' | 'exec' | 'adopt'; taskId: string; arg?: unknown }[] = [];
  /** What exec answers, per task (default: exit 0). Change it at any time. */
  readonly execAnswers = new Map<string, ExecAnswer>();
  /** What adopt() answers (an agent restart finds the run alive or not). */
  adoptable = true;
  private nextPort = 41000;
  private pid = 5000;

  async unavailable(): Promise<string | null> {
    return null;
  }

  async start(task: Task): Promise<RunHandle> {
    this.calls.push({ op: 'start', taskId: task.id });
    const ports = (task.spec?.ports ?? []).map((p) => ({ name: p.name, targetPort: p.targetPort, hostPort: p.publishedPort || this.nextPort++ }));
    const handle: RunHandle = { taskId: task.id, runtime: 'process', pid: this.pid++, identity: `fake:${task.id}`, startedAtMs: Date.now(), ports, dir: `/nonexistent/fake/${task.id}` };
    this.track(handle);
    return handle;
  }

  private track(handle: RunHandle): FakeRun {
    let end!: (e: ExitInfo) => void;
    const exit = new Promise<ExitInfo>((r) => (end = r));
    const run: FakeRun = {
      handle,
      exit,
      ended: false,
      end: (e) => {
        if (run.ended) return;
        run.ended = true;
        end(e);
      },
    };
    this.runs.set(handle.taskId, run);
    return run;
  }

  async adopt(handle: RunHandle): Promise<boolean> {
    this.calls.push({ op: 'adopt', taskId: handle.taskId });
    const run = this.runs.get(handle.taskId);
    if (!this.adoptable || !run || run.ended) return false;
    return true;
  }

  wait(handle: RunHandle): Promise<ExitInfo> {
    const run = this.runs.get(handle.taskId);
    if (!run) return Promise.reject(new Error(`fake executor: no run for ${handle.taskId}`));
    return run.exit;
  }

  async stop(handle: RunHandle, graceMs: number): Promise<void> {
    this.calls.push({ op: 'stop', taskId: handle.taskId, arg: graceMs });
    this.runs.get(handle.taskId)?.end({ exitCode: -1, signal: 'SIGTERM', message: 'killed by SIGTERM' });
  }

  /** The run ends by itself (a crash or a normal exit). */
  crash(taskId: string, exitCode: number): void {
    this.runs.get(taskId)?.end({ exitCode, signal: null, message: `exited with code ${exitCode}` });
  }

  async cleanup(handle: RunHandle): Promise<void> {
    this.calls.push({ op: 'cleanup', taskId: handle.taskId });
  }

  async remove(handle: RunHandle): Promise<void> {
    this.calls.push({ op: 'remove', taskId: handle.taskId });
  }

  exec(handle: RunHandle, command: string[], timeoutMs: number): Promise<ExecResult> {
    this.calls.push({ op: 'exec', taskId: handle.taskId, arg: { command, timeoutMs } });
    const a = this.execAnswers.get(handle.taskId) ?? { exitCode: 0, output: '', timedOut: false };
    if (a === 'hang') return new Promise(() => {});
    return Promise.resolve(a);
  }

  /** How many times `op` was called for the task. */
  count(op: FakeExecutor['calls'][number]['op'], taskId: string): number {
    return this.calls.filter((c) => c.op === op && c.taskId === taskId).length;
  }

  // eslint-disable-next-line require-yield
  async *logs(): AsyncIterable<LogEntry> {
    return;
  }
}
