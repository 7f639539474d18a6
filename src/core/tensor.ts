// The Tensor class: a typed wrapper around a native handle. It holds no data
// itself; every query goes to libtorch through the handle. Op methods (add,
// matmul, ...) are attached to the prototype by src/ops.
import { inspect } from 'node:util';
import type { DType, Device, Layout } from '../types/dtype.ts';
import type { Shape } from '../types/shape.ts';
import { native } from './native.ts';
import { READ_ARRAY, type TypedArrayOf } from './dtype.ts';
import { track, keep as keepOwned, type ScopeFrame } from './scope.ts';

/** Nested JS arrays of a tensor's values (`toArray()`), by rank. */
export type NestedArray<T> = T | NestedArray<T>[];

/** The JS value of one element of a dtype: int64 reads as number (exact below 2^53). */
export type ElementOf<D extends DType> = D extends 'bool' ? boolean : number;

import { watchUnowned } from './safety-net.ts';
import { releaseHandle } from './release-queue.ts';
import { TorchError } from './errors.ts';

/**
 * A tensor of shape `S`, dtype `D`, on device `V`. The type parameters are
 * what the compiler knows; `.shape`, `.dtype` and `.device` are the run-time
 * truth.
 */
export class Tensor<out S extends Shape = Shape, out D extends DType = DType, out V extends Device = Device> {
  /** @internal The native handle; -1 once disposed. */
  _h: number;
  /** @internal The scope that will free this tensor, if any. */
  _scope: ScopeFrame | undefined = undefined;
  /** @internal The Tensor object standing for the current gradient. */
  _gradCache: Tensor | null = null;
  /** Type-level only: the static shape, dtype and device. */
  declare readonly __type?: { shape: S; dtype: D; device: V };

  /** @internal Wraps a native handle; use torch.tensor() & co to create tensors. */
  constructor(handle: number) {
    this._h = handle;
    if (!track(this)) watchUnowned(this);
  }

  /** The sizes of each dimension. */
  get shape(): number[] {
    return native().shape(this._h);
  }

  /** The element type, e.g. 'float32'. */
  get dtype(): D {
    return native().dtype(this._h) as D;
  }

  /** The device, e.g. 'cpu' or 'meta'. */
  get device(): V {
    return native().device(this._h) as V;
  }

  /**
   * The memory layout: 'strided' (dense), 'sparse_coo', or a compressed
   * sparse layout ('sparse_csr', 'sparse_csc', 'sparse_bsr', 'sparse_bsc').
   * The type does not carry it: ops that need one layout check it at run time.
   */
  get layout(): Layout {
    return native().layout(this._h) as Layout;
  }

  /** Whether the layout is sparse COO (Python's `is_sparse`). */
  get isSparse(): boolean {
    return this.layout === 'sparse_coo';
  }

  /** Whether the layout is sparse CSR (Python's `is_sparse_csr`). */
  get isSparseCsr(): boolean {
    return this.layout === 'sparse_csr';
  }

  /** Number of dimensions. */
  get ndim(): number {
    return this.shape.length;
  }

  /** Number of dimensions (Python's `dim()`). */
  dim(): number {
    return this.shape.length;
  }

  /** Number of elements. */
  numel(): number {
    return native().numel(this._h);
  }

  /** Size of one dimension (negative counts from the end), or the whole shape. */
  size(): number[];
  size(dim: number): number;
  size(dim?: number): number | number[] {
    const shape = this.shape;
    if (dim === undefined) return shape;
    const d = dim < 0 ? dim + shape.length : dim;
    if (d < 0 || d >= shape.length) {
      throw new RangeError(`size(${dim}): dimension out of range for a tensor of rank ${shape.length}`);
    }
    return shape[d]!;
  }

  /** Strides of each dimension, in elements. */
  stride(): number[] {
    return native().strides(this._h);
  }

  // ---- autograd -----------------------------------------------------------

  /** Whether autograd records operations on this tensor. */
  get requiresGrad(): boolean {
    return native().requiresGrad(this._h);
  }

  set requiresGrad(flag: boolean) {
    native().setRequiresGrad(this._h, flag);
  }

