// Original file: proto/baton/v1/cluster.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { BackupChunk as _baton_v1_BackupChunk, BackupChunk__Output as _baton_v1_BackupChunk__Output } from '../../baton/v1/BackupChunk';
import type { BackupRequest as _baton_v1_BackupRequest, BackupRequest__Output as _baton_v1_BackupRequest__Output } from '../../baton/v1/BackupRequest';
import type { DemoteManagerRequest as _baton_v1_DemoteManagerRequest, DemoteManagerRequest__Output as _baton_v1_DemoteManagerRequest__Output } from '../../baton/v1/DemoteManagerRequest';
import type { JoinRequest as _baton_v1_JoinRequest, JoinRequest__Output as _baton_v1_JoinRequest__Output } from '../../baton/v1/JoinRequest';
import type { JoinResponse as _baton_v1_JoinResponse, JoinResponse__Output as _baton_v1_JoinResponse__Output } from '../../baton/v1/JoinResponse';
import type { LeaveRequest as _baton_v1_LeaveRequest, LeaveRequest__Output as _baton_v1_LeaveRequest__Output } from '../../baton/v1/LeaveRequest';
import type { LeaveResponse as _baton_v1_LeaveResponse, LeaveResponse__Output as _baton_v1_LeaveResponse__Output } from '../../baton/v1/LeaveResponse';
import type { ListManagersRequest as _baton_v1_ListManagersRequest, ListManagersRequest__Output as _baton_v1_ListManagersRequest__Output } from '../../baton/v1/ListManagersRequest';
import type { ListManagersResponse as _baton_v1_ListManagersResponse, ListManagersResponse__Output as _baton_v1_ListManagersResponse__Output } from '../../baton/v1/ListManagersResponse';
import type { MembershipResponse as _baton_v1_MembershipResponse, MembershipResponse__Output as _baton_v1_MembershipResponse__Output } from '../../baton/v1/MembershipResponse';
import type { PromoteManagerRequest as _baton_v1_PromoteManagerRequest, PromoteManagerRequest__Output as _baton_v1_PromoteManagerRequest__Output } from '../../baton/v1/PromoteManagerRequest';
import type { RaftStatus as _baton_v1_RaftStatus, RaftStatus__Output as _baton_v1_RaftStatus__Output } from '../../baton/v1/RaftStatus';
import type { RaftStatusRequest as _baton_v1_RaftStatusRequest, RaftStatusRequest__Output as _baton_v1_RaftStatusRequest__Output } from '../../baton/v1/RaftStatusRequest';
import type { RemoveManagerRequest as _baton_v1_RemoveManagerRequest, RemoveManagerRequest__Output as _baton_v1_RemoveManagerRequest__Output } from '../../baton/v1/RemoveManagerRequest';
import type { TokensRequest as _baton_v1_TokensRequest, TokensRequest__Output as _baton_v1_TokensRequest__Output } from '../../baton/v1/TokensRequest';
import type { TokensResponse as _baton_v1_TokensResponse, TokensResponse__Output as _baton_v1_TokensResponse__Output } from '../../baton/v1/TokensResponse';
import type { TransferLeadershipRequest as _baton_v1_TransferLeadershipRequest, TransferLeadershipRequest__Output as _baton_v1_TransferLeadershipRequest__Output } from '../../baton/v1/TransferLeadershipRequest';
import type { TransferLeadershipResponse as _baton_v1_TransferLeadershipResponse, TransferLeadershipResponse__Output as _baton_v1_TransferLeadershipResponse__Output } from '../../baton/v1/TransferLeadershipResponse';

