// Original file: proto/baton/v1/control.proto

import type { ObjectKind as _baton_v1_ObjectKind, ObjectKind__Output as _baton_v1_ObjectKind__Output } from '../../baton/v1/ObjectKind';
import type { Long } from '@grpc/proto-loader';

export interface WatchObjectsRequest {
  'kinds'?: (_baton_v1_ObjectKind)[];
  'startRevision'?: (number | string | Long);
}

export interface WatchObjectsRequest__Output {
  'kinds': (_baton_v1_ObjectKind__Output)[];
  'startRevision': (number);
}
