// The Raft core works on the types generated from proto/baton/v1/raft.proto (the "__Output"
// shapes: every field present, uint64 as number, enums as their names). This file only gives
// them short names and adds the few types that never cross the wire.
import type { Entry__Output } from '../gen/baton/v1/Entry';
import type { EntryType__Output } from '../gen/baton/v1/EntryType';
import type { ConfChange__Output } from '../gen/baton/v1/ConfChange';
import type { ConfChangeType__Output } from '../gen/baton/v1/ConfChangeType';
import type { ConfState__Output } from '../gen/baton/v1/ConfState';
import type { HardState__Output } from '../gen/baton/v1/HardState';
import type { Snapshot__Output } from '../gen/baton/v1/Snapshot';
import type { SnapshotMetadata__Output } from '../gen/baton/v1/SnapshotMetadata';
import type { SnapshotChunk__Output } from '../gen/baton/v1/SnapshotChunk';
import type { Message__Output } from '../gen/baton/v1/Message';
import type { MessageType__Output } from '../gen/baton/v1/MessageType';

export type Entry = Entry__Output;
export type EntryType = EntryType__Output;
export type ConfChange = ConfChange__Output;
export type ConfChangeType = ConfChangeType__Output;
export type ConfState = ConfState__Output;
export type HardState = HardState__Output;
export type Snapshot = Snapshot__Output;
export type SnapshotMetadata = SnapshotMetadata__Output;
export type SnapshotChunk = SnapshotChunk__Output;
export type Message = Message__Output;
export type MessageType = MessageType__Output;

/** Node ids are positive integers; 0 means "nobody" (no leader, no vote). */
export const NONE = 0;

export type RaftRole = 'follower' | 'pre-candidate' | 'candidate' | 'leader';

/** Volatile state the application may want to observe (not persisted). */
export interface SoftState {
  lead: number;
  role: RaftRole;
}

/** The answer to a ReadIndex request: reads are linearizable once `applied >= index`. */
export interface ReadState {
  index: number;
  context: Buffer;
}

const EMPTY = Buffer.alloc(0);

export function emptyBytes(): Buffer {
  return EMPTY;
}

/** A Message with every field at its default, overridden by `fields`. */
export function message(fields: Partial<Message> & { type: MessageType }): Message {
  return {
    to: NONE,
    from: NONE,
    term: 0,
    logTerm: 0,
    index: 0,
    entries: [],
    commit: 0,
    reject: false,
    rejectHint: 0,
    context: EMPTY,
    snapshot: null,
    ...fields,
  };
}

export function entry(term: number, index: number, data: Buffer = EMPTY, type: EntryType = 'ENTRY_NORMAL'): Entry {
  return { term, index, type, data };
}

export function emptyHardState(): HardState {
  return { term: 0, vote: NONE, commit: 0 };
}

export function emptyConfState(): ConfState {
  return { voters: [], learners: [] };
}

export function emptySnapshot(): Snapshot {
  return { metadata: { index: 0, term: 0, confState: emptyConfState() }, data: EMPTY };
}

export function isLocalMessage(t: MessageType): boolean {
  return t === 'MSG_HUP' || t === 'MSG_BEAT' || t === 'MSG_CHECK_QUORUM' || t === 'MSG_UNREACHABLE';
}

export function isResponseMessage(t: MessageType): boolean {
  return (
    t === 'MSG_APP_RESP' || t === 'MSG_VOTE_RESP' || t === 'MSG_PRE_VOTE_RESP' || t === 'MSG_HEARTBEAT_RESP' ||
    t === 'MSG_SNAP_RESP' || t === 'MSG_READ_INDEX_RESP' || t === 'MSG_UNREACHABLE'
  );
}

/** Approximate encoded size of an entry, used for flow control and message size limits. */
export function entrySizeBytes(e: Entry): number {
  return e.data.length + 16;
}

export function entriesSizeBytes(ents: readonly Entry[]): number {
  let n = 0;
  for (const e of ents) n += entrySizeBytes(e);
  return n;
}

/** Keeps the longest prefix of `ents` whose size fits `maxBytes`, but always at least one entry. */
export function limitSize(ents: Entry[], maxBytes: number): Entry[] {
  if (ents.length === 0) return ents;
  let size = entrySizeBytes(ents[0]!);
  let n = 1;
  for (; n < ents.length; n++) {
    size += entrySizeBytes(ents[n]!);
    if (size > maxBytes) break;
  }
  return n === ents.length ? ents : ents.slice(0, n);
}

export function sameHardState(a: HardState, b: HardState): boolean {
  return a.term === b.term && a.vote === b.vote && a.commit === b.commit;
}

export function isEmptyHardState(h: HardState): boolean {
  return h.term === 0 && h.vote === NONE && h.commit === 0;
}
