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
import { describe, leaves, mapTree, withLeaves } from './tree.ts';

/**
 * The Jacobian's type. For one argument: the output's structure with each
 * output tensor replaced by a tensor whose shape is that output's followed by
 * the input's (known where both are); for several arguments, each output
 * tensor's place holds a tuple, one Jacobian per argument (torch.func's
 * nesting: output structure outside, argnums inside).
 */
export type JacobianOf<A extends readonly unknown[], R, N> = N extends number ? JacobianTree<R, A[N]> : JacobianTuples<A, R, N>;
type JacobianPart<R, X> = R extends Tensor<infer SO, infer D, infer V> ? (X extends Tensor<infer SI> ? Tensor<[...SO, ...SI], D, V> : Tensor<number[], D, V>) : Tensor;
type JacobianTree<R, X> = R extends Tensor ? JacobianPart<R, X> : R extends object ? { -readonly [K in keyof R]: JacobianTree<R[K], X> } : never;
type JacobianTuples<A extends readonly unknown[], R, N> = R extends Tensor
  ? { -readonly [K in keyof N]: N[K] extends number ? JacobianPart<R, A[N[K]]> : never }
  : R extends object ? { -readonly [K in keyof R]: JacobianTuples<A, R[K], N> } : never;

function tensorArg(v: unknown, op: string, i: number): Tensor {
  if (!(v instanceof Tensor)) throw new TypeError(`${op}: argument ${i} must be a tensor to differentiate, got ${describe(v)}`);
  return v;
}

/** The identity as a batch of basis tensors shaped like `t`: [numel, ...t.shape]. */
function basis(t: Tensor): Tensor {
  return aten.reshape(aten.eye(t.numel(), t.dtype, null, t.device), [t.numel(), ...t.shape]);
}

/**
 * The result's structure from the Jacobians by output leaf and argument
 * (jac[j][k]: output leaf j with respect to argument k): the output's tree
 * with each leaf replaced by its Jacobian, or by the tuple of them over
 * several argnums.
 */
function assemble(output: unknown, jac: Tensor[][], argnums: Argnums): unknown {
  return mapTree(output, (_, j) => (typeof argnums === 'number' ? jac[j]![0] : jac[j]));
}

/** The Jacobian of f with respect to argument(s) `argnums` by reverse mode (torch.func.jacrev): for each output tensor, shape [...output, ...input]. */
export function jacrev<A extends unknown[], R, const N extends Argnums = 0>(f: (...args: A) => R, argnums: N = 0 as N): (...args: A) => JacobianOf<A, R, N> {
  return ((...args: A) =>
    scope(() => {
      const which = argumentIndices(argnums, args.length, 'jacrev');
      const inputs = which.map((i) => tensorArg(args[i], 'jacrev', i));
      // f of the differentiated arguments only, the others fixed.
      const g = (...diff: Tensor[]) => f(...(args.map((a, i) => (which.includes(i) ? diff[which.indexOf(i)] : a)) as A));
      const [out, vjpFn] = vjp(g, inputs);
      const outs = leaves(out);
      if (outs.length === 0) throw new TypeError(`jacrev: the function must return tensors, got ${describe(out)}`);
      const pull = vjpFn as unknown as (ct: unknown) => Tensor[];
      try {
        // Row block j: each basis vector of output leaf j pulled back, the other leaves' cotangents zero.
        const jac = outs.map((o, j) => {
          const zeros = outs.map((other) => aten.zeros_like(other));
          const rows = vmap((ct: Tensor) => pull(withLeaves(out, zeros.map((z, k) => (k === j ? ct : z)))))(basis(o) as never) as Tensor[];
          return rows.map((r, k) => aten.reshape(r, [...o.shape, ...inputs[k]!.shape]));
        });
        return assemble(out, jac, argnums);
      } finally {
        vjpFn.dispose();
      }
    })) as never;
}

/** The Jacobian of f with respect to argument(s) `argnums` by forward mode (torch.func.jacfwd): for each output tensor, shape [...output, ...input]. */
export function jacfwd<A extends unknown[], R, const N extends Argnums = 0>(
  f: (...args: A) => R,
  argnums: N = 0 as N,
  options: { randomness?: 'error' | 'same' | 'different' } = {},
): (...args: A) => JacobianOf<A, R, N> {
  return ((...args: A) =>
    scope(() => {
      const which = argumentIndices(argnums, args.length, 'jacfwd');
      let output: unknown;
      // byArg[k][j]: output leaf j with respect to argument which[k].
      const byArg = which.map((i) => {
        const x = tensorArg(args[i], 'jacfwd', i);
        // Column c of each Jacobian: the tangent of the output along basis vector c of x.
        const columns = vmap((t: Tensor) => jvp(f, args, [t] as unknown as A, { argnums: i })[1], { randomness: options.randomness })(basis(x) as never) as unknown;
        output ??= columns;
        const cols = leaves(columns);
        if (cols.length === 0) throw new TypeError(`jacfwd: the function must return tensors, got ${describe(columns)}`);
        return cols.map((c) => aten.reshape(aten.movedim_int(c, 0, -1), [...c.shape.slice(1), ...x.shape]));
      });
      const jac = byArg[0]!.map((_, j) => byArg.map((perLeaf) => perLeaf[j]!));
      return assemble(output, jac, argnums);
    })) as never;
}

/**
 * The Hessian of a scalar-valued f (torch.func.hessian): jacfwd(jacrev(f)),
 * forward over reverse. For one argument, shape [...input, ...input]; for
 * several, the nested tuple torch.func gives: H[i][j], the second
 * derivative with respect to argument i then argument j.
 */
export function hessian<A extends unknown[], R extends Tensor, const N extends Argnums = 0>(f: (...args: A) => R, argnums: N = 0 as N): (...args: A) => JacobianOf<A, JacobianOf<A, R, N>, N> {
  return jacfwd(jacrev(f, argnums) as never, argnums) as never;
}
