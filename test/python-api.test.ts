// The Python-level API against Python: the bugs op_db found (each once
// silently wrong), the call forms Python allows, and the functions op_db
// does not reach. One interpreter for the Python side.
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.ts';
import { py } from './helpers/python.ts';
import { expectClose } from './helpers/assert.ts';

const F = torch.nn.functional;
const f64 = { dtype: 'float64' } as const;
const values = (t: torch.Tensor) => Array.from(t.toTypedArray() as ArrayLike<number | bigint>, Number);

const PY = py<Record<string, unknown>>(`
F = torch.nn.functional
x = torch.arange(12, dtype=torch.float64).reshape(3, 4) / 7
c = torch.fft.fft(torch.tensor([1.0, 2.0, -1.0, 0.5]))
sig = torch.sin(torch.arange(60, dtype=torch.float64) / 3).reshape(6, 10)
img = torch.arange(2 * 3 * 4 * 5, dtype=torch.float64).reshape(2, 3, 4, 5) / 50
def flat(t): return t.flatten().tolist()
uc = torch.tensor([1, 1, 2, 2, 2, 3, 1, 1])
theta = torch.tensor([[[0.9, -0.2, 0.1], [0.3, 1.1, -0.2]]], dtype=torch.float64)
out = {
  'ifft': [flat(torch.view_as_real(torch.fft.ifft(c).resolve_conj()))],
  'ihfft': flat(torch.view_as_real(torch.fft.ihfft(torch.tensor([1.0, 2.0, -1.0, 0.5])).resolve_conj())),
  'to': str(x.to('cpu', torch.float32, True, True, memory_format=torch.contiguous_format).dtype),
  'uc': [flat(torch.unique_consecutive(uc)), [flat(t) for t in torch.unique_consecutive(uc, return_counts=True)],
         [flat(t) for t in torch.unique_consecutive(uc, return_inverse=True, return_counts=True)]],
  'u': [flat(torch.unique(uc)), [flat(t) for t in torch.unique(uc, return_inverse=True)], [flat(t) for t in torch.unique(uc, sorted=True, return_counts=True)]],
  'stft': list(torch.stft(sig, 10, return_complex=False).shape),
  'stft_nc': list(torch.stft(sig, 10, center=False, return_complex=False).shape),
  'arange': [flat(torch.arange(0, end=3)), flat(torch.arange(1, 7, 2)), str(torch.arange(4).dtype)],
  'eye0': [list(torch.eye(0, dtype=torch.float64).shape), list(torch.eye(2, 3).shape)],
  'nearest_exact': flat(F.interpolate(img, size=(7, 3), mode='nearest-exact')),
  'bilinear_aa': flat(F.interpolate(img, scale_factor=0.5, mode='bilinear', antialias=True)),
  'bicubic_ac': flat(F.interpolate(img, size=(6, 6), mode='bicubic', align_corners=True)),
  'affine_grid': flat(F.affine_grid(theta, [1, 1, 2, 3], align_corners=False)),
  'fold': flat(F.fold(F.unfold(img, 2, stride=1), (4, 5), 2)),
  'lp_pool': flat(F.lp_pool2d(img, 2, 2)),
  'multi_margin': F.multi_margin_loss(x, torch.tensor([0, 3, 1]), p=2, margin=0.5).item(),
  'triplet': F.triplet_margin_loss(x, x.flip(0), x * 2, margin=0.3, swap=True).item(),
  'norms': [torch.norm(x).item(), torch.norm(x, 'nuc').item(), torch.norm(x, 1, 1).tolist(), torch.norm(x, 'fro', (0, 1), True).tolist()],
  'tensordot': [flat(torch.tensordot(x, x.T, 1)), flat(torch.tensordot(x, x, ([0, 1], [0, 1])))],
  'cdist': flat(torch.cdist(x, x.flip(0), compute_mode='donot_use_mm_for_euclid_dist')),
  'nonzero': [flat(t) for t in torch.nonzero(x > 0.5, as_tuple=True)],
  'sort': [flat(t) for t in torch.sort(torch.tensor([3, 1, 2, 1]), dim=0, descending=True, stable=True)],
  'meshgrid': [list(t.shape) for t in torch.meshgrid(torch.arange(2), torch.arange(3), indexing='xy')],
  'bshapes': list(torch.broadcast_shapes((2, 1, 3), (4, 1), 3)),
  'lu': [len(torch.lu(x[:, :3], get_infos=True)), len(torch.lu(x[:, :3]))],
  'props': [list(x.T.shape), list(img.mT.shape), list(x.H.shape), list(img.mH.shape)],
  'shortcuts': [str(x.half().dtype), str(x.bfloat16().dtype), str(x.byte().dtype), str(x.char().dtype), str(x.short().dtype), str(x.int().dtype), str(x.long().dtype), str(x.float().dtype), str(x.double().dtype), str(x.bool().dtype), str(x.chalf().dtype)],
  'softmin': flat(F.softmin(x, 1)),
  'local_response': flat(F.local_response_norm(img, 2)),
  'normalize': flat(F.normalize(x, p=1, dim=0)),
  # The public functions of Python's submodules (classes such as LinAlgError and the Tensor type aside).
  'submodules': {m: sorted(n for n in dir(getattr(torch, m)) if not n.startswith('_') and callable(getattr(getattr(torch, m), n))
                          and not isinstance(getattr(getattr(torch, m), n), type)) for m in ['linalg', 'fft', 'special']},
  'join_dtypes': [[str(torch.cat([torch.zeros(2, dtype=getattr(torch, a)), torch.zeros(2, dtype=getattr(torch, b))]).dtype)[6:],
                   str(torch.stack([torch.zeros(2, dtype=getattr(torch, a)), torch.zeros(2, dtype=getattr(torch, b))]).dtype)[6:]]
                  for a, b in [('int64', 'float32'), ('float32', 'float64'), ('bool', 'int64'), ('uint8', 'int8'), ('int32', 'float16')]],
  'submodule_values': [torch.linalg.slogdet(x[:, :3] + torch.eye(3, dtype=torch.float64)).logabsdet.item(),
                       flat(torch.view_as_real(torch.fft.rfft(torch.tensor([1.0, 2.0, -1.0, 0.5])))),
                       flat(torch.special.erfcx(torch.tensor([0.0, 0.5, 3.0], dtype=torch.float64)))],
}
`);

