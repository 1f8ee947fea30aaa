// Original file: proto/baton/v1/kv.proto

import type { SessionRequest as _baton_v1_SessionRequest, SessionRequest__Output as _baton_v1_SessionRequest__Output } from '../../baton/v1/SessionRequest';

export interface SessionRequests {
  'requests'?: (_baton_v1_SessionRequest)[];
}

export interface SessionRequests__Output {
  'requests': (_baton_v1_SessionRequest__Output)[];
}
