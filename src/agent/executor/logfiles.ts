// A run's stdout and stderr as files in its directory: opened by the agent and handed to the
// task as file descriptors (so the task keeps writing while the agent is down), rotated by
// copy-and-truncate, read back (tail, follow) as LogEntry values.
//
// Why copy-and-truncate: the task holds its own descriptor to `stdout.log` and never reopens it,
// so renaming the file away would leave the task writing into the renamed file forever. Instead
// the rotator copies the file to `stdout.log.1` and truncates the original in place. The files
// are opened with O_APPEND, so after the truncation the task's next write lands at the new end
// (offset 0) instead of leaving a hole at its old offset. The known cost of copytruncate: lines
// written between the copy and the truncation are lost (a window of a few milliseconds, once per
// rotation).
//
// Timestamps: the task writes raw bytes, so nothing records when a line was written. Lines
// already in the files when logs() is called get their file's modification time (an upper bound:
// the time of the last write to that file); lines read while following get the time the agent
// read them (at most one poll interval late). stdout and stderr are interleaved by these times,
// file by file, so their relative order is only approximate.
import { closeSync, openSync } from 'node:fs';
import { copyFile, open, rename, rm, stat, truncate, type FileHandle } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { LogEntry } from './executor.js';

export type Stream = LogEntry['stream'];
export const STREAMS: readonly Stream[] = ['stdout', 'stderr'];

/** A line longer than this without a newline is cut into pieces (bounds the follow buffer). */
const MAX_LINE_BYTES = 64 * 1024;
/** A follower keeps at most this many lines its consumer has not taken (then drops the oldest). */
const MAX_QUEUED_LINES = 100_000;
/** Rotated files looked for beyond the configured count (a reader does not know the count). */
const MAX_ROTATED_PROBE = 100;

/** `stdout.log` (n = 0) or its n-th rotated copy `stdout.log.n` (1 is the newest). */
export function logFile(dir: string, stream: Stream, n = 0): string {
  return join(dir, n === 0 ? `${stream}.log` : `${stream}.log.${n}`);
}

/** Opens (creating) both log files for appending; the caller hands the fds to the child and closes them. */
export function openLogFds(dir: string): { stdout: number; stderr: number } {
  const stdout = openSync(logFile(dir, 'stdout'), 'a', 0o640);
  try {
    const stderr = openSync(logFile(dir, 'stderr'), 'a', 0o640);
    return { stdout, stderr };
  } catch (err) {
    closeSync(stdout);
    throw err;
  }
}

// ------------------------------------------------------------------ one lock per run directory

/**
 * Rotation and the follow reader's polls of one directory never interleave (in this process),
 * so a reader sees a rotation either not at all or complete. Executor instances in one process
 * share this map.
 */
const dirLocks = new Map<string, Promise<void>>();

async function withDirLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const prev = dirLocks.get(dir) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  const tail = prev.then(() => mine);
  dirLocks.set(dir, tail);
  await prev;
  try {
    return await fn();
  } finally {
    release();
    if (dirLocks.get(dir) === tail) dirLocks.delete(dir);
  }
}

/**
 * Followers of a directory. A rotation first lets each of them read what is new (under the
 * lock), so a follower never loses its place however many rotations happen while its consumer
 * is slow: everything it has not read yet is at most one rotated copy away.
 */
interface Follower {
  catchUp(): Promise<void>;
}
const followers = new Map<string, Set<Follower>>();

// ------------------------------------------------------------------ rotation

function isNotFound(err: unknown): boolean {
  return (err as NodeJS.ErrnoException)?.code === 'ENOENT';
}

/** Rotates `stream` of `dir` if its file exceeds maxBytes; keeps `keep` old files. True if rotated. */
export async function rotateIfNeeded(runDir: string, stream: Stream, maxBytes: number, keep: number): Promise<boolean> {
  const dir = resolve(runDir); // one spelling per directory: the key of its lock and followers
  return withDirLock(dir, async () => {
    const cur = logFile(dir, stream);
    let size: number;
    try {
      size = (await stat(cur)).size;
    } catch {
      return false;
    }
    if (size <= maxBytes) return false;
    for (const f of followers.get(dir) ?? []) await f.catchUp().catch(() => undefined);
    if (keep > 0) {
      await rm(logFile(dir, stream, keep), { force: true });
      for (let i = keep - 1; i >= 1; i--) {
        await rename(logFile(dir, stream, i), logFile(dir, stream, i + 1)).catch((err) => {
          if (!isNotFound(err)) throw err;
        });
      }
      // Copy under a temporary name so that `.1` only ever names a complete copy.
      const tmp = `${cur}.rotating`;
      await copyFile(cur, tmp);
      await rename(tmp, logFile(dir, stream, 1));
    }
    await truncate(cur, 0);
    return true;
  });
}

