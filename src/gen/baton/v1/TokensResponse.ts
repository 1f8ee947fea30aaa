// Original file: proto/baton/v1/cluster.proto


export interface TokensResponse {
  'manager'?: (string);
  'worker'?: (string);
}

export interface TokensResponse__Output {
  'manager': (string);
  'worker': (string);
}
