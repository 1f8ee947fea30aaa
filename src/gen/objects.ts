import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AssignedPort as _baton_v1_AssignedPort, AssignedPort__Output as _baton_v1_AssignedPort__Output } from './baton/v1/AssignedPort';
import type { ClusterInfo as _baton_v1_ClusterInfo, ClusterInfo__Output as _baton_v1_ClusterInfo__Output } from './baton/v1/ClusterInfo';
import type { ClusterSettings as _baton_v1_ClusterSettings, ClusterSettings__Output as _baton_v1_ClusterSettings__Output } from './baton/v1/ClusterSettings';
import type { ContainerRuntime as _baton_v1_ContainerRuntime, ContainerRuntime__Output as _baton_v1_ContainerRuntime__Output } from './baton/v1/ContainerRuntime';
import type { ExecProbe as _baton_v1_ExecProbe, ExecProbe__Output as _baton_v1_ExecProbe__Output } from './baton/v1/ExecProbe';
import type { GlobalMode as _baton_v1_GlobalMode, GlobalMode__Output as _baton_v1_GlobalMode__Output } from './baton/v1/GlobalMode';
import type { HttpProbe as _baton_v1_HttpProbe, HttpProbe__Output as _baton_v1_HttpProbe__Output } from './baton/v1/HttpProbe';
import type { Meta as _baton_v1_Meta, Meta__Output as _baton_v1_Meta__Output } from './baton/v1/Meta';
import type { Node as _baton_v1_Node, Node__Output as _baton_v1_Node__Output } from './baton/v1/Node';
import type { NodeSpec as _baton_v1_NodeSpec, NodeSpec__Output as _baton_v1_NodeSpec__Output } from './baton/v1/NodeSpec';
import type { NodeStatus as _baton_v1_NodeStatus, NodeStatus__Output as _baton_v1_NodeStatus__Output } from './baton/v1/NodeStatus';
import type { Placement as _baton_v1_Placement, Placement__Output as _baton_v1_Placement__Output } from './baton/v1/Placement';
import type { PlacementPreference as _baton_v1_PlacementPreference, PlacementPreference__Output as _baton_v1_PlacementPreference__Output } from './baton/v1/PlacementPreference';
import type { PortSpec as _baton_v1_PortSpec, PortSpec__Output as _baton_v1_PortSpec__Output } from './baton/v1/PortSpec';
import type { Probe as _baton_v1_Probe, Probe__Output as _baton_v1_Probe__Output } from './baton/v1/Probe';
import type { ProcessRuntime as _baton_v1_ProcessRuntime, ProcessRuntime__Output as _baton_v1_ProcessRuntime__Output } from './baton/v1/ProcessRuntime';
import type { ReplicatedMode as _baton_v1_ReplicatedMode, ReplicatedMode__Output as _baton_v1_ReplicatedMode__Output } from './baton/v1/ReplicatedMode';
import type { Resources as _baton_v1_Resources, Resources__Output as _baton_v1_Resources__Output } from './baton/v1/Resources';
import type { RestartPolicy as _baton_v1_RestartPolicy, RestartPolicy__Output as _baton_v1_RestartPolicy__Output } from './baton/v1/RestartPolicy';
import type { Service as _baton_v1_Service, Service__Output as _baton_v1_Service__Output } from './baton/v1/Service';
import type { ServiceSpec as _baton_v1_ServiceSpec, ServiceSpec__Output as _baton_v1_ServiceSpec__Output } from './baton/v1/ServiceSpec';
import type { SpecRevision as _baton_v1_SpecRevision, SpecRevision__Output as _baton_v1_SpecRevision__Output } from './baton/v1/SpecRevision';
import type { Task as _baton_v1_Task, Task__Output as _baton_v1_Task__Output } from './baton/v1/Task';
import type { TaskHealth as _baton_v1_TaskHealth, TaskHealth__Output as _baton_v1_TaskHealth__Output } from './baton/v1/TaskHealth';
import type { TaskSpec as _baton_v1_TaskSpec, TaskSpec__Output as _baton_v1_TaskSpec__Output } from './baton/v1/TaskSpec';
import type { TaskStatus as _baton_v1_TaskStatus, TaskStatus__Output as _baton_v1_TaskStatus__Output } from './baton/v1/TaskStatus';
import type { TcpProbe as _baton_v1_TcpProbe, TcpProbe__Output as _baton_v1_TcpProbe__Output } from './baton/v1/TcpProbe';
import type { UpdateConfig as _baton_v1_UpdateConfig, UpdateConfig__Output as _baton_v1_UpdateConfig__Output } from './baton/v1/UpdateConfig';
import type { UpdateStatus as _baton_v1_UpdateStatus, UpdateStatus__Output as _baton_v1_UpdateStatus__Output } from './baton/v1/UpdateStatus';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  baton: {
    v1: {
      AssignedPort: MessageTypeDefinition<_baton_v1_AssignedPort, _baton_v1_AssignedPort__Output>
      ClusterInfo: MessageTypeDefinition<_baton_v1_ClusterInfo, _baton_v1_ClusterInfo__Output>
      ClusterSettings: MessageTypeDefinition<_baton_v1_ClusterSettings, _baton_v1_ClusterSettings__Output>
      ContainerRuntime: MessageTypeDefinition<_baton_v1_ContainerRuntime, _baton_v1_ContainerRuntime__Output>
      ExecProbe: MessageTypeDefinition<_baton_v1_ExecProbe, _baton_v1_ExecProbe__Output>
      GlobalMode: MessageTypeDefinition<_baton_v1_GlobalMode, _baton_v1_GlobalMode__Output>
      HttpProbe: MessageTypeDefinition<_baton_v1_HttpProbe, _baton_v1_HttpProbe__Output>
      Meta: MessageTypeDefinition<_baton_v1_Meta, _baton_v1_Meta__Output>
      Node: MessageTypeDefinition<_baton_v1_Node, _baton_v1_Node__Output>
      NodeAvailability: EnumTypeDefinition
      NodeRole: EnumTypeDefinition
      NodeSpec: MessageTypeDefinition<_baton_v1_NodeSpec, _baton_v1_NodeSpec__Output>
      NodeState: EnumTypeDefinition
      NodeStatus: MessageTypeDefinition<_baton_v1_NodeStatus, _baton_v1_NodeStatus__Output>
      Placement: MessageTypeDefinition<_baton_v1_Placement, _baton_v1_Placement__Output>
      PlacementPreference: MessageTypeDefinition<_baton_v1_PlacementPreference, _baton_v1_PlacementPreference__Output>
      PortProtocol: EnumTypeDefinition
      PortSpec: MessageTypeDefinition<_baton_v1_PortSpec, _baton_v1_PortSpec__Output>
      Probe: MessageTypeDefinition<_baton_v1_Probe, _baton_v1_Probe__Output>
      ProcessRuntime: MessageTypeDefinition<_baton_v1_ProcessRuntime, _baton_v1_ProcessRuntime__Output>
      RebalanceMode: EnumTypeDefinition
      ReplicatedMode: MessageTypeDefinition<_baton_v1_ReplicatedMode, _baton_v1_ReplicatedMode__Output>
      Resources: MessageTypeDefinition<_baton_v1_Resources, _baton_v1_Resources__Output>
      RestartCondition: EnumTypeDefinition
      RestartPolicy: MessageTypeDefinition<_baton_v1_RestartPolicy, _baton_v1_RestartPolicy__Output>
      Service: MessageTypeDefinition<_baton_v1_Service, _baton_v1_Service__Output>
      ServiceSpec: MessageTypeDefinition<_baton_v1_ServiceSpec, _baton_v1_ServiceSpec__Output>
      SpecRevision: MessageTypeDefinition<_baton_v1_SpecRevision, _baton_v1_SpecRevision__Output>
      Task: MessageTypeDefinition<_baton_v1_Task, _baton_v1_Task__Output>
      TaskHealth: MessageTypeDefinition<_baton_v1_TaskHealth, _baton_v1_TaskHealth__Output>
      TaskSpec: MessageTypeDefinition<_baton_v1_TaskSpec, _baton_v1_TaskSpec__Output>
      TaskState: EnumTypeDefinition
      TaskStatus: MessageTypeDefinition<_baton_v1_TaskStatus, _baton_v1_TaskStatus__Output>
      TcpProbe: MessageTypeDefinition<_baton_v1_TcpProbe, _baton_v1_TcpProbe__Output>
      UpdateConfig: MessageTypeDefinition<_baton_v1_UpdateConfig, _baton_v1_UpdateConfig__Output>
      UpdateFailureAction: EnumTypeDefinition
      UpdateOrder: EnumTypeDefinition
      UpdateState: EnumTypeDefinition
      UpdateStatus: MessageTypeDefinition<_baton_v1_UpdateStatus, _baton_v1_UpdateStatus__Output>
    }
  }
}

