// Original file: proto/baton/v1/control.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CompareAndSwapRequest as _baton_v1_CompareAndSwapRequest, CompareAndSwapRequest__Output as _baton_v1_CompareAndSwapRequest__Output } from '../../baton/v1/CompareAndSwapRequest';
import type { CompareAndSwapResponse as _baton_v1_CompareAndSwapResponse, CompareAndSwapResponse__Output as _baton_v1_CompareAndSwapResponse__Output } from '../../baton/v1/CompareAndSwapResponse';
import type { DeleteRequest as _baton_v1_DeleteRequest, DeleteRequest__Output as _baton_v1_DeleteRequest__Output } from '../../baton/v1/DeleteRequest';
import type { DeleteResponse as _baton_v1_DeleteResponse, DeleteResponse__Output as _baton_v1_DeleteResponse__Output } from '../../baton/v1/DeleteResponse';
import type { GetRequest as _baton_v1_GetRequest, GetRequest__Output as _baton_v1_GetRequest__Output } from '../../baton/v1/GetRequest';
import type { GetResponse as _baton_v1_GetResponse, GetResponse__Output as _baton_v1_GetResponse__Output } from '../../baton/v1/GetResponse';
import type { PutRequest as _baton_v1_PutRequest, PutRequest__Output as _baton_v1_PutRequest__Output } from '../../baton/v1/PutRequest';
import type { PutResponse as _baton_v1_PutResponse, PutResponse__Output as _baton_v1_PutResponse__Output } from '../../baton/v1/PutResponse';
import type { RangeRequest as _baton_v1_RangeRequest, RangeRequest__Output as _baton_v1_RangeRequest__Output } from '../../baton/v1/RangeRequest';
import type { RangeResponse as _baton_v1_RangeResponse, RangeResponse__Output as _baton_v1_RangeResponse__Output } from '../../baton/v1/RangeResponse';
import type { SessionRequest as _baton_v1_SessionRequest, SessionRequest__Output as _baton_v1_SessionRequest__Output } from '../../baton/v1/SessionRequest';
import type { SessionResponse as _baton_v1_SessionResponse, SessionResponse__Output as _baton_v1_SessionResponse__Output } from '../../baton/v1/SessionResponse';
import type { WatchEvent as _baton_v1_WatchEvent, WatchEvent__Output as _baton_v1_WatchEvent__Output } from '../../baton/v1/WatchEvent';
import type { WatchRequest as _baton_v1_WatchRequest, WatchRequest__Output as _baton_v1_WatchRequest__Output } from '../../baton/v1/WatchRequest';

export interface ControlClient extends grpc.Client {
  CompareAndSwap(argument: _baton_v1_CompareAndSwapRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_CompareAndSwapResponse__Output>): grpc.ClientUnaryCall;
  CompareAndSwap(argument: _baton_v1_CompareAndSwapRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_CompareAndSwapResponse__Output>): grpc.ClientUnaryCall;
  CompareAndSwap(argument: _baton_v1_CompareAndSwapRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_CompareAndSwapResponse__Output>): grpc.ClientUnaryCall;
  CompareAndSwap(argument: _baton_v1_CompareAndSwapRequest, callback: grpc.requestCallback<_baton_v1_CompareAndSwapResponse__Output>): grpc.ClientUnaryCall;
  compareAndSwap(argument: _baton_v1_CompareAndSwapRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_CompareAndSwapResponse__Output>): grpc.ClientUnaryCall;
  compareAndSwap(argument: _baton_v1_CompareAndSwapRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_CompareAndSwapResponse__Output>): grpc.ClientUnaryCall;
  compareAndSwap(argument: _baton_v1_CompareAndSwapRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_CompareAndSwapResponse__Output>): grpc.ClientUnaryCall;
  compareAndSwap(argument: _baton_v1_CompareAndSwapRequest, callback: grpc.requestCallback<_baton_v1_CompareAndSwapResponse__Output>): grpc.ClientUnaryCall;
  
