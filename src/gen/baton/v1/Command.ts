// Original file: proto/baton/v1/store.proto

import type { RequestId as _baton_v1_RequestId, RequestId__Output as _baton_v1_RequestId__Output } from '../../baton/v1/RequestId';
import type { PutRequest as _baton_v1_PutRequest, PutRequest__Output as _baton_v1_PutRequest__Output } from '../../baton/v1/PutRequest';
import type { DeleteRequest as _baton_v1_DeleteRequest, DeleteRequest__Output as _baton_v1_DeleteRequest__Output } from '../../baton/v1/DeleteRequest';
import type { CompareAndSwapRequest as _baton_v1_CompareAndSwapRequest, CompareAndSwapRequest__Output as _baton_v1_CompareAndSwapRequest__Output } from '../../baton/v1/CompareAndSwapRequest';
import type { JoinTokens as _baton_v1_JoinTokens, JoinTokens__Output as _baton_v1_JoinTokens__Output } from '../../baton/v1/JoinTokens';
import type { StoreTx as _baton_v1_StoreTx, StoreTx__Output as _baton_v1_StoreTx__Output } from '../../baton/v1/StoreTx';

export interface Command {
  'requestId'?: (_baton_v1_RequestId | null);
  'put'?: (_baton_v1_PutRequest | null);
  'delete'?: (_baton_v1_DeleteRequest | null);
  'compareAndSwap'?: (_baton_v1_CompareAndSwapRequest | null);
  'setTokens'?: (_baton_v1_JoinTokens | null);
  'tx'?: (_baton_v1_StoreTx | null);
  'op'?: "put"|"delete"|"compareAndSwap"|"setTokens"|"tx";
}

export interface Command__Output {
  'requestId': (_baton_v1_RequestId__Output | null);
  'put'?: (_baton_v1_PutRequest__Output | null);
  'delete'?: (_baton_v1_DeleteRequest__Output | null);
  'compareAndSwap'?: (_baton_v1_CompareAndSwapRequest__Output | null);
  'setTokens'?: (_baton_v1_JoinTokens__Output | null);
  'tx'?: (_baton_v1_StoreTx__Output | null);
  'op'?: "put"|"delete"|"compareAndSwap"|"setTokens"|"tx";
}
