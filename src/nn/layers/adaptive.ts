// AdaptiveLogSoftmaxWithLoss (Grave et al., "Efficient softmax approximation
// for GPUs"): frequent classes in a head, rare ones in clusters behind
// smaller projections, computed as PyTorch's module does.
import type { Tensor } from '../../core/tensor.ts';
import type { PyRest } from '../../ops/python-args.ts';
import * as aten from '../../ops/generated/aten.ts';
import { Module, pyFloat, reprFields } from '../module.ts';
import { Linear } from './linear.ts';
import { ModuleList } from './containers.ts';
import { Sequential } from './sequential.ts';
import { configure, p, required } from './config.ts';
import { factory, type FactoryOptions } from './factory.ts';

type Forwardable = { forward(x: Tensor): Tensor };
const run = (m: unknown, x: Tensor): Tensor => (m as Forwardable).forward(x);

/** Python's _ASMoutput namedtuple: [output, loss], also by name. */
export type ASMOutput = [output: Tensor, loss: Tensor] & { readonly output: Tensor; readonly loss: Tensor };

export class AdaptiveLogSoftmaxWithLoss extends Module {
  declare readonly __tensors: never;
  readonly cutoffs: number[];
  readonly divValue: number;
  readonly headBias: boolean;
  readonly shortlistSize: number;
  readonly nClusters: number;
  readonly head: Linear;
  readonly tail: ModuleList<Sequential<[Linear, Linear]>>;

  constructor(
    readonly inFeatures: number,
    readonly nClasses: number,
    cutoffs: readonly number[],
    ...args: PyRest<[divValue: number, headBias: boolean], { divValue?: number; headBias?: boolean } & FactoryOptions>
  ) {
    super();
    const cls = 'AdaptiveLogSoftmaxWithLoss';
    required(cls, 'inFeatures', inFeatures, 'int');
    required(cls, 'nClasses', nClasses, 'int');
    required(cls, 'cutoffs', cutoffs, 'ints');
    const o = configure<{ divValue: number; headBias: boolean } & FactoryOptions>(cls, [p('divValue', 4.0), p('headBias', false)], args, factory.params);
    const c = [...cutoffs];
    const sorted = [...c].sort((a, b) => a - b);
    if (c.length === 0 || c.some((v, i) => v !== sorted[i]) || Math.min(...c) <= 0 || Math.max(...c) > nClasses - 1 || new Set(c).size !== c.length) {
      throw new RangeError(`${cls}: cutoffs should be unique positive integers in increasing order, each between 1 and nClasses - 1 (${nClasses - 1}); got [${c.join(', ')}]`);
    }
    this.cutoffs = [...c, nClasses];
    this.divValue = o.divValue;
    this.headBias = o.headBias;
    this.shortlistSize = this.cutoffs[0]!;
    this.nClusters = this.cutoffs.length - 1;
    const make = factory.of(o);
    this.head = this.child('head', new Linear(inFeatures, this.shortlistSize + this.nClusters, { bias: o.headBias, ...make }));
    const tail: Sequential<[Linear, Linear]>[] = [];
    for (let i = 0; i < this.nClusters; i++) {
      const hsz = Math.floor(inFeatures / this.divValue ** (i + 1));
      const osz = this.cutoffs[i + 1]! - this.cutoffs[i]!;
      tail.push(new Sequential(new Linear(inFeatures, hsz, { bias: false, ...make }), new Linear(hsz, osz, { bias: false, ...make })));
    }
    this.tail = this.child('tail', new ModuleList(tail));
  }

  /** The log-probability of each target [N] for input [N, inFeatures] (or one sample), and the mean loss. */
  forward(input: Tensor, target: Tensor): ASMOutput {
    const cls = 'AdaptiveLogSoftmaxWithLoss';
    if (target.ndim === 1) {
      if (input.ndim !== 2 || input.shape[0] !== target.shape[0]) throw new TypeError(`${cls}: a 1-D target [N] expects a 2-D input [N, ${this.inFeatures}], got [${input.shape.join(', ')}]`);
    } else if (target.ndim === 0) {
      if (input.ndim !== 1) throw new TypeError(`${cls}: a 0-D target expects a 1-D input, got [${input.shape.join(', ')}]`);
    } else {
      throw new TypeError(`${cls}: the target must be 0-D or 1-D, got ${target.ndim}-D`);
    }
    const batched = target.ndim > 0;
    const x = batched ? input : aten.unsqueeze(input, 0);
    const t = batched ? target : aten.unsqueeze(target, 0);
    const n = t.shape[0]!;
    let output = aten.new_zeros(x, [n]);
    const gather = aten.new_empty(t, [n]);
    const bounds = [0, ...this.cutoffs];
    let used = 0;
    for (let i = 0; i < bounds.length - 1; i++) {
      const low = bounds[i]!;
      const high = bounds[i + 1]!;
      const mask = aten.logical_and(aten.ge_Scalar(t, low), aten.lt_Scalar(t, high));
      const rows = aten.flatten_using_ints(aten.nonzero(mask), 0, -1);
      const count = rows.shape[0]!;
      if (count === 0) continue;
      const picked = aten.masked_select(t, mask);
      if (i === 0) {
        aten.index_copy_(gather, 0, rows, picked);
      } else {
        const relative = aten.sub_Scalar(picked, low);
        const clusterOut = run(this.tail.at(i - 1), aten.index_select(x, 0, rows));
        aten.index_fill__int_Scalar(gather, 0, rows, this.shortlistSize + i - 1);
        const local = aten.gather(aten.log_softmax_int(clusterOut, 1), 1, aten.unsqueeze(relative, 1));
        output = aten.index_copy(output, 0, rows, aten.squeeze_dim(local, 1));
      }
      used += count;
    }
    if (used !== n) {
      throw new RangeError(`${cls}: target values should be in [0, ${this.nClasses - 1}], got values from ${aten.min(t).item()} to ${aten.max(t).item()}`);
    }
    const headLogprob = aten.log_softmax_int(run(this.head, x), 1);
    output = aten.add_Tensor(output, aten.squeeze(aten.gather(headLogprob, 1, aten.unsqueeze(gather, 1))));
    const loss = aten.mean(aten.neg(output));
    const out = batched ? output : aten.squeeze_dim(output, 0);
    return Object.assign([out, loss] as [Tensor, Tensor], { output: out, loss });
  }

  #fullLogProb(x: Tensor, headOutput: Tensor): Tensor {
    const head = aten.log_softmax_int(headOutput, 1);
    const parts = [aten.narrow(head, 1, 0, this.shortlistSize)];
    for (let i = 0; i < this.nClusters; i++) {
      const cluster = aten.log_softmax_int(run(this.tail.at(i), x), 1);
      parts.push(aten.add_Tensor(cluster, aten.unsqueeze(aten.select_int(head, 1, this.shortlistSize + i), 1)));
    }
    return aten.cat(parts, 1);
  }

  /** log p(class | input) for every class: [N, nClasses] (or [nClasses] for one sample). */
  logProb(input: Tensor): Tensor {
    const batched = input.ndim === 2;
    const x = batched ? input : aten.unsqueeze(input, 0);
    const out = this.#fullLogProb(x, run(this.head, x));
    return batched ? out : aten.squeeze_dim(out, 0);
  }

  /** The most likely class of each input: [N] int64 (or 0-d). */
  predict(input: Tensor): Tensor {
    return aten.argmax(this.logProb(input), -1);
  }

  override extraRepr(): string {
    return reprFields({ div_value: pyFloat(this.divValue) });
  }
}
