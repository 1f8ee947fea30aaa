import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AgentClient as _baton_v1_AgentClient, AgentDefinition as _baton_v1_AgentDefinition } from './baton/v1/Agent';
import type { AssignedPort as _baton_v1_AssignedPort, AssignedPort__Output as _baton_v1_AssignedPort__Output } from './baton/v1/AssignedPort';
import type { Assignments as _baton_v1_Assignments, Assignments__Output as _baton_v1_Assignments__Output } from './baton/v1/Assignments';
import type { ClusterInfo as _baton_v1_ClusterInfo, ClusterInfo__Output as _baton_v1_ClusterInfo__Output } from './baton/v1/ClusterInfo';
import type { ClusterSettings as _baton_v1_ClusterSettings, ClusterSettings__Output as _baton_v1_ClusterSettings__Output } from './baton/v1/ClusterSettings';
import type { CompareAndSwapRequest as _baton_v1_CompareAndSwapRequest, CompareAndSwapRequest__Output as _baton_v1_CompareAndSwapRequest__Output } from './baton/v1/CompareAndSwapRequest';
import type { CompareAndSwapResponse as _baton_v1_CompareAndSwapResponse, CompareAndSwapResponse__Output as _baton_v1_CompareAndSwapResponse__Output } from './baton/v1/CompareAndSwapResponse';
import type { ContainerRuntime as _baton_v1_ContainerRuntime, ContainerRuntime__Output as _baton_v1_ContainerRuntime__Output } from './baton/v1/ContainerRuntime';
import type { ControlClient as _baton_v1_ControlClient, ControlDefinition as _baton_v1_ControlDefinition } from './baton/v1/Control';
import type { CreateServiceRequest as _baton_v1_CreateServiceRequest, CreateServiceRequest__Output as _baton_v1_CreateServiceRequest__Output } from './baton/v1/CreateServiceRequest';
import type { DeleteRequest as _baton_v1_DeleteRequest, DeleteRequest__Output as _baton_v1_DeleteRequest__Output } from './baton/v1/DeleteRequest';
import type { DeleteResponse as _baton_v1_DeleteResponse, DeleteResponse__Output as _baton_v1_DeleteResponse__Output } from './baton/v1/DeleteResponse';
import type { DispatcherClient as _baton_v1_DispatcherClient, DispatcherDefinition as _baton_v1_DispatcherDefinition } from './baton/v1/Dispatcher';
import type { ExecProbe as _baton_v1_ExecProbe, ExecProbe__Output as _baton_v1_ExecProbe__Output } from './baton/v1/ExecProbe';
import type { GetClusterRequest as _baton_v1_GetClusterRequest, GetClusterRequest__Output as _baton_v1_GetClusterRequest__Output } from './baton/v1/GetClusterRequest';
import type { GetNodeRequest as _baton_v1_GetNodeRequest, GetNodeRequest__Output as _baton_v1_GetNodeRequest__Output } from './baton/v1/GetNodeRequest';
import type { GetRequest as _baton_v1_GetRequest, GetRequest__Output as _baton_v1_GetRequest__Output } from './baton/v1/GetRequest';
import type { GetResponse as _baton_v1_GetResponse, GetResponse__Output as _baton_v1_GetResponse__Output } from './baton/v1/GetResponse';
import type { GetServiceRequest as _baton_v1_GetServiceRequest, GetServiceRequest__Output as _baton_v1_GetServiceRequest__Output } from './baton/v1/GetServiceRequest';
import type { GetTaskRequest as _baton_v1_GetTaskRequest, GetTaskRequest__Output as _baton_v1_GetTaskRequest__Output } from './baton/v1/GetTaskRequest';
import type { GlobalMode as _baton_v1_GlobalMode, GlobalMode__Output as _baton_v1_GlobalMode__Output } from './baton/v1/GlobalMode';
import type { Heartbeat as _baton_v1_Heartbeat, Heartbeat__Output as _baton_v1_Heartbeat__Output } from './baton/v1/Heartbeat';
import type { HeartbeatAck as _baton_v1_HeartbeatAck, HeartbeatAck__Output as _baton_v1_HeartbeatAck__Output } from './baton/v1/HeartbeatAck';
import type { HttpProbe as _baton_v1_HttpProbe, HttpProbe__Output as _baton_v1_HttpProbe__Output } from './baton/v1/HttpProbe';
import type { KeyValue as _baton_v1_KeyValue, KeyValue__Output as _baton_v1_KeyValue__Output } from './baton/v1/KeyValue';
import type { ListNodesRequest as _baton_v1_ListNodesRequest, ListNodesRequest__Output as _baton_v1_ListNodesRequest__Output } from './baton/v1/ListNodesRequest';
import type { ListNodesResponse as _baton_v1_ListNodesResponse, ListNodesResponse__Output as _baton_v1_ListNodesResponse__Output } from './baton/v1/ListNodesResponse';
import type { ListServicesRequest as _baton_v1_ListServicesRequest, ListServicesRequest__Output as _baton_v1_ListServicesRequest__Output } from './baton/v1/ListServicesRequest';
import type { ListServicesResponse as _baton_v1_ListServicesResponse, ListServicesResponse__Output as _baton_v1_ListServicesResponse__Output } from './baton/v1/ListServicesResponse';
import type { ListTasksRequest as _baton_v1_ListTasksRequest, ListTasksRequest__Output as _baton_v1_ListTasksRequest__Output } from './baton/v1/ListTasksRequest';
import type { ListTasksResponse as _baton_v1_ListTasksResponse, ListTasksResponse__Output as _baton_v1_ListTasksResponse__Output } from './baton/v1/ListTasksResponse';
import type { LogLine as _baton_v1_LogLine, LogLine__Output as _baton_v1_LogLine__Output } from './baton/v1/LogLine';
import type { ManagerMessage as _baton_v1_ManagerMessage, ManagerMessage__Output as _baton_v1_ManagerMessage__Output } from './baton/v1/ManagerMessage';
import type { Meta as _baton_v1_Meta, Meta__Output as _baton_v1_Meta__Output } from './baton/v1/Meta';
import type { Node as _baton_v1_Node, Node__Output as _baton_v1_Node__Output } from './baton/v1/Node';
import type { NodeSpec as _baton_v1_NodeSpec, NodeSpec__Output as _baton_v1_NodeSpec__Output } from './baton/v1/NodeSpec';
import type { NodeStatus as _baton_v1_NodeStatus, NodeStatus__Output as _baton_v1_NodeStatus__Output } from './baton/v1/NodeStatus';
import type { ObjectEvent as _baton_v1_ObjectEvent, ObjectEvent__Output as _baton_v1_ObjectEvent__Output } from './baton/v1/ObjectEvent';
import type { Placement as _baton_v1_Placement, Placement__Output as _baton_v1_Placement__Output } from './baton/v1/Placement';
import type { PlacementPreference as _baton_v1_PlacementPreference, PlacementPreference__Output as _baton_v1_PlacementPreference__Output } from './baton/v1/PlacementPreference';
import type { PortSpec as _baton_v1_PortSpec, PortSpec__Output as _baton_v1_PortSpec__Output } from './baton/v1/PortSpec';
import type { Probe as _baton_v1_Probe, Probe__Output as _baton_v1_Probe__Output } from './baton/v1/Probe';
import type { ProcessRuntime as _baton_v1_ProcessRuntime, ProcessRuntime__Output as _baton_v1_ProcessRuntime__Output } from './baton/v1/ProcessRuntime';
import type { PutRequest as _baton_v1_PutRequest, PutRequest__Output as _baton_v1_PutRequest__Output } from './baton/v1/PutRequest';
import type { PutResponse as _baton_v1_PutResponse, PutResponse__Output as _baton_v1_PutResponse__Output } from './baton/v1/PutResponse';
import type { RangeRequest as _baton_v1_RangeRequest, RangeRequest__Output as _baton_v1_RangeRequest__Output } from './baton/v1/RangeRequest';
import type { RangeResponse as _baton_v1_RangeResponse, RangeResponse__Output as _baton_v1_RangeResponse__Output } from './baton/v1/RangeResponse';
import type { RegisterWorker as _baton_v1_RegisterWorker, RegisterWorker__Output as _baton_v1_RegisterWorker__Output } from './baton/v1/RegisterWorker';
import type { RemoveNodeRequest as _baton_v1_RemoveNodeRequest, RemoveNodeRequest__Output as _baton_v1_RemoveNodeRequest__Output } from './baton/v1/RemoveNodeRequest';
import type { RemoveNodeResponse as _baton_v1_RemoveNodeResponse, RemoveNodeResponse__Output as _baton_v1_RemoveNodeResponse__Output } from './baton/v1/RemoveNodeResponse';
import type { RemoveServiceRequest as _baton_v1_RemoveServiceRequest, RemoveServiceRequest__Output as _baton_v1_RemoveServiceRequest__Output } from './baton/v1/RemoveServiceRequest';
import type { RemoveServiceResponse as _baton_v1_RemoveServiceResponse, RemoveServiceResponse__Output as _baton_v1_RemoveServiceResponse__Output } from './baton/v1/RemoveServiceResponse';
import type { ReplicatedMode as _baton_v1_ReplicatedMode, ReplicatedMode__Output as _baton_v1_ReplicatedMode__Output } from './baton/v1/ReplicatedMode';
import type { RequestId as _baton_v1_RequestId, RequestId__Output as _baton_v1_RequestId__Output } from './baton/v1/RequestId';
import type { Resources as _baton_v1_Resources, Resources__Output as _baton_v1_Resources__Output } from './baton/v1/Resources';
import type { RestartPolicy as _baton_v1_RestartPolicy, RestartPolicy__Output as _baton_v1_RestartPolicy__Output } from './baton/v1/RestartPolicy';
import type { RollbackServiceRequest as _baton_v1_RollbackServiceRequest, RollbackServiceRequest__Output as _baton_v1_RollbackServiceRequest__Output } from './baton/v1/RollbackServiceRequest';
import type { Service as _baton_v1_Service, Service__Output as _baton_v1_Service__Output } from './baton/v1/Service';
import type { ServiceActionRequest as _baton_v1_ServiceActionRequest, ServiceActionRequest__Output as _baton_v1_ServiceActionRequest__Output } from './baton/v1/ServiceActionRequest';
import type { ServiceLogsRequest as _baton_v1_ServiceLogsRequest, ServiceLogsRequest__Output as _baton_v1_ServiceLogsRequest__Output } from './baton/v1/ServiceLogsRequest';
import type { ServiceSpec as _baton_v1_ServiceSpec, ServiceSpec__Output as _baton_v1_ServiceSpec__Output } from './baton/v1/ServiceSpec';
import type { SessionError as _baton_v1_SessionError, SessionError__Output as _baton_v1_SessionError__Output } from './baton/v1/SessionError';
import type { SessionRequest as _baton_v1_SessionRequest, SessionRequest__Output as _baton_v1_SessionRequest__Output } from './baton/v1/SessionRequest';
import type { SessionRequests as _baton_v1_SessionRequests, SessionRequests__Output as _baton_v1_SessionRequests__Output } from './baton/v1/SessionRequests';
import type { SessionResponse as _baton_v1_SessionResponse, SessionResponse__Output as _baton_v1_SessionResponse__Output } from './baton/v1/SessionResponse';
import type { SessionResponses as _baton_v1_SessionResponses, SessionResponses__Output as _baton_v1_SessionResponses__Output } from './baton/v1/SessionResponses';
import type { SpecRevision as _baton_v1_SpecRevision, SpecRevision__Output as _baton_v1_SpecRevision__Output } from './baton/v1/SpecRevision';
import type { Task as _baton_v1_Task, Task__Output as _baton_v1_Task__Output } from './baton/v1/Task';
import type { TaskHealth as _baton_v1_TaskHealth, TaskHealth__Output as _baton_v1_TaskHealth__Output } from './baton/v1/TaskHealth';
import type { TaskLogsRequest as _baton_v1_TaskLogsRequest, TaskLogsRequest__Output as _baton_v1_TaskLogsRequest__Output } from './baton/v1/TaskLogsRequest';
import type { TaskSpec as _baton_v1_TaskSpec, TaskSpec__Output as _baton_v1_TaskSpec__Output } from './baton/v1/TaskSpec';
import type { TaskStatus as _baton_v1_TaskStatus, TaskStatus__Output as _baton_v1_TaskStatus__Output } from './baton/v1/TaskStatus';
import type { TaskStatusBatch as _baton_v1_TaskStatusBatch, TaskStatusBatch__Output as _baton_v1_TaskStatusBatch__Output } from './baton/v1/TaskStatusBatch';
import type { TaskStatusUpdate as _baton_v1_TaskStatusUpdate, TaskStatusUpdate__Output as _baton_v1_TaskStatusUpdate__Output } from './baton/v1/TaskStatusUpdate';
import type { TcpProbe as _baton_v1_TcpProbe, TcpProbe__Output as _baton_v1_TcpProbe__Output } from './baton/v1/TcpProbe';
import type { UpdateConfig as _baton_v1_UpdateConfig, UpdateConfig__Output as _baton_v1_UpdateConfig__Output } from './baton/v1/UpdateConfig';
import type { UpdateNodeRequest as _baton_v1_UpdateNodeRequest, UpdateNodeRequest__Output as _baton_v1_UpdateNodeRequest__Output } from './baton/v1/UpdateNodeRequest';
import type { UpdateServiceRequest as _baton_v1_UpdateServiceRequest, UpdateServiceRequest__Output as _baton_v1_UpdateServiceRequest__Output } from './baton/v1/UpdateServiceRequest';
import type { UpdateStatus as _baton_v1_UpdateStatus, UpdateStatus__Output as _baton_v1_UpdateStatus__Output } from './baton/v1/UpdateStatus';
import type { WatchEvent as _baton_v1_WatchEvent, WatchEvent__Output as _baton_v1_WatchEvent__Output } from './baton/v1/WatchEvent';
import type { WatchObjectsRequest as _baton_v1_WatchObjectsRequest, WatchObjectsRequest__Output as _baton_v1_WatchObjectsRequest__Output } from './baton/v1/WatchObjectsRequest';
import type { WatchRequest as _baton_v1_WatchRequest, WatchRequest__Output as _baton_v1_WatchRequest__Output } from './baton/v1/WatchRequest';
import type { WorkerMessage as _baton_v1_WorkerMessage, WorkerMessage__Output as _baton_v1_WorkerMessage__Output } from './baton/v1/WorkerMessage';
import type { WorkerRegistered as _baton_v1_WorkerRegistered, WorkerRegistered__Output as _baton_v1_WorkerRegistered__Output } from './baton/v1/WorkerRegistered';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  baton: {
    v1: {
      Agent: SubtypeConstructor<typeof grpc.Client, _baton_v1_AgentClient> & { service: _baton_v1_AgentDefinition }
      AssignedPort: MessageTypeDefinition<_baton_v1_AssignedPort, _baton_v1_AssignedPort__Output>
      Assignments: MessageTypeDefinition<_baton_v1_Assignments, _baton_v1_Assignments__Output>
      ClusterInfo: MessageTypeDefinition<_baton_v1_ClusterInfo, _baton_v1_ClusterInfo__Output>
      ClusterSettings: MessageTypeDefinition<_baton_v1_ClusterSettings, _baton_v1_ClusterSettings__Output>
      CompareAndSwapRequest: MessageTypeDefinition<_baton_v1_CompareAndSwapRequest, _baton_v1_CompareAndSwapRequest__Output>
      CompareAndSwapResponse: MessageTypeDefinition<_baton_v1_CompareAndSwapResponse, _baton_v1_CompareAndSwapResponse__Output>
      ContainerRuntime: MessageTypeDefinition<_baton_v1_ContainerRuntime, _baton_v1_ContainerRuntime__Output>
      Control: SubtypeConstructor<typeof grpc.Client, _baton_v1_ControlClient> & { service: _baton_v1_ControlDefinition }
      CreateServiceRequest: MessageTypeDefinition<_baton_v1_CreateServiceRequest, _baton_v1_CreateServiceRequest__Output>
      DeleteRequest: MessageTypeDefinition<_baton_v1_DeleteRequest, _baton_v1_DeleteRequest__Output>
      DeleteResponse: MessageTypeDefinition<_baton_v1_DeleteResponse, _baton_v1_DeleteResponse__Output>
      Dispatcher: SubtypeConstructor<typeof grpc.Client, _baton_v1_DispatcherClient> & { service: _baton_v1_DispatcherDefinition }
      ExecProbe: MessageTypeDefinition<_baton_v1_ExecProbe, _baton_v1_ExecProbe__Output>
      GetClusterRequest: MessageTypeDefinition<_baton_v1_GetClusterRequest, _baton_v1_GetClusterRequest__Output>
      GetNodeRequest: MessageTypeDefinition<_baton_v1_GetNodeRequest, _baton_v1_GetNodeRequest__Output>
      GetRequest: MessageTypeDefinition<_baton_v1_GetRequest, _baton_v1_GetRequest__Output>
      GetResponse: MessageTypeDefinition<_baton_v1_GetResponse, _baton_v1_GetResponse__Output>
      GetServiceRequest: MessageTypeDefinition<_baton_v1_GetServiceRequest, _baton_v1_GetServiceRequest__Output>
      GetTaskRequest: MessageTypeDefinition<_baton_v1_GetTaskRequest, _baton_v1_GetTaskRequest__Output>
      GlobalMode: MessageTypeDefinition<_baton_v1_GlobalMode, _baton_v1_GlobalMode__Output>
      Heartbeat: MessageTypeDefinition<_baton_v1_Heartbeat, _baton_v1_Heartbeat__Output>
      HeartbeatAck: MessageTypeDefinition<_baton_v1_HeartbeatAck, _baton_v1_HeartbeatAck__Output>
      HttpProbe: MessageTypeDefinition<_baton_v1_HttpProbe, _baton_v1_HttpProbe__Output>
      KeyValue: MessageTypeDefinition<_baton_v1_KeyValue, _baton_v1_KeyValue__Output>
      ListNodesRequest: MessageTypeDefinition<_baton_v1_ListNodesRequest, _baton_v1_ListNodesRequest__Output>
      ListNodesResponse: MessageTypeDefinition<_baton_v1_ListNodesResponse, _baton_v1_ListNodesResponse__Output>
      ListServicesRequest: MessageTypeDefinition<_baton_v1_ListServicesRequest, _baton_v1_ListServicesRequest__Output>
      ListServicesResponse: MessageTypeDefinition<_baton_v1_ListServicesResponse, _baton_v1_ListServicesResponse__Output>
      ListTasksRequest: MessageTypeDefinition<_baton_v1_ListTasksRequest, _baton_v1_ListTasksRequest__Output>
      ListTasksResponse: MessageTypeDefinition<_baton_v1_ListTasksResponse, _baton_v1_ListTasksResponse__Output>
      LogLine: MessageTypeDefinition<_baton_v1_LogLine, _baton_v1_LogLine__Output>
      ManagerMessage: MessageTypeDefinition<_baton_v1_ManagerMessage, _baton_v1_ManagerMessage__Output>
      Meta: MessageTypeDefinition<_baton_v1_Meta, _baton_v1_Meta__Output>
      Node: MessageTypeDefinition<_baton_v1_Node, _baton_v1_Node__Output>
      NodeAvailability: EnumTypeDefinition
      NodeRole: EnumTypeDefinition
      NodeSpec: MessageTypeDefinition<_baton_v1_NodeSpec, _baton_v1_NodeSpec__Output>
      NodeState: EnumTypeDefinition
      NodeStatus: MessageTypeDefinition<_baton_v1_NodeStatus, _baton_v1_NodeStatus__Output>
      ObjectEvent: MessageTypeDefinition<_baton_v1_ObjectEvent, _baton_v1_ObjectEvent__Output>
      ObjectEventKind: EnumTypeDefinition
      ObjectKind: EnumTypeDefinition
      Placement: MessageTypeDefinition<_baton_v1_Placement, _baton_v1_Placement__Output>
      PlacementPreference: MessageTypeDefinition<_baton_v1_PlacementPreference, _baton_v1_PlacementPreference__Output>
      PortProtocol: EnumTypeDefinition
      PortSpec: MessageTypeDefinition<_baton_v1_PortSpec, _baton_v1_PortSpec__Output>
      Probe: MessageTypeDefinition<_baton_v1_Probe, _baton_v1_Probe__Output>
      ProcessRuntime: MessageTypeDefinition<_baton_v1_ProcessRuntime, _baton_v1_ProcessRuntime__Output>
      PutRequest: MessageTypeDefinition<_baton_v1_PutRequest, _baton_v1_PutRequest__Output>
      PutResponse: MessageTypeDefinition<_baton_v1_PutResponse, _baton_v1_PutResponse__Output>
      RangeRequest: MessageTypeDefinition<_baton_v1_RangeRequest, _baton_v1_RangeRequest__Output>
      RangeResponse: MessageTypeDefinition<_baton_v1_RangeResponse, _baton_v1_RangeResponse__Output>
      ReadConsistency: EnumTypeDefinition
      RebalanceMode: EnumTypeDefinition
      RegisterWorker: MessageTypeDefinition<_baton_v1_RegisterWorker, _baton_v1_RegisterWorker__Output>
      RemoveNodeRequest: MessageTypeDefinition<_baton_v1_RemoveNodeRequest, _baton_v1_RemoveNodeRequest__Output>
      RemoveNodeResponse: MessageTypeDefinition<_baton_v1_RemoveNodeResponse, _baton_v1_RemoveNodeResponse__Output>
      RemoveServiceRequest: MessageTypeDefinition<_baton_v1_RemoveServiceRequest, _baton_v1_RemoveServiceRequest__Output>
      RemoveServiceResponse: MessageTypeDefinition<_baton_v1_RemoveServiceResponse, _baton_v1_RemoveServiceResponse__Output>
      ReplicatedMode: MessageTypeDefinition<_baton_v1_ReplicatedMode, _baton_v1_ReplicatedMode__Output>
      RequestId: MessageTypeDefinition<_baton_v1_RequestId, _baton_v1_RequestId__Output>
      Resources: MessageTypeDefinition<_baton_v1_Resources, _baton_v1_Resources__Output>
      RestartCondition: EnumTypeDefinition
      RestartPolicy: MessageTypeDefinition<_baton_v1_RestartPolicy, _baton_v1_RestartPolicy__Output>
      RollbackServiceRequest: MessageTypeDefinition<_baton_v1_RollbackServiceRequest, _baton_v1_RollbackServiceRequest__Output>
      Service: MessageTypeDefinition<_baton_v1_Service, _baton_v1_Service__Output>
      ServiceActionRequest: MessageTypeDefinition<_baton_v1_ServiceActionRequest, _baton_v1_ServiceActionRequest__Output>
      ServiceLogsRequest: MessageTypeDefinition<_baton_v1_ServiceLogsRequest, _baton_v1_ServiceLogsRequest__Output>
      ServiceSpec: MessageTypeDefinition<_baton_v1_ServiceSpec, _baton_v1_ServiceSpec__Output>
      SessionError: MessageTypeDefinition<_baton_v1_SessionError, _baton_v1_SessionError__Output>
      SessionRequest: MessageTypeDefinition<_baton_v1_SessionRequest, _baton_v1_SessionRequest__Output>
      SessionRequests: MessageTypeDefinition<_baton_v1_SessionRequests, _baton_v1_SessionRequests__Output>
      SessionResponse: MessageTypeDefinition<_baton_v1_SessionResponse, _baton_v1_SessionResponse__Output>
      SessionResponses: MessageTypeDefinition<_baton_v1_SessionResponses, _baton_v1_SessionResponses__Output>
      SpecRevision: MessageTypeDefinition<_baton_v1_SpecRevision, _baton_v1_SpecRevision__Output>
      Task: MessageTypeDefinition<_baton_v1_Task, _baton_v1_Task__Output>
      TaskHealth: MessageTypeDefinition<_baton_v1_TaskHealth, _baton_v1_TaskHealth__Output>
      TaskLogsRequest: MessageTypeDefinition<_baton_v1_TaskLogsRequest, _baton_v1_TaskLogsRequest__Output>
      TaskSpec: MessageTypeDefinition<_baton_v1_TaskSpec, _baton_v1_TaskSpec__Output>
      TaskState: EnumTypeDefinition
      TaskStatus: MessageTypeDefinition<_baton_v1_TaskStatus, _baton_v1_TaskStatus__Output>
      TaskStatusBatch: MessageTypeDefinition<_baton_v1_TaskStatusBatch, _baton_v1_TaskStatusBatch__Output>
      TaskStatusUpdate: MessageTypeDefinition<_baton_v1_TaskStatusUpdate, _baton_v1_TaskStatusUpdate__Output>
      TcpProbe: MessageTypeDefinition<_baton_v1_TcpProbe, _baton_v1_TcpProbe__Output>
      UpdateConfig: MessageTypeDefinition<_baton_v1_UpdateConfig, _baton_v1_UpdateConfig__Output>
      UpdateFailureAction: EnumTypeDefinition
      UpdateNodeRequest: MessageTypeDefinition<_baton_v1_UpdateNodeRequest, _baton_v1_UpdateNodeRequest__Output>
      UpdateOrder: EnumTypeDefinition
      UpdateServiceRequest: MessageTypeDefinition<_baton_v1_UpdateServiceRequest, _baton_v1_UpdateServiceRequest__Output>
      UpdateState: EnumTypeDefinition
      UpdateStatus: MessageTypeDefinition<_baton_v1_UpdateStatus, _baton_v1_UpdateStatus__Output>
      WatchEvent: MessageTypeDefinition<_baton_v1_WatchEvent, _baton_v1_WatchEvent__Output>
      WatchEventType: EnumTypeDefinition
      WatchObjectsRequest: MessageTypeDefinition<_baton_v1_WatchObjectsRequest, _baton_v1_WatchObjectsRequest__Output>
      WatchRequest: MessageTypeDefinition<_baton_v1_WatchRequest, _baton_v1_WatchRequest__Output>
      WorkerMessage: MessageTypeDefinition<_baton_v1_WorkerMessage, _baton_v1_WorkerMessage__Output>
      WorkerRegistered: MessageTypeDefinition<_baton_v1_WorkerRegistered, _baton_v1_WorkerRegistered__Output>
    }
  }
}

