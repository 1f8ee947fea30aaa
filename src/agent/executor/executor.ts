// What the agent asks of a runtime. One Executor per runtime ("process", "runc"); the agent owns
// the task life cycle (what to run, when to stop, what to report) and persists each RunHandle in
// its local state, so that after an agent restart it can adopt the runs that are still alive.
import type { AssignedPort__Output as AssignedPort } from '../../gen/baton/v1/AssignedPort';
import type { Task__Output as Task } from '../../gen/baton/v1/Task';

export type RuntimeName = 'process' | 'runc';

/** Everything needed to find a run again after the agent restarted. JSON-serializable. */
export interface RunHandle {
  taskId: string;
  runtime: RuntimeName;
  /** The task's main process (process runtime: the child, leader of its own process group; runc: the container's init). */
  pid: number;
  /**
   * Tells this run apart from a later process that reused the pid: the process start time from
   * /proc/PID/stat (field 22), and for runc the container id.
   */
  identity: string;
  startedAtMs: number;
  /** Host ports given to the task's declared ports (reported to the managers). */
  ports: AssignedPort[];
  /** Directory holding this run's files (logs, bundle). */
  dir: string;
}

export interface ExitInfo {
  /** The exit code, or -1 if killed by a signal or unknown (adopted run). */
  exitCode: number;
  signal: string | null;
  /** For people: "exited with code 3", "killed by SIGKILL", "process vanished while the agent was down". */
  message: string;
}

export interface LogEntry {
  stream: 'stdout' | 'stderr';
  timestampMs: number;
  line: string;
}

export interface ExecResult {
  exitCode: number;
  output: string;
  timedOut: boolean;
}

export class ExecutorError extends Error {}

export interface Executor {
  readonly runtime: RuntimeName;
  /** Null if the runtime can be used here, else why not ("runc not found on PATH", "needs root"). */
  unavailable(): Promise<string | null>;
  /**
   * Prepares and starts the task (ports, files, bundle). Resolves once the process exists;
   * rejects with an ExecutorError whose message says what went wrong (for the task's status).
   */
  start(task: Task): Promise<RunHandle>;
  /** After an agent restart: true if the handle still names the same live run (same pid and identity). */
  adopt(handle: RunHandle): Promise<boolean>;
  /** Resolves when the run ends (also for adopted runs, which are not the agent's children). */
  wait(handle: RunHandle): Promise<ExitInfo>;
  /** SIGTERM to the whole run, SIGKILL after graceMs; resolves once it is gone. Idempotent. */
  stop(handle: RunHandle, graceMs: number): Promise<void>;
  /** Removes what start created, logs excepted (kept for `service logs` until the task is forgotten). */
  cleanup(handle: RunHandle): Promise<void>;
  /** Forgets the run entirely, logs included. */
  remove(handle: RunHandle): Promise<void>;
  /** Runs a command in the task's environment (exec probes). */
  exec(handle: RunHandle, command: string[], timeoutMs: number): Promise<ExecResult>;
  /** The run's log lines (oldest first; the last `tail` if tail > 0), then new ones while `follow`, until signal aborts. */
  logs(handle: RunHandle, opts: { follow: boolean; tail: number; signal?: AbortSignal }): AsyncIterable<LogEntry>;
  /** Stops the executor's own timers (log rotation); the runs go on. */
  close?(): void;
}