describe('bugs op_db found, against Python', () => {
  it('reads lazily conjugated results with their conjugation (ifft, ihfft)', () => {
    const c = torch.fftFft(torch.tensor([1, 2, -1, 0.5]));
    // toTypedArray() reads complex tensors as (re, im) pairs.
    expectClose(values(torch.fftIfft(c)), (PY.ifft as number[][])[0], 1e-6);
    expectClose(values(torch.fftIhfft(torch.tensor([1, 2, -1, 0.5]))), PY.ihfft, 1e-6);
  });

  it('to(device, dtype, nonBlocking, copy, {memoryFormat}) converts the dtype', () => {
    const x = torch.arange(12, f64).reshape([3, 4]);
    expect(`torch.${x.to('cpu', 'float32', true, true, { memoryFormat: 'contiguous_format' }).dtype}`).toBe(PY.to);
    expect(x.to(torch.zeros([1], { dtype: 'int32' })).dtype).toBe('int32');
    expect(x.to({ dtype: 'float16' }).dtype).toBe('float16');
    expect(x.to('float32', false, true).dtype).toBe('float32');
    expect(() => x.to('cpu', 'bogus' as never)).toThrow(/after the device, expected a dtype/);
  });

  it('unique and uniqueConsecutive return what the flags ask for', () => {
    const uc = torch.tensor([1n, 1n, 2n, 2n, 2n, 3n, 1n, 1n]);
    const [one, two, three] = PY.uc as [number[], number[][], number[][]];
    expect(values(torch.uniqueConsecutive(uc))).toEqual(one);
    expect(torch.uniqueConsecutive(uc, { returnCounts: true }).map(values)).toEqual(two);
    expect(uc.uniqueConsecutive({ returnInverse: true, returnCounts: true }).map(values)).toEqual(three);
    const [u1, u2, u3] = PY.u as [number[], number[][], number[][]];
    expect(values(torch.unique(uc))).toEqual(u1);
    expect(torch.unique(uc, { returnInverse: true }).map(values)).toEqual(u2);
    expect(uc.unique(true, false, true).map(values)).toEqual(u3);
  });

  it("stft centres its frames by default, as Python's does", () => {
    const sig = torch.sin(torch.arange(60, f64).div(3)).reshape([6, 10]);
    expect(torch.stft(sig, 10, { returnComplex: false }).shape).toEqual(PY.stft);
    expect(torch.stft(sig, 10, { center: false, returnComplex: false }).shape).toEqual(PY.stft_nc);
  });

  it('arange and eye take their options where Python puts them', () => {
    const [a0, a1, dt] = PY.arange as [number[], number[], string];
    expect(torch.arange(0, { end: 3 }).toArray()).toEqual(a0);
    expect(torch.arange(1, 7, 2).toArray()).toEqual(a1);
    expect(`torch.${torch.arange(4).dtype}`).toBe(dt);
    expect(() => torch.arange(0, 3, { end: 4 })).toThrow(/'end' is given twice/);
    const [e0, e1] = PY.eye0 as number[][];
    const eye0 = torch.eye(0, { dtype: 'float64' });
    expect([eye0.shape, eye0.dtype]).toEqual([e0, 'float64']);
    expect(torch.eye(2, 3).shape).toEqual(e1);
  });
});

