// Original file: proto/baton/v1/kv.proto

import type { PutResponse as _baton_v1_PutResponse, PutResponse__Output as _baton_v1_PutResponse__Output } from '../../baton/v1/PutResponse';
import type { GetResponse as _baton_v1_GetResponse, GetResponse__Output as _baton_v1_GetResponse__Output } from '../../baton/v1/GetResponse';
import type { DeleteResponse as _baton_v1_DeleteResponse, DeleteResponse__Output as _baton_v1_DeleteResponse__Output } from '../../baton/v1/DeleteResponse';
import type { CompareAndSwapResponse as _baton_v1_CompareAndSwapResponse, CompareAndSwapResponse__Output as _baton_v1_CompareAndSwapResponse__Output } from '../../baton/v1/CompareAndSwapResponse';
import type { SessionError as _baton_v1_SessionError, SessionError__Output as _baton_v1_SessionError__Output } from '../../baton/v1/SessionError';
import type { Long } from '@grpc/proto-loader';

export interface SessionResponse {
  'tag'?: (number | string | Long);
  'put'?: (_baton_v1_PutResponse | null);
  'get'?: (_baton_v1_GetResponse | null);
  'delete'?: (_baton_v1_DeleteResponse | null);
  'compareAndSwap'?: (_baton_v1_CompareAndSwapResponse | null);
  'error'?: (_baton_v1_SessionError | null);
  'response'?: "put"|"get"|"delete"|"compareAndSwap"|"error";
}

export interface SessionResponse__Output {
  'tag': (number);
  'put'?: (_baton_v1_PutResponse__Output | null);
  'get'?: (_baton_v1_GetResponse__Output | null);
  'delete'?: (_baton_v1_DeleteResponse__Output | null);
  'compareAndSwap'?: (_baton_v1_CompareAndSwapResponse__Output | null);
  'error'?: (_baton_v1_SessionError__Output | null);
  'response'?: "put"|"get"|"delete"|"compareAndSwap"|"error";
}
