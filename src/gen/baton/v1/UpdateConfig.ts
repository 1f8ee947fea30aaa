// Original file: proto/baton/v1/objects.proto

import type { UpdateOrder as _baton_v1_UpdateOrder, UpdateOrder__Output as _baton_v1_UpdateOrder__Output } from '../../baton/v1/UpdateOrder';
import type { UpdateFailureAction as _baton_v1_UpdateFailureAction, UpdateFailureAction__Output as _baton_v1_UpdateFailureAction__Output } from '../../baton/v1/UpdateFailureAction';
import type { Long } from '@grpc/proto-loader';

export interface UpdateConfig {
  'parallelism'?: (number);
  'delayMs'?: (number | string | Long);
  'order'?: (_baton_v1_UpdateOrder);
  'failureAction'?: (_baton_v1_UpdateFailureAction);
  'monitorMs'?: (number | string | Long);
  'maxFailureRatio'?: (number | string);
  'canary'?: (number);
  'autoPromote'?: (boolean);
}

export interface UpdateConfig__Output {
  'parallelism': (number);
  'delayMs': (number);
  'order': (_baton_v1_UpdateOrder__Output);
  'failureAction': (_baton_v1_UpdateFailureAction__Output);
  'monitorMs': (number);
  'maxFailureRatio': (number);
  'canary': (number);
  'autoPromote': (boolean);
}
