// Short names for the generated types the agent works with.
export type { TaskStatusUpdate__Output as TaskStatusUpdate } from '../gen/baton/v1/TaskStatusUpdate';
export type { TaskStatus__Output as TaskStatus } from '../gen/baton/v1/TaskStatus';
export type { ManagerMessage__Output as ManagerMessage } from '../gen/baton/v1/ManagerMessage';
export type { WorkerMessage } from '../gen/baton/v1/WorkerMessage';
export type { RegisterWorker } from '../gen/baton/v1/RegisterWorker';
export type { Assignments__Output as Assignments } from '../gen/baton/v1/Assignments';
