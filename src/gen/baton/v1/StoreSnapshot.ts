// Original file: proto/baton/v1/store.proto

import type { KeyValue as _baton_v1_KeyValue, KeyValue__Output as _baton_v1_KeyValue__Output } from '../../baton/v1/KeyValue';
import type { MemberInfo as _baton_v1_MemberInfo, MemberInfo__Output as _baton_v1_MemberInfo__Output } from '../../baton/v1/MemberInfo';
import type { JoinTokens as _baton_v1_JoinTokens, JoinTokens__Output as _baton_v1_JoinTokens__Output } from '../../baton/v1/JoinTokens';
import type { ClientSession as _baton_v1_ClientSession, ClientSession__Output as _baton_v1_ClientSession__Output } from '../../baton/v1/ClientSession';
import type { StoreObject as _baton_v1_StoreObject, StoreObject__Output as _baton_v1_StoreObject__Output } from '../../baton/v1/StoreObject';
import type { Long } from '@grpc/proto-loader';

export interface StoreSnapshot {
  'revision'?: (number | string | Long);
  'kvs'?: (_baton_v1_KeyValue)[];
  'members'?: (_baton_v1_MemberInfo)[];
  'tokens'?: (_baton_v1_JoinTokens | null);
  'sessions'?: (_baton_v1_ClientSession)[];
  'clusterId'?: (string);
  'objects'?: (_baton_v1_StoreObject)[];
  'removedMembers'?: (number | string | Long)[];
}

export interface StoreSnapshot__Output {
  'revision': (number);
  'kvs': (_baton_v1_KeyValue__Output)[];
  'members': (_baton_v1_MemberInfo__Output)[];
  'tokens': (_baton_v1_JoinTokens__Output | null);
  'sessions': (_baton_v1_ClientSession__Output)[];
  'clusterId': (string);
  'objects': (_baton_v1_StoreObject__Output)[];
  'removedMembers': (number)[];
}
