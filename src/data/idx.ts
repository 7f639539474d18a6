// The IDX format (MNIST, Fashion-MNIST): big-endian header, magic 0 0 <type>
// <ndims>, ndims u32 sizes, then the data. Files may be gzip'd.
import { gunzipSync } from 'node:zlib';
import type { DType } from '../types/dtype.ts';
import { MAX_FILE_BYTES, readRegularFile } from '../core/files.ts';

export class IdxError extends Error {
  constructor(path: string, why: string) {
    super(`cannot read IDX file '${path}': ${why}`);
    this.name = 'IdxError';
  }
}

const TYPES: Record<number, { dtype: DType; bytes: number }> = {
  0x08: { dtype: 'uint8', bytes: 1 },
  0x09: { dtype: 'int8', bytes: 1 },
  0x0b: { dtype: 'int16', bytes: 2 },
  0x0c: { dtype: 'int32', bytes: 4 },
  0x0d: { dtype: 'float32', bytes: 4 },
  0x0e: { dtype: 'float64', bytes: 8 },
};

export interface IdxData {
  dtype: DType;
  shape: number[];
  /** The elements, converted to little-endian (native) byte order. */
  data: Uint8Array;
}

/** Reads an IDX file (gzip'd or not), checking its magic number and that its size matches its header. */
export function readIdx(path: string): IdxData {
  let bytes = readRegularFile(path, (why) => {
    throw new IdxError(path, why);
  });
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      // Bounded: a few bytes of gzip can claim gigabytes.
      bytes = gunzipSync(bytes, { maxOutputLength: MAX_FILE_BYTES });
    } catch (e) {
      throw new IdxError(path, `corrupt or truncated gzip data, or more than 2 GiB of it (${(e as Error).message})`);
    }
  }
  if (bytes.length < 4) throw new IdxError(path, `only ${bytes.length} bytes, too short for a header`);
  if (bytes[0] !== 0 || bytes[1] !== 0) throw new IdxError(path, 'bad magic number (the first two bytes must be 0)');
  const type = TYPES[bytes[2]!];
  if (type === undefined) throw new IdxError(path, `unknown element type 0x${bytes[2]!.toString(16)}`);
  const ndims = bytes[3]!;
  const headerEnd = 4 + 4 * ndims;
  if (bytes.length < headerEnd) throw new IdxError(path, `truncated header (${ndims} dims)`);
  const shape = Array.from({ length: ndims }, (_, i) => bytes.readUInt32BE(4 + 4 * i));
  const expected = shape.reduce((a, b) => a * b, 1) * type.bytes;
  const actual = bytes.length - headerEnd;
  if (actual < expected) throw new IdxError(path, `truncated: the header promises ${expected} bytes of data, the file has ${actual}`);
  if (actual > expected) throw new IdxError(path, `${actual - expected} unexpected bytes after the data`);
  const data = Uint8Array.from(bytes.subarray(headerEnd));
  if (type.bytes > 1) {
    // IDX is big-endian; tensors are little-endian.
    for (let i = 0; i < data.length; i += type.bytes) data.subarray(i, i + type.bytes).reverse();
  }
  return { dtype: type.dtype, shape, data };
}
