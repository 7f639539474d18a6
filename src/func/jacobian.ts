// Jacobians and Hessians from the two modes: jacrev pulls back each basis
// vector of the output (vmap over vjp's function), jacfwd pushes forward
// each basis vector of the input (vmap over jvp); hessian is jacfwd of
// jacrev, forward over reverse, as torch.func computes it.
import { Tensor } from '../core/tensor.ts';
import { scope } from '../core/scope.ts';
import * as aten from '../ops/generated/aten.ts';
import { argumentIndices, vjp, type Argnums } from './grad.ts';
import { jvp } from './jvp.ts';
import { vmap } from './vmap.ts';
import { describe } from './tree.ts';

/** The Jacobian's type: for one argument a tensor whose shape is the output's followed by the input's (known where both are). */
export type JacobianOf<A extends readonly unknown[], R, N> = N extends number ? JacobianPart<R, A[N]> : { -readonly [K in keyof N]: N[K] extends number ? JacobianPart<R, A[N[K]]> : never };
type JacobianPart<R, X> = R extends Tensor<infer SO, infer D, infer V> ? (X extends Tensor<infer SI> ? Tensor<[...SO, ...SI], D, V> : Tensor<number[], D, V>) : Tensor;

function tensorArg(v: unknown, op: string, i: number): Tensor {
  if (!(v instanceof Tensor)) throw new TypeError(`${op}: argument ${i} must be a tensor to differentiate, got ${describe(v)}`);
  return v;
}

/** The identity as a batch of basis tensors shaped like `t`: [numel, ...t.shape]. */
function basis(t: Tensor): Tensor {
  return aten.reshape(aten.eye(t.numel(), t.dtype, null, t.device), [t.numel(), ...t.shape]);
}

/** The Jacobian of f with respect to argument(s) `argnums` by reverse mode (torch.func.jacrev): shape [...output, ...input]. */
export function jacrev<A extends unknown[], R extends Tensor, const N extends Argnums = 0>(f: (...args: A) => R, argnums: N = 0 as N): (...args: A) => JacobianOf<A, R, N> {
  return ((...args: A) =>
    scope(() => {
      const which = argumentIndices(argnums, args.length, 'jacrev');
      which.forEach((i) => tensorArg(args[i], 'jacrev', i));
      // f of the differentiated arguments only, the others fixed.
      const g = (...diff: Tensor[]) => f(...(args.map((a, i) => (which.includes(i) ? diff[which.indexOf(i)] : a)) as A));
      const [out, vjpFn] = vjp(g, which.map((i) => args[i] as Tensor));
      if (!(out instanceof Tensor)) throw new TypeError(`jacrev: the function must return one tensor, got ${describe(out)}`);
      const pull = vjpFn as unknown as (ct: Tensor) => Tensor[];
      let rows: Tensor[];
      try {
        rows = vmap((ct: Tensor) => pull(ct))(basis(out) as never) as Tensor[];
      } finally {
        vjpFn.dispose();
      }
      const jac = rows.map((r, k) => aten.reshape(r, [...out.shape, ...(args[which[k]!] as Tensor).shape]));
      return typeof argnums === 'number' ? jac[0] : jac;
    })) as never;
}

/** The Jacobian of f with respect to argument(s) `argnums` by forward mode (torch.func.jacfwd): shape [...output, ...input]. */
export function jacfwd<A extends unknown[], R extends Tensor, const N extends Argnums = 0>(
  f: (...args: A) => R,
  argnums: N = 0 as N,
  options: { randomness?: 'error' | 'same' | 'different' } = {},
): (...args: A) => JacobianOf<A, R, N> {
  return ((...args: A) =>
    scope(() => {
      const which = argumentIndices(argnums, args.length, 'jacfwd');
      const jac = which.map((i) => {
        const x = tensorArg(args[i], 'jacfwd', i);
        // Column k of the Jacobian: the tangent of the output along basis vector k of x.
        const columns = vmap((t: Tensor) => jvp(f, args, [t] as unknown as A, { argnums: i })[1] as Tensor, { randomness: options.randomness })(basis(x) as never) as Tensor;
        const outShape = columns.shape.slice(1);
        return aten.reshape(aten.movedim_int(columns, 0, -1), [...outShape, ...x.shape]);
      });
      return typeof argnums === 'number' ? jac[0] : jac;
    })) as never;
}

/** The Hessian of a scalar-valued f (torch.func.hessian): jacfwd(jacrev(f)), shape [...input, ...input]. */
export function hessian<A extends unknown[], R extends Tensor, const N extends number = 0>(f: (...args: A) => R, argnums: N = 0 as N): (...args: A) => JacobianOf<A, JacobianOf<A, R, N>, N> {
  if (typeof argnums !== 'number') throw new TypeError('hessian: argnums must be one index (the Hessian with respect to one argument)');
  return jacfwd(jacrev(f, argnums) as never, argnums) as never;
}
