// examples/attention.ts in a short run: reversal can only be learned through
// the attention weights (the queries are the output positions alone), so a
// trained head must put its weight on input 7 - i for output i, where an
// untrained one spreads it (about 1/8 on each input).
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.ts';
import { LENGTH, Reverser, evaluate, train } from '../examples/attention.ts';

describe('examples/attention.ts (short run)', () => {
  it('learns to reverse, looking at the mirrored position', () => {
    torch.manualSeed(0);
    const untrained = evaluate(new Reverser(), 200);
    expect(untrained.exact).toBeLessThan(0.01);
    expect(untrained.antiDiagonal).toBeLessThan(0.3);
    const { model, losses } = train(120);
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]! / 10);
    const trained = evaluate(model, 500);
    expect(trained.exact).toBeGreaterThan(0.95);
    expect(trained.antiDiagonal).toBeGreaterThan(0.9);
    // The weights of each output position sum to 1 over the inputs.
    const [, weights] = torch.noGrad(() => model.forward(torch.randint(0, 10, [2, LENGTH]) as never));
    expect(weights.shape).toEqual([2, LENGTH, LENGTH]);
    for (const row of (weights.sum(-1).toArray() as number[][]).flat()) expect(row).toBeCloseTo(1, 5);
  });
});
