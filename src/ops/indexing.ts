// PyTorch's indexing, x[...] in Python, as Tensor.index(...) and
// Tensor.indexSet_(indices, value): integers (negative from the end), slices
// as strings ('1:3', '::2', ':'), null for a new dim, '...' for the dims no
// other index takes, and advanced indices (integer tensors and arrays,
// boolean masks). The steps are libtorch's applySlicing, in its order, so
// every form gives what Python gives; the result shape is computed at
// compile time for literal indices (src/types/indexing.ts).
import type { DType, Device } from '../types/dtype.ts';
import type { Shape } from '../types/shape.ts';
import type { Index, IndexArg } from '../types/indexing.ts';
import type { OrMsg } from '../types/errors.ts';
import type { ShapeOf } from './typing.ts';
import { Tensor } from '../core/tensor.ts';
import * as aten from './generated/aten.ts';
import { tensor } from './creation.ts';

/** A parsed slice: start and stop (null: from the start, to the end) and a positive step. */
interface Slice {
  start: number | null;
  stop: number | null;
  step: number;
}

const SLICE = /^\s*(-?\d+)?\s*:\s*(-?\d+)?\s*(?::\s*(-?\d+)?\s*)?$/;

function parseSlice(at: number, s: string): Slice {
  const m = SLICE.exec(s);
  if (!m) throw new TypeError(`index: position ${at}: '${s}' is not a slice ('start:stop:step', e.g. '1:3', '::2', ':') or '...'`);
  const step = m[3] === undefined ? 1 : Number(m[3]);
  if (step <= 0) throw new RangeError(`index: position ${at}: the step of '${s}' must be positive`);
  return { start: m[1] === undefined ? null : Number(m[1]), stop: m[2] === undefined ? null : Number(m[2]), step };
}

const isBoolLike = (t: Tensor) => t.dtype === 'bool' || t.dtype === 'uint8';

/** How many input dims the indices take (a boolean mask takes as many as it has). */
function specifiedDims(indices: readonly unknown[]): number {
  let n = 0;
  for (const i of indices) {
    if (i instanceof Tensor) n += isBoolLike(i) ? i.shape.length : 1;
    else if (i !== null && i !== '...' && typeof i !== 'boolean') n += 1;
  }
  return n;
}

/** An array index as a tensor: integers as int64, booleans as a bool mask. */
function arrayIndex(at: number, a: readonly unknown[], device: Device): Tensor {
  if (a.every((v) => typeof v === 'boolean')) return tensor(a as boolean[], { dtype: 'bool', device });
  if (a.every((v) => typeof v === 'number' && Number.isInteger(v))) return tensor(a as number[], { dtype: 'int64', device });
  throw new TypeError(`index: position ${at}: an array index must hold integers or booleans only (spread several indices as separate arguments)`);
}

/**
 * Applies the indices: the view of the basic ones (integers, slices, null,
 * '...') and the list of advanced ones for aten::index (null where a dim
 * is not indexed). Intermediate views are disposed.
 */
function applySlicing(self: Tensor, indices: readonly unknown[]): { view: Tensor; advanced: (Tensor | null)[] } {
  const rank = self.shape.length;
  const specified = specifiedDims(indices);
  if (specified > rank) throw new RangeError(`index: too many indices for a tensor of ${rank} dims: ${specified} given`);
  if (indices.filter((i) => i === '...').length > 1) throw new TypeError("index: at most one '...' is allowed");
  let view = self;
  const advanced: (Tensor | null)[] = [];
  let dim = 0;
  const step = (next: Tensor) => {
    if (view !== self) view.dispose();
    view = next;
  };
  const record = (t: Tensor) => {
    while (advanced.length < dim) advanced.push(null);
    advanced[dim] = t;
    dim++;
  };
  indices.forEach((idx, at) => {
    if (idx === null) {
      step(aten.unsqueeze(view, dim));
      dim++;
    } else if (idx === '...') {
      dim += rank - specified;
    } else if (typeof idx === 'number') {
      if (!Number.isInteger(idx)) throw new TypeError(`index: position ${at}: ${idx} is not an integer`);
      const size = view.shape[dim];
      if (size === undefined) throw new RangeError(`index: position ${at}: too many indices for a tensor of ${rank} dims`);
      if (idx >= size || idx < -size) throw new RangeError(`index: position ${at}: index ${idx} is out of range for dim ${dim} of size ${size}`);
      step(aten.select_int(view, dim, idx));
    } else if (typeof idx === 'string') {
      const s = parseSlice(at, idx);
      step(aten.slice_Tensor(view, dim, s.start, s.stop, s.step));
      dim++;
    } else if (typeof idx === 'boolean') {
      step(aten.unsqueeze(view, dim));
      record(idx ? aten.zeros([1], 'int64', undefined, view.device) : aten.empty_memory_format([0], 'int64', undefined, view.device));
    } else if (Array.isArray(idx)) {
      record(arrayIndex(at, idx, view.device));
    } else if (idx instanceof Tensor) {
      if (idx.shape.length === 0 && !isBoolLike(idx) && !idx.dtype.startsWith('float') && !idx.dtype.startsWith('complex') && idx.dtype !== 'bfloat16') {
        step(aten.select_int(view, dim, Number(idx.item())));
      } else if (idx.shape.length === 0 && isBoolLike(idx)) {
        step(aten.unsqueeze(view, dim));
        record(idx.item() ? aten.zeros([1], 'int64', undefined, view.device) : aten.empty_memory_format([0], 'int64', undefined, view.device));
      } else {
        record(idx);
      }
    } else {
      throw new TypeError(`index: position ${at}: expected an integer, a slice string, null, '...', a tensor or an array, got ${typeof idx}`);
    }
  });
  return { view, advanced };
}

