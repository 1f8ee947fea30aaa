// Original file: proto/baton/v1/control.proto


export interface ListNodesRequest {
  'pageSize'?: (number);
  'pageToken'?: (string);
}

export interface ListNodesRequest__Output {
  'pageSize': (number);
  'pageToken': (string);
}
