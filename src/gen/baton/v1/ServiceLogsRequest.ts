// Original file: proto/baton/v1/control.proto


export interface ServiceLogsRequest {
  'service'?: (string);
  'namespace'?: (string);
  'follow'?: (boolean);
  'tail'?: (number);
}

export interface ServiceLogsRequest__Output {
  'service': (string);
  'namespace': (string);
  'follow': (boolean);
  'tail': (number);
}
