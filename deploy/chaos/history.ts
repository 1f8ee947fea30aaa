// The recorded history of a concurrent key/value workload, as a chaos run produces it and the
// linearizability checker (linearizability.ts) consumes it.
//
// One operation is one client call against one key, with the interval [invokeMs, completeMs] in
// which it was in flight, measured on one clock (the runner's monotonic clock, e.g.
// performance.now(); fractional milliseconds are fine and make ties rarer) and its outcome:
//
//   ok       the call answered; `output` is what it answered (a read's value, or null when the
//            key is absent; a CAS's `succeeded`; optionally a delete's `deleted`). A CAS that
//            answered succeeded=false is 'ok' with output false.
//   fail     the call certainly did not take effect (INVALID_ARGUMENT, a rejection before the
//            write could have been proposed, ...). The checker ignores it.
//   unknown  it may or may not have taken effect (a timeout, UNAVAILABLE after the write may have
//            been proposed, a call still in flight when the run ended). The checker treats its
//            completion as +infinity and its output as unconstrained: it may take effect at any
//            time after its invocation, or never. `completeMs` is when the client gave up (null
//            if it never did); it is kept for the reader and ignored by the checker.
//
// Values are strings: the runner records a Buffer as its UTF-8 text (or hex). The checker is
// fastest and its explanations clearest when every write uses a value not written before.
//
// Kinds, mirroring the store (src/store/kv_store.ts):
//   read    get(key)                                output: value | null, optional `version`
//   write   put(key, input)                         no output
//   cas     compareAndSwap(key, expected, value)    output: succeeded
//           input { expected, value }: succeeds iff the current value is `expected`, where
//             expected null means "absent" (the runner sends that as expectedVersion 0, since the
//             store's expectedValue never matches an absent key);
//           input { expectedVersion, value }: succeeds iff the key's version is expectedVersion
//             (0: absent; a key's version counts its writes since it was created);
//           value null: delete on success (the store's CAS-delete).
//   delete  delete(key)                             optional output: deleted
//
// Storage: one JSON document { format, version, meta?, ops: [...] }, or JSON lines (one op per
// line, optionally preceded by a header line { format, version, meta? }). A bare JSON array of ops
// is accepted too.
import { readFileSync, writeFileSync } from 'node:fs';

export const HISTORY_FORMAT = 'baton-chaos-history';
export const HISTORY_VERSION = 1;

export type Outcome = 'ok' | 'fail' | 'unknown';
export type OpKind = 'read' | 'write' | 'cas' | 'delete';
export type ClientId = string | number;

/** CAS on the value (null: the key is absent) or on the version (0: absent). value null deletes. */
export type CasInput = { expected: string | null; value: string | null } | { expectedVersion: number; value: string | null };

interface OpCommon {
  /** Unique within the history. */
  id: number;
  client: ClientId;
  key: string;
  invokeMs: number;
  /** When the answer arrived ('ok', 'fail') or the client gave up ('unknown'); null if never. */
  completeMs: number | null;
  outcome: Outcome;
}

export interface ReadOp extends OpCommon {
  kind: 'read';
  input?: undefined;
  /** ok: the value read, null if the key was absent. Absent for 'fail' and 'unknown'. */
  output?: string | null;
  /** ok, optional: the version the read observed (0 if absent); checked when present. */
  version?: number;
}

export interface WriteOp extends OpCommon {
  kind: 'write';
  input: string;
  output?: undefined;
}

export interface CasOp extends OpCommon {
  kind: 'cas';
  input: CasInput;
  /** ok: whether the swap succeeded. */
  output?: boolean;
}

export interface DeleteOp extends OpCommon {
  kind: 'delete';
  input?: undefined;
  /** ok, optional: whether a value was deleted (false: the key was already absent). */
  output?: boolean;
}

export type Operation = ReadOp | WriteOp | CasOp | DeleteOp;

export interface History {
  format: typeof HISTORY_FORMAT;
  version: typeof HISTORY_VERSION;
  /** Free-form description of the run (seed, cluster, faults, ...). */
  meta?: Record<string, unknown>;
  ops: Operation[];
}

export function makeHistory(ops: Operation[], meta?: Record<string, unknown>): History {
  return meta === undefined ? { format: HISTORY_FORMAT, version: HISTORY_VERSION, ops } : { format: HISTORY_FORMAT, version: HISTORY_VERSION, meta, ops };
}

// ------------------------------------------------------------------ recorder

/** What a client is about to do (the recorder adds id, invocation time and outcome). */
export type Invocation =
  | { client: ClientId; key: string; kind: 'read' }
  | { client: ClientId; key: string; kind: 'write'; input: string }
  | { client: ClientId; key: string; kind: 'cas'; input: CasInput }
  | { client: ClientId; key: string; kind: 'delete' };

