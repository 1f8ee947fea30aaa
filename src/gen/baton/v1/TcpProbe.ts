// Original file: proto/baton/v1/objects.proto


export interface TcpProbe {
  'port'?: (string);
}

export interface TcpProbe__Output {
  'port': (string);
}
