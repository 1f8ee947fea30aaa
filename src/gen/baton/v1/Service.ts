// Original file: proto/baton/v1/objects.proto

import type { Meta as _baton_v1_Meta, Meta__Output as _baton_v1_Meta__Output } from '../../baton/v1/Meta';
import type { ServiceSpec as _baton_v1_ServiceSpec, ServiceSpec__Output as _baton_v1_ServiceSpec__Output } from '../../baton/v1/ServiceSpec';
import type { UpdateStatus as _baton_v1_UpdateStatus, UpdateStatus__Output as _baton_v1_UpdateStatus__Output } from '../../baton/v1/UpdateStatus';
import type { SpecRevision as _baton_v1_SpecRevision, SpecRevision__Output as _baton_v1_SpecRevision__Output } from '../../baton/v1/SpecRevision';
import type { Long } from '@grpc/proto-loader';

export interface Service {
  'id'?: (string);
  'meta'?: (_baton_v1_Meta | null);
  'spec'?: (_baton_v1_ServiceSpec | null);
  'previousSpec'?: (_baton_v1_ServiceSpec | null);
  'specVersion'?: (number | string | Long);
  'updateStatus'?: (_baton_v1_UpdateStatus | null);
  'revision'?: (number | string | Long);
  'history'?: (_baton_v1_SpecRevision)[];
  'lastSpecVersion'?: (number | string | Long);
  'specWrittenVersion'?: (number | string | Long);
}

export interface Service__Output {
  'id': (string);
  'meta': (_baton_v1_Meta__Output | null);
  'spec': (_baton_v1_ServiceSpec__Output | null);
  'previousSpec': (_baton_v1_ServiceSpec__Output | null);
  'specVersion': (number);
  'updateStatus': (_baton_v1_UpdateStatus__Output | null);
  'revision': (number);
  'history': (_baton_v1_SpecRevision__Output)[];
  'lastSpecVersion': (number);
  'specWrittenVersion': (number);
}
