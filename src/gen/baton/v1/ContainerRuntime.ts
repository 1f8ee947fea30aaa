// Original file: proto/baton/v1/objects.proto


export interface ContainerRuntime {
  'image'?: (string);
  'command'?: (string)[];
  'args'?: (string)[];
  'env'?: ({[key: string]: string});
  'workdir'?: (string);
}

export interface ContainerRuntime__Output {
  'image': (string);
  'command': (string)[];
  'args': (string)[];
  'env': ({[key: string]: string});
  'workdir': (string);
}
