// Original file: proto/baton/v1/objects.proto

export const UpdateOrder = {
  UPDATE_STOP_FIRST: 'UPDATE_STOP_FIRST',
  UPDATE_START_FIRST: 'UPDATE_START_FIRST',
} as const;

export type UpdateOrder =
  | 'UPDATE_STOP_FIRST'
  | 0
  | 'UPDATE_START_FIRST'
  | 1

export type UpdateOrder__Output = typeof UpdateOrder[keyof typeof UpdateOrder]
