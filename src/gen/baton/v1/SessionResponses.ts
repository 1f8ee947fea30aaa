// Original file: proto/baton/v1/kv.proto

import type { SessionResponse as _baton_v1_SessionResponse, SessionResponse__Output as _baton_v1_SessionResponse__Output } from '../../baton/v1/SessionResponse';

export interface SessionResponses {
  'responses'?: (_baton_v1_SessionResponse)[];
}

export interface SessionResponses__Output {
  'responses': (_baton_v1_SessionResponse__Output)[];
}
