// Reads PyTorch checkpoint files (torch.save's zip format) holding a dict of
// tensors, such as `torch.save(model.state_dict(), path)` writes.
//
// libtorch 1.13's own pickle_load cannot read the OrderedDict that Python's
// state_dict() is (pytorch/pytorch#100741, fixed only in later releases), so
// this reads the archive itself: the zip's stored entries, and the part of
// the pickle protocol (2 to 5) that tensor dicts use. The file is untrusted:
// every offset, size and value is checked before it is used, every entry's
// CRC-32 is verified, and anything malformed or unsupported is a
// CheckpointError naming the file and the problem, never guessed at.
import type { DType } from '../types/dtype.ts';
import { inflateRawSync } from 'node:zlib';
import { readRegularFile } from '../core/files.ts';
import { STORAGE_DTYPE } from './format.ts';

/** A tensor as the file describes it: a view of a storage record. */
export interface StoredTensor {
  dtype: DType;
  /** The key of its storage record (tensors may share one). */
  key: string;
  /** The storage's raw little-endian bytes. */
  storage: Uint8Array;
  offset: number;
  shape: number[];
  stride: number[];
  requiresGrad: boolean;
}

export class CheckpointError extends Error {
  constructor(path: string, why: string) {
    super(`cannot read checkpoint '${path}': ${why}`);
    this.name = 'CheckpointError';
  }
}

// ---- CRC-32 (the zip's checksum of each entry) ------------------------------------

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// ---- zip (stored entries only, as torch.save writes them) --------------------------

/**
 * The entries of a PyTorch zip archive, each checked against its CRC-32.
 * torch.save stores every entry uncompressed; torch.jit.save deflates its
 * code, which `deflate: true` accepts (inflated to no more than the size the
 * directory records).
 */
export function readZip(bytes: Uint8Array, fail: (why: string) => never, options: { deflate?: boolean } = {}): Map<string, Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const inside = (start: number, length: number) => start >= 0 && length >= 0 && start + length <= bytes.length;
  // The end-of-central-directory record is in the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65557); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) fail('not a PyTorch zip archive (no end-of-directory record; truncated or another format)');
  let entries = view.getUint16(eocd + 10, true);
  let dirOffset = view.getUint32(eocd + 16, true);
  if (entries === 0xffff || dirOffset === 0xffffffff) {
    // zip64: the real values are in the zip64 end record, found through its locator.
    const locator = eocd - 20;
    if (locator < 0 || view.getUint32(locator, true) !== 0x07064b50) fail('broken zip64 locator');
    const end64 = Number(view.getBigUint64(locator + 8, true));
    if (!inside(end64, 56) || view.getUint32(end64, true) !== 0x06064b50) fail('broken zip64 end record');
    entries = Number(view.getBigUint64(end64 + 32, true));
    dirOffset = Number(view.getBigUint64(end64 + 48, true));
  }
  // Each directory record takes at least 46 bytes: more entries cannot fit.
  if (entries > bytes.length / 46) fail(`the directory claims ${entries} entries, more than the file can hold`);
  const files = new Map<string, Uint8Array>();
  let p = dirOffset;
  const decoder = new TextDecoder('utf-8', { fatal: false });
  for (let n = 0; n < entries; n++) {
    if (!inside(p, 46) || view.getUint32(p, true) !== 0x02014b50) fail('truncated or corrupt central directory');
    const method = view.getUint16(p + 10, true);
    const crc = view.getUint32(p + 16, true);
    let size = view.getUint32(p + 20, true);
    let uncompressed = view.getUint32(p + 24, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    let local = view.getUint32(p + 42, true);
    if (!inside(p + 46, nameLen + extraLen + commentLen)) fail('truncated or corrupt central directory');
    const name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLen));
    // zip64 extra field (id 1) carries sizes and offsets that overflow 32 bits.
    let e = p + 46 + nameLen;
    const extraEnd = e + extraLen;
    while (e + 4 <= extraEnd) {
      const id = view.getUint16(e, true);
      const len = view.getUint16(e + 2, true);
      if (e + 4 + len > extraEnd) fail(`entry '${name}' has a malformed extra field`);
      if (id === 1) {
        let q = e + 4;
        const take = (): number => {
          if (q + 8 > e + 4 + len) fail(`entry '${name}' has a malformed zip64 field`);
          const v = Number(view.getBigUint64(q, true));
          q += 8;
          return v;
        };
        if (uncompressed === 0xffffffff) uncompressed = take();
        if (size === 0xffffffff) size = take();
        if (local === 0xffffffff) local = take();
      }
      e += 4 + len;
    }
    const deflated = method === 8 && options.deflate === true;
    if (method !== 0 && !deflated) fail(`entry '${name}' is compressed (method ${method}); torch.save stores entries uncompressed`);
    if (!inside(local, 30) || view.getUint32(local, true) !== 0x04034b50) fail(`entry '${name}' has no local header`);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    if (!inside(start, size)) fail(`entry '${name}' extends past the end of the file (truncated)`);
    if (files.has(name)) fail(`entry '${name}' appears twice`);
    let data = bytes.subarray(start, start + size);
    if (deflated) {
      try {
        data = inflateRawSync(data, { maxOutputLength: Math.max(1, uncompressed) });
      } catch (e) {
        fail(`entry '${name}' does not inflate (${(e as Error).message})`);
      }
      if (data.length !== uncompressed) fail(`entry '${name}' inflates to ${data.length} bytes, the directory says ${uncompressed}`);
    }
    if (crc32(data) !== crc) fail(`entry '${name}' is corrupt: its CRC-32 does not match (malformed or altered data)`);
    files.set(name, data);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}

