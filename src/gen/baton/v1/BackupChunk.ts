// Original file: proto/baton/v1/cluster.proto

import type { BackupHeader as _baton_v1_BackupHeader, BackupHeader__Output as _baton_v1_BackupHeader__Output } from '../../baton/v1/BackupHeader';

export interface BackupChunk {
  'header'?: (_baton_v1_BackupHeader | null);
  'data'?: (Buffer | Uint8Array | string);
  'part'?: "header"|"data";
}

export interface BackupChunk__Output {
  'header'?: (_baton_v1_BackupHeader__Output | null);
  'data'?: (Buffer);
  'part'?: "header"|"data";
}
