// Original file: proto/baton/v1/objects.proto

import type { Meta as _baton_v1_Meta, Meta__Output as _baton_v1_Meta__Output } from '../../baton/v1/Meta';
import type { TaskSpec as _baton_v1_TaskSpec, TaskSpec__Output as _baton_v1_TaskSpec__Output } from '../../baton/v1/TaskSpec';
import type { TaskState as _baton_v1_TaskState, TaskState__Output as _baton_v1_TaskState__Output } from '../../baton/v1/TaskState';
import type { TaskStatus as _baton_v1_TaskStatus, TaskStatus__Output as _baton_v1_TaskStatus__Output } from '../../baton/v1/TaskStatus';
import type { AssignedPort as _baton_v1_AssignedPort, AssignedPort__Output as _baton_v1_AssignedPort__Output } from '../../baton/v1/AssignedPort';
import type { TaskHealth as _baton_v1_TaskHealth, TaskHealth__Output as _baton_v1_TaskHealth__Output } from '../../baton/v1/TaskHealth';
import type { Long } from '@grpc/proto-loader';

export interface Task {
  'id'?: (string);
  'meta'?: (_baton_v1_Meta | null);
  'serviceId'?: (string);
  'slot'?: (number);
  'nodeId'?: (string);
  'specVersion'?: (number | string | Long);
  'spec'?: (_baton_v1_TaskSpec | null);
  'desiredState'?: (_baton_v1_TaskState);
  'status'?: (_baton_v1_TaskStatus | null);
  'ports'?: (_baton_v1_AssignedPort)[];
  'health'?: (_baton_v1_TaskHealth | null);
  'restartsMs'?: (number | string | Long)[];
  'notBeforeMs'?: (number | string | Long);
  'shutdownReason'?: (string);
}

export interface Task__Output {
  'id': (string);
  'meta': (_baton_v1_Meta__Output | null);
  'serviceId': (string);
  'slot': (number);
  'nodeId': (string);
  'specVersion': (number);
  'spec': (_baton_v1_TaskSpec__Output | null);
  'desiredState': (_baton_v1_TaskState__Output);
  'status': (_baton_v1_TaskStatus__Output | null);
  'ports': (_baton_v1_AssignedPort__Output)[];
  'health': (_baton_v1_TaskHealth__Output | null);
  'restartsMs': (number)[];
  'notBeforeMs': (number);
  'shutdownReason': (string);
}