/** Checks the log files of the tracked run directories every intervalMs (an unref'd timer). */
export class LogRotator {
  private readonly dirs = new Set<string>();
  private readonly timer: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly maxBytes: number,
    private readonly keep: number,
    intervalMs: number,
  ) {
    this.timer = setInterval(() => void this.rotateNow(), intervalMs);
    this.timer.unref();
  }

  track(dir: string): void {
    this.dirs.add(resolve(dir));
  }

  untrack(dir: string): void {
    this.dirs.delete(resolve(dir));
  }

  /** One pass over every tracked directory (also what the timer runs). Errors are skipped: a directory may vanish meanwhile. */
  async rotateNow(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (const dir of [...this.dirs]) {
        for (const s of STREAMS) {
          try {
            await rotateIfNeeded(dir, s, this.maxBytes, this.keep);
          } catch {
            // The run was removed, or the disk is full: try again on the next tick.
          }
        }
      }
    } finally {
      this.running = false;
    }
  }

  close(): void {
    clearInterval(this.timer);
    this.dirs.clear();
  }
}

// ------------------------------------------------------------------ reading

interface Segment {
  stream: Stream;
  mtimeMs: number;
  /** Rotated files are immutable once named: read lazily through an fd taken under the lock. */
  fh: FileHandle | null;
  /** The current file is read at once under the lock (a rotation could truncate it later). */
  buf: Buffer | null;
  current: boolean;
}

/** State of one stream while following. */
interface FollowState {
  stream: Stream;
  /** Bytes of the current file already read. */
  offset: number;
  /** Inode of the file that was `.1` at the last look (null: there was none). */
  lastIno1: number | null;
  pending: Buffer;
}

async function statOrNull(path: string): Promise<{ ino: number; size: number; mtimeMs: number } | null> {
  try {
    const st = await stat(path);
    return { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
  } catch {
    return null;
  }
}

async function rotatedInos(dir: string, stream: Stream): Promise<number[]> {
  const out: number[] = [];
  for (let i = 1; i <= MAX_ROTATED_PROBE; i++) {
    const st = await statOrNull(logFile(dir, stream, i));
    if (!st) break;
    out.push(st.ino);
  }
  return out;
}

/** Reads [start, end) of a file (short if the file is shorter). */
async function readRange(path: string, start: number, end: number): Promise<Buffer> {
  if (end <= start) return Buffer.alloc(0);
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch {
    return Buffer.alloc(0);
  }
  try {
    const buf = Buffer.alloc(end - start);
    let got = 0;
    while (got < buf.length) {
      const { bytesRead } = await fh.read(buf, got, buf.length - got, start + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return buf.subarray(0, got);
  } finally {
    await fh.close();
  }
}

/** Complete lines of buf (without '\n') and the unterminated rest. */
function splitLines(buf: Buffer): { lines: string[]; rest: Buffer } {
  const lines: string[] = [];
  let start = 0;
  for (;;) {
    const nl = buf.indexOf(0x0a, start);
    if (nl < 0) break;
    lines.push(buf.toString('utf8', start, nl));
    start = nl + 1;
  }
  return { lines, rest: buf.subarray(start) };
}

/** Opens the snapshot of one stream: its rotated files (oldest first) and the current file's content. */
async function openSegments(dir: string, stream: Stream): Promise<{ segments: Segment[]; ino1: number | null; curSize: number }> {
  const segments: Segment[] = [];
  let ino1: number | null = null;
  try {
    for (let i = 1; i <= MAX_ROTATED_PROBE; i++) {
      let fh: FileHandle;
      try {
        fh = await open(logFile(dir, stream, i), 'r');
      } catch {
        break;
      }
      const st = await fh.stat();
      if (i === 1) ino1 = st.ino;
      segments.unshift({ stream, mtimeMs: st.mtimeMs, fh, buf: null, current: false });
    }
    const st = await statOrNull(logFile(dir, stream));
    let curSize = 0;
    if (st) {
      const buf = await readRange(logFile(dir, stream), 0, st.size);
      curSize = buf.length;
      segments.push({ stream, mtimeMs: st.mtimeMs, fh: null, buf, current: true });
    }
    return { segments, ino1, curSize };
  } catch (err) {
    for (const s of segments) await s.fh?.close();
    throw err;
  }
}

async function segmentBytes(s: Segment): Promise<Buffer> {
  if (s.buf) return s.buf;
  return s.fh ? s.fh.readFile() : Buffer.alloc(0);
}

/**
 * Lines of one segment. The current file's unterminated last line is held back when following
 * (it is completed by the follow loop) and returned as `rest`.
 */
async function segmentLines(s: Segment, holdPartial: boolean): Promise<{ lines: string[]; rest: Buffer }> {
  const { lines, rest } = splitLines(await segmentBytes(s));
  if (rest.length > 0 && !(s.current && holdPartial)) {
    lines.push(rest.toString('utf8'));
    return { lines, rest: Buffer.alloc(0) };
  }
  return { lines, rest };
}

/** Two-way merge of per-stream entry lists (each in order) by timestamp; stdout first on ties. */
function mergeByTime<T extends { ts: number }>(a: T[], b: T[]): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i].ts <= b[j].ts)) out.push(a[i++]);
    else out.push(b[j++]);
  }
  return out;
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

