// Original file: proto/baton/v1/objects.proto

export const RebalanceMode = {
  REBALANCE_MANUAL: 'REBALANCE_MANUAL',
  REBALANCE_AUTO: 'REBALANCE_AUTO',
} as const;

export type RebalanceMode =
  | 'REBALANCE_MANUAL'
  | 0
  | 'REBALANCE_AUTO'
  | 1

export type RebalanceMode__Output = typeof RebalanceMode[keyof typeof RebalanceMode]
