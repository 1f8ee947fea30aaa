// Original file: proto/baton/v1/cluster.proto

import type { MemberInfo as _baton_v1_MemberInfo, MemberInfo__Output as _baton_v1_MemberInfo__Output } from '../../baton/v1/MemberInfo';
import type { Long } from '@grpc/proto-loader';

export interface RaftStatus {
  'member'?: (_baton_v1_MemberInfo | null);
  'role'?: (string);
  'term'?: (number | string | Long);
  'leader'?: (number | string | Long);
  'commitIndex'?: (number | string | Long);
  'appliedIndex'?: (number | string | Long);
  'lastIndex'?: (number | string | Long);
  'snapshotIndex'?: (number | string | Long);
  'clusterId'?: (string);
}

export interface RaftStatus__Output {
  'member': (_baton_v1_MemberInfo__Output | null);
  'role': (string);
  'term': (number);
  'leader': (number);
  'commitIndex': (number);
  'appliedIndex': (number);
  'lastIndex': (number);
  'snapshotIndex': (number);
  'clusterId': (string);
}
