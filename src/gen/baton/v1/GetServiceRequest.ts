// Original file: proto/baton/v1/control.proto


export interface GetServiceRequest {
  'service'?: (string);
  'namespace'?: (string);
}

export interface GetServiceRequest__Output {
  'service': (string);
  'namespace': (string);
}
