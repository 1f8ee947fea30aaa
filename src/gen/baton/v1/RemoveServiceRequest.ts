// Original file: proto/baton/v1/control.proto


export interface RemoveServiceRequest {
  'service'?: (string);
  'namespace'?: (string);
}

export interface RemoveServiceRequest__Output {
  'service': (string);
  'namespace': (string);
}
