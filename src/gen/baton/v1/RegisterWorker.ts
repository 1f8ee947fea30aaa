// Original file: proto/baton/v1/dispatcher.proto

import type { Resources as _baton_v1_Resources, Resources__Output as _baton_v1_Resources__Output } from '../../baton/v1/Resources';

export interface RegisterWorker {
  'token'?: (string);
  'nodeId'?: (string);
  'hostname'?: (string);
  'address'?: (string);
  'resources'?: (_baton_v1_Resources | null);
  'labels'?: ({[key: string]: string});
  'runtimes'?: (string)[];
}

export interface RegisterWorker__Output {
  'token': (string);
  'nodeId': (string);
  'hostname': (string);
  'address': (string);
  'resources': (_baton_v1_Resources__Output | null);
  'labels': ({[key: string]: string});
  'runtimes': (string)[];
}
