// Original file: proto/baton/v1/objects.proto

import type { ReplicatedMode as _baton_v1_ReplicatedMode, ReplicatedMode__Output as _baton_v1_ReplicatedMode__Output } from '../../baton/v1/ReplicatedMode';
import type { GlobalMode as _baton_v1_GlobalMode, GlobalMode__Output as _baton_v1_GlobalMode__Output } from '../../baton/v1/GlobalMode';
import type { TaskSpec as _baton_v1_TaskSpec, TaskSpec__Output as _baton_v1_TaskSpec__Output } from '../../baton/v1/TaskSpec';
import type { UpdateConfig as _baton_v1_UpdateConfig, UpdateConfig__Output as _baton_v1_UpdateConfig__Output } from '../../baton/v1/UpdateConfig';
import type { RebalanceMode as _baton_v1_RebalanceMode, RebalanceMode__Output as _baton_v1_RebalanceMode__Output } from '../../baton/v1/RebalanceMode';

export interface ServiceSpec {
  'name'?: (string);
  'namespace'?: (string);
  'labels'?: ({[key: string]: string});
  'replicated'?: (_baton_v1_ReplicatedMode | null);
  'global'?: (_baton_v1_GlobalMode | null);
  'task'?: (_baton_v1_TaskSpec | null);
  'update'?: (_baton_v1_UpdateConfig | null);
  'rollback'?: (_baton_v1_UpdateConfig | null);
  'rebalance'?: (_baton_v1_RebalanceMode);
  'mode'?: "replicated"|"global";
}

export interface ServiceSpec__Output {
  'name': (string);
  'namespace': (string);
  'labels': ({[key: string]: string});
  'replicated'?: (_baton_v1_ReplicatedMode__Output | null);
  'global'?: (_baton_v1_GlobalMode__Output | null);
  'task': (_baton_v1_TaskSpec__Output | null);
  'update': (_baton_v1_UpdateConfig__Output | null);
  'rollback': (_baton_v1_UpdateConfig__Output | null);
  'rebalance': (_baton_v1_RebalanceMode__Output);
  'mode'?: "replicated"|"global";
}
