// Original file: proto/baton/v1/objects.proto

export const NodeState = {
  NODE_UNKNOWN: 'NODE_UNKNOWN',
  NODE_READY: 'NODE_READY',
  NODE_DOWN: 'NODE_DOWN',
} as const;

export type NodeState =
  | 'NODE_UNKNOWN'
  | 0
  | 'NODE_READY'
  | 1
  | 'NODE_DOWN'
  | 2

export type NodeState__Output = typeof NodeState[keyof typeof NodeState]
