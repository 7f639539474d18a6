// Tensors between JS threads (worker_threads). Each thread has its own
// handle table, so a Tensor object cannot be posted to another thread; a
// parcel can: pack() puts the value's tensors (references to the same
// memory, no copy) in the addon's process-wide registry and replaces each by
// a marker; the parcel is plain data for postMessage; unpack() on the
// receiving thread takes the tensors into that thread's table and rebuilds
// the value. A parcel is received once; discard() frees one that will not be.
import { Tensor, wrap } from './tensor.ts';
import { native } from './native.ts';

/** A value whose tensors wait for another thread: post it with postMessage. */
export interface Parcel {
  /** The registry's token for the tensors. */
  readonly token: number;
  /** The value, each Tensor replaced by a marker naming its index among the tensors sent. */
  readonly value: unknown;
}

const MARKER = '__typedTorchTensor';

function replaceTensors(v: unknown, tensors: Tensor[], path: string, seen: Set<unknown>): unknown {
  if (v instanceof Tensor) {
    if (v.isDisposed) throw new TypeError(`threads.pack: ${path} is a disposed tensor`);
    tensors.push(v);
    return { [MARKER]: tensors.length - 1 };
  }
  if (typeof v !== 'object' || v === null) {
    if (typeof v === 'function' || typeof v === 'symbol') throw new TypeError(`threads.pack: ${path} is a ${typeof v}, which cannot be posted to another thread`);
    return v;
  }
  if (seen.has(v)) throw new TypeError(`threads.pack: ${path} refers back to a value that contains it`);
  seen.add(v);
  let out: unknown;
  if (Array.isArray(v)) {
    out = v.map((e, i) => replaceTensors(e, tensors, `${path}[${i}]`, seen));
  } else {
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) {
      throw new TypeError(`threads.pack: ${path} is a ${proto?.constructor?.name ?? 'class instance'}; a parcel holds tensors, arrays, plain objects and primitives`);
    }
    out = Object.fromEntries(Object.entries(v).map(([k, e]) => [k, replaceTensors(e, tensors, `${path}.${k}`, seen)]));
  }
  seen.delete(v);
  return out;
}

/**
 * Packs a value (tensors, arrays and plain objects of them, primitives) for
 * another JS thread. The tensors stay usable here; dispose them when done,
 * the parcel holds its own references.
 */
export function pack(value: unknown): Parcel {
  const tensors: Tensor[] = [];
  const replaced = replaceTensors(value, tensors, 'the value', new Set());
  const token = native().sendTensors(tensors.map((t) => t._h));
  return { token, value: replaced };
}

function isMarker(v: object): v is Record<typeof MARKER, number> {
  return Object.keys(v).length === 1 && typeof (v as Record<string, unknown>)[MARKER] === 'number';
}

function restore(v: unknown, tensors: Tensor[]): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return v.map((e) => restore(e, tensors));
  if (isMarker(v)) {
    const t = tensors[v[MARKER]];
    if (t === undefined) throw new TypeError(`threads.unpack: the parcel names tensor ${v[MARKER]}, but holds ${tensors.length}`);
    return t;
  }
  return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, restore(e, tensors)]));
}

/** Takes a parcel's tensors into this thread and rebuilds its value (once per parcel). */
export function unpack<T = unknown>(parcel: Parcel): T {
  if (typeof parcel !== 'object' || parcel === null || typeof parcel.token !== 'number') {
    throw new TypeError('threads.unpack: expected a parcel made by threads.pack ({ token, value })');
  }
  const tensors = native().receiveTensors(parcel.token).map((h) => wrap(h));
  return restore(parcel.value, tensors) as T;
}

/** Frees a parcel's tensors without receiving them. */
export function discard(parcel: Parcel): void {
  native().dropParcel(parcel.token);
}
