// Original file: proto/baton/v1/kv.proto

import type { Long } from '@grpc/proto-loader';

export interface KeyValue {
  'key'?: (string);
  'value'?: (Buffer | Uint8Array | string);
  'createRevision'?: (number | string | Long);
  'modRevision'?: (number | string | Long);
  'version'?: (number | string | Long);
}

export interface KeyValue__Output {
  'key': (string);
  'value': (Buffer);
  'createRevision': (number);
  'modRevision': (number);
  'version': (number);
}
