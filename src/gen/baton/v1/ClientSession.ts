// Original file: proto/baton/v1/store.proto

import type { Long } from '@grpc/proto-loader';

export interface ClientSession {
  'clientId'?: (string);
  'seq'?: (number | string | Long);
  'response'?: (Buffer | Uint8Array | string);
  'revision'?: (number | string | Long);
}

export interface ClientSession__Output {
  'clientId': (string);
  'seq': (number);
  'response': (Buffer);
  'revision': (number);
}
