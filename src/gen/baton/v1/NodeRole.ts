// Original file: proto/baton/v1/objects.proto

export const NodeRole = {
  NODE_WORKER: 'NODE_WORKER',
  NODE_MANAGER: 'NODE_MANAGER',
} as const;

export type NodeRole =
  | 'NODE_WORKER'
  | 0
  | 'NODE_MANAGER'
  | 1

export type NodeRole__Output = typeof NodeRole[keyof typeof NodeRole]