export interface ReadLogsOptions {
  follow: boolean;
  tail: number;
  signal?: AbortSignal;
  /** While following: is the run still alive? Following ends once it is not and the files are drained. */
  alive: () => boolean | Promise<boolean>;
  pollMs?: number;
}

/**
 * The log lines of the run in `dir`: rotated files then the current one, stdout and stderr
 * interleaved by file time (see the top of this file); the last `tail` lines if tail > 0. With
 * `follow`, then the lines appended later (polled every pollMs, rotations followed through the
 * inodes of the rotated files), until the signal aborts or the run has ended and its files are
 * drained.
 */
export async function* readLogs(runDir: string, opts: ReadLogsOptions): AsyncGenerator<LogEntry> {
  const dir = resolve(runDir);
  const pollMs = opts.pollMs ?? 250;
  if (opts.signal?.aborted) return;
  const snaps = await withDirLock(dir, async () => {
    const out: Awaited<ReturnType<typeof openSegments>>[] = [];
    try {
      for (const s of STREAMS) out.push(await openSegments(dir, s));
    } catch (err) {
      for (const snap of out) for (const seg of snap.segments) await seg.fh?.close();
      throw err;
    }
    return out;
  });
  const follows: FollowState[] = [];
  let registered: (() => void) | null = null;
  // Lines read but not yet taken by the consumer (also filled by rotations, see Follower).
  let queue: LogEntry[] = [];
  let dropped = 0;
  const follower: Follower = {
    async catchUp() {
      for (const f of follows) {
        for (const e of await pollStream(dir, f)) queue.push(e);
      }
      if (queue.length > MAX_QUEUED_LINES) {
        dropped += queue.length - MAX_QUEUED_LINES;
        queue = queue.slice(queue.length - MAX_QUEUED_LINES);
      }
    },
  };
  try {
    type Timed = { ts: number; entry: LogEntry };
    const perStream: Timed[][] = [];
    for (let k = 0; k < STREAMS.length; k++) {
      const stream = STREAMS[k];
      const snap = snaps[k];
      const list: Timed[] = [];
      let rest: Buffer = Buffer.alloc(0);
      if (opts.tail > 0) {
        // Newest segment first (the current file, so `rest` is always set), until `tail` lines of
        // this stream are collected.
        const chunks: Timed[][] = [];
        let have = 0;
        for (let i = snap.segments.length - 1; i >= 0 && have < opts.tail; i--) {
          const seg = snap.segments[i];
          const r = await segmentLines(seg, opts.follow);
          if (seg.current) rest = r.rest;
          const take = r.lines.slice(Math.max(0, r.lines.length - (opts.tail - have)));
          have += take.length;
          chunks.unshift(take.map((line) => ({ ts: seg.mtimeMs, entry: { stream, timestampMs: Math.floor(seg.mtimeMs), line } })));
        }
        list.push(...chunks.flat());
      } else {
        for (const seg of snap.segments) {
          const r = await segmentLines(seg, opts.follow);
          if (seg.current) rest = r.rest;
          for (const line of r.lines) list.push({ ts: seg.mtimeMs, entry: { stream, timestampMs: Math.floor(seg.mtimeMs), line } });
        }
      }
      perStream.push(list);
      follows.push({ stream, offset: snap.curSize - rest.length, lastIno1: snap.ino1, pending: Buffer.alloc(0) });
    }
    for (const snap of snaps) for (const seg of snap.segments) await seg.fh?.close();
    snaps.length = 0;

    if (opts.follow) {
      // Registered before the first yield: a consumer may stall on any line.
      const set = followers.get(dir) ?? new Set<Follower>();
      followers.set(dir, set);
      set.add(follower);
      registered = () => {
        set.delete(follower);
        if (set.size === 0 && followers.get(dir) === set) followers.delete(dir);
      };
    }

    let merged = mergeByTime(perStream[0], perStream[1]);
    if (opts.tail > 0 && merged.length > opts.tail) merged = merged.slice(merged.length - opts.tail);
    for (const t of merged) {
      if (opts.signal?.aborted) return;
      yield t.entry;
    }
    if (!opts.follow) return;

    let ended = false;
    while (!opts.signal?.aborted) {
      await abortableSleep(pollMs, opts.signal);
      if (opts.signal?.aborted) return;
      await withDirLock(dir, () => follower.catchUp());
      const fresh = queue;
      queue = [];
      if (dropped > 0) {
        yield { stream: 'stderr', timestampMs: Date.now(), line: `[baton: ${dropped} log lines dropped: the reader fell behind]` };
        dropped = 0;
      }
      for (const e of fresh) {
        if (opts.signal?.aborted) return;
        yield e;
      }
      if (ended) break;
      // The run ended: one more poll drains what it wrote just before (the loop runs once more).
      if (fresh.length === 0 && !(await opts.alive())) ended = true;
    }
    if (ended) {
      for (const f of follows) {
        if (f.pending.length > 0) yield { stream: f.stream, timestampMs: Date.now(), line: f.pending.toString('utf8') };
      }
    }
  } finally {
    registered?.();
    for (const snap of snaps) for (const seg of snap.segments) await seg.fh?.close();
  }
}

