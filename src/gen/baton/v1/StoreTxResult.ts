// Original file: proto/baton/v1/store.proto

import type { StoreObject as _baton_v1_StoreObject, StoreObject__Output as _baton_v1_StoreObject__Output } from '../../baton/v1/StoreObject';
import type { Long } from '@grpc/proto-loader';

export interface StoreTxResult {
  'revision'?: (number | string | Long);
  'errorCode'?: (string);
  'error'?: (string);
  'objects'?: (_baton_v1_StoreObject)[];
}

export interface StoreTxResult__Output {
  'revision': (number);
  'errorCode': (string);
  'error': (string);
  'objects': (_baton_v1_StoreObject__Output)[];
}
