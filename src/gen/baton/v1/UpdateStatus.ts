// Original file: proto/baton/v1/objects.proto

import type { UpdateState as _baton_v1_UpdateState, UpdateState__Output as _baton_v1_UpdateState__Output } from '../../baton/v1/UpdateState';
import type { Long } from '@grpc/proto-loader';

export interface UpdateStatus {
  'state'?: (_baton_v1_UpdateState);
  'message'?: (string);
  'startedMs'?: (number | string | Long);
  'completedMs'?: (number | string | Long);
  'specVersion'?: (number | string | Long);
  'total'?: (number);
  'updated'?: (number);
  'failures'?: (number);
  'batchStartedMs'?: (number | string | Long);
  'batchReadyMs'?: (number | string | Long);
  'batches'?: (number);
  'failedTaskIds'?: (string)[];
  'promoted'?: (boolean);
  'fromSpecVersion'?: (number | string | Long);
}

export interface UpdateStatus__Output {
  'state': (_baton_v1_UpdateState__Output);
  'message': (string);
  'startedMs': (number);
  'completedMs': (number);
  'specVersion': (number);
  'total': (number);
  'updated': (number);
  'failures': (number);
  'batchStartedMs': (number);
  'batchReadyMs': (number);
  'batches': (number);
  'failedTaskIds': (string)[];
  'promoted': (boolean);
  'fromSpecVersion': (number);
}
