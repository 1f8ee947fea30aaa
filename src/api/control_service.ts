// The Control service: the key/value API. Thin: validate, translate, call the replica.
import { serviceLogs } from './logs_api.js';
import * as grpc from '@grpc/grpc-js';
import type { CompareAndSwapRequest__Output } from '../gen/baton/v1/CompareAndSwapRequest';
import type { CompareAndSwapResponse } from '../gen/baton/v1/CompareAndSwapResponse';
import type { ControlHandlers } from '../gen/baton/v1/Control';
import type { DeleteRequest__Output } from '../gen/baton/v1/DeleteRequest';
import type { DeleteResponse } from '../gen/baton/v1/DeleteResponse';
import type { GetRequest__Output } from '../gen/baton/v1/GetRequest';
import type { GetResponse } from '../gen/baton/v1/GetResponse';
import type { PutRequest__Output } from '../gen/baton/v1/PutRequest';
import type { PutResponse } from '../gen/baton/v1/PutResponse';
import type { RangeRequest__Output } from '../gen/baton/v1/RangeRequest';
import type { RangeResponse } from '../gen/baton/v1/RangeResponse';
import type { SessionRequest__Output } from '../gen/baton/v1/SessionRequest';
import type { SessionRequests__Output } from '../gen/baton/v1/SessionRequests';
import type { SessionResponse } from '../gen/baton/v1/SessionResponse';
import type { WatchEvent__Output } from '../gen/baton/v1/WatchEvent';
import type { ReadConsistency__Output } from '../gen/baton/v1/ReadConsistency';
import { BatonError } from '../manager/errors.js';
import type { Replica } from '../manager/replica.js';
import { CompactedRevisionError } from '../store/kv_store.js';
import { toStatus, unary } from './grpc_util.js';
import { TurnBatcher } from './turn_batch.js';
import { ObjectsApi } from './objects_api.js';
import { checkKey, checkPrefix, checkRequestId, checkValue, rangeLimit } from './validate.js';

/** Requests a Session stream may have in flight before it stops reading (back-pressure). */
const SESSION_MAX_IN_FLIGHT = 4096;

/** Upper estimate of an answer's encoded size: its keys and values plus fixed overhead. */
function responseBytes(r: SessionResponse): number {
  const kv = (x: { key?: string; value?: Buffer | Uint8Array | string } | null | undefined) => (x ? (x.key?.length ?? 0) * 3 + (x.value?.length ?? 0) + 64 : 0);
  return 64 + kv(r.put?.prev) + kv(r.get?.kv) + kv(r.delete?.prev) + kv(r.compareAndSwap?.prev) + (r.error?.message?.length ?? 0) * 3;
}

export class ControlApi {
  private readonly objects: ObjectsApi;

  constructor(private readonly replica: Replica) {
    this.objects = new ObjectsApi(replica);
  }

  private async readPoint(consistency: ReadConsistency__Output): Promise<void> {
    if (consistency !== 'READ_LOCAL') await this.replica.linearizable();
  }

  async put(req: PutRequest__Output): Promise<PutResponse> {
    checkKey(req.key);
    checkValue(req.value);
    checkRequestId(req.requestId);
    const r = await this.replica.write({ op: 'put', put: req, requestId: req.requestId });
    return (r as { put: PutResponse }).put;
  }

  async get(req: GetRequest__Output): Promise<GetResponse> {
    checkKey(req.key);
    await this.readPoint(req.consistency);
    return { revision: this.replica.kv.revision, kv: this.replica.kv.get(req.key) };
  }

  async delete(req: DeleteRequest__Output): Promise<DeleteResponse> {
    checkKey(req.key);
    checkRequestId(req.requestId);
    const r = await this.replica.write({ op: 'delete', delete: req, requestId: req.requestId });
    return (r as { delete: DeleteResponse }).delete;
  }

