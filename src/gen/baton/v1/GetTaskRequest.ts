// Original file: proto/baton/v1/control.proto


export interface GetTaskRequest {
  'id'?: (string);
}

export interface GetTaskRequest__Output {
  'id': (string);
}
