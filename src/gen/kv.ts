import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { CompareAndSwapRequest as _baton_v1_CompareAndSwapRequest, CompareAndSwapRequest__Output as _baton_v1_CompareAndSwapRequest__Output } from './baton/v1/CompareAndSwapRequest';
import type { CompareAndSwapResponse as _baton_v1_CompareAndSwapResponse, CompareAndSwapResponse__Output as _baton_v1_CompareAndSwapResponse__Output } from './baton/v1/CompareAndSwapResponse';
import type { DeleteRequest as _baton_v1_DeleteRequest, DeleteRequest__Output as _baton_v1_DeleteRequest__Output } from './baton/v1/DeleteRequest';
import type { DeleteResponse as _baton_v1_DeleteResponse, DeleteResponse__Output as _baton_v1_DeleteResponse__Output } from './baton/v1/DeleteResponse';
import type { GetRequest as _baton_v1_GetRequest, GetRequest__Output as _baton_v1_GetRequest__Output } from './baton/v1/GetRequest';
import type { GetResponse as _baton_v1_GetResponse, GetResponse__Output as _baton_v1_GetResponse__Output } from './baton/v1/GetResponse';
import type { KeyValue as _baton_v1_KeyValue, KeyValue__Output as _baton_v1_KeyValue__Output } from './baton/v1/KeyValue';
import type { PutRequest as _baton_v1_PutRequest, PutRequest__Output as _baton_v1_PutRequest__Output } from './baton/v1/PutRequest';
import type { PutResponse as _baton_v1_PutResponse, PutResponse__Output as _baton_v1_PutResponse__Output } from './baton/v1/PutResponse';
import type { RangeRequest as _baton_v1_RangeRequest, RangeRequest__Output as _baton_v1_RangeRequest__Output } from './baton/v1/RangeRequest';
import type { RangeResponse as _baton_v1_RangeResponse, RangeResponse__Output as _baton_v1_RangeResponse__Output } from './baton/v1/RangeResponse';
import type { RequestId as _baton_v1_RequestId, RequestId__Output as _baton_v1_RequestId__Output } from './baton/v1/RequestId';
import type { SessionError as _baton_v1_SessionError, SessionError__Output as _baton_v1_SessionError__Output } from './baton/v1/SessionError';
import type { SessionRequest as _baton_v1_SessionRequest, SessionRequest__Output as _baton_v1_SessionRequest__Output } from './baton/v1/SessionRequest';
import type { SessionRequests as _baton_v1_SessionRequests, SessionRequests__Output as _baton_v1_SessionRequests__Output } from './baton/v1/SessionRequests';
import type { SessionResponse as _baton_v1_SessionResponse, SessionResponse__Output as _baton_v1_SessionResponse__Output } from './baton/v1/SessionResponse';
import type { SessionResponses as _baton_v1_SessionResponses, SessionResponses__Output as _baton_v1_SessionResponses__Output } from './baton/v1/SessionResponses';
import type { WatchEvent as _baton_v1_WatchEvent, WatchEvent__Output as _baton_v1_WatchEvent__Output } from './baton/v1/WatchEvent';
import type { WatchRequest as _baton_v1_WatchRequest, WatchRequest__Output as _baton_v1_WatchRequest__Output } from './baton/v1/WatchRequest';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  baton: {
    v1: {
      CompareAndSwapRequest: MessageTypeDefinition<_baton_v1_CompareAndSwapRequest, _baton_v1_CompareAndSwapRequest__Output>
      CompareAndSwapResponse: MessageTypeDefinition<_baton_v1_CompareAndSwapResponse, _baton_v1_CompareAndSwapResponse__Output>
      DeleteRequest: MessageTypeDefinition<_baton_v1_DeleteRequest, _baton_v1_DeleteRequest__Output>
      DeleteResponse: MessageTypeDefinition<_baton_v1_DeleteResponse, _baton_v1_DeleteResponse__Output>
      GetRequest: MessageTypeDefinition<_baton_v1_GetRequest, _baton_v1_GetRequest__Output>
      GetResponse: MessageTypeDefinition<_baton_v1_GetResponse, _baton_v1_GetResponse__Output>
      KeyValue: MessageTypeDefinition<_baton_v1_KeyValue, _baton_v1_KeyValue__Output>
      PutRequest: MessageTypeDefinition<_baton_v1_PutRequest, _baton_v1_PutRequest__Output>
      PutResponse: MessageTypeDefinition<_baton_v1_PutResponse, _baton_v1_PutResponse__Output>
      RangeRequest: MessageTypeDefinition<_baton_v1_RangeRequest, _baton_v1_RangeRequest__Output>
      RangeResponse: MessageTypeDefinition<_baton_v1_RangeResponse, _baton_v1_RangeResponse__Output>
      ReadConsistency: EnumTypeDefinition
      RequestId: MessageTypeDefinition<_baton_v1_RequestId, _baton_v1_RequestId__Output>
      SessionError: MessageTypeDefinition<_baton_v1_SessionError, _baton_v1_SessionError__Output>
      SessionRequest: MessageTypeDefinition<_baton_v1_SessionRequest, _baton_v1_SessionRequest__Output>
      SessionRequests: MessageTypeDefinition<_baton_v1_SessionRequests, _baton_v1_SessionRequests__Output>
      SessionResponse: MessageTypeDefinition<_baton_v1_SessionResponse, _baton_v1_SessionResponse__Output>
      SessionResponses: MessageTypeDefinition<_baton_v1_SessionResponses, _baton_v1_SessionResponses__Output>
      WatchEvent: MessageTypeDefinition<_baton_v1_WatchEvent, _baton_v1_WatchEvent__Output>
      WatchEventType: EnumTypeDefinition
      WatchRequest: MessageTypeDefinition<_baton_v1_WatchRequest, _baton_v1_WatchRequest__Output>
    }
  }
}