describe('Python-level functions op_db does not reach', () => {
  const img = () => torch.arange(120, f64).reshape([2, 3, 4, 5]).div(50);
  const x = () => torch.arange(12, f64).reshape([3, 4]).div(7);

  it('interpolates in every mode (nearest-exact, antialiased bilinear, bicubic with corners aligned)', () => {
    expectClose(values(F.interpolate(img(), { size: [7, 3], mode: 'nearest-exact' })), PY.nearest_exact, 1e-12);
    expectClose(values(F.interpolate(img(), { scaleFactor: 0.5, mode: 'bilinear', antialias: true })), PY.bilinear_aa, 1e-12);
    expectClose(values(F.interpolate(img(), { size: [6, 6], mode: 'bicubic', alignCorners: true })), PY.bicubic_ac, 1e-12);
    expect(() => F.interpolate(img(), { size: 2, mode: 'linear' })).toThrow(/mode 'linear' needs a 3-D input, got 4-D/);
    expect(() => F.interpolate(img(), { size: 2, scaleFactor: 2 })).toThrow(/size or scaleFactor, not both/);
  });

  it('builds affine grids, folds and unfolds, pools by p-norm', () => {
    const theta = torch.tensor([[[0.9, -0.2, 0.1], [0.3, 1.1, -0.2]]], f64);
    expectClose(values(F.affineGrid(theta, [1, 1, 2, 3], { alignCorners: false })), PY.affine_grid, 1e-12);
    expectClose(values(F.fold(F.unfold(img(), 2, { stride: 1 }), [4, 5], 2)), PY.fold, 1e-12);
    expectClose(values(F.lpPool2d(img(), 2, 2)), PY.lp_pool, 1e-12);
  });

  it('computes the margin losses and the norms Python writes at the Python level', () => {
    expectClose(F.multiMarginLoss(x(), torch.tensor([0n, 3n, 1n]), { p: 2, margin: 0.5 }).item(), PY.multi_margin, 1e-12);
    expectClose(F.tripletMarginLoss(x(), x().flip([0]), x().mul(2), { margin: 0.3, swap: true }).item(), PY.triplet, 1e-12);
    const [fro, nuc, p1, fro2] = PY.norms as [number, number, number[], number[][]];
    expectClose(torch.norm(x()).item(), fro, 1e-12);
    expectClose(x().norm('nuc').item(), nuc, 1e-12);
    expectClose(torch.norm(x(), 1, 1).toArray(), p1, 1e-12);
    expectClose(torch.norm(x(), 'fro', [0, 1], true).toArray(), fro2, 1e-12);
    expectClose(values(torch.tensordot(x(), x().T, 1)), (PY.tensordot as number[][])[0], 1e-12);
    expectClose(values(torch.tensordot(x(), x(), [[0, 1], [0, 1]])), (PY.tensordot as number[][])[1], 1e-12);
    expectClose(values(torch.cdist(x(), x().flip([0]), { computeMode: 'donot_use_mm_for_euclid_dist' })), PY.cdist, 1e-12);
    expectClose(values(F.softmin(x(), 1)), PY.softmin, 1e-12);
    expectClose(values(F.localResponseNorm(img(), 2)), PY.local_response, 1e-12);
    expectClose(values(F.normalize(x(), { p: 1, dim: 0 })), PY.normalize, 1e-12);
  });

  it('takes Python forms: asTuple, stable with a positional dim, variadic tensors, broadcast shapes, lu infos', () => {
    expect(torch.nonzero(x().gt(0.5), { asTuple: true }).map(values)).toEqual(PY.nonzero);
    expect(torch.sort(torch.tensor([3n, 1n, 2n, 1n]), 0, true, { stable: true }).map(values)).toEqual(PY.sort);
    expect(torch.meshgrid(torch.arange(2), torch.arange(3), { indexing: 'xy' }).map((t) => t.shape)).toEqual(PY.meshgrid);
    expect(torch.broadcastShapes([2, 1, 3], [4, 1], 3)).toEqual(PY.bshapes);
    expect(() => torch.broadcastShapes([2], [3])).toThrow(/do not broadcast/);
    const m = x().index(':', ':3');
    expect([torch.lu(m, { getInfos: true }).length, m.lu().length]).toEqual(PY.lu);
  });

  it('has the properties T, mT, H, mH and the dtype shortcuts', () => {
    expect([x().T.shape, img().mT.shape, x().H.shape, img().mH.shape]).toEqual(PY.props);
    const t = x();
    expect([t.half(), t.bfloat16(), t.byte(), t.char(), t.short(), t.int(), t.long(), t.float(), t.double(), t.bool(), t.chalf()].map((r) => `torch.${r.dtype}`)).toEqual(PY.shortcuts);
    expect(() => torch.zeros([3]).mT).toThrow(/only supported on matrices or batches of matrices/);
  });

  it('refuses what Python refuses, by name', () => {
    expect(() => F.dropout(torch.zeros([2]), 1.5)).toThrow(/the dropout probability must be from 0 to 1, got 1.5/);
    expect(() => F.dropout(torch.zeros([2]), { q: 1 } as never)).toThrow(/unknown option 'q'; the options are p, training, inplace/);
    expect(() => F.dropout(torch.zeros([2]), 0.5, { p: 0.2 })).toThrow(/'p' is given twice/);
    expect(() => F.gaussianNllLoss(torch.zeros([2, 3]), torch.zeros([2, 3]), torch.ones([4]))).toThrow(/var has shape \[4\], which does not fit input \[2, 3\]/);
    expect(() => F.embeddingBag(torch.tensor([0n]), torch.zeros([3, 2]))).toThrow(/a 1-D input needs 1-D offsets/);
    expect(() => F.gridSample(torch.zeros([1, 1, 2, 2]), torch.zeros([1, 2, 2, 2]), { mode: 'area' as never })).toThrow(/mode must be 'bilinear', 'nearest' or 'bicubic'/);
    expect(() => torch.masked.sum(torch.zeros([2]), 0, { mask: torch.ones([2, 2], { dtype: 'bool' }) })).toThrow(/more dims than the input/);
    // A count from the user never sizes a JS array unchecked (the fuzzer found this one hanging).
    expect(() => torch.tensordot(torch.zeros([2]), torch.zeros([2]), 2 ** 31)).toThrow(/dims \(2147483648\) is more than the dims of a \[2\]/);
  });
});

