// Forward mode: jvp pushes tangents through f alongside the primals, with
// libtorch's dual tensors (each op's forward-mode formula), inside a jvp
// layer so that it composes with the other transforms (jacfwd is vmap of
// jvp; hessian is jacfwd of jacrev).
import { Tensor } from '../core/tensor.ts';
import { native } from '../core/native.ts';
import { scope } from '../core/scope.ts';
import * as aten from '../ops/generated/aten.ts';
import { TorchError } from '../core/errors.ts';
import { argumentIndices, splitOutput, vjp } from './grad.ts';
import { inLayer, unwrapForGrad, wrapForGrad } from './layers.ts';
import { describe, leaves, mapTree, withLeaves } from './tree.ts';

// One forward-AD level serves every nested jvp (as in functorch): levels
// of the jvp layers, not dual levels, keep nested tangents apart.
let dualLevel: number | null = null;

/** Runs fn with forward AD on and a dual level open (opened here if none is). */
function withDualLevel<R>(fn: (dual: number) => R): R {
  const nat = native();
  const previous = nat.setFwdGradEnabled(true);
  const opened = dualLevel === null;
  if (opened) dualLevel = nat.enterDualLevel();
  try {
    return fn(dualLevel!);
  } finally {
    if (opened) {
      nat.exitDualLevel(dualLevel!);
      dualLevel = null;
    }
    nat.setFwdGradEnabled(previous);
  }
}

/** Options of jvp. */
export interface JvpOptions<Aux extends boolean = false> {
  /** f returns [output, aux]: aux is returned as well, without tangents. */
  hasAux?: Aux;
  /** Differentiate only these arguments; the tangents are then theirs alone (jacfwd uses this). */
  argnums?: number | readonly number[];
}

/**
 * f's output at `primals` and its directional derivative along `tangents`
 * (torch.func.jvp): `[output, tangentOut]`, or `[output, tangentOut, aux]`
 * with `hasAux`. Tangents have the primals' structure and shapes.
 */
export function jvp<A extends unknown[], R>(f: (...args: A) => R, primals: readonly [...A], tangents: readonly [...A], options?: JvpOptions<false>): [R, R];
export function jvp<A extends unknown[], R extends readonly [unknown, unknown]>(f: (...args: A) => R, primals: readonly [...A], tangents: readonly [...A], options: JvpOptions<true>): [R[0], R[0], R[1]];
export function jvp(f: (...args: unknown[]) => unknown, primals: readonly unknown[], tangents: readonly unknown[], options: JvpOptions<boolean> = {}): unknown[] {
  const op = 'jvp';
  if (!Array.isArray(primals)) throw new TypeError(`${op}: primals must be an array of the function's arguments, got ${describe(primals)}`);
  if (!Array.isArray(tangents)) throw new TypeError(`${op}: tangents must be an array like the primals, got ${describe(tangents)}`);
  const argnums = options.argnums === undefined ? null : argumentIndices(options.argnums, primals.length, op);
  const diffArgs = argnums === null ? primals : argnums.map((i) => primals[i]);
  const flatPrimals = leaves(diffArgs);
  const flatTangents = leaves(tangents);
  if (flatPrimals.length === 0) throw new TypeError(`${op}: the primals hold no tensor`);
  if (flatTangents.length !== flatPrimals.length || tangents.length !== diffArgs.length) {
    throw new TypeError(`${op}: the tangents must have the primals' structure: ${flatPrimals.length} tensor(s) in ${diffArgs.length} argument(s), got ${flatTangents.length} in ${tangents.length}`);
  }
  flatPrimals.forEach((p, i) => {
    const t = flatTangents[i]!;
    if (p.shape.join() !== t.shape.join()) throw new TypeError(`${op}: tangent ${i} has shape [${t.shape.join(', ')}], its primal [${p.shape.join(', ')}]`);
    if (p.dtype !== t.dtype) throw new TypeError(`${op}: tangent ${i} is ${t.dtype}, its primal ${p.dtype}`);
  });
  try {
    return forwardMode(f, primals, tangents, argnums, diffArgs, flatPrimals, flatTangents, options.hasAux ?? false);
  } catch (e) {
    // An op without a forward-mode formula (softmax's backward, in Hessians): the same product by reverse mode twice.
    if (!(e instanceof TorchError && NO_FORWARD_FORMULA.test(e.message))) throw e;
    return byDoubleBackward(f, primals, tangents, argnums, diffArgs, options.hasAux ?? false);
  }
}

