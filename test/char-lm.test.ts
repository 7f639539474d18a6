// The character-level LM example against its Python twin (bench/char_lm.py):
// the same seed gives the same weights and the same steps, so the first
// training losses agree to the bit; the loss falls; sampling is reproducible.
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.ts';
import { PYTHON } from './helpers/python.ts';
import { sample, trainCharLM } from '../examples/char-lm.ts';

const root = resolve(import.meta.dirname, '..');

describe('the character-level LM example', () => {
  it("matches the Python twin's first 5 training losses exactly", () => {
    const python = JSON.parse(execFileSync(PYTHON, [join(root, 'bench', 'char_lm.py'), '1', 'steps', '5'], { encoding: 'utf8' })) as { losses: number[] };
    torch.setNumThreads(1);
    const { losses, model } = trainCharLM({ steps: 5, log: () => {} });
    expect(losses).toEqual(python.losses);
    expect(model.numParameters()).toBe(350_593); // embedding 64, 1 x 256 LSTM, head: the twin's 351k
  }, 120_000);

  it('lowers the loss over a short run, and samples the same text from the same seed', () => {
    const { model, vocab, losses } = trainCharLM({ steps: 40, log: () => {} });
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(losses.slice(-5))).toBeLessThan(mean(losses.slice(0, 5)) - 1);
    const a = sample(model, vocab, 'ROMEO:', 50, 0.8, 7);
    expect(a.startsWith('ROMEO:')).toBe(true);
    expect(a.length).toBe(56);
    expect(sample(model, vocab, 'ROMEO:', 50, 0.8, 7)).toBe(a);
    expect(sample(model, vocab, 'ROMEO:', 50, 0.8, 8)).not.toBe(a);
  }, 120_000);

  it('the GRU variant trains', () => {
    const { model, losses } = trainCharLM({ steps: 10, cell: 'gru', log: () => {} });
    expect(model.rnn).toBeInstanceOf(torch.nn.GRU);
    expect(losses[9]!).toBeLessThan(losses[0]!);
  }, 120_000);
});
