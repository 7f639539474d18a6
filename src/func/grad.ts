// Reverse-mode transforms: grad, gradAndValue (and JAX's valueAndGrad
// order), vjp. Each call runs the function inside a grad layer, so that
// transforms compose: grad(grad(f)) differentiates the inner grad's own
// computation, and vmap(grad(f)) gives per-example gradients.
import { Tensor } from '../core/tensor.ts';
import { enableGrad, isGradEnabled, grad as autogradGrad } from '../core/autograd.ts';
import { keep, scope } from '../core/scope.ts';
import * as aten from '../ops/generated/aten.ts';
import type { ShapeOf } from '../ops/typing.ts';
import type { IsUnknownRank } from '../types/dims.ts';
import { allowingRequiresGrad, inLayer, unwrapForGrad, unwrapIfDead, wrapForGrad } from './layers.ts';
import { describe, leaves, mapTree, withLeaves } from './tree.ts';

/** Which arguments to differentiate: one index, or several (the gradients come as a tuple). */
export type Argnums = number | readonly number[];

/** The gradients' type: each differentiated argument's own type (a tensor's gradient has its shape, dtype and device; a record's is a record). */
export type GradsOf<A extends readonly unknown[], N> = N extends number ? A[N] : { -readonly [K in keyof N]: N[K] extends number ? A[N[K]] : never };

/** Whether a tensor type can be a scalar: shape [] or a shape not known. */
type MayBeScalar<T> = T extends Tensor ? (ShapeOf<T> extends readonly [] ? true : IsUnknownRank<ShapeOf<T>> extends true ? true : false) : false;

/** f's type, or a message when it cannot return a scalar (grad differentiates a scalar; vjp and jacrev take any output). */
export type ScalarFunction<F, Aux extends boolean, Op extends string> = F extends (...args: never[]) => infer R
  ? MayBeScalar<Aux extends true ? (R extends readonly [infer O, unknown] ? O : never) : R> extends true
    ? unknown
    : `${Op}: the function must return a scalar (0-dim) tensor${Aux extends true ? ' first in [output, aux]' : ''}; use vjp or jacrev for other outputs`
  : never;

export interface GradOptions<N extends Argnums = 0, Aux extends boolean = false> {
  /** The argument(s) to differentiate with respect to (default 0). */
  argnums?: N;
  /** f returns [output, aux]: aux is returned alongside, not differentiated. */
  hasAux?: Aux;
}

type AuxOf<R> = R extends readonly [unknown, infer X] ? X : never;
type OutOf<R, Aux extends boolean> = Aux extends true ? (R extends readonly [infer O, unknown] ? O : never) : R;

/** The argument indices argnums names (negative ones from the end), checked against the argument count. */
export function argumentIndices(argnums: Argnums, count: number, op: string): number[] {
  const list = typeof argnums === 'number' ? [argnums] : Array.isArray(argnums) ? [...argnums] : [];
  if (list.length === 0) throw new TypeError(`${op}: argnums must be an index or a non-empty array of indices`);
  const picked = list.map((i) => {
    if (!Number.isInteger(i) || i < -count || i >= count) throw new RangeError(`${op}: argnums ${i} is out of range for ${count} arguments`);
    return i < 0 ? i + count : i;
  });
  if (new Set(picked).size !== picked.length) throw new RangeError(`${op}: argnums [${list.join(', ')}] repeats an argument`);
  return picked;
}

/** The selected arguments, as one tree (an index) or a tuple of trees. */
function select(args: readonly unknown[], argnums: Argnums, op: string): unknown {
  const picked = argumentIndices(argnums, args.length, op).map((i) => args[i]);
  return typeof argnums === 'number' ? picked[0] : picked;
}

/** The output of f and its aux, checked. */
export function splitOutput(result: unknown, hasAux: boolean, op: string): [unknown, unknown] {
  if (!hasAux) return [result, undefined];
  if (!Array.isArray(result) || result.length !== 2) throw new TypeError(`${op}: with hasAux the function must return [output, aux], got ${describe(result)}`);
  return [result[0], result[1]];
}

