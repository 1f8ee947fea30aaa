// Original file: proto/baton/v1/objects.proto


export interface AssignedPort {
  'name'?: (string);
  'targetPort'?: (number);
  'hostPort'?: (number);
}

export interface AssignedPort__Output {
  'name': (string);
  'targetPort': (number);
  'hostPort': (number);
}