export interface ClusterClient extends grpc.Client {
  Backup(argument: _baton_v1_BackupRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_baton_v1_BackupChunk__Output>;
  Backup(argument: _baton_v1_BackupRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_baton_v1_BackupChunk__Output>;
  backup(argument: _baton_v1_BackupRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_baton_v1_BackupChunk__Output>;
  backup(argument: _baton_v1_BackupRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_baton_v1_BackupChunk__Output>;
  
  DemoteManager(argument: _baton_v1_DemoteManagerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_MembershipResponse__Output>): grpc.ClientUnaryCall;
  DemoteManager(argument: _baton_v1_DemoteManagerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_MembershipResponse__Output>): grpc.ClientUnaryCall;
  DemoteManager(argument: _baton_v1_DemoteManagerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_MembershipResponse__Output>): grpc.ClientUnaryCall;
  DemoteManager(argument: _baton_v1_DemoteManagerRequest, callback: grpc.requestCallback<_baton_v1_MembershipResponse__Output>): grpc.ClientUnaryCall;
  demoteManager(argument: _baton_v1_DemoteManagerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_MembershipResponse__Output>): grpc.ClientUnaryCall;
  demoteManager(argument: _baton_v1_DemoteManagerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_MembershipResponse__Output>): grpc.ClientUnaryCall;
  demoteManager(argument: _baton_v1_DemoteManagerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_MembershipResponse__Output>): grpc.ClientUnaryCall;
  demoteManager(argument: _baton_v1_DemoteManagerRequest, callback: grpc.requestCallback<_baton_v1_MembershipResponse__Output>): grpc.ClientUnaryCall;
  
  Join(argument: _baton_v1_JoinRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_JoinResponse__Output>): grpc.ClientUnaryCall;
  Join(argument: _baton_v1_JoinRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_JoinResponse__Output>): grpc.ClientUnaryCall;
  Join(argument: _baton_v1_JoinRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_JoinResponse__Output>): grpc.ClientUnaryCall;
  Join(argument: _baton_v1_JoinRequest, callback: grpc.requestCallback<_baton_v1_JoinResponse__Output>): grpc.ClientUnaryCall;
  join(argument: _baton_v1_JoinRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_JoinResponse__Output>): grpc.ClientUnaryCall;
  join(argument: _baton_v1_JoinRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_JoinResponse__Output>): grpc.ClientUnaryCall;
  join(argument: _baton_v1_JoinRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_JoinResponse__Output>): grpc.ClientUnaryCall;
  join(argument: _baton_v1_JoinRequest, callback: grpc.requestCallback<_baton_v1_JoinResponse__Output>): grpc.ClientUnaryCall;
  
  Leave(argument: _baton_v1_LeaveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_LeaveResponse__Output>): grpc.ClientUnaryCall;
  Leave(argument: _baton_v1_LeaveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_LeaveResponse__Output>): grpc.ClientUnaryCall;
  Leave(argument: _baton_v1_LeaveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_LeaveResponse__Output>): grpc.ClientUnaryCall;
  Leave(argument: _baton_v1_LeaveRequest, callback: grpc.requestCallback<_baton_v1_LeaveResponse__Output>): grpc.ClientUnaryCall;
  leave(argument: _baton_v1_LeaveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_LeaveResponse__Output>): grpc.ClientUnaryCall;
  leave(argument: _baton_v1_LeaveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_LeaveResponse__Output>): grpc.ClientUnaryCall;
  leave(argument: _baton_v1_LeaveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_LeaveResponse__Output>): grpc.ClientUnaryCall;
  leave(argument: _baton_v1_LeaveRequest, callback: grpc.requestCallback<_baton_v1_LeaveResponse__Output>): grpc.ClientUnaryCall;
  
  ListManagers(argument: _baton_v1_ListManagersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_ListManagersResponse__Output>): grpc.ClientUnaryCall;
  ListManagers(argument: _baton_v1_ListManagersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_ListManagersResponse__Output>): grpc.ClientUnaryCall;
  ListManagers(argument: _baton_v1_ListManagersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_ListManagersResponse__Output>): grpc.ClientUnaryCall;
  ListManagers(argument: _baton_v1_ListManagersRequest, callback: grpc.requestCallback<_baton_v1_ListManagersResponse__Output>): grpc.ClientUnaryCall;
  listManagers(argument: _baton_v1_ListManagersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_ListManagersResponse__Output>): grpc.ClientUnaryCall;
  listManagers(argument: _baton_v1_ListManagersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_ListManagersResponse__Output>): grpc.ClientUnaryCall;
  listManagers(argument: _baton_v1_ListManagersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_ListManagersResponse__Output>): grpc.ClientUnaryCall;
  listManagers(argument: _baton_v1_ListManagersRequest, callback: grpc.requestCallback<_baton_v1_ListManagersResponse__Output>): grpc.ClientUnaryCall;
  
  PromoteManager(argument: _baton_v1_PromoteManagerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_MembershipResponse__Output>): grpc.ClientUnaryCall;
  PromoteManager(argument: _baton_v1_PromoteManagerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_MembershipResponse__Output>): grpc.ClientUnaryCall;
  PromoteManager(argument: _baton_v1_PromoteManagerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_MembershipResponse__Output>): grpc.ClientUnaryCall;
  PromoteManager(argument: _baton_v1_PromoteManagerRequest, callback: grpc.requestCallback<_baton_v1_MembershipResponse__Output>): grpc.ClientUnaryCall;
  promoteManager(argument: _baton_v1_PromoteManagerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_MembershipResponse__Output>): grpc.ClientUnaryCall;
  promoteManager(argument: _baton_v1_PromoteManagerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_MembershipResponse__Output>): grpc.ClientUnaryCall;
  promoteManager(argument: _baton_v1_PromoteManagerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_MembershipResponse__Output>): grpc.ClientUnaryCall;
  promoteManager(argument: _baton_v1_PromoteManagerRequest, callback: grpc.requestCallback<_baton_v1_MembershipResponse__Output>): grpc.ClientUnaryCall;
  
  RaftStatus(argument: _baton_v1_RaftStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_RaftStatus__Output>): grpc.ClientUnaryCall;
  RaftStatus(argument: _baton_v1_RaftStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_RaftStatus__Output>): grpc.ClientUnaryCall;
  RaftStatus(argument: _baton_v1_RaftStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_RaftStatus__Output>): grpc.ClientUnaryCall;
  RaftStatus(argument: _baton_v1_RaftStatusRequest, callback: grpc.requestCallback<_baton_v1_RaftStatus__Output>): grpc.ClientUnaryCall;
  raftStatus(argument: _baton_v1_RaftStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_RaftStatus__Output>): grpc.ClientUnaryCall;
  raftStatus(argument: _baton_v1_RaftStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_RaftStatus__Output>): grpc.ClientUnaryCall;
  raftStatus(argument: _baton_v1_RaftStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_RaftStatus__Output>): grpc.ClientUnaryCall;
  raftStatus(argument: _baton_v1_RaftStatusRequest, callback: grpc.requestCallback<_baton_v1_RaftStatus__Output>): grpc.ClientUnaryCall;
  
  RemoveManager(argument: _baton_v1_RemoveManagerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_MembershipResponse__Output>): grpc.ClientUnaryCall;
  RemoveManager(argument: _baton_v1_RemoveManagerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_MembershipResponse__Output>): grpc.ClientUnaryCall;
  RemoveManager(argument: _baton_v1_RemoveManagerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_MembershipResponse__Output>): grpc.ClientUnaryCall;
  RemoveManager(argument: _baton_v1_RemoveManagerRequest, callback: grpc.requestCallback<_baton_v1_MembershipResponse__Output>): grpc.ClientUnaryCall;
  removeManager(argument: _baton_v1_RemoveManagerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_MembershipResponse__Output>): grpc.ClientUnaryCall;
  removeManager(argument: _baton_v1_RemoveManagerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_MembershipResponse__Output>): grpc.ClientUnaryCall;
  removeManager(argument: _baton_v1_RemoveManagerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_MembershipResponse__Output>): grpc.ClientUnaryCall;
  removeManager(argument: _baton_v1_RemoveManagerRequest, callback: grpc.requestCallback<_baton_v1_MembershipResponse__Output>): grpc.ClientUnaryCall;
  
  Tokens(argument: _baton_v1_TokensRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_TokensResponse__Output>): grpc.ClientUnaryCall;
  Tokens(argument: _baton_v1_TokensRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_TokensResponse__Output>): grpc.ClientUnaryCall;
  Tokens(argument: _baton_v1_TokensRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_TokensResponse__Output>): grpc.ClientUnaryCall;
  Tokens(argument: _baton_v1_TokensRequest, callback: grpc.requestCallback<_baton_v1_TokensResponse__Output>): grpc.ClientUnaryCall;
  tokens(argument: _baton_v1_TokensRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_TokensResponse__Output>): grpc.ClientUnaryCall;
  tokens(argument: _baton_v1_TokensRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_TokensResponse__Output>): grpc.ClientUnaryCall;
  tokens(argument: _baton_v1_TokensRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_TokensResponse__Output>): grpc.ClientUnaryCall;
  tokens(argument: _baton_v1_TokensRequest, callback: grpc.requestCallback<_baton_v1_TokensResponse__Output>): grpc.ClientUnaryCall;
  
  TransferLeadership(argument: _baton_v1_TransferLeadershipRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_TransferLeadershipResponse__Output>): grpc.ClientUnaryCall;
  TransferLeadership(argument: _baton_v1_TransferLeadershipRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_TransferLeadershipResponse__Output>): grpc.ClientUnaryCall;
  TransferLeadership(argument: _baton_v1_TransferLeadershipRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_TransferLeadershipResponse__Output>): grpc.ClientUnaryCall;
  TransferLeadership(argument: _baton_v1_TransferLeadershipRequest, callback: grpc.requestCallback<_baton_v1_TransferLeadershipResponse__Output>): grpc.ClientUnaryCall;
  transferLeadership(argument: _baton_v1_TransferLeadershipRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_TransferLeadershipResponse__Output>): grpc.ClientUnaryCall;
  transferLeadership(argument: _baton_v1_TransferLeadershipRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_TransferLeadershipResponse__Output>): grpc.ClientUnaryCall;
  transferLeadership(argument: _baton_v1_TransferLeadershipRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_TransferLeadershipResponse__Output>): grpc.ClientUnaryCall;
  transferLeadership(argument: _baton_v1_TransferLeadershipRequest, callback: grpc.requestCallback<_baton_v1_TransferLeadershipResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface ClusterHandlers extends grpc.UntypedServiceImplementation {
  Backup: grpc.handleServerStreamingCall<_baton_v1_BackupRequest__Output, _baton_v1_BackupChunk>;
  
  DemoteManager: grpc.handleUnaryCall<_baton_v1_DemoteManagerRequest__Output, _baton_v1_MembershipResponse>;
  
  Join: grpc.handleUnaryCall<_baton_v1_JoinRequest__Output, _baton_v1_JoinResponse>;
  
  Leave: grpc.handleUnaryCall<_baton_v1_LeaveRequest__Output, _baton_v1_LeaveResponse>;
  
  ListManagers: grpc.handleUnaryCall<_baton_v1_ListManagersRequest__Output, _baton_v1_ListManagersResponse>;
  
  PromoteManager: grpc.handleUnaryCall<_baton_v1_PromoteManagerRequest__Output, _baton_v1_MembershipResponse>;
  
  RaftStatus: grpc.handleUnaryCall<_baton_v1_RaftStatusRequest__Output, _baton_v1_RaftStatus>;
  
  RemoveManager: grpc.handleUnaryCall<_baton_v1_RemoveManagerRequest__Output, _baton_v1_MembershipResponse>;
  
  Tokens: grpc.handleUnaryCall<_baton_v1_TokensRequest__Output, _baton_v1_TokensResponse>;
  
  TransferLeadership: grpc.handleUnaryCall<_baton_v1_TransferLeadershipRequest__Output, _baton_v1_TransferLeadershipResponse>;
  
}

export interface ClusterDefinition extends grpc.ServiceDefinition {
  Backup: MethodDefinition<_baton_v1_BackupRequest, _baton_v1_BackupChunk, _baton_v1_BackupRequest__Output, _baton_v1_BackupChunk__Output>
  DemoteManager: MethodDefinition<_baton_v1_DemoteManagerRequest, _baton_v1_MembershipResponse, _baton_v1_DemoteManagerRequest__Output, _baton_v1_MembershipResponse__Output>
  Join: MethodDefinition<_baton_v1_JoinRequest, _baton_v1_JoinResponse, _baton_v1_JoinRequest__Output, _baton_v1_JoinResponse__Output>
  Leave: MethodDefinition<_baton_v1_LeaveRequest, _baton_v1_LeaveResponse, _baton_v1_LeaveRequest__Output, _baton_v1_LeaveResponse__Output>
  ListManagers: MethodDefinition<_baton_v1_ListManagersRequest, _baton_v1_ListManagersResponse, _baton_v1_ListManagersRequest__Output, _baton_v1_ListManagersResponse__Output>
  PromoteManager: MethodDefinition<_baton_v1_PromoteManagerRequest, _baton_v1_MembershipResponse, _baton_v1_PromoteManagerRequest__Output, _baton_v1_MembershipResponse__Output>
  RaftStatus: MethodDefinition<_baton_v1_RaftStatusRequest, _baton_v1_RaftStatus, _baton_v1_RaftStatusRequest__Output, _baton_v1_RaftStatus__Output>
  RemoveManager: MethodDefinition<_baton_v1_RemoveManagerRequest, _baton_v1_MembershipResponse, _baton_v1_RemoveManagerRequest__Output, _baton_v1_MembershipResponse__Output>
  Tokens: MethodDefinition<_baton_v1_TokensRequest, _baton_v1_TokensResponse, _baton_v1_TokensRequest__Output, _baton_v1_TokensResponse__Output>
  TransferLeadership: MethodDefinition<_baton_v1_TransferLeadershipRequest, _baton_v1_TransferLeadershipResponse, _baton_v1_TransferLeadershipRequest__Output, _baton_v1_TransferLeadershipResponse__Output>
}
