// Original file: proto/baton/v1/objects.proto

export const UpdateState = {
  UPDATE_NONE: 'UPDATE_NONE',
  UPDATE_UPDATING: 'UPDATE_UPDATING',
  UPDATE_PAUSED: 'UPDATE_PAUSED',
  UPDATE_COMPLETED: 'UPDATE_COMPLETED',
  UPDATE_ROLLING_BACK: 'UPDATE_ROLLING_BACK',
  UPDATE_ROLLED_BACK: 'UPDATE_ROLLED_BACK',
} as const;

export type UpdateState =
  | 'UPDATE_NONE'
  | 0
  | 'UPDATE_UPDATING'
  | 1
  | 'UPDATE_PAUSED'
  | 2
  | 'UPDATE_COMPLETED'
  | 3
  | 'UPDATE_ROLLING_BACK'
  | 4
  | 'UPDATE_ROLLED_BACK'
  | 5

export type UpdateState__Output = typeof UpdateState[keyof typeof UpdateState]