  /** Sets requiresGrad in place and returns this tensor (Python's `requires_grad_()`). */
  requiresGrad_(flag = true): this {
    native().setRequiresGrad(this._h, flag);
    return this;
  }

  /**
   * The gradient accumulated by backward(), or null. The returned Tensor is
   * owned by this tensor: it stays valid until the gradient is replaced or
   * this tensor is disposed, and it belongs to no scope.
   */
  get grad(): Tensor<S, D, V> | null {
    const cached = this._gradCache;
    const h = native().grad(this._h, cached === null ? null : cached._h);
    if (h === null) {
      if (cached !== null) cached._h = -1;
      this._gradCache = null;
      return null;
    }
    if (cached !== null && cached._h === h) return cached as Tensor<S, D, V>;
    if (cached !== null) cached._h = -1; // released natively by grad()
    const g = new Tensor(h);
    keepOwned(g); // owned by this tensor, which disposes it; never watched by the GC net
    this._gradCache = g;
    return g as Tensor<S, D, V>;
  }

  /** Replaces the gradient (null clears it); the shape must match. */
  set grad(g: Tensor | null) {
    native().setGrad(this._h, g === null ? null : g._h);
  }

  /** True for tensors created by the user rather than by a recorded operation. */
  get isLeaf(): boolean {
    return native().isLeaf(this._h);
  }

  /** Name of the autograd node that produced this tensor (e.g. 'AddBackward0'), or null. */
  get gradFn(): string | null {
    return native().gradFnName(this._h);
  }

  /** Keeps `.grad` for this non-leaf tensor after backward(). */
  retainGrad(): this {
    native().retainGrad(this._h);
    return this;
  }

  /**
   * Python's register_hook: `hook(grad)` is called with each gradient
   * computed for this tensor during backward; a tensor it returns (same shape
   * and dtype) replaces the gradient. An exception in the hook ends the
   * backward call with that exception. Returns a handle to `remove()` it.
   */
  registerHook(hook: (grad: Tensor<S, D, V>) => Tensor | null | undefined | void): { remove(): void } {
    if (typeof hook !== 'function') throw new TypeError('registerHook: the hook must be a function');
    const id = native().registerHook(this._h, (h) => {
      const replaced = hook(new Tensor(h) as Tensor<S, D, V>);
      if (replaced === undefined || replaced === null) return null;
      if (!(replaced instanceof Tensor)) throw new TypeError('registerHook: a hook must return a tensor or nothing');
      return replaced._h;
    });
    let removed = false;
    return {
      remove: () => {
        if (removed || this._h < 0) return;
        removed = true;
        native().removeHook(this._h, id);
      },
    };
  }

  /**
   * Computes gradients of this tensor with respect to the leaves of its graph
   * and accumulates them into their `.grad`. A non-scalar tensor needs
   * `gradient` (the vector in the vector-Jacobian product).
   */
  backward(
    gradient?: Tensor | null,
    options: { retainGraph?: boolean; createGraph?: boolean; inputs?: Tensor[] } = {},
  ): void {
    native().backward(
      [this._h],
      [gradient == null ? null : gradient._h],
      options.retainGraph,
      options.createGraph ?? false,
      options.inputs ? options.inputs.map((t) => t._h) : null,
    );
  }

  // ---- data -----------------------------------------------------------------

  /**
   * The elements in row-major order, copied into a typed array: Float32Array
   * for float32, float16 and bfloat16; BigInt64Array for int64; Uint8Array
   * for uint8 and bool; (re, im) pairs for complex dtypes. At most 4 GiB.
   */
  toTypedArray(): TypedArrayOf[D] {
    const buf = native().toBuffer(this._h);
    return new READ_ARRAY[this.dtype](buf) as TypedArrayOf[D];
  }

