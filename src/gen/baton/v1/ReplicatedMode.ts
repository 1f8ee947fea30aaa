// Original file: proto/baton/v1/objects.proto


export interface ReplicatedMode {
  'replicas'?: (number);
}

export interface ReplicatedMode__Output {
  'replicas': (number);
}
