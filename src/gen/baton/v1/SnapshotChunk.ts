// Original file: proto/baton/v1/raft.proto

import type { SnapshotMetadata as _baton_v1_SnapshotMetadata, SnapshotMetadata__Output as _baton_v1_SnapshotMetadata__Output } from '../../baton/v1/SnapshotMetadata';
import type { Long } from '@grpc/proto-loader';

export interface SnapshotChunk {
  'metadata'?: (_baton_v1_SnapshotMetadata | null);
  'offset'?: (number | string | Long);
  'totalBytes'?: (number | string | Long);
  'data'?: (Buffer | Uint8Array | string);
}

export interface SnapshotChunk__Output {
  'metadata': (_baton_v1_SnapshotMetadata__Output | null);
  'offset': (number);
  'totalBytes': (number);
  'data': (Buffer);
}
