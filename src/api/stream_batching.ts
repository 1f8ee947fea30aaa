// Batching the answers of a server stream (the Session write path) into fewer HTTP/2 writes.
//
// grpc-js's server stream is an object-mode Duplex with only `_write`: it hands one message to
// HTTP/2 and waits for that write's callback (which comes once the bytes reached the socket)
// before it takes the next one. With many answers completing together (the writes of one Raft
// Ready are applied at once), that is one socket write per answer. batchStreamWrites() gives the
// stream a `_writev` that hands every buffered message to the call at once, and corks the stream
// from the first write of a turn of the event loop until the answers completed in that turn have
// all been written: HTTP/2 then carries them in a few frames and one or two socket writes.
//
// It relies on how grpc-js (1.x) builds the stream: `_write(chunk, _, cb)` is
// `this.call.sendMessage(chunk, cb)`. If that shape is not there, nothing is changed and the
// stream works as before, one message at a time.
import type { Duplex } from 'node:stream';

interface InnerCall {
  sendMessage(message: unknown, callback: () => void): void;
}

/**
 * Installs the batching on a server (or duplex) stream of grpc-js and returns the function to
 * write with (stream.write, corked for the rest of the turn once the stream has sent a first
 * message). Without grpc-js's expected shape, that is plain stream.write.
 */
export function batchStreamWrites<T>(stream: Pick<Duplex, 'write' | 'cork' | 'uncork'>): (message: T) => boolean {
  const inner = (stream as unknown as { call?: Partial<InnerCall> }).call;
  if (typeof inner?.sendMessage !== 'function') return (m) => stream.write(m);
  const call = inner as InnerCall;
  // The first message goes alone, through _write (it also sends the response headers); once it is
  // written, answers are batched.
  let primed = false;
  const s = stream as unknown as {
    _write: (chunk: unknown, enc: BufferEncoding, cb: (err?: Error | null) => void) => void;
    _writev: (chunks: { chunk: unknown }[], cb: (err?: Error | null) => void) => void;
  };
  const writeOne = s._write;
  s._write = (chunk, enc, cb) =>
    writeOne.call(stream, chunk, enc, (err?: Error | null) => {
      if (!err) primed = true;
      cb(err);
    });
  s._writev = (chunks, cb) => {
    let left = chunks.length;
    const done = () => {
      if (--left === 0) cb();
    };
    for (const c of chunks) call.sendMessage(c.chunk, done);
  };
  let corked = false;
  const uncork = () => {
    corked = false;
    stream.uncork();
  };
  return (message) => {
    if (primed && !corked) {
      corked = true;
      stream.cork();
      // After the promise continuations of this turn, that is after every answer completed with
      // this one (the writes of one Ready are applied, and their callers resumed, together).
      process.nextTick(uncork);
    }
    return stream.write(message);
  };
}
