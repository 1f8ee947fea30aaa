// Configuration changes travel inside log entries as encoded ConfChange messages.
import { decode, encode } from '../proto/load.js';
import type { ConfChange } from './types.js';

export function encodeConfChange(cc: ConfChange): Buffer {
  return Buffer.from(encode('baton.v1.ConfChange', cc));
}

export function decodeConfChange(data: Buffer): ConfChange {
  return decode<ConfChange>('baton.v1.ConfChange', data);
}
