// Random-number generators, as torch.Generator: each has its own seeded
// stream, so a data shuffle or an augmentation can be reproducible on its own,
// without touching (or being disturbed by) the default generator that
// initialisation and dropout draw from. Ops whose schema takes a
// `Generator? generator` accept one: `torch.randperm(n, { generator })`.
//
// A generator lives like a tensor: `dispose()` (or `using`) frees it now, a
// scope frees those created inside it that it does not return, and the
// garbage collector frees the rest as a last resort (the addon reports each
// native generator's memory to V8, so that pressure is seen).
import { native } from './native.ts';
import { wrap, type Tensor } from './tensor.ts';
import { keep as keepOwned, track, type ScopeFrame } from './scope.ts';

const released = new FinalizationRegistry<number>((id) => {
  try {
    native().releaseGenerator(id);
  } catch {
    // Finalizers must not throw; the generator is gone either way.
  }
});

export class Generator {
  /** @internal The native generator's id (0 is libtorch's default CPU generator); -1 once disposed. */
  _id: number;
  /** @internal The scope that will free this generator, if any. */
  _scope: ScopeFrame | undefined = undefined;

  /**
   * A new generator on the CPU. Without a seed it starts from PyTorch's
   * default seed (67280421310721), as `torch.Generator()` does.
   */
  constructor(seed?: number | bigint);
  /** @internal */
  constructor(seed: number | bigint | undefined, existingId: number);
  constructor(seed?: number | bigint, existingId?: number) {
    if (existingId !== undefined) {
      this._id = existingId;
      return;
    }
    this._id = native().newGenerator(seed);
    if (!track(this)) released.register(this, this._id, this);
  }

  /** Frees the native generator now (the default generator is never freed). Safe to call twice. */
  dispose(): void {
    if (this._id <= 0) return;
    released.unregister(this);
    native().releaseGenerator(this._id);
    this._id = -1;
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  get isDisposed(): boolean {
    return this._id < 0;
  }

  /** Exempts this generator from the enclosing scopes (see torch.keep). */
  keep(): this {
    keepOwned(this);
    this._unowned();
    return this;
  }

  /** @internal Owned by no scope any more: the garbage collector is its last resort. */
  _unowned(): void {
    if (this._id > 0) released.register(this, this._id, this);
  }

  /** Restarts the stream from `seed` (an integer; a bigint for the full 64 bits). */
  manualSeed(seed: number | bigint): this {
    native().generatorManualSeed(this._id, seed);
    return this;
  }

  /** The seed the stream last started from. */
  initialSeed(): bigint {
    return native().generatorInitialSeed(this._id);
  }

  /** Reseeds from a non-deterministic source and returns the new seed. */
  seed(): bigint {
    return native().generatorSeed(this._id);
  }

  /** A copy of the whole state (a uint8 tensor), to restore later with setState. */
  getState(): Tensor<[number], 'uint8', 'cpu'> {
    return wrap(native().generatorGetState(this._id)) as Tensor<[number], 'uint8', 'cpu'>;
  }

  /** Restores a state taken with getState. */
  setState(state: Tensor): this {
    native().generatorSetState(this._id, state._h);
    return this;
  }
}

/** libtorch's default CPU generator: the stream torch.manualSeed seeds. */
export const defaultGenerator = new Generator(undefined, 0);
