// Original file: proto/baton/v1/dispatcher.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { LogLine as _baton_v1_LogLine, LogLine__Output as _baton_v1_LogLine__Output } from '../../baton/v1/LogLine';
import type { TaskLogsRequest as _baton_v1_TaskLogsRequest, TaskLogsRequest__Output as _baton_v1_TaskLogsRequest__Output } from '../../baton/v1/TaskLogsRequest';

export interface AgentClient extends grpc.Client {
  TaskLogs(argument: _baton_v1_TaskLogsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_baton_v1_LogLine__Output>;
  TaskLogs(argument: _baton_v1_TaskLogsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_baton_v1_LogLine__Output>;
  taskLogs(argument: _baton_v1_TaskLogsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_baton_v1_LogLine__Output>;
  taskLogs(argument: _baton_v1_TaskLogsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_baton_v1_LogLine__Output>;
  
}

export interface AgentHandlers extends grpc.UntypedServiceImplementation {
  TaskLogs: grpc.handleServerStreamingCall<_baton_v1_TaskLogsRequest__Output, _baton_v1_LogLine>;
  
}

export interface AgentDefinition extends grpc.ServiceDefinition {
  TaskLogs: MethodDefinition<_baton_v1_TaskLogsRequest, _baton_v1_LogLine, _baton_v1_TaskLogsRequest__Output, _baton_v1_LogLine__Output>
}
