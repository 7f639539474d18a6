// The functions Python takes tensors for one by one (torch.block_diag(a, b, c))
// or as one list: both forms here, and broadcast_shapes, which works on
// shapes alone.
import { Tensor } from '../../core/tensor.ts';
import * as aten from '../generated/aten.ts';
import { isOptions } from '../python-args.ts';

/** The tensors of a variadic call: f(a, b, c) or f([a, b, c]). */
function tensorsOf(fn: string, args: readonly unknown[]): Tensor[] {
  const list = args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  list.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new TypeError(`${fn}: argument ${i} must be a Tensor, got ${t === null ? 'null' : typeof t}`);
  });
  return list as Tensor[];
}

/** The block-diagonal matrix of the inputs (each 0-, 1- or 2-D). */
export function blockDiag(...tensors: Tensor[] | [readonly Tensor[]]): Tensor {
  return aten.block_diag(tensorsOf('blockDiag', tensors));
}

/** The inputs broadcast to their common shape. */
export function broadcastTensors(...tensors: Tensor[] | [readonly Tensor[]]): Tensor[] {
  return aten.broadcast_tensors(tensorsOf('broadcastTensors', tensors));
}

/** The cartesian product of 1-D inputs: [product of lengths, inputs]. */
export function cartesianProd(...tensors: Tensor[] | [readonly Tensor[]]): Tensor {
  return aten.cartesian_prod(tensorsOf('cartesianProd', tensors));
}

/**
 * Coordinate grids of 1-D inputs. `indexing: 'ij'` gives grids shaped
 * [len0, len1, ...]; 'xy' swaps the first two dims. Left out, 'ij' (as in
 * PyTorch 1.13, which warns that the default will change).
 */
export function meshgrid(...args: (Tensor | readonly Tensor[] | { indexing?: 'ij' | 'xy' })[]): Tensor[] {
  const last = args[args.length - 1];
  const options = isOptions(last) ? (last as { indexing?: 'ij' | 'xy' }) : undefined;
  const tensors = tensorsOf('meshgrid', options ? args.slice(0, -1) : args);
  const indexing = options?.indexing;
  if (indexing === undefined) return aten.meshgrid(tensors);
  if (indexing !== 'ij' && indexing !== 'xy') throw new TypeError(`meshgrid: indexing must be 'ij' or 'xy', got '${String(indexing)}'`);
  return aten.meshgrid_indexing(tensors, indexing);
}

/** Einstein summation: einsum('ij,jk->ik', a, b), or with the operands as one list. */
export function einsum(equation: string, ...operands: Tensor[] | [readonly Tensor[]]): Tensor {
  if (typeof equation !== 'string') throw new TypeError(`einsum: the first argument must be the equation string, got ${typeof equation}`);
  return aten.einsum(equation, tensorsOf('einsum', operands));
}

/** The shape the given shapes broadcast to (each a number, for one dim, or a list). */
export function broadcastShapes(...shapes: (number | readonly number[])[]): number[] {
  const lists = shapes.map((s, i) => {
    if (typeof s === 'number') return [s];
    if (Array.isArray(s) && s.every((n) => typeof n === 'number')) return s as number[];
    throw new TypeError(`broadcastShapes: shape ${i} must be a number or a list of numbers, got ${JSON.stringify(s)}`);
  });
  const rank = Math.max(0, ...lists.map((l) => l.length));
  const result = new Array<number>(rank).fill(1);
  for (const l of lists) {
    for (let k = 1; k <= l.length; k++) {
      const n = l[l.length - k]!;
      if (n < 0 || !Number.isInteger(n)) throw new RangeError(`broadcastShapes: a dim must be a non-negative integer, got ${n}`);
      const at = rank - k;
      if (n === 1 || n === result[at]) continue;
      if (result[at] !== 1) throw new TypeError(`broadcastShapes: shapes ${lists.map((x) => `[${x.join(', ')}]`).join(', ')} do not broadcast (dim ${at - rank}: ${result[at]} and ${n})`);
      result[at] = n;
    }
  }
  return result;
}
