// Original file: proto/baton/v1/raft.proto

import type { EntryType as _baton_v1_EntryType, EntryType__Output as _baton_v1_EntryType__Output } from '../../baton/v1/EntryType';
import type { Long } from '@grpc/proto-loader';

export interface Entry {
  'term'?: (number | string | Long);
  'index'?: (number | string | Long);
  'type'?: (_baton_v1_EntryType);
  'data'?: (Buffer | Uint8Array | string);
}

export interface Entry__Output {
  'term': (number);
  'index': (number);
  'type': (_baton_v1_EntryType__Output);
  'data': (Buffer);
}