describe("torch.linalg, torch.fft and torch.special: Python's submodules under Python's names", () => {
  const camel = (snake: string) => snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

  it("holds every public function of Python's module, and nothing else", () => {
    const submodules = PY.submodules as Record<string, string[]>;
    const ours: Record<string, object> = { linalg: torch.linalg, fft: torch.fft, special: torch.special };
    for (const [module, names] of Object.entries(submodules)) {
      expect(names.length, module).toBeGreaterThan(20);
      expect(Object.keys(ours[module]!).sort(), module).toEqual(names.map(camel).sort());
    }
  });

  it('is the flat function under another name: the same overloads, types and checks', () => {
    expect(torch.linalg.svd).toBe(torch.linalgSvd);
    expect(torch.linalg.choleskyEx).toBe(torch.linalgCholeskyEx);
    expect(torch.fft.rfftfreq).toBe(torch.fftRfftfreq);
    expect(torch.special.logNdtr).toBe(torch.specialLogNdtr);
    // A typed result: the tuple's members by name, the shape rule of the flat form.
    const [L, info] = torch.linalg.choleskyEx(torch.eye(3, f64));
    expect([L.shape, info.shape]).toEqual([[3, 3], []]);
    expect(() => torch.linalg.inv(torch.ones([2, 3]))).toThrow(/must be batches of square matrices/);
  });

  it("computes what Python's torch.linalg.slogdet, torch.fft.rfft and torch.special.erfcx compute", () => {
    const [logabsdet, rfft, erfcx] = PY.submodule_values as [number, number[], number[]];
    const x = torch.arange(12, f64).reshape([3, 4]).div(7);
    const [, ld] = torch.linalg.slogdet(x.narrow(1, 0, 3).add(torch.eye(3, f64)));
    expect(ld.item()).toBeCloseTo(logabsdet, 12);
    expectClose(values(torch.fft.rfft(torch.tensor([1, 2, -1, 0.5]))), rfft, 1e-6);
    expectClose(values(torch.special.erfcx(torch.tensor([0, 0.5, 3], f64))), erfcx, 1e-12);
    // Hand-computed: det [[4, 1], [2, 3]] = 10; the DFT of a unit impulse is all ones; expit(0) = 1/2.
    expect(torch.linalg.det(torch.tensor([[4, 1], [2, 3]])).item()).toBeCloseTo(10, 5);
    expect(values(torch.fft.rfft(torch.tensor([1, 0, 0, 0])).abs())).toEqual([1, 1, 1]);
    expect(torch.special.expit(torch.tensor([0])).item()).toBe(0.5);
  });
});

