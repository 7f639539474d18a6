// Reads PyTorch checkpoint files (torch.save's zip format) holding a dict of
// tensors, such as `torch.save(model.state_dict(), path)` writes.
//
// libtorch 1.13's own pickle_load cannot read the OrderedDict that Python's
// state_dict() is (pytorch/pytorch#100741, fixed only in later releases), so
// this reads the archive itself: the zip's stored entries, and the small part
// of the pickle protocol that tensor dicts use. Anything else in a file is
// reported as unsupported, never guessed at.
import { readFileSync } from 'node:fs';
import type { DType } from '../types/dtype.ts';
import { STORAGE_DTYPE } from './format.ts';

/** A tensor as the file describes it: a view of a storage record. */
export interface StoredTensor {
  dtype: DType;
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

// ---- zip (stored entries only, as torch.save writes them) --------------------------

function readZip(path: string, bytes: Uint8Array): Map<string, Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = (why: string): never => {
    throw new CheckpointError(path, why);
  };
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
    if (end64 + 56 > bytes.length || view.getUint32(end64, true) !== 0x06064b50) fail('broken zip64 end record');
    entries = Number(view.getBigUint64(end64 + 32, true));
    dirOffset = Number(view.getBigUint64(end64 + 48, true));
  }
  const files = new Map<string, Uint8Array>();
  let p = dirOffset;
  const decoder = new TextDecoder();
  for (let n = 0; n < entries; n++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== 0x02014b50) fail('truncated or corrupt central directory');
    const method = view.getUint16(p + 10, true);
    let size = view.getUint32(p + 20, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    let local = view.getUint32(p + 42, true);
    const name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLen));
    // zip64 extra field (id 1) carries sizes and offsets that overflow 32 bits.
    let e = p + 46 + nameLen;
    const extraEnd = e + extraLen;
    while (e + 4 <= extraEnd) {
      const id = view.getUint16(e, true);
      const len = view.getUint16(e + 2, true);
      if (id === 1) {
        let q = e + 4;
        if (view.getUint32(p + 24, true) === 0xffffffff) q += 8; // uncompressed size
        if (size === 0xffffffff) {
          size = Number(view.getBigUint64(q, true));
          q += 8;
        }
        if (local === 0xffffffff) local = Number(view.getBigUint64(q, true));
      }
      e += 4 + len;
    }
    if (method !== 0) fail(`entry '${name}' is compressed (method ${method}); torch.save stores entries uncompressed`);
    if (local + 30 > bytes.length || view.getUint32(local, true) !== 0x04034b50) fail(`entry '${name}' has no local header`);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    if (start + size > bytes.length) fail(`entry '${name}' extends past the end of the file (truncated)`);
    files.set(name, bytes.subarray(start, start + size));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}

// ---- pickle (the subset that dicts of tensors use) -------------------------------------

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

