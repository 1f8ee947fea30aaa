// Original file: proto/baton/v1/cluster.proto

export const ManagerRole = {
  MANAGER_VOTER: 'MANAGER_VOTER',
  MANAGER_LEARNER: 'MANAGER_LEARNER',
} as const;

export type ManagerRole =
  | 'MANAGER_VOTER'
  | 0
  | 'MANAGER_LEARNER'
  | 1

export type ManagerRole__Output = typeof ManagerRole[keyof typeof ManagerRole]
