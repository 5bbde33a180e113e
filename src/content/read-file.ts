import fs from 'node:fs';

/**
 * Reads a whole file into a buffer that is reused from call to call: the bytes are valid
 * only until the next call on this thread, so callers decode or hash them at once and
 * keep nothing that points into them. Content files are read tens of thousands of times
 * a build; readFileSync also takes an fstat and a fresh buffer for each (issue 7).
 */
const USUAL = 64 * 1024;
let scratch = Buffer.allocUnsafeSlow(USUAL);

export function readFileScratch(file: string): Buffer {
  // One huge file must not keep a huge buffer alive for the rest of the build.
  if (scratch.length > 16 * USUAL) scratch = Buffer.allocUnsafeSlow(USUAL);
  const fd = fs.openSync(file, 'r');
  try {
    let length = 0;
    for (;;) {
      if (length === scratch.length) {
        const bigger = Buffer.allocUnsafeSlow(scratch.length * 2);
        scratch.copy(bigger, 0, 0, length);
        scratch = bigger;
      }
      const want = scratch.length - length;
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
