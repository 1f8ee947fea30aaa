// Original file: proto/baton/v1/store.proto

import type { Long } from '@grpc/proto-loader';

export interface MemberInfo {
  'id'?: (number | string | Long);
  'address'?: (string);
  'name'?: (string);
  'stayLearner'?: (boolean);
}

export interface MemberInfo__Output {
  'id': (number);
  'address': (string);
  'name': (string);
  'stayLearner': (boolean);
}
