// The model's contract: shapes through the model, the state carried
// across batches, training lowers the loss, and seeded sampling repeats.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from 'typed-torch';
import { CharLM } from '../src/model.js';
import { evaluate, sample, step } from '../src/train.js';

const text = 'to be, or not to be: that is the question. '.repeat(40);
const { vocab, train, val } = torch.data.charCorpus(text);

test('maps characters [B, T] to scores [B, T, vocab] and a state [layers, B, hidden]', () => {
  const model = new CharLM(vocab.size, { hidden: 32, layers: 2 });
  const x = torch.assertShape(torch.randint(0, vocab.size, [3, 7]), ['B', 'T']);
  const [scores, [h, c]] = model.forward(x);
  assert.deepEqual([scores.shape, h.shape, c.shape], [[3, 7, vocab.size], [2, 3, 32], [2, 3, 32]]);
  // Carrying the state changes what the model says about the same characters.
  const [again] = model.forward(x, [h, c]);
  assert.ok(!again.equal(scores), 'the state is used');
});

test('training steps lower the validation loss below the uniform guess', () => {
  torch.manualSeed(0);
  const model = new CharLM(vocab.size, { hidden: 64 });
  const opt = new torch.optim.Adam(model.parameters(), { lr: 1e-2 });
  const uniform = Math.log(vocab.size);
  const before = evaluate(model, val);
  for (let epoch = 0; epoch < 3; epoch++) {
    let state = null;
    for (const { x, y } of new torch.data.BpttBatches(train, 4, 16)) [, state] = step(model, opt, x, y, state);
  }
  const after = evaluate(model, val);
  assert.ok(Math.abs(before - uniform) < 0.5, `an untrained model is near ln(${vocab.size}) = ${uniform}: ${before}`);
  assert.ok(after < uniform / 2, `validation loss went from ${before} to ${after}`);
});

test('sampling with a seed gives the same text, of the asked length, from the vocabulary', () => {
  torch.manualSeed(0);
  const model = new CharLM(vocab.size, { hidden: 16 });
  const a = sample(model, vocab, 'to ', 50, 0.8, 7);
  assert.equal(a, sample(model, vocab, 'to ', 50, 0.8, 7));
  assert.notEqual(a, sample(model, vocab, 'to ', 50, 0.8, 8));
  assert.equal(a.length, 53);
  assert.ok(a.startsWith('to '));
});