  Delete(argument: _baton_v1_DeleteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  Delete(argument: _baton_v1_DeleteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  Delete(argument: _baton_v1_DeleteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  Delete(argument: _baton_v1_DeleteRequest, callback: grpc.requestCallback<_baton_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _baton_v1_DeleteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _baton_v1_DeleteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _baton_v1_DeleteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _baton_v1_DeleteRequest, callback: grpc.requestCallback<_baton_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  
  Get(argument: _baton_v1_GetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  Get(argument: _baton_v1_GetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  Get(argument: _baton_v1_GetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  Get(argument: _baton_v1_GetRequest, callback: grpc.requestCallback<_baton_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  get(argument: _baton_v1_GetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  get(argument: _baton_v1_GetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  get(argument: _baton_v1_GetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  get(argument: _baton_v1_GetRequest, callback: grpc.requestCallback<_baton_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  
  Put(argument: _baton_v1_PutRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_PutResponse__Output>): grpc.ClientUnaryCall;
  Put(argument: _baton_v1_PutRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_PutResponse__Output>): grpc.ClientUnaryCall;
  Put(argument: _baton_v1_PutRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_PutResponse__Output>): grpc.ClientUnaryCall;
  Put(argument: _baton_v1_PutRequest, callback: grpc.requestCallback<_baton_v1_PutResponse__Output>): grpc.ClientUnaryCall;
  put(argument: _baton_v1_PutRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_PutResponse__Output>): grpc.ClientUnaryCall;
  put(argument: _baton_v1_PutRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_PutResponse__Output>): grpc.ClientUnaryCall;
  put(argument: _baton_v1_PutRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_PutResponse__Output>): grpc.ClientUnaryCall;
  put(argument: _baton_v1_PutRequest, callback: grpc.requestCallback<_baton_v1_PutResponse__Output>): grpc.ClientUnaryCall;
  
  Range(argument: _baton_v1_RangeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_RangeResponse__Output>): grpc.ClientUnaryCall;
  Range(argument: _baton_v1_RangeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_RangeResponse__Output>): grpc.ClientUnaryCall;
  Range(argument: _baton_v1_RangeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_RangeResponse__Output>): grpc.ClientUnaryCall;
  Range(argument: _baton_v1_RangeRequest, callback: grpc.requestCallback<_baton_v1_RangeResponse__Output>): grpc.ClientUnaryCall;
  range(argument: _baton_v1_RangeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_RangeResponse__Output>): grpc.ClientUnaryCall;
  range(argument: _baton_v1_RangeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_RangeResponse__Output>): grpc.ClientUnaryCall;
  range(argument: _baton_v1_RangeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_RangeResponse__Output>): grpc.ClientUnaryCall;
  range(argument: _baton_v1_RangeRequest, callback: grpc.requestCallback<_baton_v1_RangeResponse__Output>): grpc.ClientUnaryCall;
  
  Session(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_baton_v1_SessionRequest, _baton_v1_SessionResponse__Output>;
  Session(options?: grpc.CallOptions): grpc.ClientDuplexStream<_baton_v1_SessionRequest, _baton_v1_SessionResponse__Output>;
  session(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_baton_v1_SessionRequest, _baton_v1_SessionResponse__Output>;
  session(options?: grpc.CallOptions): grpc.ClientDuplexStream<_baton_v1_SessionRequest, _baton_v1_SessionResponse__Output>;
  
  Watch(argument: _baton_v1_WatchRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_baton_v1_WatchEvent__Output>;
  Watch(argument: _baton_v1_WatchRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_baton_v1_WatchEvent__Output>;
  watch(argument: _baton_v1_WatchRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_baton_v1_WatchEvent__Output>;
  watch(argument: _baton_v1_WatchRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_baton_v1_WatchEvent__Output>;
  
}

export interface ControlHandlers extends grpc.UntypedServiceImplementation {
  CompareAndSwap: grpc.handleUnaryCall<_baton_v1_CompareAndSwapRequest__Output, _baton_v1_CompareAndSwapResponse>;
  
  Delete: grpc.handleUnaryCall<_baton_v1_DeleteRequest__Output, _baton_v1_DeleteResponse>;
  
  Get: grpc.handleUnaryCall<_baton_v1_GetRequest__Output, _baton_v1_GetResponse>;
  
  Put: grpc.handleUnaryCall<_baton_v1_PutRequest__Output, _baton_v1_PutResponse>;
  
  Range: grpc.handleUnaryCall<_baton_v1_RangeRequest__Output, _baton_v1_RangeResponse>;
  
  Session: grpc.handleBidiStreamingCall<_baton_v1_SessionRequest__Output, _baton_v1_SessionResponse>;
  
  Watch: grpc.handleServerStreamingCall<_baton_v1_WatchRequest__Output, _baton_v1_WatchEvent>;
  
}

export interface ControlDefinition extends grpc.ServiceDefinition {
  CompareAndSwap: MethodDefinition<_baton_v1_CompareAndSwapRequest, _baton_v1_CompareAndSwapResponse, _baton_v1_CompareAndSwapRequest__Output, _baton_v1_CompareAndSwapResponse__Output>
  Delete: MethodDefinition<_baton_v1_DeleteRequest, _baton_v1_DeleteResponse, _baton_v1_DeleteRequest__Output, _baton_v1_DeleteResponse__Output>
  Get: MethodDefinition<_baton_v1_GetRequest, _baton_v1_GetResponse, _baton_v1_GetRequest__Output, _baton_v1_GetResponse__Output>
  Put: MethodDefinition<_baton_v1_PutRequest, _baton_v1_PutResponse, _baton_v1_PutRequest__Output, _baton_v1_PutResponse__Output>
  Range: MethodDefinition<_baton_v1_RangeRequest, _baton_v1_RangeResponse, _baton_v1_RangeRequest__Output, _baton_v1_RangeResponse__Output>
  Session: MethodDefinition<_baton_v1_SessionRequest, _baton_v1_SessionResponse, _baton_v1_SessionRequest__Output, _baton_v1_SessionResponse__Output>
  Watch: MethodDefinition<_baton_v1_WatchRequest, _baton_v1_WatchEvent, _baton_v1_WatchRequest__Output, _baton_v1_WatchEvent__Output>
}
