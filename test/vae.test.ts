// The VAE example against pytorch/examples' vae/main.py (bench/vae.py): with
// the same seed both draw the same weights, shuffles and reparameterisation
// noise, so the first training losses agree to the bit, and so do two short
// epochs' test losses; the twin's data is torchvision's (python3-torchvision,
// the script's own pipeline); a short run writes its PNG grids and a checkpoint.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import * as torch from '../src/index.ts';
import { PYTHON } from './helpers/python.ts';
import { ConvVAE, VAE, trainVae, vaeLoss } from '../examples/vae.ts';

const root = resolve(import.meta.dirname, '..');

describe('the VAE example', () => {
  it("matches the Python twin's first 5 training losses exactly (same seed, batches and noise)", async () => {
    const python = JSON.parse(execFileSync(PYTHON, [join(root, 'bench', 'vae.py'), '1', 'steps', '5'], { encoding: 'utf8' })) as { losses: number[] };
    torch.setNumThreads(1);
    torch.manualSeed(1);
    const toTensor = torch.data.toFloat();
    const loader = new torch.data.DataLoader(torch.data.fashionMnist({ split: 'train' }), { batchSize: 128, shuffle: true, transform: ({ images }) => toTensor(images) });
    const model = new VAE();
    const opt = new torch.optim.Adam(model.parameters(), { lr: 1e-3 });
    const losses: number[] = [];
    for await (const x of loader) {
      losses.push(torch.scope(() => {
        const [recon, mu, logvar] = model.forward(x);
        const loss = vaeLoss(recon, x, mu, logvar);
        opt.zeroGrad();
        loss.backward();
        opt.step();
        return Number(loss.item());
      }));
      if (losses.length === 5) break;
    }
    expect(losses).toEqual(python.losses);
  }, 60_000);

  it("two short epochs give the twin's test losses (the samples decoded after each epoch draw from the same stream)", async () => {
    // Python inherits this process's environment, OpenBLAS's thread count included (it changes sums' order).
    const lines = execFileSync(PYTHON, [join(root, 'bench', 'vae.py'), '1', '2', '3'], { encoding: 'utf8' }).trim().split('\n');
    const python = lines.map((line) => (JSON.parse(line) as { testLoss: number }).testLoss);
    torch.setNumThreads(1);
    const { results } = await trainVae({ epochs: 2, batches: 3, out: null, log: () => {} });
    expect(results.map((r) => r.testLoss)).toEqual(python);
  }, 120_000);

  it("the twin's images are torchvision's FashionMNIST with ToTensor, item for item (the script's own pipeline)", () => {
    const report = execFileSync(PYTHON, ['-c', `
import sys
sys.path.insert(0, ${JSON.stringify(join(root, 'bench'))})
import torch
from vae import FashionMNIST, torchvision_fashion_mnist
with torchvision_fashion_mnist() as (_, theirs):
    ours = FashionMNIST('test')
    differ = sum(1 for i in range(len(theirs)) if not (torch.equal(theirs[i][0], ours[i][0]) and theirs[i][1] == int(ours[i][1])))
    print(len(theirs), len(ours), differ, theirs[0][0].dtype, tuple(theirs[0][0].shape))
`], { encoding: 'utf8' }).trim();
    expect(report).toBe('10000 10000 0 torch.float32 (1, 28, 28)');
  }, 60_000);

  it('a short run lowers the loss and writes the reconstruction and sample grids and a checkpoint', async () => {
    const out = mkdtempSync(join(tmpdir(), 'typed-torch-vae-'));
    const { results } = await trainVae({ epochs: 1, batches: 30, out, log: () => {} });
    expect(results[0]!.testLoss).toBeLessThan(results[0]!.trainLoss);
    const recon = PNG.sync.read(readFileSync(join(out, 'vae-reconstructions.png')));
    expect([recon.width, recon.height]).toEqual([8 * 30 + 2, 2 * 30 + 2]); // 8 inputs over their 8 reconstructions
    const samples = PNG.sync.read(readFileSync(join(out, 'vae-samples.png')));
    expect([samples.width, samples.height]).toEqual([242, 242]); // 64 samples, 8 by 8
    const state = torch.load(join(out, 'vae.pt'));
    expect([...state.keys()]).toEqual(['fc1.weight', 'fc1.bias', 'fc21.weight', 'fc21.bias', 'fc22.weight', 'fc22.bias', 'fc3.weight', 'fc3.bias', 'fc4.weight', 'fc4.bias']);
  }, 120_000);

  it('the convolutional variant trains, its shapes checked by the compiler', async () => {
    const { model, results } = await trainVae({ model: 'conv', epochs: 1, batches: 20, out: null, log: () => {} });
    expect(model.constructor.name).toBe('ConvVAE');
    expect(results[0]!.testLoss).toBeLessThan(results[0]!.trainLoss);
    const decoded = torch.noGrad(() => (model as InstanceType<typeof ConvVAE>).decode(torch.randn([4, 20])));
    expect(decoded.shape).toEqual([4, 784]);
  }, 120_000);
});
