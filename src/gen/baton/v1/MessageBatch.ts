// Original file: proto/baton/v1/raft.proto

import type { Message as _baton_v1_Message, Message__Output as _baton_v1_Message__Output } from '../../baton/v1/Message';

export interface MessageBatch {
  'messages'?: (_baton_v1_Message)[];
}

export interface MessageBatch__Output {
  'messages': (_baton_v1_Message__Output)[];
}
