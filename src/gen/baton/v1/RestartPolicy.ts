// Original file: proto/baton/v1/objects.proto

import type { RestartCondition as _baton_v1_RestartCondition, RestartCondition__Output as _baton_v1_RestartCondition__Output } from '../../baton/v1/RestartCondition';
import type { Long } from '@grpc/proto-loader';

export interface RestartPolicy {
  'condition'?: (_baton_v1_RestartCondition);
  'delayMs'?: (number | string | Long);
  'maxAttempts'?: (number);
  'windowMs'?: (number | string | Long);
}

export interface RestartPolicy__Output {
  'condition': (_baton_v1_RestartCondition__Output);
  'delayMs': (number);
  'maxAttempts': (number);
  'windowMs': (number);
}