  async compareAndSwap(req: CompareAndSwapRequest__Output): Promise<CompareAndSwapResponse> {
    checkKey(req.key);
    if (req.expected !== 'expectedValue' && req.expected !== 'expectedVersion') {
      throw new BatonError('INVALID_ARGUMENT', 'expected: set expected_value or expected_version');
    }
    if (req.expected === 'expectedValue') checkValue(req.expectedValue!, 'expected_value');
    checkValue(req.value);
    checkRequestId(req.requestId);
    const r = await this.replica.write({ op: 'compareAndSwap', compareAndSwap: req, requestId: req.requestId });
    return (r as { compareAndSwap: CompareAndSwapResponse }).compareAndSwap;
  }

  async range(req: RangeRequest__Output): Promise<RangeResponse> {
    checkPrefix(req.prefix);
    checkPrefix(req.startAfter, 'start_after');
    const limit = rangeLimit(req.limit);
    await this.readPoint(req.consistency);
    const { kvs, more } = this.replica.kv.range(req.prefix, req.startAfter, limit);
    return { revision: this.replica.kv.revision, kvs, more };
  }

  /** One request of a Session stream, answered like the unary call would be. */
  async session(req: SessionRequest__Output): Promise<SessionResponse> {
    const tag = req.tag;
    try {
      switch (req.request) {
        case 'put':
          return { tag, put: await this.put(req.put!) };
        case 'get':
          return { tag, get: await this.get(req.get!) };
        case 'delete':
          return { tag, delete: await this.delete(req.delete!) };
        case 'compareAndSwap':
          return { tag, compareAndSwap: await this.compareAndSwap(req.compareAndSwap!) };
        default:
          throw new BatonError('INVALID_ARGUMENT', 'request: set one of put, get, delete, compare_and_swap');
      }
    } catch (e) {
      const s = toStatus(e);
      return { tag, error: { code: s.code ?? grpc.status.INTERNAL, message: s.details ?? '' } };
    }
  }

  handlers(): ControlHandlers {
    return {
      ...this.objects.handlers(),
      ServiceLogs: (call) => serviceLogs(this.replica, call),
      Put: unary((req) => this.put(req)),
      Get: unary((req) => this.get(req)),
      Delete: unary((req) => this.delete(req)),
      CompareAndSwap: unary((req) => this.compareAndSwap(req)),
      Range: unary((req) => this.range(req)),
      Watch: (call) => {
        const req = call.request;
        try {
          checkPrefix(req.prefix);
          const stop = this.replica.kv.watch({ prefix: req.prefix, send: (e: WatchEvent__Output) => call.write(e) }, req.startRevision);
          call.on('cancelled', stop);
          call.on('close', stop);
        } catch (e) {
          // emit('error') sends the status to the client; destroy() would end the stream silently.
          const status = e instanceof CompactedRevisionError ? { code: grpc.status.OUT_OF_RANGE, details: e.message } : toStatus(e);
          call.emit('error', Object.assign(new Error(status.details ?? 'watch failed'), status));
        }
      },
      Session: (call) => {
        // Answers completed in the same turn (the writes of one Raft Ready are applied, and their
        // callers resumed, together) leave in one message.
        const out = new TurnBatcher<SessionResponse>((responses) => {
          if (!call.writableEnded && !call.destroyed) call.write({ responses });
        });
        let inFlight = 0;
        let ended = false;
        const finish = () => {
          if (ended && inFlight === 0) {
            out.flush();
            call.end();
          }
        };
        const answer = (res: SessionResponse) => {
          inFlight--;
          out.add(res, responseBytes(res));
          if (inFlight < SESSION_MAX_IN_FLIGHT / 2) call.resume();
          finish();
        };
        call.on('data', (batch: SessionRequests__Output) => {
          inFlight += batch.requests.length;
          if (inFlight >= SESSION_MAX_IN_FLIGHT) call.pause();
          for (const req of batch.requests) void this.session(req).then(answer);
        });
        call.on('end', () => {
          ended = true;
          finish();
        });
        call.on('error', () => {});
      },
    };
  }
}