/** The arguments of ok() per kind. */
export type OkArgs<K extends OpKind> = K extends 'read'
  ? [value: string | null, version?: number]
  : K extends 'cas'
    ? [succeeded: boolean]
    : K extends 'delete'
      ? [deleted?: boolean]
      : [];

/** An invoked operation; exactly one of ok/fail/unknown must be called, once. */
export interface OpHandle<K extends OpKind = OpKind> {
  readonly id: number;
  readonly kind: K;
  ok(...args: OkArgs<K>): void;
  /** It certainly did not take effect. */
  fail(): void;
  /** It may or may not have taken effect. */
  unknown(): void;
}

export interface RecorderOptions {
  /** The clock, in milliseconds (default performance.now()). Must be one clock for all clients. */
  now?: () => number;
  meta?: Record<string, unknown>;
}

/** Records operations as clients invoke and complete them. */
export class HistoryRecorder {
  private readonly now: () => number;
  private readonly meta: Record<string, unknown> | undefined;
  private readonly ops: Operation[] = [];
  private readonly pending = new Set<number>();
  private nextId = 0;

  constructor(opts: RecorderOptions = {}) {
    this.now = opts.now ?? (() => performance.now());
    this.meta = opts.meta;
  }

  invoke<I extends Invocation>(inv: I): OpHandle<I['kind']> {
    const id = this.nextId++;
    const base = { id, client: inv.client, key: inv.key, invokeMs: this.now(), completeMs: null, outcome: 'unknown' as Outcome };
    let op: Operation;
    switch (inv.kind) {
      case 'read':
        op = { ...base, kind: 'read' };
        break;
      case 'write':
        op = { ...base, kind: 'write', input: inv.input };
        break;
      case 'cas':
        op = { ...base, kind: 'cas', input: { ...inv.input } };
        break;
      case 'delete':
        op = { ...base, kind: 'delete' };
        break;
      default:
        throw new Error(`unknown operation kind ${String((inv as { kind: unknown }).kind)}`);
    }
    this.ops.push(op);
    this.pending.add(id);
    const complete = (outcome: Outcome): void => {
      if (!this.pending.delete(id)) throw new Error(`operation ${id} (${op.kind} ${op.key}) was already completed`);
      op.completeMs = this.now();
      op.outcome = outcome;
    };
    const handle: OpHandle = {
      id,
      kind: op.kind,
      ok: (...args: unknown[]) => {
        switch (op.kind) {
          case 'read': {
            const [value, version] = args as [string | null, number | undefined];
            if (value !== null && typeof value !== 'string') throw new TypeError(`read ${id}: ok() expects the value read (a string) or null, got ${String(value)}`);
            complete('ok');
            op.output = value;
            if (version !== undefined) op.version = version;
            break;
          }
          case 'cas': {
            const [succeeded] = args as [boolean];
            if (typeof succeeded !== 'boolean') throw new TypeError(`cas ${id}: ok() expects succeeded (a boolean), got ${String(succeeded)}`);
            complete('ok');
            op.output = succeeded;
            break;
          }
          case 'delete': {
            const [deleted] = args as [boolean | undefined];
            complete('ok');
            if (deleted !== undefined) op.output = deleted;
            break;
          }
          case 'write':
            complete('ok');
            break;
        }
      },
      fail: () => complete('fail'),
      unknown: () => complete('unknown'),
    };
    return handle as OpHandle<I['kind']>;
  }

  read(client: ClientId, key: string): OpHandle<'read'> {
    return this.invoke({ client, key, kind: 'read' });
  }

  write(client: ClientId, key: string, value: string): OpHandle<'write'> {
    return this.invoke({ client, key, kind: 'write', input: value });
  }

  /** CAS on the value; expected null means "the key is absent". */
  cas(client: ClientId, key: string, expected: string | null, value: string | null): OpHandle<'cas'> {
    return this.invoke({ client, key, kind: 'cas', input: { expected, value } });
  }

  /** CAS on the version (0: absent). */
  casVersion(client: ClientId, key: string, expectedVersion: number, value: string | null): OpHandle<'cas'> {
    return this.invoke({ client, key, kind: 'cas', input: { expectedVersion, value } });
  }

  delete(client: ClientId, key: string): OpHandle<'delete'> {
    return this.invoke({ client, key, kind: 'delete' });
  }

  /** How many operations are invoked and not yet completed. */
  get inFlight(): number {
    return this.pending.size;
  }

  /**
   * The history so far (a copy). Operations still in flight appear as 'unknown' with completeMs
   * null: they may yet take effect.
   */
  history(): History {
    const ops = this.ops.map((o) => structuredClone(o));
    return makeHistory(ops, this.meta === undefined ? undefined : structuredClone(this.meta));
  }
}

