import fs from 'node:fs';

/**
 * Reads a whole file into a buffer that is reused from call to call: the bytes are valid
 * only until the next call on this thread, so callers decode or hash them at once and
 * keep nothing that points into them. Content files are read tens of thousands of times
 * a build; readFileSync also takes an fstat and a fresh buffer for each.
 */
const USUAL = 64 * 1024;
let scratch = Buffer.allocUnsafeSlow(USUAL);

/** Thrown by readFileScratch for a file over its `maxBytes`, which it never reads whole. */
export class FileTooLarge extends Error {
  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super(`The file is ${size} bytes, over the limit of ${limit}`);
    this.name = 'FileTooLarge';
  }
}

/**
 * The file's bytes; throws FileTooLarge, having read at most `maxBytes + 1` of them,
 * when it holds more than `maxBytes`. The size is taken from reading, not from a stat
 * first: that costs every file a system call, and a file can grow between the two.
 */
export function readFileScratch(file: string, maxBytes = Number.POSITIVE_INFINITY): Buffer {
  // One huge file must not keep a huge buffer alive for the rest of the build.
  if (scratch.length > 16 * USUAL) scratch = Buffer.allocUnsafeSlow(USUAL);
  const fd = fs.openSync(file, 'r');
  try {
    let length = 0;
    for (;;) {
      if (length > maxBytes) throw new FileTooLarge(Math.max(length, fs.fstatSync(fd).size), maxBytes);
      if (length === scratch.length) {
        const bigger = Buffer.allocUnsafeSlow(scratch.length * 2);
        scratch.copy(bigger, 0, 0, length);
        scratch = bigger;
      }
      // Never more than one byte past the limit: that is enough to know it is over.
      const want = Math.min(scratch.length - length, maxBytes + 1 - length);
      const got = fs.readSync(fd, scratch, length, want, null);
      length += got;
      // A regular file's read comes back short only at its end: no further read to see 0.
      if (got < want) break;
    }
    return scratch.subarray(0, length);
  } finally {
    fs.closeSync(fd);
  }
}
