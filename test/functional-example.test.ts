// examples/functional.ts in a short run: the functional style (parameters as
// a value, func.gradAndValue, SGD on records) gives the parameters that the
// imperative style (nn + optim.SGD + backward) gives on the same batches,
// and an ensemble trained in one vmap per step gives each member's own run.
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.ts';
import { batches, largestDifference, trainEnsemble, trainFunctional, trainImperative } from '../examples/functional.ts';

describe('examples/functional.ts (short run)', () => {
  it('trains as the imperative style does, and as an ensemble as each model alone', async () => {
    const train = await batches(20);
    const losses: number[] = [];
    const fn = trainFunctional(1, train, (l) => losses.push(l));
    expect(losses.length).toBe(20);
    // Learning: the last losses are below the first (ln 10 = 2.30 at the start).
    expect(losses.slice(-5).reduce((a, b) => a + b) / 5).toBeLessThan(losses.slice(0, 5).reduce((a, b) => a + b) / 5);
    const imperative = trainImperative(1, train);
    expect(largestDifference(fn.params, torch.func.parametersOf(imperative))).toBeLessThan(1e-5);
    const ensemble = trainEnsemble([2, 1], train);
    const member = Object.fromEntries(Object.entries(ensemble.params).map(([k, t]) => [k, t.select(0, 1)]));
    expect(largestDifference(member, fn.params)).toBeLessThan(1e-5);
    expect(ensemble.params['1.weight']!.shape).toEqual([2, 128, 784]);
  });
});