// ------------------------------------------------------------------ validation

export class HistoryFormatError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid history: ${problems.slice(0, 10).join('; ')}${problems.length > 10 ? `; and ${problems.length - 10} more` : ''}`);
  }
}

const isFiniteNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isNonNegInt = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) >= 0;
const isStringOrNull = (x: unknown): x is string | null => x === null || typeof x === 'string';

/** The problems of one operation (empty if it is well formed). */
export function operationProblems(raw: unknown): string[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return [`operation is not an object: ${JSON.stringify(raw)}`];
  const o = raw as Record<string, unknown>;
  const at = `operation ${JSON.stringify(o.id)}`;
  const p: string[] = [];
  if (!Number.isSafeInteger(o.id)) p.push(`${at}: id must be an integer`);
  if (typeof o.client !== 'string' && !isFiniteNumber(o.client)) p.push(`${at}: client must be a string or a number`);
  if (typeof o.key !== 'string') p.push(`${at}: key must be a string`);
  if (!isFiniteNumber(o.invokeMs)) p.push(`${at}: invokeMs must be a finite number`);
  if (o.completeMs !== null && !isFiniteNumber(o.completeMs)) p.push(`${at}: completeMs must be a finite number or null`);
  if (isFiniteNumber(o.invokeMs) && isFiniteNumber(o.completeMs) && o.completeMs < o.invokeMs) p.push(`${at}: completeMs ${o.completeMs} is before invokeMs ${o.invokeMs}`);
  if (o.outcome !== 'ok' && o.outcome !== 'fail' && o.outcome !== 'unknown') p.push(`${at}: outcome must be 'ok', 'fail' or 'unknown'`);
  if (o.outcome === 'ok' && o.completeMs === null) p.push(`${at}: an 'ok' operation needs completeMs`);
  const ok = o.outcome === 'ok';
  switch (o.kind) {
    case 'read':
      if (ok && !isStringOrNull(o.output)) p.push(`${at}: an ok read needs output, the value read (a string) or null if absent`);
      if (o.version !== undefined && !isNonNegInt(o.version)) p.push(`${at}: version must be a non-negative integer`);
      break;
    case 'write':
      if (typeof o.input !== 'string') p.push(`${at}: a write needs input, the value written (a string)`);
      break;
    case 'cas': {
      const i = o.input as Record<string, unknown> | null | undefined;
      if (typeof i !== 'object' || i === null) {
        p.push(`${at}: a cas needs input { expected, value } or { expectedVersion, value }`);
        break;
      }
      const byValue = 'expected' in i;
      const byVersion = 'expectedVersion' in i;
      if (byValue === byVersion) p.push(`${at}: cas input needs exactly one of expected and expectedVersion`);
      if (byValue && !isStringOrNull(i.expected)) p.push(`${at}: cas expected must be a string or null (absent)`);
      if (byVersion && !isNonNegInt(i.expectedVersion)) p.push(`${at}: cas expectedVersion must be a non-negative integer`);
      if (!('value' in i) || !isStringOrNull(i.value)) p.push(`${at}: cas value must be a string or null (delete)`);
      if (ok && typeof o.output !== 'boolean') p.push(`${at}: an ok cas needs output, whether it succeeded (a boolean)`);
      break;
    }
    case 'delete':
      if (ok && o.output !== undefined && typeof o.output !== 'boolean') p.push(`${at}: a delete's output (deleted) must be a boolean if present`);
      break;
    default:
      p.push(`${at}: kind must be 'read', 'write', 'cas' or 'delete'`);
  }
  return p;
}

/** All problems of a history: malformed operations and duplicate ids. */
export function historyProblems(h: History): string[] {
  const p: string[] = [];
  if (!Array.isArray(h.ops)) return ['history has no ops array'];
  const ids = new Set<number>();
  for (const o of h.ops) {
    p.push(...operationProblems(o));
    if (Number.isSafeInteger(o?.id)) {
      if (ids.has(o.id)) p.push(`operation ${o.id}: duplicate id`);
      ids.add(o.id);
    }
  }
  return p;
}

export function validateHistory(h: History): History {
  const p = historyProblems(h);
  if (p.length > 0) throw new HistoryFormatError(p);
  return h;
}

// ------------------------------------------------------------------ JSON

/** Drops undefined fields so that a saved and loaded history is deep-equal to the original. */
function clean(op: Operation): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(op)) if (v !== undefined) out[k] = v;
  return out;
}

