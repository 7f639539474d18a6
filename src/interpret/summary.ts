// A model's summary as torchinfo prints it: each layer with its output shape
// and parameters, the totals, and the memory they take. Shapes come from a
// forward call on the meta device (tensors without storage): the model's own
// parameters stand in as meta copies for the call, so nothing is computed,
// no data is needed and the model is left as it was. libtorch 1.13 lacks meta
// kernels for some ops (convolutions: Python's come from its own meta
// registrations); then the call runs on the CPU with an input of zeros.
import type { Tensor } from '../core/tensor.ts';
import type { DType } from '../types/dtype.ts';
import * as aten from '../ops/generated/aten.ts';
import { scope } from '../core/scope.ts';
import { noGrad } from '../core/autograd.ts';
import { ELEMENT_BYTES } from '../core/dtype.ts';
import type { Module } from '../nn/module.ts';
import { TorchError } from '../core/errors.ts';

export interface SummaryRow {
  /** The dotted path ('' for the model itself). */
  path: string;
  /** The class name. */
  type: string;
  depth: number;
  /** The shape of its (first tensor) output, or null if it was not called. */
  outputShape: number[] | null;
  /** Its own parameters (not its children's). */
  parameters: number;
}

export interface ModelSummary {
  rows: SummaryRow[];
  /** Where the shapes were computed: 'meta', or 'cpu' (on zeros) where libtorch has no meta kernel for an op. */
  device: 'meta' | 'cpu';
  totalParameters: number;
  trainableParameters: number;
  inputBytes: number;
  /** The bytes of the outputs of the layers with parameters, twice (activations and their gradients), as torchinfo estimates a forward/backward pass. */
  forwardBackwardBytes: number;
  parameterBytes: number;
  /** The table as torchinfo prints it. */
  toString(): string;
}

const numel = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const mb = (bytes: number) => (bytes / 1e6).toFixed(2);
const group = (n: number) => n.toLocaleString('en');

function firstTensor(v: unknown): Tensor | null {
  if (v && typeof v === 'object' && 'shape' in v && 'dtype' in v) return v as Tensor;
  if (Array.isArray(v)) for (const x of v) { const t = firstTensor(x); if (t) return t; }
  return null;
}

/** Runs `model` once on meta tensors of `inputSize` (or of the given tensor's shape) and tabulates its layers. */
export function summary(model: Module, input: readonly number[] | Tensor, options: { dtype?: DType; depth?: number } = {}): ModelSummary {
  const shape = Array.isArray(input) ? [...(input as readonly number[])] : (input as Tensor).shape;
  const dtype = options.dtype ?? (Array.isArray(input) ? 'float32' : (input as Tensor).dtype);
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) throw new RangeError(`summary: the input size must be whole numbers, got [${shape.join(', ')}]`);
  const maxDepth = options.depth ?? 3;
  const modules = model.namedModules();
  const outputs = new Map<Module, number[]>();
  const handles = modules.map(([, m]) => m.registerForwardHook((mod, _args, out) => {
    const t = firstTensor(out);
    if (t && !outputs.has(mod)) outputs.set(mod, [...t.shape]);
  }));
  const forward = (x: Tensor) => (model as unknown as { forward(x: Tensor): unknown }).forward(x);
  let device: 'meta' | 'cpu' = 'meta';
  try {
    try {
      noGrad(() => scope(() => {
        const meta = new Map<string, Tensor>();
        for (const [path, t] of model.namedParameters()) meta.set(path, aten._to_copy(t, null, null, 'meta'));
        for (const [path, t] of model.namedBuffers()) meta.set(path, aten._to_copy(t, null, null, 'meta'));
        model.withTensors(meta, () => forward(aten.zeros(shape, dtype, null, 'meta')));
      }));
    } catch (e) {
      if (!(e instanceof TorchError && /not implemented|meta/i.test(e.message))) throw e;
      outputs.clear();
      device = 'cpu';
      // Eval mode for the zeros call: BatchNorm must not update its running statistics.
      const training = model.training;
      model.eval();
      try {
        noGrad(() => scope(() => forward(aten.zeros(shape, dtype))));
      } finally {
        model.train(training);
      }
    }
  } finally {
    for (const h of handles) h.remove();
  }
  const own = (m: Module) => m.namedParameters().filter(([n]) => !n.includes('.')).reduce((a, [, p]) => a + p.numel(), 0);
  const rows: SummaryRow[] = modules.map(([path, m]) => ({
    path,
    type: m.constructor.name,
    depth: path === '' ? 0 : path.split('.').length,
    outputShape: outputs.get(m) ?? null,
    parameters: own(m),
  }));
  const params = model.parameters();
  const totalParameters = params.reduce((a, p) => a + p.numel(), 0);
  const trainableParameters = params.filter((p) => p.requiresGrad).reduce((a, p) => a + p.numel(), 0);
  const parameterBytes = params.reduce((a, p) => a + p.numel() * ELEMENT_BYTES[p.dtype], 0) + model.buffers().reduce((a, b) => a + b.numel() * ELEMENT_BYTES[b.dtype], 0);
  const leaves = modules.filter(([, m]) => m.children().length === 0 && own(m) > 0).map(([, m]) => m);
  const forwardBackwardBytes = 2 * leaves.reduce((a, m) => a + (outputs.has(m) ? numel(outputs.get(m)!) * ELEMENT_BYTES[dtype] : 0), 0);
  const inputBytes = numel(shape) * ELEMENT_BYTES[dtype];

  const table = () => {
    const line = '='.repeat(90);
    const shown = rows.filter((r) => r.depth <= maxDepth);
    // torchinfo's tree: "├─Conv2d: 1-1", numbered by depth and position among siblings.
    const counters = new Map<number, number>();
    const label = (r: SummaryRow) => {
      if (r.depth === 0) return r.type;
      counters.set(r.depth, (counters.get(r.depth) ?? 0) + 1);
      for (const d of [...counters.keys()]) if (d > r.depth) counters.delete(d);
      return `${'│    '.repeat(r.depth - 1)}├─${r.type}: ${r.depth}-${counters.get(r.depth)}`;
    };
    const body = shown.map((r) => {
      const name = label(r);
      const out = r.outputShape ? `[${r.outputShape.join(', ')}]` : '--';
      const p = r.parameters > 0 ? group(r.parameters) : '--';
      return `${name.padEnd(45)}${out.padEnd(30)}${p}`;
    });
    return [
      line, `${'Layer (type:depth-idx)'.padEnd(45)}${'Output Shape'.padEnd(30)}Param #`, line, ...body, line,
      `Total params: ${group(totalParameters)}`, `Trainable params: ${group(trainableParameters)}`, `Non-trainable params: ${group(totalParameters - trainableParameters)}`, line,
      `Input size (MB): ${mb(inputBytes)}`, `Forward/backward pass size (MB): ${mb(forwardBackwardBytes)}`, `Params size (MB): ${mb(parameterBytes)}`,
      `Estimated Total Size (MB): ${mb(inputBytes + forwardBackwardBytes + parameterBytes)}`, line,
    ].join('\n');
  };
  return { rows, device, totalParameters, trainableParameters, inputBytes, forwardBackwardBytes, parameterBytes, toString: table };
}
