// Original file: proto/baton/v1/objects.proto

export const RestartCondition = {
  RESTART_ANY: 'RESTART_ANY',
  RESTART_ON_FAILURE: 'RESTART_ON_FAILURE',
  RESTART_NONE: 'RESTART_NONE',
} as const;

export type RestartCondition =
  | 'RESTART_ANY'
  | 0
  | 'RESTART_ON_FAILURE'
  | 1
  | 'RESTART_NONE'
  | 2

export type RestartCondition__Output = typeof RestartCondition[keyof typeof RestartCondition]
