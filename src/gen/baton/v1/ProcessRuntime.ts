// Original file: proto/baton/v1/objects.proto


export interface ProcessRuntime {
  'command'?: (string);
  'args'?: (string)[];
  'env'?: ({[key: string]: string});
  'workdir'?: (string);
}

export interface ProcessRuntime__Output {
  'command': (string);
  'args': (string)[];
  'env': ({[key: string]: string});
  'workdir': (string);
}
