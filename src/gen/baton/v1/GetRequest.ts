// Original file: proto/baton/v1/kv.proto

import type { ReadConsistency as _baton_v1_ReadConsistency, ReadConsistency__Output as _baton_v1_ReadConsistency__Output } from '../../baton/v1/ReadConsistency';

export interface GetRequest {
  'key'?: (string);
  'consistency'?: (_baton_v1_ReadConsistency);
}

export interface GetRequest__Output {
  'key': (string);
  'consistency': (_baton_v1_ReadConsistency__Output);
}
