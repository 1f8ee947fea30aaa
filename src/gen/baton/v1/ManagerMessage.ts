// Original file: proto/baton/v1/dispatcher.proto

import type { WorkerRegistered as _baton_v1_WorkerRegistered, WorkerRegistered__Output as _baton_v1_WorkerRegistered__Output } from '../../baton/v1/WorkerRegistered';
import type { HeartbeatAck as _baton_v1_HeartbeatAck, HeartbeatAck__Output as _baton_v1_HeartbeatAck__Output } from '../../baton/v1/HeartbeatAck';
import type { Assignments as _baton_v1_Assignments, Assignments__Output as _baton_v1_Assignments__Output } from '../../baton/v1/Assignments';

export interface ManagerMessage {
  'registered'?: (_baton_v1_WorkerRegistered | null);
  'heartbeatAck'?: (_baton_v1_HeartbeatAck | null);
  'assignments'?: (_baton_v1_Assignments | null);
  'msg'?: "registered"|"heartbeatAck"|"assignments";
}

export interface ManagerMessage__Output {
  'registered'?: (_baton_v1_WorkerRegistered__Output | null);
  'heartbeatAck'?: (_baton_v1_HeartbeatAck__Output | null);
  'assignments'?: (_baton_v1_Assignments__Output | null);
  'msg'?: "registered"|"heartbeatAck"|"assignments";
}
