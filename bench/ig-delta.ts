// bench/ig-delta: Integrated Gradients' convergence delta on the demo's trained CNN, by the
// number of steps and by the output attributed (log-probabilities, the model's own output,
// or the logits before its LogSoftmax). Run `npm run demo` first: it writes the checkpoint.
//
//   npm run bench:ig-delta [-- --checkpoint build/fashion-mnist-cnn.pt] [--steps 50,200] [--float64]
//
// |delta| = |sum(attributions) - (F(x) - F(0))|; the span |F(x) - F(0)| is printed beside it,
// so that the relative error can be read too.
import { existsSync } from 'node:fs';
import * as torch from 'typed-torch';
import { cnn, prepare } from '../examples/fashion-mnist.ts';
import { options } from './lib/options.ts';

const opts = options({ checkpoint: 'build/fashion-mnist-cnn.pt', steps: '50,200', float64: false });
const stepCounts = opts.steps.split(',').map(Number);
if (stepCounts.some((n) => !Number.isInteger(n) || n < 1)) throw new TypeError(`--steps must be positive integers separated by commas, got '${opts.steps}'`);
if (!existsSync(opts.checkpoint)) {
  console.error(`bench/ig-delta: no checkpoint at ${opts.checkpoint}; run \`npm run demo\` first`);
  process.exit(1);
}
const model = cnn();
model.loadStateDict(torch.load(opts.checkpoint));
model.eval();
// In float64 the deltas are the same: the error is the quadrature's, not float32's rounding.
if (opts.float64) model.double();
// The same layers without the final LogSoftmax: the logits.
const [c1, r1, c2, r2, pool, d1, flat, fc1, r3, d2, fc2] = model.layers;
const logits = torch.nn.sequential(c1, r1, c2, r2, pool, d1, flat, fc1, r3, d2, fc2);
logits.eval();

const testSet = torch.data.fashionMnist({ split: 'test' });
const images = torch.cat(Array.from({ length: 8 }, (_, i) => testSet.get(i).images));
const x = torch.assertShape(opts.float64 ? prepare(images).double() : prepare(images), ['B', 1, 28, 28]);
const predicted = torch.noGrad(() => model.forward(x).argmax(1).toArray() as number[]);
const zero = torch.zerosLike(x);

console.log(`bench/ig-delta: the demo's first 8 test images, their predicted classes, Gauss-Legendre, ${opts.float64 ? 'float64' : 'float32'}`);
console.log('output       steps  max |delta|  max |F(x)-F(0)|  max relative');
for (const [name, m] of [['log-probs', model], ['logits', logits]] as const) {
  const span = torch.noGrad(() => {
    const [at, base] = [m.forward(x).toArray() as number[][], m.forward(zero).toArray() as number[][]];
    return predicted.map((c, i) => Math.abs(at[i]![c]! - base[i]![c]!));
  });
  for (const nSteps of stepCounts) {
    const { delta } = torch.interpret.integratedGradients(m, x, { target: predicted, nSteps });
    const d = (delta.toArray() as number[]).map(Math.abs);
    console.log(
      `${name.padEnd(12)} ${String(nSteps).padStart(5)}  ${Math.max(...d).toExponential(2).padStart(11)}  ` +
        `${Math.max(...span).toFixed(2).padStart(15)}  ${Math.max(...d.map((v, i) => v / span[i]!)).toExponential(2).padStart(12)}`,
    );
  }
}
