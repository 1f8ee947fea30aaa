// Original file: proto/baton/v1/dispatcher.proto

import type { RegisterWorker as _baton_v1_RegisterWorker, RegisterWorker__Output as _baton_v1_RegisterWorker__Output } from '../../baton/v1/RegisterWorker';
import type { Heartbeat as _baton_v1_Heartbeat, Heartbeat__Output as _baton_v1_Heartbeat__Output } from '../../baton/v1/Heartbeat';
import type { TaskStatusBatch as _baton_v1_TaskStatusBatch, TaskStatusBatch__Output as _baton_v1_TaskStatusBatch__Output } from '../../baton/v1/TaskStatusBatch';

export interface WorkerMessage {
  'register'?: (_baton_v1_RegisterWorker | null);
  'heartbeat'?: (_baton_v1_Heartbeat | null);
  'statuses'?: (_baton_v1_TaskStatusBatch | null);
  'msg'?: "register"|"heartbeat"|"statuses";
}

export interface WorkerMessage__Output {
  'register'?: (_baton_v1_RegisterWorker__Output | null);
  'heartbeat'?: (_baton_v1_Heartbeat__Output | null);
  'statuses'?: (_baton_v1_TaskStatusBatch__Output | null);
  'msg'?: "register"|"heartbeat"|"statuses";
}
