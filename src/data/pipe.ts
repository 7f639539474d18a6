// Pipes over async iterables: map, filter, batch and take for any source
// (files, generators, streams, DataLoaders), composed lazily.

export class Pipe<T> implements AsyncIterable<T> {
  constructor(private readonly source: AsyncIterable<T> | Iterable<T>) {}

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for await (const v of this.source as AsyncIterable<T>) yield v;
  }

  map<U>(f: (value: T, index: number) => U | Promise<U>): Pipe<U> {
    const self = this;
    return new Pipe((async function* () {
      let i = 0;
      for await (const v of self) yield await f(v, i++);
    })());
  }

  filter(f: (value: T) => boolean | Promise<boolean>): Pipe<T> {
    const self = this;
    return new Pipe((async function* () {
      for await (const v of self) if (await f(v)) yield v;
    })());
  }

  /** Groups values into arrays of n (the last may be shorter unless dropLast). */
  batch(n: number, options: { dropLast?: boolean } = {}): Pipe<T[]> {
    const self = this;
    return new Pipe((async function* () {
      let group: T[] = [];
      for await (const v of self) {
        group.push(v);
        if (group.length === n) {
          yield group;
          group = [];
        }
      }
      if (group.length > 0 && !options.dropLast) yield group;
    })());
  }

  /** The first n values (the source is not read further). */
  take(n: number): Pipe<T> {
    const self = this;
    return new Pipe((async function* () {
      if (n <= 0) return;
      let i = 0;
      for await (const v of self) {
        yield v;
        if (++i >= n) return;
      }
    })());
  }

  /**
   * Folds the values into one, in order, as Array.prototype.reduce does
   * (`f` may be async): training as a fold of a step over the batches.
   */
  async reduce<A>(f: (accumulator: A, value: T, index: number) => A | Promise<A>, initial: A): Promise<A> {
    let acc = initial;
    let i = 0;
    for await (const v of this) acc = await f(acc, v, i++);
    return acc;
  }

  async toArray(): Promise<T[]> {
    const out: T[] = [];
    for await (const v of this) out.push(v);
    return out;
  }
}

/** Starts a pipe over any iterable or async iterable. */
export function pipe<T>(source: AsyncIterable<T> | Iterable<T>): Pipe<T> {
  return new Pipe(source);
}