describe('cat and stack promote their tensors', () => {
  it("to the dtype Python's gives (the types say the same: type-tests/dtype-args.test-d.ts)", () => {
    const pairs = [['int64', 'float32'], ['float32', 'float64'], ['bool', 'int64'], ['uint8', 'int8'], ['int32', 'float16']] as const;
    const got = pairs.map(([a, b]) => {
      const parts = [torch.zeros([2], { dtype: a }), torch.zeros([2], { dtype: b })];
      return [torch.cat(parts).dtype, torch.stack(parts).dtype];
    });
    expect(got).toEqual(PY.join_dtypes);
  });
});

describe('asStridedScatter, recomposed', () => {
  it("has autograd's gradient, which finite differences confirm (libtorch 1.13's own formula does not)", () => {
    const x0 = torch.randn([3, 3], f64);
    const src = torch.randn([2, 2], f64);
    const cot = torch.randn([3, 3], f64);
    const f = (x: torch.Tensor) => torch.asStridedScatter(x, src, [2, 2], [1, 2], 1).mul(cot).sum();
    const x = x0.clone().requiresGrad_(true);
    f(x).backward();
    const eps = 1e-6;
    const numeric = Array.from({ length: 9 }, (_, k) => {
      const d = torch.zeros([9], f64).indexSet_([k], eps).reshape([3, 3]);
      return (Number(f(x0.add(d)).item()) - Number(f(x0.sub(d)).item())) / (2 * eps);
    });
    expectClose(values(x.grad!), numeric, 1e-6);
    // The view covers storage elements 1, 2, 3 and 4 (offset 1, strides [1, 2]): no gradient there.
    expect(values(x.grad!).slice(1, 5)).toEqual([0, 0, 0, 0]);
  });
});