/** The gradients of `output` with respect to `inputs`, zeros where it does not depend on one (functorch's convention). */
function gradients(outputs: readonly Tensor[], inputs: readonly Tensor[], cotangents: readonly Tensor[] | null, retainGraph: boolean, createGraph: boolean): Tensor[] {
  const pairs = outputs.map((o, i) => [o, cotangents?.[i] ?? null] as const).filter(([o]) => o.requiresGrad);
  if (pairs.length === 0) return inputs.map((x) => aten.zeros_like(x));
  const gs = autogradGrad(pairs.map(([o]) => o), [...inputs], { gradOutputs: cotangents ? pairs.map(([, c]) => c) : undefined, retainGraph, createGraph, allowUnused: true });
  return gs.map((g, i) => g ?? aten.zeros_like(inputs[i]!));
}

/**
 * The gradient of a scalar-valued `f` and its value: `gradAndValue(f)(...args)`
 * is `[gradients, value]` (`[gradients, [value, aux]]` with `hasAux`),
 * torch.func.grad_and_value.
 */
export function gradAndValue<A extends unknown[], R, const N extends Argnums = 0, Aux extends boolean = false>(
  f: ((...args: A) => R) & ScalarFunction<(...args: A) => R, Aux, 'gradAndValue'>,
  options: GradOptions<N, Aux> = {},
): (...args: A) => [GradsOf<A, N>, Aux extends true ? [OutOf<R, Aux>, AuxOf<R>] : R] {
  return gradAndValueNamed(f as never, options, 'gradAndValue') as never;
}

/** gradAndValue, with `op` (the transform the user called) naming it in errors. */
function gradAndValueNamed(f: (...args: unknown[]) => unknown, options: GradOptions<Argnums, boolean>, op: string): (...args: unknown[]) => [unknown, unknown] {
  const argnums = options.argnums ?? 0;
  const hasAux = options.hasAux ?? false;
  return (...args: unknown[]) =>
    inLayer('grad', (level) =>
      enableGrad(() =>
        scope(() => {
          const wrapped = mapTree(args, (t) => wrapForGrad(t, level));
          const diff = select(wrapped, argnums, op);
          const inputs = leaves(diff);
          if (inputs.length === 0) throw new TypeError(`${op}: the differentiated argument(s) hold no tensor`);
          allowingRequiresGrad(() => inputs.forEach((x) => x.requiresGrad_()));
          const [output, aux] = splitOutput(f(...wrapped), hasAux, op);
          if (!(output instanceof Tensor)) throw new TypeError(`${op}: the function must return a tensor, got ${describe(output)}`);
          if (output.ndim !== 0) throw new TypeError(`${op}: the function must return a scalar (0-dim) tensor, got shape [${output.shape.join(', ')}]; use vjp or jacrev for other outputs`);
          const grads = gradients([output], inputs, null, false, true).map((g) => unwrapForGrad(g, level));
          const value = unwrapForGrad(output, level);
          const result = hasAux ? [value, mapTree(aux, (t) => unwrapForGrad(t, level))] : value;
          return [withLeaves(diff, grads), result] as [unknown, unknown];
        }),
      ),
    );
}

/** The gradient of a scalar-valued `f` with respect to argument `argnums` (torch.func.grad); `[gradients, aux]` with `hasAux`. */
export function grad<A extends unknown[], R, const N extends Argnums = 0, Aux extends boolean = false>(
  f: ((...args: A) => R) & ScalarFunction<(...args: A) => R, Aux, 'grad'>,
  options: GradOptions<N, Aux> = {},
): (...args: A) => Aux extends true ? [GradsOf<A, N>, AuxOf<R>] : GradsOf<A, N> {
  const both = gradAndValueNamed(f as never, options, 'grad');
  return (...args: A) => {
    const [grads, value] = both(...args);
    if (!options.hasAux) {
      (value as Tensor).dispose();
      return grads as never;
    }
    const [output, aux] = value as [Tensor, unknown];
    output.dispose();
    return [grads, aux] as never;
  };
}

