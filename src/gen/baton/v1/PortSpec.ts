// Original file: proto/baton/v1/objects.proto

import type { PortProtocol as _baton_v1_PortProtocol, PortProtocol__Output as _baton_v1_PortProtocol__Output } from '../../baton/v1/PortProtocol';

export interface PortSpec {
  'name'?: (string);
  'protocol'?: (_baton_v1_PortProtocol);
  'targetPort'?: (number);
  'publishedPort'?: (number);
}

export interface PortSpec__Output {
  'name': (string);
  'protocol': (_baton_v1_PortProtocol__Output);
  'targetPort': (number);
  'publishedPort': (number);
}
