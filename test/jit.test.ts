// torch.jit against Python: modules scripted (control flow, several
// methods, containers in and out) and traced (the Fashion-MNIST CNN) in
// Python's torch, loaded here, give Python's outputs; their tensors seed a
// typed nn model; a module saved here loads in Python; damaged and wrong
// files, wrong methods and wrong arguments are refused by name, and seeded
// corruptions of a real file never crash the process.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.ts';
import { cnn } from '../examples/fashion-mnist.ts';
import { expectClose } from './helpers/assert.ts';
import { py } from './helpers/python.ts';
import { main } from '../src/cli/main.ts';

type T = torch.Tensor;
const dir = mkdtempSync(join(tmpdir(), 'tt-jit-'));
// TorchScript compiles a class from its source: the classes live in a file Python imports.
writeFileSync(join(dir, 'models.py'), `
import torch
from typing import Dict, List, Optional, Tuple

class Branchy(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = torch.nn.Linear(4, 3)
        self.register_buffer('scale', torch.tensor(2.0))
        self.drop = torch.nn.Dropout(0.5)

    def forward(self, x: torch.Tensor, times: int = 1) -> torch.Tensor:
        y = self.lin(x)
        for _ in range(times):
            if bool(y.sum() > 0):
                y = y * self.scale
            else:
                y = y - 1
        return self.drop(y)

    @torch.jit.export
    def stats(self, x: torch.Tensor, names: List[str], bias: Optional[float] = None) -> Tuple[Dict[str, torch.Tensor], int]:
        b = 0.0 if bias is None else bias
        return {names[0]: x.mean() + b, names[1]: x.std() + b}, len(names)

    @torch.jit.export
    def containers(self, xs: List[torch.Tensor], counts: Dict[int, float], pair: Tuple[int, str]) -> Tuple[Optional[torch.Tensor], Dict[int, float], int, List[Tuple[str, bool]]]:
        total = torch.stack(xs).sum(0) if len(xs) > 0 else None
        doubled = {k: 2.0 * v for k, v in counts.items()}
        return total, doubled, pair[0] * 4611686018427387904, [(pair[1], True), ('no', False)]
`);

const truth = py<{ x: number[][]; once: number[][]; thrice: number[][]; stats: [Record<string, number>, number]; images: number[][][][]; cnn: number[][]; state: Record<string, number[]> }>(`
import sys
sys.path.insert(0, ${JSON.stringify(dir)})
import models
torch.manual_seed(0)
m = torch.jit.script(models.Branchy())
m.save(${JSON.stringify(join(dir, 'branchy.pt'))})
m.eval()
x = torch.randn(2, 4)
net = torch.nn.Sequential(
    torch.nn.Conv2d(1, 32, 3), torch.nn.ReLU(), torch.nn.Conv2d(32, 64, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
    torch.nn.Dropout(0.25), torch.nn.Flatten(), torch.nn.Linear(9216, 128), torch.nn.ReLU(), torch.nn.Dropout(0.5),
    torch.nn.Linear(128, 10), torch.nn.LogSoftmax(1)).eval()
images = torch.rand(3, 1, 28, 28)
traced = torch.jit.trace(net, images)
traced.save(${JSON.stringify(join(dir, 'cnn.pt'))})
torch.save(net.state_dict(), ${JSON.stringify(join(dir, 'state.pt'))})
stats, n = m.stats(x, ['mean', 'std'], 0.5)
out = dict(x=x, once=m(x), thrice=m(x, 3), stats=[{k: v.item() for k, v in stats.items()}, n], images=images, cnn=net(images),
           state={k: v.flatten()[:5] for k, v in net.state_dict().items()})
`);

const t = (v: number[][] | number[][][][]) => torch.tensor(v as number[][]);

