// Original file: proto/baton/v1/raft.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { MessageBatch as _baton_v1_MessageBatch, MessageBatch__Output as _baton_v1_MessageBatch__Output } from '../../baton/v1/MessageBatch';
import type { StreamAck as _baton_v1_StreamAck, StreamAck__Output as _baton_v1_StreamAck__Output } from '../../baton/v1/StreamAck';

export interface RaftTransportClient extends grpc.Client {
  Stream(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_StreamAck__Output>): grpc.ClientWritableStream<_baton_v1_MessageBatch>;
  Stream(metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_StreamAck__Output>): grpc.ClientWritableStream<_baton_v1_MessageBatch>;
  Stream(options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_StreamAck__Output>): grpc.ClientWritableStream<_baton_v1_MessageBatch>;
  Stream(callback: grpc.requestCallback<_baton_v1_StreamAck__Output>): grpc.ClientWritableStream<_baton_v1_MessageBatch>;
  stream(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_StreamAck__Output>): grpc.ClientWritableStream<_baton_v1_MessageBatch>;
  stream(metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_StreamAck__Output>): grpc.ClientWritableStream<_baton_v1_MessageBatch>;
  stream(options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_StreamAck__Output>): grpc.ClientWritableStream<_baton_v1_MessageBatch>;
  stream(callback: grpc.requestCallback<_baton_v1_StreamAck__Output>): grpc.ClientWritableStream<_baton_v1_MessageBatch>;
  
}

export interface RaftTransportHandlers extends grpc.UntypedServiceImplementation {
  Stream: grpc.handleClientStreamingCall<_baton_v1_MessageBatch__Output, _baton_v1_StreamAck>;
  
}

export interface RaftTransportDefinition extends grpc.ServiceDefinition {
  Stream: MethodDefinition<_baton_v1_MessageBatch, _baton_v1_StreamAck, _baton_v1_MessageBatch__Output, _baton_v1_StreamAck__Output>
}