/** What libtorch says when an op has no forward-mode formula. */
const NO_FORWARD_FORMULA = /Trying to use forward AD with \S+ that does not support it/;

/**
 * J t without forward mode: u -> J^T u (vjp's function) is linear in u, so
 * its own vector-Jacobian product along t is (J^T)^T t = J t. Two backward
 * passes instead of one forward pass, for ops libtorch lacks a forward
 * formula for.
 */
function byDoubleBackward(f: (...args: unknown[]) => unknown, primals: readonly unknown[], tangents: readonly unknown[], argnums: number[] | null, diffArgs: readonly unknown[], hasAux: boolean): unknown[] {
  return scope(() => {
    const g = (...diff: unknown[]) => f(...(argnums ? primals.map((a, i) => (argnums.includes(i) ? diff[argnums.indexOf(i)] : a)) : diff));
    const first = (vjp as (f: unknown, p: unknown, o: unknown) => unknown[])(g, diffArgs, { hasAux });
    const [output, pullBack] = first as [unknown, ((ct: unknown, o: { createGraph: boolean }) => unknown) & { dispose(): void }];
    const placeholders = leaves(output).map((o) => aten.zeros_like(o));
    let tangentOut: unknown;
    try {
      const [, pullBackAgain] = vjp((...u: Tensor[]) => leaves(pullBack(withLeaves(output, u), { createGraph: true })), placeholders);
      try {
        tangentOut = withLeaves(output, pullBackAgain(leaves(tangents) as never) as Tensor[]);
      } finally {
        pullBackAgain.dispose();
      }
    } finally {
      pullBack.dispose();
    }
    return hasAux ? [output, tangentOut, first[2]] : [output, tangentOut];
  });
}

function forwardMode(f: (...args: unknown[]) => unknown, primals: readonly unknown[], tangents: readonly unknown[], argnums: number[] | null, diffArgs: readonly unknown[], flatPrimals: Tensor[], flatTangents: Tensor[], hasAux: boolean): unknown[] {
  const op = 'jvp';
  return inLayer('jvp', (level) =>
    withDualLevel((dual) =>
      scope(() => {
        const duals = flatPrimals.map((p, i) => aten._make_dual(p, flatTangents[i]!, dual));
        let args: unknown[];
        if (argnums === null) args = withLeaves([...primals], duals);
        else {
          // The other arguments enter the layer as constants; the differentiated ones as duals.
          const dualArgs = withLeaves(diffArgs, duals) as unknown[];
          args = primals.map((a, i) => {
            const k = argnums.indexOf(i);
            return k >= 0 ? dualArgs[k] : mapTree(a, (t) => wrapForGrad(t, level));
          });
        }
        const [output, aux] = splitOutput(f(...args), hasAux, op);
        const outs = leaves(output);
        if (outs.length === 0) throw new TypeError(`${op}: the function must return tensors, got ${describe(output)}`);
        const primalOut: Tensor[] = [];
        const tangentOut: Tensor[] = [];
        for (const o of outs) {
          const [p, t] = aten._unpack_dual(o, dual);
          primalOut.push(unwrapForGrad(p, level));
          // No tangent: the output does not depend on the primals.
          tangentOut.push(unwrapForGrad((t as Tensor | null) ?? aten.zeros_like(p), level));
        }
        const res = [withLeaves(output, primalOut), withLeaves(output, tangentOut)];
        return hasAux ? [...res, mapTree(aux, (t) => unwrapForGrad(t, level))] : res;
      }),
    ),
  );
}
