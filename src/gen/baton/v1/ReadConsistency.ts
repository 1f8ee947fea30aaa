// Original file: proto/baton/v1/kv.proto

export const ReadConsistency = {
  READ_LINEARIZABLE: 'READ_LINEARIZABLE',
  READ_LOCAL: 'READ_LOCAL',
} as const;

export type ReadConsistency =
  | 'READ_LINEARIZABLE'
  | 0
  | 'READ_LOCAL'
  | 1

export type ReadConsistency__Output = typeof ReadConsistency[keyof typeof ReadConsistency]
