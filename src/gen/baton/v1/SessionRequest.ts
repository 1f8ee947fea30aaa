// Original file: proto/baton/v1/kv.proto

import type { PutRequest as _baton_v1_PutRequest, PutRequest__Output as _baton_v1_PutRequest__Output } from '../../baton/v1/PutRequest';
import type { GetRequest as _baton_v1_GetRequest, GetRequest__Output as _baton_v1_GetRequest__Output } from '../../baton/v1/GetRequest';
import type { DeleteRequest as _baton_v1_DeleteRequest, DeleteRequest__Output as _baton_v1_DeleteRequest__Output } from '../../baton/v1/DeleteRequest';
import type { CompareAndSwapRequest as _baton_v1_CompareAndSwapRequest, CompareAndSwapRequest__Output as _baton_v1_CompareAndSwapRequest__Output } from '../../baton/v1/CompareAndSwapRequest';
import type { Long } from '@grpc/proto-loader';

export interface SessionRequest {
  'tag'?: (number | string | Long);
  'put'?: (_baton_v1_PutRequest | null);
  'get'?: (_baton_v1_GetRequest | null);
  'delete'?: (_baton_v1_DeleteRequest | null);
  'compareAndSwap'?: (_baton_v1_CompareAndSwapRequest | null);
  'request'?: "put"|"get"|"delete"|"compareAndSwap";
}

export interface SessionRequest__Output {
  'tag': (number);
  'put'?: (_baton_v1_PutRequest__Output | null);
  'get'?: (_baton_v1_GetRequest__Output | null);
  'delete'?: (_baton_v1_DeleteRequest__Output | null);
  'compareAndSwap'?: (_baton_v1_CompareAndSwapRequest__Output | null);
  'request'?: "put"|"get"|"delete"|"compareAndSwap";
}
