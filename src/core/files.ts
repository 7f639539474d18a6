// Reading a whole file safely: only a regular file (not a directory, a
// device such as /dev/zero, or a FIFO, which would block forever), and only
// up to what one JS buffer holds. The caller's error class names the file.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** The largest file read into memory at once (what one Node.js buffer holds). */
export const MAX_FILE_BYTES = 2 ** 31 - 1;

/**
 * The bytes of the regular file at `path`, or a call of `fail(why)` (which
 * throws the caller's error) when it is missing, special or too large.
 */
export function readRegularFile(path: string, fail: (why: string) => never): Buffer {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return fail((e as Error).message);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) return fail('it is a directory');
    if (!st.isFile()) return fail('not a regular file (a device, FIFO or socket)');
    if (st.size > MAX_FILE_BYTES) return fail(`${st.size} bytes, more than the ${MAX_FILE_BYTES} that can be read at once`);
    const bytes = Buffer.allocUnsafe(st.size);
    let read = 0;
    while (read < st.size) {
      const n = readSync(fd, bytes, read, st.size - read, read);
      if (n === 0) break;
      read += n;
    }
    if (read !== st.size) return fail(`the file changed while it was read (${read} of ${st.size} bytes)`);
    return bytes;
  } finally {
    closeSync(fd);
  }
}
