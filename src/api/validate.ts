// Input rules of the control API. Every rule names the field; nothing is written when one fails.
import { invalid } from '../manager/errors.js';

export const MAX_KEY_BYTES = 1024;
/** Values stay far below the 4 MiB gRPC message limit, together with a batch of their neighbours. */
export const MAX_VALUE_BYTES = 512 * 1024;
export const MAX_RANGE_LIMIT = 10_000;
export const DEFAULT_RANGE_LIMIT = 1_000;

export function checkKey(key: string, field = 'key'): void {
  if (key.length === 0) throw invalid(field, 'must not be empty');
  const n = Buffer.byteLength(key);
  if (n > MAX_KEY_BYTES) throw invalid(field, `must be at most ${MAX_KEY_BYTES} bytes, got ${n}`);
}

export function checkValue(value: Buffer, field = 'value'): void {
  if (value.length > MAX_VALUE_BYTES) throw invalid(field, `must be at most ${MAX_VALUE_BYTES} bytes (512 KiB), got ${value.length}`);
}

export function checkPrefix(prefix: string, field = 'prefix'): void {
  const n = Buffer.byteLength(prefix);
  if (n > MAX_KEY_BYTES) throw invalid(field, `must be at most ${MAX_KEY_BYTES} bytes, got ${n}`);
}

export function checkRequestId(rid: { clientId: string; seq: number } | null, field = 'request_id'): void {
  if (!rid || rid.clientId === '') return;
  if (rid.clientId.length > 64) throw invalid(`${field}.client_id`, 'must be at most 64 characters');
  if (!(rid.seq > 0)) throw invalid(`${field}.seq`, 'must be > 0 when client_id is set');
}

export function rangeLimit(limit: number): number {
  if (limit > MAX_RANGE_LIMIT) throw invalid('limit', `must be at most ${MAX_RANGE_LIMIT}, got ${limit}`);
  return limit === 0 ? DEFAULT_RANGE_LIMIT : limit;
}
