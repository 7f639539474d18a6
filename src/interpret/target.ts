// What the attribution methods share: a model as a function of its input,
// the output each example's attribution is for (captum's `target`), and
// gradients of those outputs with respect to the input.
import type { Tensor } from '../core/tensor.ts';
import * as aten from '../ops/generated/aten.ts';
import { tensor } from '../ops/creation.ts';
import { grad } from '../core/autograd.ts';
import { enableGrad } from '../core/autograd.ts';

/** A model: a function of a batch, or a module whose forward takes one. */
export type Forward = ((x: Tensor) => Tensor) | { forward(x: never): unknown };

/** The output to explain: one index for every example, one per example, or none for a model with one output per example. */
export type Target = number | readonly number[] | undefined;

export function callable(model: Forward): (x: Tensor) => Tensor {
  if (typeof model === 'function') return model;
  if (model && typeof (model as { forward?: unknown }).forward === 'function') return (x) => (model as { forward(x: Tensor): Tensor }).forward(x);
  throw new TypeError('interpret: the model must be a function of a batch or have a forward method');
}

/** The chosen output of each example, [B]. */
export function selectTarget(op: string, out: Tensor, target: Target, batch: number): Tensor {
  if (out.ndim === 0 || out.shape[0] !== batch) throw new TypeError(`${op}: the model must give one row per example ([${batch}, ...]), got [${out.shape.join(', ')}]`);
  if (target === undefined) {
    if (out.numel() !== batch) throw new TypeError(`${op}: the model gives [${out.shape.join(', ')}]: give a target (the output index to explain)`);
    return aten.reshape(out, [batch]);
  }
  const flat = aten.reshape(out, [batch, -1]);
  const width = flat.shape[1]!;
  const ids = typeof target === 'number' ? new Array<number>(batch).fill(target) : [...target];
  if (ids.length !== batch) throw new RangeError(`${op}: ${ids.length} targets for ${batch} examples`);
  for (const t of ids) if (!Number.isInteger(t) || t < 0 || t >= width) throw new RangeError(`${op}: target ${t} is outside the model's ${width} outputs`);
  return aten.squeeze_dim(aten.gather(flat, 1, aten.unsqueeze(tensor(BigInt64Array.from(ids, BigInt)), 1)), 1);
}

/** d(sum of the chosen outputs)/d(input) and the chosen outputs: examples are independent, so each row gets its own gradient. */
export function gradientAt(op: string, f: (x: Tensor) => Tensor, x: Tensor, target: Target): { gradient: Tensor; outputs: Tensor } {
  return enableGrad(() => {
    const input = aten.detach(x).requiresGrad_(true);
    const outputs = selectTarget(op, f(input), target, x.shape[0]!);
    const [g] = grad(aten.sum(outputs), input);
    return { gradient: g!, outputs: aten.detach(outputs) };
  });
}

export function checkInput(op: string, x: Tensor): void {
  if (x.ndim < 1 || x.shape[0] === 0) throw new TypeError(`${op}: inputs must be a batch [B, ...] with at least one example, got [${x.shape.join(', ')}]`);
  if (x.dtype !== 'float32' && x.dtype !== 'float64') throw new TypeError(`${op}: inputs must be float32 or float64, got ${x.dtype}`);
}