// ---- pickle (the subset that dicts of tensors use, protocols 2 to 5) --------------------

type Value = unknown;
interface Global {
  kind: 'global';
  module: string;
  name: string;
}
interface StorageRef {
  kind: 'storage';
  dtype: DType;
  key: string;
}
const MARK = Symbol('mark');

const isGlobal = (v: Value): v is Global => typeof v === 'object' && v !== null && (v as Global).kind === 'global';
const isStorage = (v: Value): v is StorageRef => typeof v === 'object' && v !== null && (v as StorageRef).kind === 'storage';
/** A size, stride or offset as the format allows: a non-negative integer a JS number holds exactly. */
const isCount = (v: Value): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function unpickle(data: Uint8Array, records: (key: string) => Uint8Array, fail: (why: string) => never): Value {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const decoder = new TextDecoder();
  const stack: Value[] = [];
  const memo = new Map<number, Value>();
  let p = 0;
  const need = (n: number) => {
    if (n < 0 || p + n > data.length) fail('the pickle ends early (truncated or corrupt data.pkl)');
  };
  const line = (): string => {
    const end = data.indexOf(0x0a, p);
    if (end < 0) fail('the pickle ends early (truncated data.pkl)');
    const s = decoder.decode(data.subarray(p, end));
    p = end + 1;
    return s;
  };
  const text = (n: number): string => {
    need(n);
    const s = decoder.decode(data.subarray(p, p + n));
    p += n;
    return s;
  };
  const popMark = (): Value[] => {
    const i = stack.lastIndexOf(MARK);
    if (i < 0) fail('malformed pickle (no mark)');
    const items = stack.splice(i);
    items.shift();
    return items;
  };
  const pop = (): Value => {
    if (stack.length === 0 || stack[stack.length - 1] === MARK) fail('malformed pickle (stack underflow)');
    return stack.pop();
  };
  const top = (): Value => {
    if (stack.length === 0) fail('malformed pickle (empty stack)');
    return stack[stack.length - 1];
  };
  const recall = (key: number): Value => {
    if (!memo.has(key)) fail(`malformed pickle (memo ${key} was never stored)`);
    return memo.get(key);
  };
  const dictOnTop = (): Map<Value, Value> => {
    const d = top();
    if (!(d instanceof Map)) fail('malformed pickle (an item set on something that is not a dict)');
    return d as Map<Value, Value>;
  };
  const listOnTop = (): Value[] => {
    const l = top();
    if (!Array.isArray(l)) fail('malformed pickle (an append to something that is not a list)');
    return l as Value[];
  };
  const call = (fn: Value, args: Value): Value => {
    if (!isGlobal(fn)) fail('malformed pickle (a call of something that is not a class or function)');
    if (!Array.isArray(args)) fail('malformed pickle (call arguments are not a tuple)');
    const qualified = `${fn.module}.${fn.name}`;
    switch (qualified) {
      case 'collections.OrderedDict':
        return new Map<string, Value>();
      case 'torch._utils._rebuild_tensor_v2': {
        const [storage, offset, shape, stride, requiresGrad] = args;
        if (!isStorage(storage)) fail('malformed tensor record (no storage)');
        if (!isCount(offset)) fail(`malformed tensor record (storage offset ${String(offset)})`);
        if (!Array.isArray(shape) || !shape.every(isCount)) fail(`malformed tensor record (shape ${JSON.stringify(shape)})`);
        if (!Array.isArray(stride) || !stride.every(isCount) || stride.length !== shape.length) {
          fail(`malformed tensor record (strides ${JSON.stringify(stride)} for shape ${JSON.stringify(shape)})`);
        }
        return {
          dtype: storage.dtype, key: storage.key, storage: records(storage.key), offset,
          shape: [...(shape as number[])], stride: [...(stride as number[])], requiresGrad: requiresGrad === true,
        } satisfies StoredTensor;
      }
      case 'torch._utils._rebuild_parameter':
      case 'torch.jit._pickle.restore_type_tag': // libtorch's writer tags the dict with its TorchScript type
        return args[0];
      default:
        return fail(`unsupported object ${qualified} (only dicts of tensors are read)`);
    }
  };
  for (;;) {
    need(1);
    const op = data[p++]!;
    switch (op) {
      case 0x80: { // PROTO
        need(1);
        const version = data[p++]!;
        if (version < 2 || version > 5) fail(`pickle protocol ${version} (protocols 2 to 5 are read)`);
        break;
      }
      case 0x95: need(8); p += 8; break; // FRAME: a length hint only
      case 0x63: { // GLOBAL
        const module = line();
        const name = line();
        stack.push({ kind: 'global', module, name } satisfies Global);
        break;
      }
      case 0x93: { // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') fail('malformed pickle (STACK_GLOBAL of non-strings)');
        stack.push({ kind: 'global', module, name } satisfies Global);
        break;
      }
      case 0x71: need(1); memo.set(data[p++]!, top()); break; // BINPUT
      case 0x72: need(4); memo.set(view.getUint32(p, true), top()); p += 4; break; // LONG_BINPUT
      case 0x94: memo.set(memo.size, top()); break; // MEMOIZE
      case 0x68: need(1); stack.push(recall(data[p++]!)); break; // BINGET
      case 0x6a: need(4); stack.push(recall(view.getUint32(p, true))); p += 4; break; // LONG_BINGET
      case 0x29: stack.push([]); break; // EMPTY_TUPLE
      case 0x5d: stack.push([]); break; // EMPTY_LIST
      case 0x7d: stack.push(new Map<string, Value>()); break; // EMPTY_DICT
      case 0x28: stack.push(MARK); break; // MARK
      case 0x74: stack.push(popMark()); break; // TUPLE
      case 0x6c: stack.push(popMark()); break; // LIST
      case 0x85: stack.push([pop()]); break; // TUPLE1
      case 0x86: { const b = pop(); const a = pop(); stack.push([a, b]); break; } // TUPLE2
      case 0x87: { const c = pop(); const b = pop(); const a = pop(); stack.push([a, b, c]); break; } // TUPLE3
      case 0x30: pop(); break; // POP
      case 0x31: popMark(); break; // POP_MARK
      case 0x32: stack.push(top()); break; // DUP
      case 0x4e: stack.push(null); break; // NONE
      case 0x88: stack.push(true); break; // NEWTRUE
      case 0x89: stack.push(false); break; // NEWFALSE
      case 0x4b: need(1); stack.push(data[p++]); break; // BININT1
      case 0x4d: need(2); stack.push(view.getUint16(p, true)); p += 2; break; // BININT2
      case 0x4a: need(4); stack.push(view.getInt32(p, true)); p += 4; break; // BININT
      case 0x8a: case 0x8b: { // LONG1, LONG4
        let n: number;
        if (op === 0x8a) {
          need(1);
          n = data[p++]!;
        } else {
          need(4);
          n = view.getInt32(p, true);
          p += 4;
        }
        need(n);
        if (n > 16) fail(`an integer of ${n} bytes (no size or index is that large)`);
        let v = 0n;
        for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(data[p + i]!);
        if (n > 0 && data[p + n - 1]! & 0x80) v -= 1n << BigInt(8 * n);
        p += n;
        // Exact in a JS number, or a value no size or offset can have (checked where it is used).
        stack.push(v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : Infinity);
        break;
      }
      case 0x47: need(8); stack.push(view.getFloat64(p, false)); p += 8; break; // BINFLOAT (big-endian)
      case 0x58: need(4); { const n = view.getUint32(p, true); p += 4; stack.push(text(n)); } break; // BINUNICODE
      case 0x8d: need(8); { const n = Number(view.getBigUint64(p, true)); p += 8; stack.push(text(n)); } break; // BINUNICODE8
      case 0x8c: need(1); stack.push(text(data[p++]!)); break; // SHORT_BINUNICODE
      case 0x52: { const args = pop(); const fn = pop(); stack.push(call(fn, args)); break; } // REDUCE
      case 0x51: { // BINPERSID: ('storage', storage_type, key, location, numel)
        const pid = pop();
        const type = Array.isArray(pid) ? pid[1] : undefined;
        const dtype = isGlobal(type) ? STORAGE_DTYPE[type.name] : undefined;
        if (!Array.isArray(pid) || pid[0] !== 'storage' || dtype === undefined) {
          return fail(`unsupported storage ${JSON.stringify(isGlobal(type) ? type.name : Array.isArray(pid) ? pid[0] : typeof pid)}`);
        }
        stack.push({ kind: 'storage', dtype, key: String(pid[2]) } satisfies StorageRef);
        break;
      }
      case 0x73: { const v = pop(); const k = pop(); dictOnTop().set(k, v); break; } // SETITEM
      case 0x75: { // SETITEMS
        const items = popMark();
        if (items.length % 2 !== 0) fail('malformed pickle (SETITEMS with an odd number of items)');
        const dict = dictOnTop();
        for (let i = 0; i + 1 < items.length; i += 2) dict.set(items[i], items[i + 1]);
        break;
      }
      case 0x61: { const v = pop(); listOnTop().push(v); break; } // APPEND
      case 0x65: { const items = popMark(); listOnTop().push(...items); break; } // APPENDS
      case 0x62: pop(); break; // BUILD: state (an OrderedDict's _metadata) is not needed
      case 0x2e: { // STOP
        const result = pop();
        return result;
      }
      default:
        return fail(`unsupported pickle opcode 0x${op.toString(16)} at byte ${p - 1} of data.pkl`);
    }
  }
}

