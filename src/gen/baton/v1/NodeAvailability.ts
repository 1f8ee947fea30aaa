// Original file: proto/baton/v1/objects.proto

export const NodeAvailability = {
  NODE_ACTIVE: 'NODE_ACTIVE',
  NODE_PAUSE: 'NODE_PAUSE',
  NODE_DRAIN: 'NODE_DRAIN',
} as const;

export type NodeAvailability =
  | 'NODE_ACTIVE'
  | 0
  | 'NODE_PAUSE'
  | 1
  | 'NODE_DRAIN'
  | 2

export type NodeAvailability__Output = typeof NodeAvailability[keyof typeof NodeAvailability]
