// The agent's local state (LevelDB under its data directory): its node id and, for every task it
// knows, the task as last assigned, the run handle of what it started and the last status it
// observed. This is what lets a restarted agent adopt the runs that outlived it instead of
// killing them, and report what happened while it was away. Writes are synced: a run that was
// started is never forgotten by a crash.
import { Level } from 'level';
import type { RunHandle } from './executor/executor.js';
import type { TaskStatusUpdate } from './types.js';
import type { Task } from '../store/types.js';

export interface TaskRecord {
  task: Task;
  handle: RunHandle | null;
  /** The last status the agent observed (and reports until a manager has it). */
  status: TaskStatusUpdate;
}

export class AgentState {
  private constructor(private readonly db: Level<string, string>) {}

  static async open(dir: string): Promise<AgentState> {
    const db = new Level<string, string>(dir, { valueEncoding: 'utf8' });
    await db.open();
    return new AgentState(db);
  }

  async nodeId(): Promise<string> {
    return (await this.db.get('node')) ?? '';
  }

  async setNodeId(id: string): Promise<void> {
    await this.db.put('node', id, { sync: true });
  }

  async tasks(): Promise<TaskRecord[]> {
    const out: TaskRecord[] = [];
    for await (const [, v] of this.db.iterator({ gt: 'task/', lt: 'task0' })) out.push(JSON.parse(v) as TaskRecord);
    return out;
  }

  async putTask(r: TaskRecord): Promise<void> {
    await this.db.put(`task/${r.task.id}`, JSON.stringify(r), { sync: true });
  }

  async deleteTask(id: string): Promise<void> {
    await this.db.del(`task/${id}`, { sync: true });
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
