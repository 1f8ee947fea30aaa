// Ids of stored objects: 25 random hex characters (100 bits), unique without coordination.
import { randomBytes } from 'node:crypto';

export function newObjectId(): string {
  return randomBytes(13).toString('hex').slice(0, 25);
}
