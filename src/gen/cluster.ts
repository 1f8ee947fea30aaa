import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AssignedPort as _baton_v1_AssignedPort, AssignedPort__Output as _baton_v1_AssignedPort__Output } from './baton/v1/AssignedPort';
import type { BackupChunk as _baton_v1_BackupChunk, BackupChunk__Output as _baton_v1_BackupChunk__Output } from './baton/v1/BackupChunk';
import type { BackupHeader as _baton_v1_BackupHeader, BackupHeader__Output as _baton_v1_BackupHeader__Output } from './baton/v1/BackupHeader';
import type { BackupRequest as _baton_v1_BackupRequest, BackupRequest__Output as _baton_v1_BackupRequest__Output } from './baton/v1/BackupRequest';
import type { ClientSession as _baton_v1_ClientSession, ClientSession__Output as _baton_v1_ClientSession__Output } from './baton/v1/ClientSession';
import type { ClusterClient as _baton_v1_ClusterClient, ClusterDefinition as _baton_v1_ClusterDefinition } from './baton/v1/Cluster';
import type { ClusterInfo as _baton_v1_ClusterInfo, ClusterInfo__Output as _baton_v1_ClusterInfo__Output } from './baton/v1/ClusterInfo';
import type { ClusterSettings as _baton_v1_ClusterSettings, ClusterSettings__Output as _baton_v1_ClusterSettings__Output } from './baton/v1/ClusterSettings';
import type { Command as _baton_v1_Command, Command__Output as _baton_v1_Command__Output } from './baton/v1/Command';
import type { CompareAndSwapRequest as _baton_v1_CompareAndSwapRequest, CompareAndSwapRequest__Output as _baton_v1_CompareAndSwapRequest__Output } from './baton/v1/CompareAndSwapRequest';
import type { CompareAndSwapResponse as _baton_v1_CompareAndSwapResponse, CompareAndSwapResponse__Output as _baton_v1_CompareAndSwapResponse__Output } from './baton/v1/CompareAndSwapResponse';
import type { ContainerRuntime as _baton_v1_ContainerRuntime, ContainerRuntime__Output as _baton_v1_ContainerRuntime__Output } from './baton/v1/ContainerRuntime';
import type { DeleteRequest as _baton_v1_DeleteRequest, DeleteRequest__Output as _baton_v1_DeleteRequest__Output } from './baton/v1/DeleteRequest';
import type { DeleteResponse as _baton_v1_DeleteResponse, DeleteResponse__Output as _baton_v1_DeleteResponse__Output } from './baton/v1/DeleteResponse';
import type { DemoteManagerRequest as _baton_v1_DemoteManagerRequest, DemoteManagerRequest__Output as _baton_v1_DemoteManagerRequest__Output } from './baton/v1/DemoteManagerRequest';
import type { ExecProbe as _baton_v1_ExecProbe, ExecProbe__Output as _baton_v1_ExecProbe__Output } from './baton/v1/ExecProbe';
import type { GetRequest as _baton_v1_GetRequest, GetRequest__Output as _baton_v1_GetRequest__Output } from './baton/v1/GetRequest';
import type { GetResponse as _baton_v1_GetResponse, GetResponse__Output as _baton_v1_GetResponse__Output } from './baton/v1/GetResponse';
import type { GlobalMode as _baton_v1_GlobalMode, GlobalMode__Output as _baton_v1_GlobalMode__Output } from './baton/v1/GlobalMode';
import type { HttpProbe as _baton_v1_HttpProbe, HttpProbe__Output as _baton_v1_HttpProbe__Output } from './baton/v1/HttpProbe';
import type { JoinRequest as _baton_v1_JoinRequest, JoinRequest__Output as _baton_v1_JoinRequest__Output } from './baton/v1/JoinRequest';
import type { JoinResponse as _baton_v1_JoinResponse, JoinResponse__Output as _baton_v1_JoinResponse__Output } from './baton/v1/JoinResponse';
import type { JoinTokens as _baton_v1_JoinTokens, JoinTokens__Output as _baton_v1_JoinTokens__Output } from './baton/v1/JoinTokens';
import type { KeyValue as _baton_v1_KeyValue, KeyValue__Output as _baton_v1_KeyValue__Output } from './baton/v1/KeyValue';
import type { LeaveRequest as _baton_v1_LeaveRequest, LeaveRequest__Output as _baton_v1_LeaveRequest__Output } from './baton/v1/LeaveRequest';
import type { LeaveResponse as _baton_v1_LeaveResponse, LeaveResponse__Output as _baton_v1_LeaveResponse__Output } from './baton/v1/LeaveResponse';
import type { ListManagersRequest as _baton_v1_ListManagersRequest, ListManagersRequest__Output as _baton_v1_ListManagersRequest__Output } from './baton/v1/ListManagersRequest';
import type { ListManagersResponse as _baton_v1_ListManagersResponse, ListManagersResponse__Output as _baton_v1_ListManagersResponse__Output } from './baton/v1/ListManagersResponse';
import type { ManagerStatus as _baton_v1_ManagerStatus, ManagerStatus__Output as _baton_v1_ManagerStatus__Output } from './baton/v1/ManagerStatus';
import type { MemberInfo as _baton_v1_MemberInfo, MemberInfo__Output as _baton_v1_MemberInfo__Output } from './baton/v1/MemberInfo';
import type { MembershipResponse as _baton_v1_MembershipResponse, MembershipResponse__Output as _baton_v1_MembershipResponse__Output } from './baton/v1/MembershipResponse';
import type { Meta as _baton_v1_Meta, Meta__Output as _baton_v1_Meta__Output } from './baton/v1/Meta';
import type { Node as _baton_v1_Node, Node__Output as _baton_v1_Node__Output } from './baton/v1/Node';
import type { NodeSpec as _baton_v1_NodeSpec, NodeSpec__Output as _baton_v1_NodeSpec__Output } from './baton/v1/NodeSpec';
import type { NodeStatus as _baton_v1_NodeStatus, NodeStatus__Output as _baton_v1_NodeStatus__Output } from './baton/v1/NodeStatus';
import type { Placement as _baton_v1_Placement, Placement__Output as _baton_v1_Placement__Output } from './baton/v1/Placement';
import type { PlacementPreference as _baton_v1_PlacementPreference, PlacementPreference__Output as _baton_v1_PlacementPreference__Output } from './baton/v1/PlacementPreference';
import type { PortSpec as _baton_v1_PortSpec, PortSpec__Output as _baton_v1_PortSpec__Output } from './baton/v1/PortSpec';
import type { Probe as _baton_v1_Probe, Probe__Output as _baton_v1_Probe__Output } from './baton/v1/Probe';
import type { ProcessRuntime as _baton_v1_ProcessRuntime, ProcessRuntime__Output as _baton_v1_ProcessRuntime__Output } from './baton/v1/ProcessRuntime';
import type { PromoteManagerRequest as _baton_v1_PromoteManagerRequest, PromoteManagerRequest__Output as _baton_v1_PromoteManagerRequest__Output } from './baton/v1/PromoteManagerRequest';
import type { PutRequest as _baton_v1_PutRequest, PutRequest__Output as _baton_v1_PutRequest__Output } from './baton/v1/PutRequest';
import type { PutResponse as _baton_v1_PutResponse, PutResponse__Output as _baton_v1_PutResponse__Output } from './baton/v1/PutResponse';
import type { RaftStatus as _baton_v1_RaftStatus, RaftStatus__Output as _baton_v1_RaftStatus__Output } from './baton/v1/RaftStatus';
import type { RaftStatusRequest as _baton_v1_RaftStatusRequest, RaftStatusRequest__Output as _baton_v1_RaftStatusRequest__Output } from './baton/v1/RaftStatusRequest';
import type { RangeRequest as _baton_v1_RangeRequest, RangeRequest__Output as _baton_v1_RangeRequest__Output } from './baton/v1/RangeRequest';
import type { RangeResponse as _baton_v1_RangeResponse, RangeResponse__Output as _baton_v1_RangeResponse__Output } from './baton/v1/RangeResponse';
import type { RemoveManagerRequest as _baton_v1_RemoveManagerRequest, RemoveManagerRequest__Output as _baton_v1_RemoveManagerRequest__Output } from './baton/v1/RemoveManagerRequest';
import type { ReplicatedMode as _baton_v1_ReplicatedMode, ReplicatedMode__Output as _baton_v1_ReplicatedMode__Output } from './baton/v1/ReplicatedMode';
import type { RequestId as _baton_v1_RequestId, RequestId__Output as _baton_v1_RequestId__Output } from './baton/v1/RequestId';
import type { Resources as _baton_v1_Resources, Resources__Output as _baton_v1_Resources__Output } from './baton/v1/Resources';
import type { RestartPolicy as _baton_v1_RestartPolicy, RestartPolicy__Output as _baton_v1_RestartPolicy__Output } from './baton/v1/RestartPolicy';
import type { Service as _baton_v1_Service, Service__Output as _baton_v1_Service__Output } from './baton/v1/Service';
import type { ServiceSpec as _baton_v1_ServiceSpec, ServiceSpec__Output as _baton_v1_ServiceSpec__Output } from './baton/v1/ServiceSpec';
import type { SessionError as _baton_v1_SessionError, SessionError__Output as _baton_v1_SessionError__Output } from './baton/v1/SessionError';
import type { SessionRequest as _baton_v1_SessionRequest, SessionRequest__Output as _baton_v1_SessionRequest__Output } from './baton/v1/SessionRequest';
import type { SessionRequests as _baton_v1_SessionRequests, SessionRequests__Output as _baton_v1_SessionRequests__Output } from './baton/v1/SessionRequests';
import type { SessionResponse as _baton_v1_SessionResponse, SessionResponse__Output as _baton_v1_SessionResponse__Output } from './baton/v1/SessionResponse';
import type { SessionResponses as _baton_v1_SessionResponses, SessionResponses__Output as _baton_v1_SessionResponses__Output } from './baton/v1/SessionResponses';
import type { SpecRevision as _baton_v1_SpecRevision, SpecRevision__Output as _baton_v1_SpecRevision__Output } from './baton/v1/SpecRevision';
import type { StoreObject as _baton_v1_StoreObject, StoreObject__Output as _baton_v1_StoreObject__Output } from './baton/v1/StoreObject';
import type { StoreOp as _baton_v1_StoreOp, StoreOp__Output as _baton_v1_StoreOp__Output } from './baton/v1/StoreOp';
import type { StoreSnapshot as _baton_v1_StoreSnapshot, StoreSnapshot__Output as _baton_v1_StoreSnapshot__Output } from './baton/v1/StoreSnapshot';
import type { StoreTx as _baton_v1_StoreTx, StoreTx__Output as _baton_v1_StoreTx__Output } from './baton/v1/StoreTx';
import type { StoreTxResult as _baton_v1_StoreTxResult, StoreTxResult__Output as _baton_v1_StoreTxResult__Output } from './baton/v1/StoreTxResult';
import type { Task as _baton_v1_Task, Task__Output as _baton_v1_Task__Output } from './baton/v1/Task';
import type { TaskHealth as _baton_v1_TaskHealth, TaskHealth__Output as _baton_v1_TaskHealth__Output } from './baton/v1/TaskHealth';
import type { TaskSpec as _baton_v1_TaskSpec, TaskSpec__Output as _baton_v1_TaskSpec__Output } from './baton/v1/TaskSpec';
import type { TaskStatus as _baton_v1_TaskStatus, TaskStatus__Output as _baton_v1_TaskStatus__Output } from './baton/v1/TaskStatus';
import type { TcpProbe as _baton_v1_TcpProbe, TcpProbe__Output as _baton_v1_TcpProbe__Output } from './baton/v1/TcpProbe';
import type { TokensRequest as _baton_v1_TokensRequest, TokensRequest__Output as _baton_v1_TokensRequest__Output } from './baton/v1/TokensRequest';
import type { TokensResponse as _baton_v1_TokensResponse, TokensResponse__Output as _baton_v1_TokensResponse__Output } from './baton/v1/TokensResponse';
import type { TransferLeadershipRequest as _baton_v1_TransferLeadershipRequest, TransferLeadershipRequest__Output as _baton_v1_TransferLeadershipRequest__Output } from './baton/v1/TransferLeadershipRequest';
import type { TransferLeadershipResponse as _baton_v1_TransferLeadershipResponse, TransferLeadershipResponse__Output as _baton_v1_TransferLeadershipResponse__Output } from './baton/v1/TransferLeadershipResponse';
import type { UpdateConfig as _baton_v1_UpdateConfig, UpdateConfig__Output as _baton_v1_UpdateConfig__Output } from './baton/v1/UpdateConfig';
import type { UpdateStatus as _baton_v1_UpdateStatus, UpdateStatus__Output as _baton_v1_UpdateStatus__Output } from './baton/v1/UpdateStatus';
import type { WatchEvent as _baton_v1_WatchEvent, WatchEvent__Output as _baton_v1_WatchEvent__Output } from './baton/v1/WatchEvent';
import type { WatchRequest as _baton_v1_WatchRequest, WatchRequest__Output as _baton_v1_WatchRequest__Output } from './baton/v1/WatchRequest';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  baton: {
    v1: {
      AssignedPort: MessageTypeDefinition<_baton_v1_AssignedPort, _baton_v1_AssignedPort__Output>
      BackupChunk: MessageTypeDefinition<_baton_v1_BackupChunk, _baton_v1_BackupChunk__Output>
      BackupHeader: MessageTypeDefinition<_baton_v1_BackupHeader, _baton_v1_BackupHeader__Output>
      BackupRequest: MessageTypeDefinition<_baton_v1_BackupRequest, _baton_v1_BackupRequest__Output>
      ClientSession: MessageTypeDefinition<_baton_v1_ClientSession, _baton_v1_ClientSession__Output>
      Cluster: SubtypeConstructor<typeof grpc.Client, _baton_v1_ClusterClient> & { service: _baton_v1_ClusterDefinition }
      ClusterInfo: MessageTypeDefinition<_baton_v1_ClusterInfo, _baton_v1_ClusterInfo__Output>
      ClusterSettings: MessageTypeDefinition<_baton_v1_ClusterSettings, _baton_v1_ClusterSettings__Output>
      Command: MessageTypeDefinition<_baton_v1_Command, _baton_v1_Command__Output>
      CompareAndSwapRequest: MessageTypeDefinition<_baton_v1_CompareAndSwapRequest, _baton_v1_CompareAndSwapRequest__Output>
      CompareAndSwapResponse: MessageTypeDefinition<_baton_v1_CompareAndSwapResponse, _baton_v1_CompareAndSwapResponse__Output>
      ContainerRuntime: MessageTypeDefinition<_baton_v1_ContainerRuntime, _baton_v1_ContainerRuntime__Output>
      DeleteRequest: MessageTypeDefinition<_baton_v1_DeleteRequest, _baton_v1_DeleteRequest__Output>
      DeleteResponse: MessageTypeDefinition<_baton_v1_DeleteResponse, _baton_v1_DeleteResponse__Output>
      DemoteManagerRequest: MessageTypeDefinition<_baton_v1_DemoteManagerRequest, _baton_v1_DemoteManagerRequest__Output>
      ExecProbe: MessageTypeDefinition<_baton_v1_ExecProbe, _baton_v1_ExecProbe__Output>
      GetRequest: MessageTypeDefinition<_baton_v1_GetRequest, _baton_v1_GetRequest__Output>
      GetResponse: MessageTypeDefinition<_baton_v1_GetResponse, _baton_v1_GetResponse__Output>
      GlobalMode: MessageTypeDefinition<_baton_v1_GlobalMode, _baton_v1_GlobalMode__Output>
      HttpProbe: MessageTypeDefinition<_baton_v1_HttpProbe, _baton_v1_HttpProbe__Output>
      JoinRequest: MessageTypeDefinition<_baton_v1_JoinRequest, _baton_v1_JoinRequest__Output>
      JoinResponse: MessageTypeDefinition<_baton_v1_JoinResponse, _baton_v1_JoinResponse__Output>
      JoinTokens: MessageTypeDefinition<_baton_v1_JoinTokens, _baton_v1_JoinTokens__Output>
      KeyValue: MessageTypeDefinition<_baton_v1_KeyValue, _baton_v1_KeyValue__Output>
      LeaveRequest: MessageTypeDefinition<_baton_v1_LeaveRequest, _baton_v1_LeaveRequest__Output>
      LeaveResponse: MessageTypeDefinition<_baton_v1_LeaveResponse, _baton_v1_LeaveResponse__Output>
      ListManagersRequest: MessageTypeDefinition<_baton_v1_ListManagersRequest, _baton_v1_ListManagersRequest__Output>
      ListManagersResponse: MessageTypeDefinition<_baton_v1_ListManagersResponse, _baton_v1_ListManagersResponse__Output>
      ManagerRole: EnumTypeDefinition
      ManagerStatus: MessageTypeDefinition<_baton_v1_ManagerStatus, _baton_v1_ManagerStatus__Output>
      MemberInfo: MessageTypeDefinition<_baton_v1_MemberInfo, _baton_v1_MemberInfo__Output>
      MembershipResponse: MessageTypeDefinition<_baton_v1_MembershipResponse, _baton_v1_MembershipResponse__Output>
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
      PromoteManagerRequest: MessageTypeDefinition<_baton_v1_PromoteManagerRequest, _baton_v1_PromoteManagerRequest__Output>
      PutRequest: MessageTypeDefinition<_baton_v1_PutRequest, _baton_v1_PutRequest__Output>
      PutResponse: MessageTypeDefinition<_baton_v1_PutResponse, _baton_v1_PutResponse__Output>
      RaftStatus: MessageTypeDefinition<_baton_v1_RaftStatus, _baton_v1_RaftStatus__Output>
      RaftStatusRequest: MessageTypeDefinition<_baton_v1_RaftStatusRequest, _baton_v1_RaftStatusRequest__Output>
      RangeRequest: MessageTypeDefinition<_baton_v1_RangeRequest, _baton_v1_RangeRequest__Output>
      RangeResponse: MessageTypeDefinition<_baton_v1_RangeResponse, _baton_v1_RangeResponse__Output>
      ReadConsistency: EnumTypeDefinition
      RebalanceMode: EnumTypeDefinition
      RemoveManagerRequest: MessageTypeDefinition<_baton_v1_RemoveManagerRequest, _baton_v1_RemoveManagerRequest__Output>
      ReplicatedMode: MessageTypeDefinition<_baton_v1_ReplicatedMode, _baton_v1_ReplicatedMode__Output>
      RequestId: MessageTypeDefinition<_baton_v1_RequestId, _baton_v1_RequestId__Output>
      Resources: MessageTypeDefinition<_baton_v1_Resources, _baton_v1_Resources__Output>
      RestartCondition: EnumTypeDefinition
      RestartPolicy: MessageTypeDefinition<_baton_v1_RestartPolicy, _baton_v1_RestartPolicy__Output>
      Service: MessageTypeDefinition<_baton_v1_Service, _baton_v1_Service__Output>
      ServiceSpec: MessageTypeDefinition<_baton_v1_ServiceSpec, _baton_v1_ServiceSpec__Output>
      SessionError: MessageTypeDefinition<_baton_v1_SessionError, _baton_v1_SessionError__Output>
      SessionRequest: MessageTypeDefinition<_baton_v1_SessionRequest, _baton_v1_SessionRequest__Output>
      SessionRequests: MessageTypeDefinition<_baton_v1_SessionRequests, _baton_v1_SessionRequests__Output>
      SessionResponse: MessageTypeDefinition<_baton_v1_SessionResponse, _baton_v1_SessionResponse__Output>
      SessionResponses: MessageTypeDefinition<_baton_v1_SessionResponses, _baton_v1_SessionResponses__Output>
      SpecRevision: MessageTypeDefinition<_baton_v1_SpecRevision, _baton_v1_SpecRevision__Output>
      StoreObject: MessageTypeDefinition<_baton_v1_StoreObject, _baton_v1_StoreObject__Output>
      StoreOp: MessageTypeDefinition<_baton_v1_StoreOp, _baton_v1_StoreOp__Output>
      StoreOpKind: EnumTypeDefinition
      StoreSnapshot: MessageTypeDefinition<_baton_v1_StoreSnapshot, _baton_v1_StoreSnapshot__Output>
      StoreTx: MessageTypeDefinition<_baton_v1_StoreTx, _baton_v1_StoreTx__Output>
      StoreTxResult: MessageTypeDefinition<_baton_v1_StoreTxResult, _baton_v1_StoreTxResult__Output>
      Task: MessageTypeDefinition<_baton_v1_Task, _baton_v1_Task__Output>
      TaskHealth: MessageTypeDefinition<_baton_v1_TaskHealth, _baton_v1_TaskHealth__Output>
      TaskSpec: MessageTypeDefinition<_baton_v1_TaskSpec, _baton_v1_TaskSpec__Output>
      TaskState: EnumTypeDefinition
      TaskStatus: MessageTypeDefinition<_baton_v1_TaskStatus, _baton_v1_TaskStatus__Output>
      TcpProbe: MessageTypeDefinition<_baton_v1_TcpProbe, _baton_v1_TcpProbe__Output>
      TokensRequest: MessageTypeDefinition<_baton_v1_TokensRequest, _baton_v1_TokensRequest__Output>
      TokensResponse: MessageTypeDefinition<_baton_v1_TokensResponse, _baton_v1_TokensResponse__Output>
      TransferLeadershipRequest: MessageTypeDefinition<_baton_v1_TransferLeadershipRequest, _baton_v1_TransferLeadershipRequest__Output>
      TransferLeadershipResponse: MessageTypeDefinition<_baton_v1_TransferLeadershipResponse, _baton_v1_TransferLeadershipResponse__Output>
      UpdateConfig: MessageTypeDefinition<_baton_v1_UpdateConfig, _baton_v1_UpdateConfig__Output>
      UpdateFailureAction: EnumTypeDefinition
      UpdateOrder: EnumTypeDefinition
      UpdateState: EnumTypeDefinition
      UpdateStatus: MessageTypeDefinition<_baton_v1_UpdateStatus, _baton_v1_UpdateStatus__Output>
      WatchEvent: MessageTypeDefinition<_baton_v1_WatchEvent, _baton_v1_WatchEvent__Output>
      WatchEventType: EnumTypeDefinition
      WatchRequest: MessageTypeDefinition<_baton_v1_WatchRequest, _baton_v1_WatchRequest__Output>
    }
  }
}

