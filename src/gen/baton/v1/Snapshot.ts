// Original file: proto/baton/v1/raft.proto

import type { SnapshotMetadata as _baton_v1_SnapshotMetadata, SnapshotMetadata__Output as _baton_v1_SnapshotMetadata__Output } from '../../baton/v1/SnapshotMetadata';

export interface Snapshot {
  'metadata'?: (_baton_v1_SnapshotMetadata | null);
  'data'?: (Buffer | Uint8Array | string);
}

export interface Snapshot__Output {
  'metadata': (_baton_v1_SnapshotMetadata__Output | null);
  'data': (Buffer);
}