/** Reads a checkpoint file holding a dict of tensors: name -> stored tensor, in the file's order. */
export function readCheckpoint(path: string): Map<string, StoredTensor> {
  const fail = (why: string): never => {
    throw new CheckpointError(path, why);
  };
  const bytes = readRegularFile(path, fail);
  if (bytes.length < 22) fail(`only ${bytes.length} bytes: not a PyTorch checkpoint`);
  try {
    const files = readZip(bytes, fail);
    const pkl = [...files.keys()].find((k) => k.endsWith('/data.pkl') || k === 'data.pkl');
    if (pkl === undefined) fail('no data.pkl in the archive');
    const prefix = pkl!.slice(0, pkl!.length - 'data.pkl'.length);
    const records = (key: string): Uint8Array => files.get(`${prefix}data/${key}`) ?? fail(`storage record data/${key} is missing`);
    const root = unpickle(files.get(pkl!)!, records, fail);
    if (!(root instanceof Map)) fail('the file does not hold a dict of tensors');
    const out = new Map<string, StoredTensor>();
    for (const [k, v] of root as Map<Value, Value>) {
      if (typeof k !== 'string' || typeof v !== 'object' || v === null || !('storage' in v)) {
        fail(`entry ${JSON.stringify(k) ?? String(k)} is not a tensor`);
      }
      out.set(k as string, v as StoredTensor);
    }
    return out;
  } catch (e) {
    if (e instanceof CheckpointError) throw e;
    // Anything the checks above missed is still the file's fault, and named as such.
    throw new CheckpointError(path, `corrupt file (${(e as Error).message})`);
  }
}
