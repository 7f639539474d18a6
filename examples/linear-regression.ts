// An end-to-end autograd fit (tsx examples/linear-regression.ts). A linear regression learns
// y = 3x1 - 2x2 + 0.5 (plus noise) by gradient descent on 4,096 samples,
// printing its progress, and draws its loss and weights per step to
// build/linear-regression.png. Everything runs through libtorch.
import * as torch from 'typed-torch';

const steps = Number(process.env.DEMO_STEPS ?? 200);
const lr = 0.1;

torch.manualSeed(0);
const trueW = torch.tensor([[3], [-2]]);
const x = torch.randn([4096, 2]);
const y = torch.scope(() => x.matmul(trueW).add(0.5).add(torch.randn([4096, 1]).mul(0.1)));

const w = torch.zeros([2, 1], { requiresGrad: true });
const b = torch.zeros([1], { requiresGrad: true });

console.log(`fitting y = x @ w + b on ${x.shape[0]} samples, ${steps} steps of gradient descent (lr ${lr})`);
const curves = { loss: [] as number[], w1: [] as number[], w2: [] as number[], b: [] as number[] };
const started = performance.now();
for (let step = 1; step <= steps; step++) {
  const loss = torch.scope(() => {
    const err = x.matmul(w).add(b).sub(y);
    const l = err.pow(2).mean();
    l.backward();
    torch.noGrad(() => {
      w.sub_(w.grad!.mul(lr));
      b.sub_(b.grad!.mul(lr));
    });
    w.grad!.zero_();
    b.grad!.zero_();
    return l.item() as number; // mean() of float32 is float32 (typed once shape/dtype rules land)
  });
  const [w1, w2] = w.toTypedArray();
  curves.loss.push(loss);
  curves.w1.push(w1!);
  curves.w2.push(w2!);
  curves.b.push(b.item());
  if (step === 1 || step % 20 === 0 || step === steps) {
    console.log(
      `step ${String(step).padStart(4)}  loss ${loss.toFixed(6)}  w = [${w1!.toFixed(4)}, ${w2!.toFixed(4)}]  b = ${b.item().toFixed(4)}`,
    );
  }
}
const ms = performance.now() - started;
const [w1, w2] = w.toTypedArray();
console.log(`learned w = [${w1!.toFixed(3)}, ${w2!.toFixed(3)}], b = ${b.item().toFixed(3)} (true: [3, -2], 0.5) in ${ms.toFixed(0)} ms`);
console.log(`live tensors at the end: ${torch.memory().tensors} (x, y, w, b, their gradients and the true weights)`);
const picture = await torch.viz.savePlot(
  torch.viz.trainingCurves(
    { 'mean squared error': { train: curves.loss }, parameter: { w1: curves.w1, w2: curves.w2, b: curves.b } },
    { title: 'Linear regression by gradient descent (true w = [3, -2], b = 0.5)' },
  ),
  'build/linear-regression.png',
);
console.log(`loss and parameters per step: ${picture}`);
const ok = Math.abs(w1! - 3) < 0.01 && Math.abs(w2! + 2) < 0.01 && Math.abs(b.item() - 0.5) < 0.01;
if (!ok) {
  console.error('the fit did not converge');
  process.exit(1);
}
