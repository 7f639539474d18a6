// Writes dicts of tensors as Python's torch.save(state_dict) does: a zip of
// stored entries holding data.pkl (a pickled collections.OrderedDict of
// torch._utils._rebuild_tensor_v2 calls), one record per storage, and the
// format version. Python's torch.load reads it back as an OrderedDict.
import { writeFileSync } from 'node:fs';
import type { DType } from '../types/dtype.ts';
import { STORAGE_CLASS } from './format.ts';

/** One tensor to write: its contiguous bytes, dtype and shape. */
export interface TensorRecord {
  dtype: DType;
  shape: number[];
  bytes: Uint8Array;
}

/** A growable byte buffer with the pickle opcodes used here. */
class Pickle {
  private chunks: number[] = [];
  private readonly encoder = new TextEncoder();
  byte(...b: number[]): void {
    this.chunks.push(...b);
  }
  u32(n: number): void {
    this.byte(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff);
  }
  text(s: string): void {
    this.byte(...this.encoder.encode(s));
  }
  global(module: string, name: string): void {
    this.byte(0x63); // GLOBAL
    this.text(`${module}\n${name}\n`);
  }
  str(s: string): void {
    const b = this.encoder.encode(s);
    this.byte(0x58); // BINUNICODE
    this.u32(b.length);
    this.byte(...b);
  }
  int(n: number): void {
    if (n >= 0 && n < 256) this.byte(0x4b, n); // BININT1
    else if (n >= -(2 ** 31) && n < 2 ** 31) {
      this.byte(0x4a); // BININT
      this.u32(n >>> 0);
    } else {
      // LONG1, little-endian; sizes and counts here are never negative.
      if (n < 0 || !Number.isSafeInteger(n)) throw new RangeError(`save: cannot write ${n} as a size`);
      const out: number[] = [];
      for (let v = BigInt(n); v > 0n; v >>= 8n) out.push(Number(v & 0xffn));
      if (out[out.length - 1]! & 0x80) out.push(0); // keep the sign bit clear
      this.byte(0x8a, out.length, ...out);
    }
  }
  tuple(items: number[]): void {
    this.byte(0x28); // MARK
    for (const i of items) this.int(i);
    this.byte(0x74); // TUPLE
  }
  bytes(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}

function pickleStateDict(entries: [string, TensorRecord][]): Uint8Array {
  const p = new Pickle();
  p.byte(0x80, 2); // PROTO 2
  p.global('collections', 'OrderedDict');
  p.byte(0x29, 0x52); // EMPTY_TUPLE, REDUCE: OrderedDict()
  p.byte(0x28); // MARK
  entries.forEach(([name, t], key) => {
    const numel = t.shape.reduce((a, b) => a * b, 1);
    const strides = t.shape.map((_, i) => t.shape.slice(i + 1).reduce((a, b) => a * b, 1));
    p.str(name);
    p.global('torch._utils', '_rebuild_tensor_v2');
    p.byte(0x28); // MARK (the call's arguments)
    p.byte(0x28); // MARK (the persistent id)
    p.str('storage');
    p.global('torch', STORAGE_CLASS[t.dtype]!); // save() refuses dtypes without a storage class
    p.str(String(key));
    p.str('cpu');
    p.int(numel);
    p.byte(0x74, 0x51); // TUPLE, BINPERSID
    p.int(0); // storage offset
    p.tuple(t.shape);
    p.tuple(strides);
    p.byte(0x89); // requires_grad = False
    p.global('collections', 'OrderedDict');
    p.byte(0x29, 0x52); // backward_hooks = OrderedDict()
    p.byte(0x74, 0x52); // TUPLE, REDUCE
  });
  p.byte(0x75, 0x2e); // SETITEMS, STOP
  return p.bytes();
}

// ---- zip (stored entries) --------------------------------------------------------------

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function zip(files: [string, Uint8Array][]): Uint8Array {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const [name, data] of files) {
    if (data.length >= 2 ** 32 - 1) throw new RangeError(`save: '${name}' is 4 GiB or larger, which this writer does not support`);
    const nameBytes = encoder.encode(name);
    const crc = crc32(data);
    // Pad the local header's extra field so the data starts 64-byte aligned, as torch.save does.
    const headerEnd = offset + 30 + nameBytes.length;
    const pad = (64 - ((headerEnd + 4) % 64)) % 64;
    const local = new DataView(new ArrayBuffer(30 + nameBytes.length + 4 + pad));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint32(14, crc, true);
    local.setUint32(18, data.length, true);
    local.setUint32(22, data.length, true);
    local.setUint16(26, nameBytes.length, true);
    local.setUint16(28, 4 + pad, true);
    new Uint8Array(local.buffer).set(nameBytes, 30);
    local.setUint16(30 + nameBytes.length, 0xfa6e, true); // an unregistered extra id carrying the padding
    local.setUint16(32 + nameBytes.length, pad, true);
    const dir = new DataView(new ArrayBuffer(46 + nameBytes.length));
    dir.setUint32(0, 0x02014b50, true);
    dir.setUint16(4, 20, true);
    dir.setUint16(6, 20, true);
    dir.setUint32(16, crc, true);
    dir.setUint32(20, data.length, true);
    dir.setUint32(24, data.length, true);
    dir.setUint16(28, nameBytes.length, true);
    dir.setUint32(42, offset, true);
    new Uint8Array(dir.buffer).set(nameBytes, 46);
    parts.push(new Uint8Array(local.buffer), data);
    central.push(new Uint8Array(dir.buffer));
    offset += local.byteLength + data.length;
  }
  const dirSize = central.reduce((n, c) => n + c.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, files.length, true);
  end.setUint16(10, files.length, true);
  end.setUint32(12, dirSize, true);
  end.setUint32(16, offset, true);
  const out = new Uint8Array(offset + dirSize + 22);
  let p = 0;
  for (const part of [...parts, ...central, new Uint8Array(end.buffer)]) {
    out.set(part, p);
    p += part.length;
  }
  return out;
}

/** Writes `entries` to `path` in torch.save's format. */
export function writeCheckpoint(path: string, entries: [string, TensorRecord][]): void {
  const files: [string, Uint8Array][] = [['archive/data.pkl', pickleStateDict(entries)]];
  entries.forEach(([, t], key) => files.push([`archive/data/${key}`, t.bytes]));
  files.push(['archive/version', new TextEncoder().encode('3\n')]);
  writeFileSync(path, zip(files));
}