describe('torch.jit.load', () => {
  it("runs a scripted module's methods as Python does: control flow, defaults, keywords, containers", () => {
    const m = torch.jit.load<{ stats(x: T, names: string[], bias?: number | null): [Record<string, T>, number] }>(join(dir, 'branchy.pt')).eval();
    expect([...m.methods.keys()].sort()).toEqual(['containers', 'forward', 'stats']);
    expect(m.methods.get('forward')!.arguments).toEqual([{ name: 'x', type: 'Tensor', hasDefault: false }, { name: 'times', type: 'int', hasDefault: true }]);
    const x = t(truth.x);
    expectClose((m.forward(x) as T).toArray(), truth.once, 1e-6);
    expectClose((m.call('forward', x, 3) as T).toArray(), truth.thrice, 1e-6);
    expectClose((m.callWithKeywords('forward', [x], { times: 3 }) as T).toArray(), truth.thrice, 1e-6);
    // Exported methods are properties too, as in Python.
    const [stats, n] = m.stats(x, ['mean', 'std'], 0.5);
    expect(n).toBe(truth.stats[1]);
    expect(stats.mean!.item()).toBeCloseTo(truth.stats[0].mean!, 6);
    expect(stats.std!.item()).toBeCloseTo(truth.stats[0].std!, 6);
    // Lists of tensors, int-keyed dicts (Maps), tuples, None, and an int beyond 2^53 (a bigint).
    const [total, doubled, big, pairs] = m.call('containers', [torch.ones([2]), torch.ones([2])], new Map([[1, 0.5], [7, 2]]), [3, 'yes']) as [T, Map<number, number>, bigint, [string, boolean][]];
    expect(total.toArray()).toEqual([2, 2]);
    expect(doubled).toEqual(new Map([[1, 1], [7, 4]]));
    expect(big).toBe(3n * 4611686018427387904n - 2n ** 64n);
    expect(pairs).toEqual([['yes', true], ['no', false]]);
    expect((m.call('containers', [], new Map(), [1, '']) as unknown[])[0]).toBeNull();
  });

  it('switches train and eval: dropout is random in training and off in eval', () => {
    const m = torch.jit.load(join(dir, 'branchy.pt'));
    expect(m.training).toBe(true);
    const x = t(truth.x);
    torch.manualSeed(1);
    const a = (m.forward(x) as T).toArray() as number[][];
    // Dropout zeroes about half and doubles the rest: each value is 0 or twice the eval output.
    a.flat().forEach((v, i) => expect([0, 2 * truth.once.flat()[i]!].some((w) => Math.abs(v - w) < 1e-5)).toBe(true));
    m.eval();
    expect(m.training).toBe(false);
    expectClose((m.forward(x) as T).toArray(), truth.once, 1e-6);
  });

  it('runs a traced CNN as Python does, and its tensors seed the typed nn model of the same layers', () => {
    const traced = torch.jit.load(join(dir, 'cnn.pt'));
    const images = t(truth.images);
    expectClose((traced.forward(images) as T).toArray(), truth.cnn, 1e-5);
    const state = traced.stateDict();
    expect([...state.keys()]).toEqual(Object.keys(truth.state));
    for (const [name, first] of Object.entries(truth.state)) expectClose(state.get(name)!.flatten().narrow(0, 0, first.length).toArray(), first, 1e-7);
    const typed = cnn();
    typed.loadStateDict(state);
    typed.eval();
    expectClose((typed.forward(images as never) as T).toArray(), truth.cnn, 1e-5);
  });

  it('saves a module that Python loads and runs to the same output', () => {
    const m = torch.jit.load(join(dir, 'branchy.pt'));
    const path = join(dir, 'again.pt');
    m.save(path);
    const again = py<number[][]>(`
m = torch.jit.load(${JSON.stringify(path)})
m.eval()
out = m(torch.tensor(${JSON.stringify(truth.x)}))
`);
    expectClose(again, truth.once, 1e-6);
  });

  it('names wrong methods, arguments and files', () => {
    const m = torch.jit.load(join(dir, 'branchy.pt'));
    const x = t(truth.x);
    expect(() => m.call('nope')).toThrow(/^ScriptModule: no method 'nope' \(its methods: (forward|stats|containers), (forward|stats|containers), (forward|stats|containers)\)$/);
    expect(() => m.forward(3)).toThrow("forward(): argument 'x': expected Tensor, got a number");
    expect(() => m.forward(x, 1.5)).toThrow("forward(): argument 'times': expected an integer, got 1.5");
    expect(() => m.forward(x, 1, 2)).toThrow('forward() takes 2 argument(s), got 3');
    expect(() => m.forward()).toThrow(/forward\(\) is missing value for argument 'x'/);
    expect(() => m.call('stats', x, [1, 2])).toThrow("stats(): argument 'names', item 0: expected str, got a number");
    expect(() => m.callWithKeywords('forward', [x], { tims: 2 })).toThrow("forward() has no argument 'tims' (its arguments: x, times)");
    expect(() => m.call('containers', [], { a: 1 }, [1, ''])).toThrow("containers(): argument 'counts': expected Dict[int, float], got an object");
    const gone = torch.zeros([2, 4]);
    gone.dispose();
    expect(() => m.forward(gone)).toThrow("forward(): argument 'x' is a disposed tensor");
    expect(() => m.forward(new Date())).toThrow("forward(): argument 'x': a Date cannot be passed to TorchScript");
    m.dispose();
    expect(() => m.forward(x)).toThrow('ScriptModule.forward: the module was disposed');

    const cannot = (path: string, why: string | RegExp) => expect(() => torch.jit.load(path)).toThrow(typeof why === 'string' ? `torch.jit.load: cannot load '${path}': ${why}` : why);
    cannot(join(dir, 'state.pt'), 'it is a checkpoint saved with torch.save, not a TorchScript module: read it with torch.load, or save the module in Python with torch.jit.script(model).save(path)');
    cannot(join(dir, 'missing.pt'), /ENOENT/);
    cannot(dir, 'it is a directory');
    cannot('/dev/zero', 'not a regular file (a device, FIFO or socket)');
    writeFileSync(join(dir, 'text.pt'), 'def forward(self, x): return x\n'.repeat(3));
    cannot(join(dir, 'text.pt'), 'not a PyTorch zip archive (no end-of-directory record; truncated or another format)');
    const bytes = readFileSync(join(dir, 'branchy.pt'));
    writeFileSync(join(dir, 'short.pt'), bytes.subarray(0, bytes.length - 100));
    cannot(join(dir, 'short.pt'), /torch\.jit\.load: cannot load '.*short\.pt': /);
  });

  it('refuses seeded corruptions of a real file without crashing, and frees what calls create', () => {
    const bytes = readFileSync(join(dir, 'branchy.pt'));
    let state = 20261203;
    const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31);
    let refused = 0;
    for (let k = 0; k < 40; k++) {
      const damaged = Buffer.from(bytes);
      for (let j = 0; j <= k % 4; j++) damaged[next() % damaged.length] ^= 1 + (next() % 255);
      const path = join(dir, `damaged-${k}.pt`);
      writeFileSync(path, damaged);
      try {
        torch.jit.load(path).dispose();
      } catch (e) {
        expect((e as Error).name, (e as Error).message).toBe('TorchScriptError');
        refused++;
      }
    }
    // Nearly every byte is covered by a CRC or the directory: most damage is caught before libtorch reads anything.
    expect(refused).toBeGreaterThan(30);
    const m = torch.jit.load(join(dir, 'branchy.pt')).eval();
    const x = t(truth.x);
    const before = torch.memory().tensors;
    for (let i = 0; i < 50; i++) {
      torch.scope(() => {
        m.call('stats', x, ['a', 'b']);
      });
    }
    expect(torch.memory().tensors).toBe(before);
  });

  it('writes the TypeScript interface of a module (typed-torch jit-types) that type-tests/fixtures/branchy.d.ts holds', async () => {
    const shapes = join(dir, 'shapes.json');
    writeFileSync(shapes, JSON.stringify({ 'forward.x': ['B', 4], forward: ['B', 3] }));
    const out = join(dir, 'branchy.d.ts');
    expect(await main(['jit-types', join(dir, 'branchy.pt'), '--name', 'Branchy', '--shapes', shapes, '--out', out])).toBe(0);
    // The committed fixture (which type-tests/jit.test-d.ts checks calls against) is what the command writes.
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(new URL('../type-tests/fixtures/branchy.d.ts', import.meta.url), 'utf8'));
    expect(torch.jit.typeOf('Tuple[Optional[Tensor], Dict[int, float], List[Tuple[str, bool]]]')).toBe('[Tensor | null, Map<number | bigint, number>, [string, boolean][]]');
    expect(torch.jit.typeOf('List[Optional[int]]')).toBe('(number | bigint | null)[]');
    writeFileSync(shapes, JSON.stringify({ 'forward.y': ['B'] }));
    const errors: string[] = [];
    const error = console.error;
    console.error = (m: string) => errors.push(m);
    try {
      expect(await main(['jit-types', join(dir, 'branchy.pt'), '--shapes', shapes])).toBe(1);
      expect(await main(['jit-types', join(dir, 'branchy.pt'), '--name', 'not a name'])).toBe(1);
      expect(await main(['jit-types'])).toBe(1);
    } finally {
      console.error = error;
    }
    expect(errors[0]).toBe("typed-torch jit-types: a shape is given for 'forward.y', which is not a method or an argument of one (forward, forward.x, forward.times, containers, containers.xs, containers.counts, containers.pair, stats, stats.x, stats.names, stats.bias)");
    expect(errors[1]).toBe("typed-torch jit-types: 'not a name' is not a TypeScript interface name");
    expect(errors[2]).toMatch(/^typed-torch jit-types: expected one TorchScript file/);
  });
});
