// Original file: proto/baton/v1/raft.proto

import type { MessageType as _baton_v1_MessageType, MessageType__Output as _baton_v1_MessageType__Output } from '../../baton/v1/MessageType';
import type { Entry as _baton_v1_Entry, Entry__Output as _baton_v1_Entry__Output } from '../../baton/v1/Entry';
import type { SnapshotChunk as _baton_v1_SnapshotChunk, SnapshotChunk__Output as _baton_v1_SnapshotChunk__Output } from '../../baton/v1/SnapshotChunk';
import type { Long } from '@grpc/proto-loader';

export interface Message {
  'type'?: (_baton_v1_MessageType);
  'to'?: (number | string | Long);
  'from'?: (number | string | Long);
  'term'?: (number | string | Long);
  'logTerm'?: (number | string | Long);
  'index'?: (number | string | Long);
  'entries'?: (_baton_v1_Entry)[];
  'commit'?: (number | string | Long);
  'reject'?: (boolean);
  'rejectHint'?: (number | string | Long);
  'context'?: (Buffer | Uint8Array | string);
  'snapshot'?: (_baton_v1_SnapshotChunk | null);
}

export interface Message__Output {
  'type': (_baton_v1_MessageType__Output);
  'to': (number);
  'from': (number);
  'term': (number);
  'logTerm': (number);
  'index': (number);
  'entries': (_baton_v1_Entry__Output)[];
  'commit': (number);
  'reject': (boolean);
  'rejectHint': (number);
  'context': (Buffer);
  'snapshot': (_baton_v1_SnapshotChunk__Output | null);
}