  /**
   * The elements as nested arrays (a plain value for a 0-d tensor). int64
   * elements become numbers (exact up to 2^53; use toTypedArray() for
   * BigInt64Array), bool elements booleans.
   */
  toArray(): NestedArray<ElementOf<D>> {
    const dtype = this.dtype;
    if (dtype === 'complex32' || dtype === 'complex64' || dtype === 'complex128') {
      throw new TypeError('toArray(): complex tensors are not supported; use toTypedArray() (re, im pairs)');
    }
    const shape = this.shape;
    // Every nested array and element is a JS value: refuse what would exhaust the heap
    // (zeros([4e8, 0]) has no elements but would build 4e8 empty arrays).
    let values = 1;
    let level = 1;
    for (const n of shape) {
      level *= n;
      values += level;
    }
    if (values > MAX_TO_ARRAY_VALUES) {
      throw new TorchError(
        `toArray(): a tensor of shape [${shape.join(', ')}] would become ${values.toExponential(2)} JS values; ` +
          'use toTypedArray(), or read a slice',
      );
    }
    const flat = this.toTypedArray() as ArrayLike<number | bigint>;
    const convert: (v: number | bigint) => number | boolean =
      dtype === 'bool' ? (v) => v !== 0 : dtype === 'int64' ? (v) => Number(v) : (v) => v as number;
    if (shape.length === 0) return convert(flat[0]!) as ElementOf<D>;
    let offset = 0;
    const build = (dim: number): NestedArray<number | boolean> => {
      const n = shape[dim]!;
      const out: NestedArray<number | boolean>[] = new Array(n);
      if (dim === shape.length - 1) {
        for (let i = 0; i < n; i++) out[i] = convert(flat[offset++]!);
      } else {
        for (let i = 0; i < n; i++) out[i] = build(dim + 1);
      }
      return out;
    };
    return build(0) as NestedArray<ElementOf<D>>;
  }

  /** The value of a one-element tensor (int64 as number; see itemBigInt()). */
  item(): ElementOf<D> {
    return native().item(this._h) as ElementOf<D>;
  }

  /** The exact value of a one-element integer tensor as a bigint. */
  itemBigInt(): bigint {
    const v = native().item(this._h, true);
    if (typeof v !== 'bigint') throw new TypeError(`itemBigInt(): tensor has dtype ${this.dtype}, not an integer type`);
    return v;
  }

  // ---- lifetime -------------------------------------------------------------

  /** Frees the tensor's native memory now. Safe to call twice. */
  dispose(): void {
    if (this._h < 0) return;
    releaseHandle(this._h);
    this._h = -1;
    if (this._gradCache !== null) {
      this._gradCache.dispose();
      this._gradCache = null;
    }
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  get isDisposed(): boolean {
    return this._h < 0;
  }

  /** Exempts this tensor from the enclosing scopes (see torch.keep). */
  keep(): this {
    keepOwned(this);
    watchUnowned(this);
    return this;
  }

  toString(): string {
    if (this._h < 0) return 'Tensor(disposed)';
    const head = `shape=[${this.shape.join(', ')}], dtype=${this.dtype}, device=${this.device}`;
    const grad = this.requiresGrad ? ', requiresGrad=true' : '';
    const layout = this.layout;
    if (layout !== 'strided') return `Tensor(${sparseParts?.(this) ?? ''}${head}, layout=${layout}${grad})`;
    if (this.device === 'cpu' && this.numel() <= 100 && !this.dtype.startsWith('complex')) {
      return `Tensor(${JSON.stringify(this.toArray())}, ${head}${grad})`;
    }
    return `Tensor(${head}${grad})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/**
 * Writes a sparse tensor's parts for toString (its indices and values, as
 * Python's repr shows them). Reading them takes ops, which live above this
 * layer: src/ops/sparse.ts registers the writer.
 */
let sparseParts: ((t: Tensor) => string) | undefined;

/** @internal Called once by src/ops/sparse.ts. */
export function setSparseParts(write: (t: Tensor) => string): void {
  sparseParts = write;
}

/** The most nested arrays and elements toArray() builds (2^27: about 1 GB of JS values). */
const MAX_TO_ARRAY_VALUES = 2 ** 27;

/** @internal Wraps a handle the native side just created. */
export function wrap<S extends Shape = Shape, D extends DType = DType, V extends Device = Device>(
  handle: number,
): Tensor<S, D, V> {
  return new Tensor<S, D, V>(handle);
}
