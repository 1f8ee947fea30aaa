// Backup files of the replicated state. Any manager takes a backup online (Cluster.Backup, in
// src/api/cluster_service.ts); `baton cluster backup FILE` writes it to a file; `baton init
// --restore FILE` starts a new one-member cluster holding that state.
//
// A backup file: the 8 bytes "BATONBK1", the length of the header (u32, big-endian), the header
// (baton.v1.BackupHeader), then the state (a baton.v1.StoreSnapshot, state_bytes long, whose CRC32
// the header holds). Nothing else: a truncated or altered file is refused on restore.
import { type FileHandle, open, readFile, rename, rm } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import type { BackupHeader__Output } from '../gen/baton/v1/BackupHeader';
import { BatonError } from '../manager/errors.js';
import { decode, encode } from '../proto/load.js';

export type BackupHeader = BackupHeader__Output;

const MAGIC = Buffer.from('BATONBK1');
/** The largest piece of state one stream message carries (well under gRPC's 4 MiB). */
export const BACKUP_CHUNK_BYTES = 1024 * 1024;
/** A header is a few dozen bytes; a larger length means the file is not a backup. */
const MAX_HEADER_BYTES = 64 * 1024;

/** Checks that `state` is what `header` describes; throws a BatonError naming `what` if not. */
export function checkBackupState(header: BackupHeader, state: Buffer, what: string): void {
  checkStateMatches(header, state.length, crc32(state), what);
}

/** The same check from the length and CRC32 of a state seen piece by piece. */
function checkStateMatches(header: BackupHeader, bytes: number, crc: number, what: string): void {
  if (bytes !== header.stateBytes) {
    throw new BatonError('DATA_LOSS', `${what} holds ${bytes} bytes of state where its header announces ${header.stateBytes}: it is truncated or damaged`);
  }
  if (crc !== header.stateCrc32) {
    throw new BatonError('DATA_LOSS', `${what} fails its checksum (stored ${hex(header.stateCrc32)}, computed ${hex(crc)}): it was altered or damaged`);
  }
}

/** Where a backup goes as it arrives: the header first, then the state piece by piece. */
export interface BackupSink {
  header(h: BackupHeader): Promise<void>;
  data(piece: Buffer): Promise<void>;
}

/**
 * Writes a backup file as the backup arrives (memory: one piece at a time): to a temporary name,
 * checked against the header's length and CRC32, synced, then renamed, so FILE never holds a
 * half-written or damaged backup. Call finish() at the end, or abort() to remove what was written.
 */
export class BackupFileWriter implements BackupSink {
  private fh: FileHandle | null = null;
  private head: BackupHeader | null = null;
  private bytes = 0;
  private crc = 0;

  private constructor(
    private readonly file: string,
    private readonly tmp: string,
  ) {}

  static async create(file: string): Promise<BackupFileWriter> {
    const w = new BackupFileWriter(file, `${file}.tmp-${process.pid}`);
    w.fh = await open(w.tmp, 'wx');
    return w;
  }

  async header(h: BackupHeader): Promise<void> {
    if (this.head !== null) throw new BatonError('DATA_LOSS', 'the backup sent its header twice');
    this.head = h;
    const head = Buffer.from(encode('baton.v1.BackupHeader', h));
    const len = Buffer.alloc(4);
    len.writeUInt32BE(head.length);
    await this.fh!.writev([MAGIC, len, head]);
  }

  async data(piece: Buffer): Promise<void> {
    if (this.head === null) throw new BatonError('DATA_LOSS', 'the backup sent state before its header');
    this.bytes += piece.length;
    this.crc = crc32(piece, this.crc);
    await this.fh!.write(piece);
  }

  /** Checks, syncs and renames the file into place; returns the backup's header. */
  async finish(): Promise<BackupHeader> {
    const h = this.head;
    if (h === null) throw new BatonError('DATA_LOSS', 'the backup ended without its header');
    checkStateMatches(h, this.bytes, this.crc, 'the backup received');
    await this.fh!.datasync();
    await this.fh!.close();
    this.fh = null;
    await rename(this.tmp, this.file);
    return h;
  }

  async abort(): Promise<void> {
    await this.fh?.close().catch(() => undefined);
    this.fh = null;
    await rm(this.tmp, { force: true });
  }
}

/** Reads and checks a backup file. Every way it can be wrong is a one-line BatonError. */
export async function readBackupFile(file: string): Promise<{ header: BackupHeader; state: Buffer }> {
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch (e) {
    throw new BatonError('NOT_FOUND', `cannot read the backup ${file}: ${(e as Error).message}`);
  }
  if (data.length < MAGIC.length + 4 || !data.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new BatonError('INVALID_ARGUMENT', `${file} is not a baton backup (it does not start with ${MAGIC.toString()})`);
  }
  const headLen = data.readUInt32BE(MAGIC.length);
  const headStart = MAGIC.length + 4;
  if (headLen > MAX_HEADER_BYTES || headStart + headLen > data.length) {
    throw new BatonError('DATA_LOSS', `${file} is truncated or damaged: its header length (${headLen} bytes) does not fit the file (${data.length} bytes)`);
  }
  let header: BackupHeader;
  try {
    header = decode<BackupHeader>('baton.v1.BackupHeader', data.subarray(headStart, headStart + headLen));
  } catch (e) {
    throw new BatonError('DATA_LOSS', `${file} has a damaged header: ${(e as Error).message}`);
  }
  const state = data.subarray(headStart + headLen);
  checkBackupState(header, state, file);
  return { header, state };
}

const hex = (n: number): string => '0x' + (n >>> 0).toString(16).padStart(8, '0');
