// torch.Generator: seeded streams of their own, drawn exactly as Python's
// torch.Generator draws them, independent of the default generator.
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.ts';
import { py } from './helpers/python.ts';

describe('Generator', () => {
  it('draws what the same-seeded Python generator draws, op by op', () => {
    const g = new torch.Generator(42);
    const ours = {
      rand: torch.rand([4], { generator: g }).toArray(),
      randn: torch.randn([3], { generator: g }).toArray(),
      randint: torch.randint(0, 100, [5], { generator: g }).toArray(),
      randperm: torch.randperm(8, { generator: g }).toArray(),
      bernoulli: torch.full([6], 0.5).bernoulli({ generator: g }).toArray(),
      normal: torch.zeros([3]).normal_(0, 2, { generator: g }).toArray(),
      fresh: torch.rand([2], { generator: new torch.Generator() }).toArray(),
      big: torch.rand([2], { generator: new torch.Generator(2n ** 63n + 5n) }).toArray(),
      negative: torch.rand([2], { generator: new torch.Generator(-3) }).toArray(),
    };
    const theirs = py<typeof ours>(`
g = torch.Generator().manual_seed(42)
out = {
  'rand': torch.rand(4, generator=g), 'randn': torch.randn(3, generator=g),
  'randint': torch.randint(0, 100, (5,), generator=g), 'randperm': torch.randperm(8, generator=g),
  'bernoulli': torch.full((6,), 0.5).bernoulli(generator=g), 'normal': torch.zeros(3).normal_(0, 2, generator=g),
  'fresh': torch.rand(2, generator=torch.Generator()),
  'big': torch.rand(2, generator=torch.Generator().manual_seed(2**63 + 5)),
  'negative': torch.rand(2, generator=torch.Generator().manual_seed(-3)),
}
`);
    expect(ours).toEqual(theirs);
  });

  it('leaves the default generator alone, and the default generator is what manualSeed seeds', () => {
    torch.manualSeed(9);
    const plain = torch.rand([3]).toArray();
    torch.manualSeed(9);
    torch.rand([5], { generator: new torch.Generator(1) });
    expect(torch.rand([3]).toArray()).toEqual(plain);
    torch.defaultGenerator.manualSeed(9);
    expect(torch.rand([3]).toArray()).toEqual(plain);
    expect(torch.defaultGenerator.initialSeed()).toBe(9n);
    expect(new torch.Generator().initialSeed()).toBe(67280421310721n);
  });

  it('saves and restores its state, and reseeds', () => {
    const g = new torch.Generator(5);
    torch.rand([7], { generator: g });
    const state = g.getState();
    expect([state.dtype, state.shape]).toEqual(['uint8', [5056]]);
    const first = torch.rand([4], { generator: g }).toArray();
    g.setState(state);
    expect(torch.rand([4], { generator: g }).toArray()).toEqual(first);
    const seed = g.seed();
    expect(typeof seed).toBe('bigint');
    expect(g.initialSeed()).toBe(seed);
    expect(g.manualSeed(5)).toBe(g);
    expect(g.initialSeed()).toBe(5n);
  });

  it('rejects what is not a generator, a seed or a state, clearly', () => {
    expect(() => torch.randperm(3, { generator: {} as never })).toThrow(/no overload accepts/);
    expect(() => new torch.Generator(1.5)).toThrow(/the seed must be an integer/);
    expect(() => new torch.Generator(2 ** 70)).toThrow(/a bigint for seeds beyond 2\^53/);
    expect(() => new torch.Generator(2n ** 64n)).toThrow(/the seed must fit in 64 bits/);
    expect(() => new torch.Generator(1).setState(torch.zeros([5056]))).toThrow(/RNG state must be a torch.ByteTensor/);
    expect(() => new torch.Generator(1).setState(torch.zeros([3], { dtype: 'uint8' }))).toThrow(/found the input RNG state size to be 3/);
  });
});
