// Original file: proto/baton/v1/control.proto

export const ObjectEventKind = {
  OBJECT_CREATED: 'OBJECT_CREATED',
  OBJECT_UPDATED: 'OBJECT_UPDATED',
  OBJECT_DELETED: 'OBJECT_DELETED',
} as const;

export type ObjectEventKind =
  | 'OBJECT_CREATED'
  | 0
  | 'OBJECT_UPDATED'
  | 1
  | 'OBJECT_DELETED'
  | 2

export type ObjectEventKind__Output = typeof ObjectEventKind[keyof typeof ObjectEventKind]