/** `[value, gradients]`: gradAndValue in JAX's order (jax.value_and_grad), for code ported from JAX. */
export function valueAndGrad<A extends unknown[], R, const N extends Argnums = 0, Aux extends boolean = false>(
  f: ((...args: A) => R) & ScalarFunction<(...args: A) => R, Aux, 'valueAndGrad'>,
  options: GradOptions<N, Aux> = {},
): (...args: A) => [Aux extends true ? [OutOf<R, Aux>, AuxOf<R>] : R, GradsOf<A, N>] {
  const both = gradAndValueNamed(f as never, options, 'valueAndGrad');
  return (...args: A) => {
    const [grads, value] = both(...args);
    return [value, grads] as never;
  };
}

/** The vector-Jacobian product function of vjp: cotangents shaped like f's output give gradients shaped like the primals. */
export interface VjpFn<A extends readonly unknown[], R> {
  (cotangents: R, options?: { retainGraph?: boolean; createGraph?: boolean }): { -readonly [K in keyof A]: A[K] };
  /** Frees the graph it holds now, rather than when the function is garbage-collected; it cannot be called afterwards. */
  dispose(): void;
}

/**
 * f's output at `primals` and the function that pulls cotangents back
 * through it (torch.func.vjp). The primals are an array: `vjp(f, [x, w])`.
 * The returned function may be called many times (the graph is kept) and
 * inside vmap (jacrev does so).
 */
export function vjp<A extends unknown[], R>(f: (...args: A) => R, primals: readonly [...A], options?: { hasAux?: false }): [R, VjpFn<A, R>];
export function vjp<A extends unknown[], R extends readonly [unknown, unknown]>(f: (...args: A) => R, primals: readonly [...A], options: { hasAux: true }): [R[0], VjpFn<A, R[0]>, R[1]];
export function vjp(f: (...args: unknown[]) => unknown, primals: readonly unknown[], options: { hasAux?: boolean } = {}): unknown[] {
  const op = 'vjp';
  if (!Array.isArray(primals)) throw new TypeError(`${op}: primals must be an array of the function's arguments, got ${describe(primals)}`);
  const hasAux = options.hasAux ?? false;
  return inLayer('grad', (level) =>
    enableGrad(() =>
      scope(() => {
        const wrapped = mapTree(primals, (t) => wrapForGrad(t, level));
        const inputs = leaves(wrapped);
        if (inputs.length === 0) throw new TypeError(`${op}: the primals hold no tensor`);
        allowingRequiresGrad(() => inputs.forEach((x) => x.requiresGrad_()));
        const [output, aux] = splitOutput(f(...wrapped), hasAux, op);
        const outputs = leaves(output);
        if (outputs.length === 0) throw new TypeError(`${op}: the function must return tensors, got ${describe(output)}`);
        // The graph outlives this call (vjpFn runs it later): its ends stay alive until vjpFn is collected.
        for (const t of [...inputs, ...outputs]) keep(t);
        let disposed = false;
        const vjpFn = (cotangents: unknown, fnOptions: { retainGraph?: boolean; createGraph?: boolean } = {}) =>
          scope(() => {
            if (disposed) throw new TypeError('vjp: this vjp function was disposed; its graph is gone');
            const cts = leaves(cotangents);
            if (cts.length !== outputs.length) throw new TypeError(`vjp: the cotangents must match the output's structure, ${outputs.length} tensor(s); got ${describe(cotangents)}`);
            cts.forEach((c, i) => {
              if (c.shape.join() !== outputs[i]!.shape.join()) throw new TypeError(`vjp: cotangent ${i} has shape [${c.shape.join(', ')}], the output [${outputs[i]!.shape.join(', ')}]`);
            });
            const gs = gradients(outputs, inputs, cts, fnOptions.retainGraph ?? true, fnOptions.createGraph ?? isGradEnabled());
            return withLeaves(primals, gs.map(unwrapIfDead));
          });
        vjpFn.dispose = () => {
          disposed = true;
          for (const t of [...inputs, ...outputs]) if (!t.isDisposed) t.dispose();
        };
        const result = mapTree(output, (t) => unwrapForGrad(t, level));
        return hasAux ? [result, vjpFn, mapTree(aux, (t) => unwrapForGrad(t, level))] : [result, vjpFn];
      }),
    ),
  );
}