function unpickle(path: string, data: Uint8Array, records: (key: string) => Uint8Array): Value {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const decoder = new TextDecoder();
  const stack: Value[] = [];
  const memo = new Map<number, Value>();
  let p = 0;
  const fail = (why: string): never => {
    throw new CheckpointError(path, why);
  };
  const need = (n: number) => {
    if (p + n > data.length) fail('the pickle ends early (truncated data.pkl)');
  };
  const line = (): string => {
    const end = data.indexOf(0x0a, p);
    if (end < 0) fail('the pickle ends early (truncated data.pkl)');
    const s = decoder.decode(data.subarray(p, end));
    p = end + 1;
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
    if (stack.length === 0) fail('malformed pickle (stack underflow)');
    return stack.pop();
  };
  const call = (fn: Value, args: Value[]): Value => {
    const g = fn as Global;
    if (g?.kind !== 'global') fail('malformed pickle (call of a non-global)');
    const qualified = `${g.module}.${g.name}`;
    switch (qualified) {
      case 'collections.OrderedDict':
        return new Map<string, Value>();
      case 'torch._utils._rebuild_tensor_v2': {
        const [storage, offset, shape, stride, requiresGrad] = args as [StorageRef, number, number[], number[], boolean];
        if ((storage as StorageRef)?.kind !== 'storage') fail('malformed tensor record');
        const bytes = records(storage.key);
        return { dtype: storage.dtype, storage: bytes, offset, shape: [...shape], stride: [...stride], requiresGrad: !!requiresGrad } satisfies StoredTensor;
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
      case 0x80: p += 1; break; // PROTO
      case 0x63: { // GLOBAL
        const module = line();
        const name = line();
        stack.push({ kind: 'global', module, name } satisfies Global);
        break;
      }
      case 0x71: need(1); memo.set(data[p++]!, stack[stack.length - 1]); break; // BINPUT
      case 0x72: need(4); memo.set(view.getUint32(p, true), stack[stack.length - 1]); p += 4; break; // LONG_BINPUT
      case 0x68: need(1); stack.push(memo.get(data[p++]!)); break; // BINGET
      case 0x6a: need(4); stack.push(memo.get(view.getUint32(p, true))); p += 4; break; // LONG_BINGET
      case 0x29: stack.push([]); break; // EMPTY_TUPLE
      case 0x5d: stack.push([]); break; // EMPTY_LIST
      case 0x7d: stack.push(new Map<string, Value>()); break; // EMPTY_DICT
      case 0x28: stack.push(MARK); break; // MARK
      case 0x74: stack.push(popMark()); break; // TUPLE
      case 0x85: stack.push([pop()]); break; // TUPLE1
      case 0x86: { const b = pop(); const a = pop(); stack.push([a, b]); break; } // TUPLE2
      case 0x87: { const c = pop(); const b = pop(); const a = pop(); stack.push([a, b, c]); break; } // TUPLE3
      case 0x4e: stack.push(null); break; // NONE
      case 0x88: stack.push(true); break; // NEWTRUE
      case 0x89: stack.push(false); break; // NEWFALSE
      case 0x4b: need(1); stack.push(data[p++]); break; // BININT1
      case 0x4d: need(2); stack.push(view.getUint16(p, true)); p += 2; break; // BININT2
      case 0x4a: need(4); stack.push(view.getInt32(p, true)); p += 4; break; // BININT
      case 0x8a: { // LONG1
        need(1);
        const n = data[p++]!;
        need(n);
        let v = 0n;
        for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(data[p + i]!);
        if (n > 0 && data[p + n - 1]! & 0x80) v -= 1n << BigInt(8 * n);
        p += n;
        stack.push(Number(v));
        break;
      }
      case 0x47: need(8); stack.push(view.getFloat64(p, false)); p += 8; break; // BINFLOAT (big-endian)
      case 0x58: { // BINUNICODE
        need(4);
        const n = view.getUint32(p, true);
        p += 4;
        need(n);
        stack.push(decoder.decode(data.subarray(p, p + n)));
        p += n;
        break;
      }
      case 0x8c: { // SHORT_BINUNICODE
        need(1);
        const n = data[p++]!;
        need(n);
        stack.push(decoder.decode(data.subarray(p, p + n)));
        p += n;
        break;
      }
      case 0x52: { const args = pop() as Value[]; const fn = pop(); stack.push(call(fn, args)); break; } // REDUCE
      case 0x51: { // BINPERSID: ('storage', storage_type, key, location, numel)
        const pid = pop() as Value[];
        const type = pid?.[1] as Global;
        const dtype = type?.kind === 'global' ? STORAGE_DTYPE[type.name] : undefined;
        if (pid?.[0] !== 'storage' || dtype === undefined) {
          return fail(`unsupported storage ${JSON.stringify(type?.name ?? pid?.[0])}`);
        }
        stack.push({ kind: 'storage', dtype, key: String(pid[2]) } satisfies StorageRef);
        break;
      }
      case 0x73: { const v = pop(); const k = pop(); (stack[stack.length - 1] as Map<Value, Value>).set(k, v); break; } // SETITEM
      case 0x75: { // SETITEMS
        const items = popMark();
        const dict = stack[stack.length - 1];
        if (!(dict instanceof Map)) fail('malformed pickle (SETITEMS on a non-dict)');
        for (let i = 0; i + 1 < items.length; i += 2) (dict as Map<Value, Value>).set(items[i], items[i + 1]);
        break;
      }
      case 0x61: { const v = pop(); (stack[stack.length - 1] as Value[]).push(v); break; } // APPEND
      case 0x65: { const items = popMark(); (stack[stack.length - 1] as Value[]).push(...items); break; } // APPENDS
      case 0x62: pop(); break; // BUILD: state (an OrderedDict's _metadata) is not needed
      case 0x2e: return pop(); // STOP
      default:
        return fail(`unsupported pickle opcode 0x${op.toString(16)} at byte ${p - 1} of data.pkl`);
    }
  }
}

/** Reads a checkpoint file holding a dict of tensors: name -> stored tensor, in the file's order. */
export function readCheckpoint(path: string): Map<string, StoredTensor> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new CheckpointError(path, (e as Error).message);
  }
  if (bytes.length < 22) throw new CheckpointError(path, `only ${bytes.length} bytes: not a PyTorch checkpoint`);
  const files = readZip(path, bytes);
  const pkl = [...files.keys()].find((k) => k.endsWith('/data.pkl') || k === 'data.pkl');
  if (pkl === undefined) throw new CheckpointError(path, 'no data.pkl in the archive');
  const prefix = pkl.slice(0, pkl.length - 'data.pkl'.length);
  const records = (key: string): Uint8Array => {
    const record = files.get(`${prefix}data/${key}`);
    if (record === undefined) throw new CheckpointError(path, `storage record data/${key} is missing`);
    return record;
  };
  const root = unpickle(path, files.get(pkl)!, records);
  if (!(root instanceof Map)) throw new CheckpointError(path, 'the file does not hold a dict of tensors');
  const out = new Map<string, StoredTensor>();
  for (const [k, v] of root) {
    if (typeof k !== 'string' || typeof v !== 'object' || v === null || !('storage' in v)) {
      throw new CheckpointError(path, `entry ${JSON.stringify(k)} is not a tensor`);
    }
    out.set(k, v as StoredTensor);
  }
  return out;
}
