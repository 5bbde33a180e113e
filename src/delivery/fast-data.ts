import type { TransformCallback } from 'node:stream';

/**
 * A fast path for nodemailer's SMTP DATA encoding. nodemailer's DataStream looks at
 * every byte in JavaScript (dot-stuffing, CRLF repair): about 0.6 ms for a 100 KB
 * digest, more than assembling the message. A message Broadsheet assembles is already
 * clean — CRLF line ends only, no line starting with a dot (headers and base64) — which
 * a few native `indexOf` scans confirm in tens of microseconds; such a chunk is passed
 * through unchanged. Anything else (and any chunk that ends in CR) takes nodemailer's own
 * path, so the bytes on the wire are identical either way.
 *
 * It hooks the connection's (internal) `_createSendStream` and replaces `_transform` on
 * the stream it returns; when either is not there (another nodemailer version), nothing
 * is changed and nodemailer's path is used.
 */

interface DataStreamLike {
  _transform(chunk: unknown, encoding: BufferEncoding, done: TransformCallback): void;
  push(chunk: Buffer): boolean;
  lastByte: number | false;
  inByteCount: number;
  outByteCount: number;
}

interface ConnectionLike {
  _createSendStream?: (callback: unknown) => unknown;
}

const CR = 0x0d;
const LF = 0x0a;
const DOT = 0x2e;
const LF_DOT = Buffer.from('\n.');

/** True when `chunk` needs no dot-stuffing or line-end repair after `prev`. */
export function isCleanChunk(chunk: Buffer, prev: number | false): boolean {
  const n = chunk.length;
  if (n === 0) return true;
  const first = chunk[0];
  if (prev === CR && first !== LF) return false;
  if (first === LF && prev !== CR) return false;
  if (first === DOT && (prev === LF || prev === false)) return false;
  if (chunk[n - 1] === CR) return false; // its partner is in the next chunk: let nodemailer decide
  if (chunk.indexOf(LF_DOT) !== -1) return false;
  let lfs = 0;
  for (let i = chunk.indexOf(LF, 1); i !== -1; i = chunk.indexOf(LF, i + 1)) {
    if (chunk[i - 1] !== CR) return false;
    lfs += 1;
  }
  // Every LF (after the first byte) follows a CR; as many CRs as those LFs means every
  // CR is followed by an LF as well (the last byte is not a CR).
  let crs = 0;
  for (let i = chunk.indexOf(CR); i !== -1; i = chunk.indexOf(CR, i + 1)) crs += 1;
  return crs === lfs;
}

/** Installs the fast path on one nodemailer SMTPConnection; returns whether it could. */
export function useFastData(connection: object): boolean {
  const conn = connection as ConnectionLike;
  const original = conn._createSendStream;
  if (typeof original !== 'function') return false;
  conn._createSendStream = function (this: unknown, callback: unknown) {
    const stream = original.call(this, callback) as Partial<DataStreamLike> | undefined;
    if (!stream || typeof stream._transform !== 'function' || !('lastByte' in stream) || typeof stream.inByteCount !== 'number') return stream;
    const s = stream as DataStreamLike;
    const slow = s._transform.bind(s);
    s._transform = (chunk, encoding, done) => {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk, encoding) : (chunk as Buffer);
      if (!Buffer.isBuffer(buf) || !isCleanChunk(buf, s.lastByte)) return slow(buf, encoding, done);
      if (buf.length > 0) {
        s.inByteCount += buf.length;
        s.outByteCount += buf.length;
        s.lastByte = buf[buf.length - 1] as number;
        s.push(buf);
      }
      done();
    };
    return s;
  };
  return true;
}
