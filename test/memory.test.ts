// Ownership: dispose, `using`, scope (sync, nested, async across await),
// keep, and the garbage-collector safety net. Counts come from the native
// tensor table, so they are exact.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.ts';

const live = () => torch.memory().tensors;
const add = (a: torch.Tensor, b: torch.Tensor) => torch.ops.call('add.Tensor', a, b) as torch.Tensor;
const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('memory', () => {
  it('dispose frees the native tensor; use after dispose throws a clear error', () => {
    const before = live();
    const t = torch.ones([1000]);
    expect(live()).toBe(before + 1);
    t.dispose();
    expect(live()).toBe(before);
    expect(t.isDisposed).toBe(true);
    t.dispose(); // twice is harmless
    expect(() => t.shape).toThrow(/tensor was disposed/);
    expect(() => add(t, t)).toThrow(/argument 'self' is a disposed tensor/);
    expect(() => t.toArray()).toThrow(torch.TorchError);
  });

  it('a stale handle never reaches the tensor that reuses its slot', () => {
    const a = torch.tensor([1]);
    const stale = a._h;
    a.dispose();
    const b = torch.tensor([2]); // reuses the freed slot, with a new generation
    expect(b._h % 2 ** 24).toBe(stale % 2 ** 24);
    expect(b._h).not.toBe(stale);
    const ghost = Object.create(torch.Tensor.prototype) as torch.Tensor;
    ghost._h = stale;
    expect(() => ghost.toArray()).toThrow(/tensor was disposed/);
    expect(b.toArray()).toEqual([2]);
  });

  it('`using` disposes at the end of the block', () => {
    const before = live();
    {
      using t = torch.ones([10]);
      expect(t.numel()).toBe(10);
      expect(live()).toBe(before + 1);
    }
    expect(live()).toBe(before);
  });

  it('scope frees what it created except what it returns', () => {
    const outside = torch.ones([3]);
    const before = live();
    const result = torch.scope(() => {
      const a = add(outside, outside);
      const b = add(a, a);
      add(b, b);
      return b;
    });
    expect(live()).toBe(before + 1);
    expect(result.toArray()).toEqual([4, 4, 4]);
    expect(outside.isDisposed).toBe(false);
  });

  it('scope keeps tensors returned inside arrays, objects and Maps, and kept ones', () => {
    const before = live();
    let kept!: torch.Tensor;
    const r = torch.scope(() => {
      kept = torch.ones([1]).keep();
      torch.ones([1]);
      return { pair: [torch.zeros([1]), torch.ones([2])], map: new Map([['k', torch.ones([3])]]) };
    });
    expect(live()).toBe(before + 4);
    expect(r.pair[1]!.shape).toEqual([2]);
    expect(r.map.get('k')!.shape).toEqual([3]);
    expect(kept.isDisposed).toBe(false);
  });

  it('nested scopes hand returned tensors to the parent, which frees them unless returned', () => {
    const before = live();
    const outer = torch.scope(() => {
      const inner = torch.scope(() => torch.ones([2]));
      expect(inner.isDisposed).toBe(false);
      const dropped = torch.scope(() => torch.zeros([2]));
      return [inner, dropped][0];
    });
    expect(live()).toBe(before + 1);
    expect(outer.toArray()).toEqual([1, 1]);
  });

  it('scope frees its tensors when fn throws', () => {
    const before = live();
    expect(() =>
      torch.scope(() => {
        torch.ones([5]);
        throw new Error('inside');
      }),
    ).toThrow('inside');
    expect(live()).toBe(before);
  });

  it('async scopes own tensors created after await, and interleaved scopes stay separate', async () => {
    const before = live();
    const seen: torch.Tensor[] = [];
    const run = (n: number) =>
      torch.scope(async () => {
        let acc: torch.Tensor = torch.zeros([n]);
        for (let i = 0; i < 5; i++) {
          await tick();
          const next = add(acc, torch.ones([n]));
          seen.push(next);
          acc = next;
        }
        return acc;
      });
    const [a, b] = await Promise.all([run(2), run(3)]);
    expect(a.toArray()).toEqual([5, 5]);
    expect(b.toArray()).toEqual([5, 5, 5]);
    expect(live()).toBe(before + 2);
    expect(seen.filter((t) => !t.isDisposed)).toEqual([a, b].filter((t) => seen.includes(t)));
  });

  it('async scope frees on rejection', async () => {
    const before = live();
    await expect(
      torch.scope(async () => {
        torch.ones([1]);
        await tick();
        torch.ones([1]);
        throw new Error('late');
      }),
    ).rejects.toThrow('late');
    expect(live()).toBe(before);
  });

  it('memory() counts distinct storages once', () => {
    const base = torch.memory();
    const t = torch.zeros([256], { dtype: 'float64' });
    const view = torch.ops.call('view', t, [16, 16]) as torch.Tensor;
    const m = torch.memory();
    expect(m.tensors).toBe(base.tensors + 2);
    expect(m.bytes).toBe(base.bytes + 2048);
    view.dispose();
    t.dispose();
    expect(torch.memory()).toEqual(base);
  });

  it('the garbage collector frees tensors that were never disposed (safety net)', () => {
    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'test/fixtures/gc-safety-net.ts'], {
      encoding: 'utf8',
    });
    const { created, liveAfterGc } = JSON.parse(out.trim().split('\n').pop()!);
    expect(created).toBe(20000);
    expect(liveAfterGc).toBeLessThan(100);
  });
});