/** x[...indices] as Python computes it: a view for basic indices, a copy with advanced ones. */
export function index(self: Tensor, indices: readonly unknown[]): Tensor {
  const { view, advanced } = applySlicing(self, indices);
  if (advanced.length === 0) return view === self ? aten.alias(self) : view;
  const out = aten.index_Tensor(view, advanced);
  if (view !== self) view.dispose();
  return out;
}

/** The sizes without leading 1s (libtorch's slicePrefix1sSize): a value broadcasts from its last dims. */
function stripLeadingOnes(t: Tensor): Tensor {
  const shape = t.shape;
  let k = 0;
  while (k < shape.length && shape[k] === 1) k++;
  return k === 0 ? t : aten.view(t, shape.slice(k));
}

/** x[...indices] = value as Python does it: a copy into the view, or index_put_ with advanced indices. */
export function indexSet_<T extends Tensor>(self: T, indices: readonly unknown[], value: Tensor | number | boolean | bigint): T {
  const v = value instanceof Tensor ? value : aten.scalar_tensor(value, self.dtype, undefined, self.device);
  const { view, advanced } = applySlicing(self, indices);
  const src = stripLeadingOnes(v);
  if (advanced.length === 0) aten.copy_(view, src);
  else aten.index_put_(view, advanced, src);
  if (view !== self) view.dispose();
  if (src !== v) src.dispose();
  if (v !== value) v.dispose();
  return self;
}

type IndexResult<T, I extends readonly unknown[]> = T extends { readonly __type?: { shape: infer S extends Shape; dtype: infer D extends DType; device: infer V extends Device } }
  ? Index<S, I> extends infer R
    ? R extends Shape
      ? Tensor<R, D, V>
      : R
    : never
  : Tensor;

declare module '../core/tensor.ts' {
  interface Tensor<out S extends Shape = Shape, out D extends DType = DType, out V extends Device = Device> {
    /**
     * PyTorch's indexing, Python's `x[...]`: integers (negative from the end),
     * slices as strings ('1:3', '::2', ':'), null for a new dim of 1, '...'
     * for the dims no other index takes, integer tensors and arrays, and
     * boolean masks. `x.index(0, '1:3', null, '...')` is `x[0, 1:3, None, ...]`.
     * Basic indices give a view; advanced ones a copy.
     */
    // The indices, or the shape error's message in their place: a wrong index is an error at the call.
    index<T extends Tensor, const I extends readonly IndexArg[]>(this: T, ...indices: OrMsg<Index<ShapeOf<T>, I>, I> & readonly unknown[]): IndexResult<T, I>;
    /**
     * Python's `x[...] = value`: writes `value` (a tensor broadcast to the
     * indexed shape, or a number) at the indices, in place; returns this.
     */
    indexSet_<T extends Tensor>(this: T, indices: readonly IndexArg[], value: Tensor | number | boolean | bigint): T;
  }
}

Object.defineProperty(Tensor.prototype, 'index', {
  value: function (this: Tensor, ...indices: unknown[]) {
    return index(this, indices);
  },
  writable: true,
  configurable: true,
  enumerable: false,
});
Object.defineProperty(Tensor.prototype, 'indexSet_', {
  value: function (this: Tensor, indices: readonly unknown[], value: Tensor | number | boolean | bigint) {
    if (!Array.isArray(indices)) throw new TypeError('indexSet_: the indices come as one array, then the value: x.indexSet_([0, \':\'], 1)');
    return indexSet_(this, indices, value);
  },
  writable: true,
  configurable: true,
  enumerable: false,
});
