// Original file: proto/baton/v1/control.proto


export interface GetNodeRequest {
  'node'?: (string);
}

export interface GetNodeRequest__Output {
  'node': (string);
}
