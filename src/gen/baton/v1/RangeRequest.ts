// Original file: proto/baton/v1/kv.proto

import type { ReadConsistency as _baton_v1_ReadConsistency, ReadConsistency__Output as _baton_v1_ReadConsistency__Output } from '../../baton/v1/ReadConsistency';

export interface RangeRequest {
  'prefix'?: (string);
  'startAfter'?: (string);
  'limit'?: (number);
  'consistency'?: (_baton_v1_ReadConsistency);
}

export interface RangeRequest__Output {
  'prefix': (string);
  'startAfter': (string);
  'limit': (number);
  'consistency': (_baton_v1_ReadConsistency__Output);
}
