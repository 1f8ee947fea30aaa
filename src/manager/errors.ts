// Errors the manager returns to callers, mapped one to one onto gRPC status codes by the API layer.
export type ErrorCode =
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'FAILED_PRECONDITION'
  | 'UNAVAILABLE'
  | 'DEADLINE_EXCEEDED'
  | 'PERMISSION_DENIED'
  | 'OUT_OF_RANGE'
  | 'DATA_LOSS'
  | 'INTERNAL';

export class BatonError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const invalid = (field: string, rule: string) => new BatonError('INVALID_ARGUMENT', `${field}: ${rule}`);
