// torch.profiler: a hand-counted workload gives its ops, counts and nesting
// exactly; one training step of the MLP (forward and backward) runs the ops
// Python's torch.profiler sees for the same step, name for name and count for
// count; shapes, Chrome traces, async code and errors behave.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.ts';
import { py } from './helpers/python.ts';

const { profiler, nn } = torch;
type T = torch.Tensor;
const counts = (p: torch.profiler.Profile) => Object.fromEntries(p.keyAverages().filter((r) => r.name !== profiler.OUTSIDE_OPS).map((r) => [r.name, r.count]));

describe('torch.profiler', () => {
  it('counts and nests the ops of a known workload', () => {
    const a = torch.randn([8, 8]);
    const b = torch.randn([8, 8]);
    const [sum, prof] = profiler.profile(() => torch.scope(() => {
      let s = a.add(b).add(b).add(b);
      for (let i = 0; i < 2; i++) s = s.matmul(b);
      return s.sum().item() as number;
    }));
    expect(Number.isFinite(sum)).toBe(true);
    const c = counts(prof);
    expect(c['aten::add']).toBe(3);
    expect(c['aten::matmul']).toBe(2);
    // matmul of two matrices is mm, nested inside it.
    expect(c['aten::mm']).toBe(2);
    const matmuls = prof.events.filter((e) => e.name === 'aten::matmul');
    const mms = prof.events.filter((e) => e.name === 'aten::mm');
    mms.forEach((mm, i) => {
      expect(mm.depth).toBe(matmuls[i]!.depth + 1);
      expect(mm.startUs).toBeGreaterThanOrEqual(matmuls[i]!.startUs);
      expect(mm.endUs).toBeLessThanOrEqual(matmuls[i]!.endUs);
    });
    for (const e of prof.events) {
      expect(e.selfUs).toBeGreaterThanOrEqual(-1e-6);
      expect(e.selfUs).toBeLessThanOrEqual(e.totalUs + 1e-6);
    }
    // A matmul's own time is its total less its mm's.
    expect(matmuls[0]!.selfUs).toBeCloseTo(matmuls[0]!.totalUs - mms[0]!.totalUs, 6);
    // Every op time plus the time outside ops is the wall time.
    const rows = prof.keyAverages();
    expect(rows.reduce((s, r) => s + r.selfUs, 0)).toBeCloseTo(prof.wallUs, 3);
    expect(rows.at(-1)!.name).toBe(profiler.OUTSIDE_OPS);
    const table = prof.table({ rowLimit: 5 });
    expect(table).toMatch(/Name +Self CPU % +Self CPU +CPU total % +CPU total +CPU time avg +# of Calls/);
    expect(table.split('\n').filter((l) => /^(aten::|\[outside)/.test(l))).toHaveLength(5);
  });

  it("sees the ops Python's torch.profiler sees in an MLP's forward and backward", () => {
    const python = py<Record<string, number>>(`
torch.manual_seed(0)
net = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
x = torch.randn(64, 1, 28, 28); y = torch.randint(0, 10, (64,))
torch.nn.functional.cross_entropy(net(x), y).backward()
with torch.profiler.profile() as prof:
    torch.nn.functional.cross_entropy(net(x), y).backward()
out = {e.key: e.count for e in prof.key_averages()}
`);
    torch.manualSeed(0);
    const net = nn.sequential(new nn.Flatten(), new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10));
    const x = torch.randn([64, 1, 28, 28]);
    const y = torch.randint(0, 10, [64]);
    const step = () => torch.scope(() => {
      nn.functional.crossEntropy(net.forward(x as never) as T, y).backward();
    });
    step();
    const [, prof] = profiler.profile(step);
    expect(counts(prof)).toEqual(python);
  });

  it('records input shapes, writes Chrome traces, profiles async code, and refuses a second profile at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tt-prof-'));
    const w = torch.randn([3, 5]);
    const [, prof] = profiler.profile(() => torch.scope(() => {
      torch.linear(torch.ones([4, 5]), w);
    }), { recordShapes: true });
    const mm = prof.events.find((e) => e.name === 'aten::mm' || e.name === 'aten::matmul');
    expect(mm?.inputShapes).toEqual([[4, 5], [5, 3]]);
    expect(prof.keyAverages({ groupByInputShape: true }).find((r) => r.name === 'aten::linear')?.inputShapes).toBe('[[4,5],[3,5],[]]');
    const trace = JSON.parse(readFileSync(prof.exportChromeTrace(join(dir, 'trace.json')), 'utf8'));
    expect(trace.traceEvents.length).toBe(prof.events.length);
    for (const e of trace.traceEvents) {
      expect(e.ph).toBe('X');
      expect(e.dur).toBeGreaterThanOrEqual(0);
    }
    const [value, later] = await profiler.profile(async () => {
      await new Promise((r) => setTimeout(r, 5));
      return torch.scope(() => w.abs().sum().item());
    });
    expect(value).toBeGreaterThan(0);
    expect(counts(later)['aten::_local_scalar_dense']).toBe(1);
    expect(later.wallUs).toBeGreaterThan(4000);
    expect(() => profiler.profile(() => profiler.profile(() => 1))).toThrow('the profiler is already running: one profile at a time');
    // A failing function stops the profiler: the next profile starts.
    expect(() => profiler.profile(() => {
      throw new Error('boom');
    })).toThrow('boom');
    expect(profiler.profile(() => 2)[0]).toBe(2);
    expect(() => profiler.profile(3 as never)).toThrow('profile: give the code to profile as a function');
  });

  it('sees a number argument take the path Python takes: one add.Tensor call with the number wrapped', () => {
    const python = py<{ counts: Record<string, number>; fns: string[]; dtypes: string[] }>(`
w = torch.randn(3, 5, requires_grad=True)
with torch.profiler.profile() as prof:
    w.add(1); w.mul(2); w.sub(0.5); w.div(3)
out = dict(counts={e.key: e.count for e in prof.key_averages() if e.key in ('aten::add', 'aten::mul', 'aten::sub', 'aten::div')},
           fns=[(w * 2).grad_fn.name(), (w + 1.5).grad_fn.name(), (w - 1).grad_fn.name(), (w / 2).grad_fn.name()],
           dtypes=[str((torch.tensor([1, 2]) * 2.5).dtype), str((torch.tensor([1, 2], dtype=torch.float16) + 1).dtype)])
`);
    const w = torch.randn([3, 5], { requiresGrad: true });
    const [, prof] = profiler.profile(() => torch.scope(() => {
      w.add(1);
      w.mul(2);
      w.sub(0.5);
      w.div(3);
    }));
    const c = counts(prof);
    expect({ 'aten::add': c['aten::add'], 'aten::mul': c['aten::mul'], 'aten::sub': c['aten::sub'], 'aten::div': c['aten::div'] }).toEqual(python.counts);
    expect([w.mul(2).gradFn, w.add(1.5).gradFn, w.sub(1).gradFn, w.div(2).gradFn]).toEqual(python.fns);
    // A wrapped number promotes as a Python number does.
    expect([torch.tensor([1, 2], { dtype: 'int64' }).mul(2.5).dtype, torch.tensor([1, 2], { dtype: 'float16' }).add(1).dtype]).toEqual(['float32', 'float16']);
    expect(python.dtypes).toEqual(['torch.float32', 'torch.float16']);
    const x = torch.ones([2]);
    x.mul_(3);
    x.add_(1, 2);
    expect(x.toArray()).toEqual([5, 5]);
  });
});
