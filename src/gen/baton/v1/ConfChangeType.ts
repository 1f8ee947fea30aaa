// Original file: proto/baton/v1/raft.proto

export const ConfChangeType = {
  CONF_CHANGE_ADD_VOTER: 'CONF_CHANGE_ADD_VOTER',
  CONF_CHANGE_ADD_LEARNER: 'CONF_CHANGE_ADD_LEARNER',
  CONF_CHANGE_REMOVE: 'CONF_CHANGE_REMOVE',
} as const;

export type ConfChangeType =
  | 'CONF_CHANGE_ADD_VOTER'
  | 0
  | 'CONF_CHANGE_ADD_LEARNER'
  | 1
  | 'CONF_CHANGE_REMOVE'
  | 2

export type ConfChangeType__Output = typeof ConfChangeType[keyof typeof ConfChangeType]
