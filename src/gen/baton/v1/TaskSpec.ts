// Original file: proto/baton/v1/objects.proto

import type { ProcessRuntime as _baton_v1_ProcessRuntime, ProcessRuntime__Output as _baton_v1_ProcessRuntime__Output } from '../../baton/v1/ProcessRuntime';
import type { ContainerRuntime as _baton_v1_ContainerRuntime, ContainerRuntime__Output as _baton_v1_ContainerRuntime__Output } from '../../baton/v1/ContainerRuntime';
import type { Resources as _baton_v1_Resources, Resources__Output as _baton_v1_Resources__Output } from '../../baton/v1/Resources';
import type { RestartPolicy as _baton_v1_RestartPolicy, RestartPolicy__Output as _baton_v1_RestartPolicy__Output } from '../../baton/v1/RestartPolicy';
import type { Placement as _baton_v1_Placement, Placement__Output as _baton_v1_Placement__Output } from '../../baton/v1/Placement';
import type { PortSpec as _baton_v1_PortSpec, PortSpec__Output as _baton_v1_PortSpec__Output } from '../../baton/v1/PortSpec';
import type { Probe as _baton_v1_Probe, Probe__Output as _baton_v1_Probe__Output } from '../../baton/v1/Probe';

export interface TaskSpec {
  'process'?: (_baton_v1_ProcessRuntime | null);
  'container'?: (_baton_v1_ContainerRuntime | null);
  'reservations'?: (_baton_v1_Resources | null);
  'limits'?: (_baton_v1_Resources | null);
  'restartPolicy'?: (_baton_v1_RestartPolicy | null);
  'placement'?: (_baton_v1_Placement | null);
  'ports'?: (_baton_v1_PortSpec)[];
  'liveness'?: (_baton_v1_Probe | null);
  'readiness'?: (_baton_v1_Probe | null);
  'runtime'?: "process"|"container";
}

export interface TaskSpec__Output {
  'process'?: (_baton_v1_ProcessRuntime__Output | null);
  'container'?: (_baton_v1_ContainerRuntime__Output | null);
  'reservations': (_baton_v1_Resources__Output | null);
  'limits': (_baton_v1_Resources__Output | null);
  'restartPolicy': (_baton_v1_RestartPolicy__Output | null);
  'placement': (_baton_v1_Placement__Output | null);
  'ports': (_baton_v1_PortSpec__Output)[];
  'liveness': (_baton_v1_Probe__Output | null);
  'readiness': (_baton_v1_Probe__Output | null);
  'runtime'?: "process"|"container";
}
