// Random-number generators, as torch.Generator: each has its own seeded
// stream, so a data shuffle or an augmentation can be reproducible on its own,
// without touching (or being disturbed by) the default generator that
// initialisation and dropout draw from. Ops whose schema takes a
// `Generator? generator` accept one: `torch.randperm(n, { generator })`.
import { native } from './native.ts';
import { wrap, type Tensor } from './tensor.ts';

// Generators are small (a Mersenne-Twister state of 2.5 KB), so the garbage
// collector alone decides when a native one is released.
const released = new FinalizationRegistry<number>((id) => native().releaseGenerator(id));

export class Generator {
  /** @internal The native generator's id; 0 is libtorch's default CPU generator. */
  readonly _id: number;

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
    released.register(this, this._id);
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