export function historyToJson(h: History): string {
  const header: Record<string, unknown> = { format: HISTORY_FORMAT, version: HISTORY_VERSION };
  if (h.meta !== undefined) header.meta = h.meta;
  if (h.ops.length === 0) return `${JSON.stringify({ ...header, ops: [] })}\n`;
  // One operation a line keeps big histories readable and diffable.
  const body = h.ops.map((o) => `  ${JSON.stringify(clean(o))}`).join(',\n');
  return `${JSON.stringify(header).slice(0, -1)},"ops":[\n${body}\n]}\n`;
}

export function historyToJsonLines(h: History): string {
  const header: Record<string, unknown> = { format: HISTORY_FORMAT, version: HISTORY_VERSION };
  if (h.meta !== undefined) header.meta = h.meta;
  return [JSON.stringify(header), ...h.ops.map((o) => JSON.stringify(clean(o)))].join('\n') + '\n';
}

function checkHeader(x: Record<string, unknown>, where: string): void {
  if (x.format !== undefined && x.format !== HISTORY_FORMAT) throw new HistoryFormatError([`${where}: format is ${JSON.stringify(x.format)}, expected ${HISTORY_FORMAT}`]);
  if (x.version !== undefined && x.version !== HISTORY_VERSION) throw new HistoryFormatError([`${where}: version is ${JSON.stringify(x.version)}, expected ${HISTORY_VERSION}`]);
}

/** Parses and validates a history: a JSON document, a JSON array of ops, or JSON lines. */
export function parseHistory(text: string): History {
  let whole: unknown;
  let isWhole = true;
  try {
    whole = JSON.parse(text);
  } catch {
    isWhole = false;
  }
  if (isWhole) {
    if (Array.isArray(whole)) return validateHistory(makeHistory(whole as Operation[]));
    if (typeof whole === 'object' && whole !== null && Array.isArray((whole as { ops?: unknown }).ops)) {
      const doc = whole as Record<string, unknown>;
      checkHeader(doc, 'document');
      return validateHistory(makeHistory(doc.ops as Operation[], doc.meta as Record<string, unknown> | undefined));
    }
    // A single line of JSON lines (a lone header or a lone op) falls through.
  }
  const ops: Operation[] = [];
  let meta: Record<string, unknown> | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let x: unknown;
    try {
      x = JSON.parse(line);
    } catch (e) {
      throw new HistoryFormatError([`line ${i + 1}: not JSON (${(e as Error).message})`]);
    }
    if (typeof x === 'object' && x !== null && 'format' in x) {
      checkHeader(x as Record<string, unknown>, `line ${i + 1}`);
      meta = (x as { meta?: Record<string, unknown> }).meta;
    } else {
      ops.push(x as Operation);
    }
  }
  return validateHistory(makeHistory(ops, meta));
}

/** Writes a history: JSON lines if the path ends in .jsonl or .ndjson (or format says so), else one JSON document. */
export function saveHistory(path: string, h: History, format?: 'json' | 'jsonl'): void {
  const lines = format === 'jsonl' || (format === undefined && /\.(jsonl|ndjson)$/i.test(path));
  writeFileSync(path, lines ? historyToJsonLines(h) : historyToJson(h));
}

export function loadHistory(path: string): History {
  return parseHistory(readFileSync(path, 'utf8'));
}

// ------------------------------------------------------------------ describing

function fmtValue(v: string | null | undefined): string {
  return v === null || v === undefined ? 'absent' : JSON.stringify(v);
}

function fmtTime(t: number | null): string {
  return t === null ? '∞' : String(Math.round(t * 1000) / 1000);
}

/** One line describing an operation, e.g. `#12 client 3 read "v5" [100, 130.5] ok`. */
export function describeOp(o: Operation): string {
  let what: string;
  switch (o.kind) {
    case 'read':
      what = o.outcome === 'ok' ? `read → ${fmtValue(o.output)}${o.version !== undefined ? ` (version ${o.version})` : ''}` : 'read';
      break;
    case 'write':
      what = `write ${fmtValue(o.input)}`;
      break;
    case 'cas': {
      const i = o.input;
      const exp = 'expectedVersion' in i ? `version ${i.expectedVersion}` : fmtValue(i.expected);
      what = `cas ${exp} → ${i.value === null ? 'delete' : fmtValue(i.value)}${o.outcome === 'ok' ? (o.output ? ' succeeded' : ' failed') : ''}`;
      break;
    }
    case 'delete':
      what = `delete${o.outcome === 'ok' && o.output !== undefined ? (o.output ? ' (deleted)' : ' (was absent)') : ''}`;
      break;
  }
  return `#${o.id} client ${o.client} ${what} [${fmtTime(o.invokeMs)}, ${o.outcome === 'unknown' ? '∞' : fmtTime(o.completeMs)}] ${o.outcome}`;
}
