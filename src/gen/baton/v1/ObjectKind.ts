// Original file: proto/baton/v1/control.proto

export const ObjectKind = {
  OBJECT_ANY: 'OBJECT_ANY',
  OBJECT_NODE: 'OBJECT_NODE',
  OBJECT_SERVICE: 'OBJECT_SERVICE',
  OBJECT_TASK: 'OBJECT_TASK',
  OBJECT_CLUSTER: 'OBJECT_CLUSTER',
} as const;

export type ObjectKind =
  | 'OBJECT_ANY'
  | 0
  | 'OBJECT_NODE'
  | 1
  | 'OBJECT_SERVICE'
  | 2
  | 'OBJECT_TASK'
  | 3
  | 'OBJECT_CLUSTER'
  | 4

export type ObjectKind__Output = typeof ObjectKind[keyof typeof ObjectKind]
