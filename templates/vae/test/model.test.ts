// The model's contract: the shapes of what it gives, the loss against its
// formula on a hand-checked case, and that training lowers the loss.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from 'typed-torch';
import { VAE, vaeLoss } from '../src/model.js';
import { step } from '../src/train.js';

const batch = (n: number) => torch.assertShape(torch.rand([n, 1, 28, 28]), ['B', 1, 28, 28]);

test('maps images [B, 1, 28, 28] to reconstructions [B, 784] and a code [B, 20]', () => {
  const [recon, mu, logvar] = new VAE().forward(batch(5));
  assert.deepEqual([recon.shape, mu.shape, logvar.shape], [[5, 784], [5, 20], [5, 20]]);
  const values = recon.toTypedArray() as Float32Array;
  assert.ok(values.every((v) => v > 0 && v < 1), 'the decoder gives pixels in (0, 1)');
});

test('the loss is BCE + KL: a code of N(0, 1) adds nothing, a perfect reconstruction of 0/1 pixels costs nothing', () => {
  const pixels = torch.assertShape(torch.randint(0, 2, [3, 1, 28, 28]).float(), ['B', 1, 28, 28]);
  const zeros = torch.assertShape(torch.zeros([3, 20]), ['B', 20]);
  const loss = vaeLoss(torch.assertShape(pixels.view([3, 784]), ['B', 784]), pixels, zeros, zeros).item();
  assert.ok(Math.abs(loss) < 1e-3, `loss ${loss}`);
  // mu = 1 everywhere: KL = 0.5 * sum(mu^2) = 0.5 * 3 * 20.
  const ones = torch.assertShape(torch.ones([3, 20]), ['B', 20]);
  const kl = vaeLoss(torch.assertShape(pixels.view([3, 784]), ['B', 784]), pixels, ones, zeros).item();
  assert.ok(Math.abs(kl - 30) < 1e-3, `KL ${kl}`);
});

test('training steps lower the loss on a fixed batch', () => {
  torch.manualSeed(0);
  const model = new VAE();
  const opt = new torch.optim.Adam(model.parameters(), { lr: 1e-3 });
  // Images with a structure to learn: the top half white, the bottom half black.
  const x = torch.assertShape(torch.cat([torch.ones([32, 1, 14, 28]), torch.zeros([32, 1, 14, 28])], 2), ['B', 1, 28, 28]);
  const first = step(model, opt, x);
  let last = first;
  for (let i = 0; i < 30; i++) last = step(model, opt, x);
  assert.ok(last < first / 2, `loss went from ${first} to ${last}`);
});
