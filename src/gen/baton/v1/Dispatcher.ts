// Original file: proto/baton/v1/dispatcher.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ManagerMessage as _baton_v1_ManagerMessage, ManagerMessage__Output as _baton_v1_ManagerMessage__Output } from '../../baton/v1/ManagerMessage';
import type { WorkerMessage as _baton_v1_WorkerMessage, WorkerMessage__Output as _baton_v1_WorkerMessage__Output } from '../../baton/v1/WorkerMessage';

export interface DispatcherClient extends grpc.Client {
  Session(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_baton_v1_WorkerMessage, _baton_v1_ManagerMessage__Output>;
  Session(options?: grpc.CallOptions): grpc.ClientDuplexStream<_baton_v1_WorkerMessage, _baton_v1_ManagerMessage__Output>;
  session(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_baton_v1_WorkerMessage, _baton_v1_ManagerMessage__Output>;
  session(options?: grpc.CallOptions): grpc.ClientDuplexStream<_baton_v1_WorkerMessage, _baton_v1_ManagerMessage__Output>;
  
}

export interface DispatcherHandlers extends grpc.UntypedServiceImplementation {
  Session: grpc.handleBidiStreamingCall<_baton_v1_WorkerMessage__Output, _baton_v1_ManagerMessage>;
  
}

export interface DispatcherDefinition extends grpc.ServiceDefinition {
  Session: MethodDefinition<_baton_v1_WorkerMessage, _baton_v1_ManagerMessage, _baton_v1_WorkerMessage__Output, _baton_v1_ManagerMessage__Output>
}
