// The bridge from run-time shapes to static ones: assertShape checks a
// tensor's actual shape against an expected one and narrows its type.
import type { DType, Device } from '../types/dtype.ts';
import type { Dim, Shape } from '../types/shape.ts';
import { Tensor } from './tensor.ts';

/** Mutable copy of a readonly tuple of dims. */
type Dims<S extends readonly Dim[]> = { -readonly [K in keyof S]: S[K] };

/**
 * Checks that `t` has the expected shape and returns it typed with that
 * shape. Numbers must match exactly; a string is a symbolic dim, which
 * matches any size but the same symbol must have the same size everywhere in
 * the call (and in `bindings`, if given, which records sizes across calls);
 * `-1` accepts any size (typed `number`).
 *
 *   const x = torch.assertShape(loaded, ['B', 784]);  // Tensor<['B', 784]>
 */
export function assertShape<T extends Tensor, const S extends readonly Dim[]>(
  t: T,
  expected: S,
  bindings: Map<string, number> = new Map(),
): T extends Tensor<Shape, infer D extends DType, infer V extends Device> ? Tensor<Dims<{ [K in keyof S]: S[K] extends -1 ? number : S[K] }>, D, V> : never {
  const actual = t.shape;
  const show = (s: readonly unknown[]) => `[${s.join(', ')}]`;
  if (actual.length !== expected.length) {
    throw new TypeError(`assertShape: expected rank ${expected.length} ${show(expected)}, got ${show(actual)}`);
  }
  expected.forEach((want, i) => {
    const got = actual[i]!;
    if (typeof want === 'number') {
      if (want !== -1 && want !== got) {
        throw new TypeError(`assertShape: dim ${i} is ${got}, expected ${want} (expected ${show(expected)}, got ${show(actual)})`);
      }
      return;
    }
    const bound = bindings.get(want);
    if (bound === undefined) bindings.set(want, got);
    else if (bound !== got) {
      throw new TypeError(`assertShape: dim ${i} ('${want}') is ${got}, but '${want}' is ${bound} elsewhere (got ${show(actual)})`);
    }
  });
  return t as never;
}
