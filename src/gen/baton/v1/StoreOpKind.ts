// Original file: proto/baton/v1/store.proto

export const StoreOpKind = {
  STORE_CREATE: 'STORE_CREATE',
  STORE_UPDATE: 'STORE_UPDATE',
  STORE_DELETE: 'STORE_DELETE',
} as const;

export type StoreOpKind =
  | 'STORE_CREATE'
  | 0
  | 'STORE_UPDATE'
  | 1
  | 'STORE_DELETE'
  | 2

export type StoreOpKind__Output = typeof StoreOpKind[keyof typeof StoreOpKind]
