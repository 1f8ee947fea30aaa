// Original file: proto/baton/v1/store.proto


export interface JoinTokens {
  'manager'?: (string);
  'worker'?: (string);
}

export interface JoinTokens__Output {
  'manager': (string);
  'worker': (string);
}
