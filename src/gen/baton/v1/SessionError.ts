// Original file: proto/baton/v1/kv.proto


export interface SessionError {
  'code'?: (number);
  'message'?: (string);
}

export interface SessionError__Output {
  'code': (number);
  'message': (string);
}