/** New complete lines of one stream since the last poll (called under the directory lock). */
async function pollStream(dir: string, f: FollowState): Promise<LogEntry[]> {
  const chunks: Buffer[] = [f.pending];
  const inos = await rotatedInos(dir, f.stream);
  const ino1 = inos.length > 0 ? inos[0] : null;
  if (ino1 !== null && ino1 !== f.lastIno1) {
    // One or more rotations since the last look. Rotated files keep their inode when shifted,
    // so the file that was `.1` is now `.k`; the copies made since are `.k-1` (older) .. `.1`.
    // The oldest of those holds the rest of the current file we were reading at `offset`.
    const found = f.lastIno1 === null ? -1 : inos.indexOf(f.lastIno1);
    const newer = found >= 0 ? found : inos.length;
    for (let i = newer; i >= 1; i--) {
      const path = logFile(dir, f.stream, i);
      // If our file was rotated out of sight (more rotations than kept files), lines were lost:
      // read the surviving copies whole.
      const from = i === newer && (found >= 0 || f.lastIno1 === null) ? f.offset : 0;
      const st = await statOrNull(path);
      if (st) chunks.push(await readRange(path, from, st.size));
    }
    f.offset = 0;
    f.lastIno1 = ino1;
  }
  const cur = logFile(dir, f.stream);
  const st = await statOrNull(cur);
  if (st) {
    if (st.size < f.offset) f.offset = 0; // truncated without a rotated copy (keep = 0)
    if (st.size > f.offset) {
      const buf = await readRange(cur, f.offset, st.size);
      chunks.push(buf);
      f.offset += buf.length;
    }
  }
  const { lines, rest } = splitLines(Buffer.concat(chunks));
  const now = Date.now();
  const out: LogEntry[] = lines.map((line) => ({ stream: f.stream, timestampMs: now, line }));
  let pending = rest;
  while (pending.length > MAX_LINE_BYTES) {
    out.push({ stream: f.stream, timestampMs: now, line: pending.subarray(0, MAX_LINE_BYTES).toString('utf8') });
    pending = pending.subarray(MAX_LINE_BYTES);
  }
  f.pending = Buffer.from(pending);
  return out;
}
