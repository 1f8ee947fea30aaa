// Original file: proto/baton/v1/objects.proto

import type { Meta as _baton_v1_Meta, Meta__Output as _baton_v1_Meta__Output } from '../../baton/v1/Meta';
import type { ClusterSettings as _baton_v1_ClusterSettings, ClusterSettings__Output as _baton_v1_ClusterSettings__Output } from '../../baton/v1/ClusterSettings';

export interface ClusterInfo {
  'id'?: (string);
  'meta'?: (_baton_v1_Meta | null);
  'settings'?: (_baton_v1_ClusterSettings | null);
  'managerTokenHash'?: (string);
  'workerTokenHash'?: (string);
}

export interface ClusterInfo__Output {
  'id': (string);
  'meta': (_baton_v1_Meta__Output | null);
  'settings': (_baton_v1_ClusterSettings__Output | null);
  'managerTokenHash': (string);
  'workerTokenHash': (string);
}
