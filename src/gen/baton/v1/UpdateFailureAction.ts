// Original file: proto/baton/v1/objects.proto

export const UpdateFailureAction = {
  UPDATE_PAUSE: 'UPDATE_PAUSE',
  UPDATE_CONTINUE: 'UPDATE_CONTINUE',
  UPDATE_ROLLBACK: 'UPDATE_ROLLBACK',
} as const;

export type UpdateFailureAction =
  | 'UPDATE_PAUSE'
  | 0
  | 'UPDATE_CONTINUE'
  | 1
  | 'UPDATE_ROLLBACK'
  | 2

export type UpdateFailureAction__Output = typeof UpdateFailureAction[keyof typeof UpdateFailureAction]
