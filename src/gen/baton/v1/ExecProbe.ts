// Original file: proto/baton/v1/objects.proto


export interface ExecProbe {
  'command'?: (string)[];
}

export interface ExecProbe__Output {
  'command': (string)[];
}
