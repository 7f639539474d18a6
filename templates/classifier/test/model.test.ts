// The model's contract: the output shape for a batch, and that training steps
// lower the loss on a fixed batch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from 'typed-torch';
import { createModel } from '../src/model.js';
import { step } from '../src/train.js';

test('maps [B, 1, 28, 28] images to [B, 10] scores', () => {
  const model = createModel();
  const out = model.forward(torch.randn([5, 1, 28, 28]));
  assert.deepEqual(out.shape, [5, 10]);
});

test('training steps lower the loss on a fixed batch', () => {
  torch.manualSeed(0);
  const model = createModel();
  const opt = new torch.optim.Adam(model.parameters(), { lr: 1e-3 });
  const batch = { x: torch.assertShape(torch.randn([16, 1, 28, 28]), ['B', 1, 28, 28]), y: torch.assertShape(torch.randint(0, 10, [16]), ['B']) };
  const first = step(model, opt, batch);
  let last = first;
  for (let i = 0; i < 20; i++) last = step(model, opt, batch);
  assert.ok(last < first / 2, `loss went from ${first} to ${last}`);
});
