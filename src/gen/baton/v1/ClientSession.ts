// Original file: proto/baton/v1/store.proto

import type { StoreTxResult as _baton_v1_StoreTxResult, StoreTxResult__Output as _baton_v1_StoreTxResult__Output } from '../../baton/v1/StoreTxResult';
import type { Long } from '@grpc/proto-loader';

export interface ClientSession {
  'clientId'?: (string);
  'seq'?: (number | string | Long);
  'response'?: (Buffer | Uint8Array | string);
  'revision'?: (number | string | Long);
  'txResult'?: (_baton_v1_StoreTxResult | null);
}

export interface ClientSession__Output {
  'clientId': (string);
  'seq': (number);
  'response': (Buffer);
  'revision': (number);
  'txResult': (_baton_v1_StoreTxResult__Output | null);
}
