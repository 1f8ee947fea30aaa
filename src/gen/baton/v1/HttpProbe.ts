// Original file: proto/baton/v1/objects.proto


export interface HttpProbe {
  'path'?: (string);
  'port'?: (string);
}

export interface HttpProbe__Output {
  'path': (string);
  'port': (string);
}
