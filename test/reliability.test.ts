// What a bad call gets: a clear error naming the op and the argument, and a
// process that goes on. Each case here once crashed, hung, lost memory or
// went silently wrong.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import * as torch from '../src/index.ts';
import * as aten from '../src/ops/generated/aten.ts';

describe('argument conversion', () => {
  it('is re-entrant: an array element whose getter calls torch does not disturb the call', () => {
    const stride: number[] = [1, 1];
    Object.defineProperty(stride, 1, { get: () => (torch.ones([3]).add(1).dispose(), 1) });
    const y = torch.conv2d(torch.ones([1, 1, 5, 5]), torch.ones([1, 1, 3, 3]), { stride });
    expect(y.shape).toEqual([1, 1, 3, 3]);
    expect(y.sum().item()).toBe(81);
  });

  it('range-checks every integer and names the argument', () => {
    const x = torch.zeros([2]);
    expect(() => x.sumToSize([1e300])).toThrow(/aten::sum_to_size: argument 'size' \(int\[\]\) expected an integer from -2\^62 to 2\^63-1, got 1e\+300/);
    expect(() => x.sumToSize([-(2 ** 63)])).toThrow(/from -2\^62/); // would be read as a symbolic int
    expect(() => torch.linalgMatrixPower(torch.eye(2), -1e300)).toThrow(/argument 'n'/);
    expect(() => torch.zeros([2n ** 64n + 2n, 3n] as never)).toThrow(/got the bigint 18446744073709551618/);
    expect(() => x.unsqueeze(1.5 as never)).toThrow(/no overload accepts|expected an integer/);
    expect(() => torch.tensor([2n ** 64n])).toThrow(/element 0 \(18446744073709551616\) is out of range for int64/);
    expect(() => torch.tensor([300], { dtype: 'uint8' })).toThrow(/element 0 \(300\) is out of range for uint8/);
    expect(() => torch.tensor([1.5], { dtype: 'int32' })).toThrow(/element 0 \(1.5\) is not an integer/);
    for (const bad of [Number.NaN, 1.9]) expect(() => torch.manualSeed(bad)).toThrow(/the seed must be an integer/);
  });

  it('checks the length of int[N] lists: N values, one for all, or none where that is the default', () => {
    const img = torch.zeros([1, 1, 4, 4]);
    expect(() => torch.reflectionPad2d(img, [])).toThrow(/argument 'padding' \(int\[\]\) expected 4 integers \(or one for all 4\), got 0/);
    expect(() => torch.reflectionPad2d(img, [1, 1, 1])).toThrow(/expected 4 integers/);
    expect(torch.reflectionPad2d(img, [1]).shape).toEqual([1, 1, 6, 6]);
    expect(torch.maxPool2d(img, 2, []).shape).toEqual([1, 1, 2, 2]); // stride=[]: the kernel size
    expect(() => aten.max_unpool2d(img, torch.zeros([1, 1, 4, 4], { dtype: 'int64' }), [])).toThrow(/expected 2 integers/);
  });

  it('refuses a number where a tensor goes, whatever its value', () => {
    expect(() => aten.add_Tensor(torch.ones([1]), 16777216 as never)).toThrow(/argument 'other' \(Tensor\) expected a Tensor/);
  });
});

describe('options and flags of the hand-written functions', () => {
  it('refuses an option a factory does not take, instead of ignoring it', () => {
    expect(() => torch.zeros([2], { layout: 'sparse_coo' } as never)).toThrow("zeros: unknown option 'layout' (it takes dtype, device, requiresGrad)");
    expect(() => torch.linspace(0, 1, 3, { pinMemory: true } as never)).toThrow("linspace: unknown option 'pinMemory'");
    expect(() => torch.zeros([2], { generator: new torch.Generator(1) } as never)).toThrow("zeros: unknown option 'generator'");
    expect(torch.rand([2], { generator: new torch.Generator(1) }).shape).toEqual([2]);
    expect(torch.zeros(3).shape).toEqual([3]); // one size, as Python's torch.zeros(3)
  });

  it('refuses a flag or coefficient of another kind, instead of coercing it (JS has no bool-is-int)', () => {
    const F = torch.nn.functional;
    const x = torch.randn([2, 3]);
    expect(() => F.celu(x, true as never)).toThrow('celu: alpha must be a number or null, got boolean true');
    expect(() => F.mish(x, 3 as never)).toThrow('mish: inplace must be a boolean, got number 3');
    expect(() => F.dropout(x, 0.5, { training: 'yes' as never })).toThrow("dropout: training must be a boolean, got 'yes'");
    expect(() => torch.sort(x, 1, { descending: 1 as never })).toThrow('sort: descending must be a boolean, got number 1');
    expect(F.celu(x, 0.5).shape).toEqual([2, 3]);
    expect(F.dropout(x, 0.5, { training: false }).toArray()).toEqual(x.toArray());
  });
});

describe('kernels that would crash or hang', () => {
  it('refuses integer division of the minimum value by -1 (the kernels trap)', () => {
    const min = torch.tensor([-(2n ** 63n), 7n]);
    for (const f of [() => torch.remainder(min, -1), () => torch.fmod(min, torch.tensor([-1n, 2n])), () => torch.floorDivide(min, -1), () => torch.div(min, -1, { roundingMode: 'floor' })]) {
      expect(f).toThrow(/the minimum int64 divided by -1 overflows int64/);
    }
    expect(() => torch.floorDivide(torch.tensor([-(2 ** 31)], { dtype: 'int32' }), -1)).toThrow(/minimum int32/);
    expect(torch.div(min, -1).dtype).toBe('float32'); // true division is fine
    expect(torch.remainder(torch.tensor([7n]), -1).toArray()).toEqual([0]);
  });

  it('refuses views past their storage, SVDs of Inf, huge polynomial degrees and overflowing shuffles', () => {
    expect(() => torch.zeros([4]).asStrided([2, 2], [2, 1], 3)).toThrow(/the view reaches element 6 of a storage of 4 elements/);
    expect(() => torch.zeros([4]).asStrided_([100], [1])).toThrow(/reaches element 99/);
    expect(torch.zeros([4]).asStrided([2, 2], [2, 1], 0).shape).toEqual([2, 2]);
    expect(() => torch.linalgSvd(torch.tensor([[Infinity, 1], [1, 1]]))).toThrow(/contains Inf or NaN/);
    expect(() => torch.linalgPinv(torch.tensor([[Number.NaN, 1], [1, 1]]), 1e-5)).toThrow(/contains Inf or NaN/);
    expect(torch.tensor([Infinity, 1]).norm().item()).toBe(Infinity); // a plain norm needs no SVD
    expect(() => torch.specialChebyshevPolynomialT(torch.tensor([2]), 1e9)).toThrow(/degree n \(1000000000\) is larger than 100000/);
    expect(() => torch.specialHermitePolynomialH(torch.tensor([2]), torch.tensor([Infinity]))).toThrow(/must be finite/);
    expect(torch.specialChebyshevPolynomialT(torch.tensor([0.5]), 3).item()).toBeCloseTo(-1, 6);
    expect(() => torch.pixelShuffle(torch.zeros([1, 4, 2, 2]), 2 ** 62)).toThrow(/the factor .* must be from 1 to 2\^31/);
    expect(() => torch.luUnpack(torch.randn([2, 3, 1]), torch.tensor([], { dtype: 'int32' }))).toThrow(/LU_pivots has shape \[0\], expected \[2, 1\]/);
    expect(() => torch.embeddingBag(torch.zeros([4, 3, 0]), torch.tensor([1], { dtype: 'int64' }), torch.tensor([0], { dtype: 'int64' }))).toThrow(/weight must be 2-D/);
    expect(() => torch.embeddingBag(torch.zeros([4, 3]), torch.tensor([9n]), torch.tensor([0n]))).toThrow(/indices must lie in \[0, 4\)/);
  });

  it('keeps internal kernels (*_backward, native_*, slow_*, thnn_*) out of the public API', () => {
    const t = torch as unknown as Record<string, unknown>;
    for (const name of ['maxPool2dWithIndicesBackward', 'nativeBatchNormBackward', 'slowConv3d', 'thnnConv2d', 'unfoldBackward', 'alignTensors', 'batchNormUpdateStats', 'rreluWithNoise']) {
      expect(t[name], name).toBeUndefined();
    }
    expect(typeof aten.max_pool2d_with_indices_backward).toBe('function'); // still there, unchecked
  });

  it('checks native_batch_norm, public as in Python, before its kernel (which traps or reads past its inputs)', () => {
    const nbn = (x: torch.Tensor, w: torch.Tensor | null, stats: torch.Tensor | null, training: boolean) =>
      torch.nativeBatchNorm(x, w, null, stats, stats, training, 0.1, 1e-5);
    expect(() => nbn(torch.zeros([0, 3]), null, null, true)).toThrow(/input is empty \(\[0, 3\]\)/);
    expect(() => nbn(torch.zeros([4, 3]), null, null, false)).toThrow(/in eval mode \(training=false\) running_mean and running_var are required/);
    expect(() => nbn(torch.zeros([4, 3]), torch.ones([2]), null, true)).toThrow(/weight must be 1-D with one value per channel \[3\], got \[2\]/);
    expect(() => nbn(torch.zeros([4, 3]), null, torch.zeros([5]), true)).toThrow(/running_mean must be 1-D with one value per channel/);
    expect(nbn(torch.randn([4, 3]), null, null, true)[0].shape).toEqual([4, 3]);
  });

  it('checks the recurrent kernels\' weights and hidden states against their layers (the kernels index them unchecked)', () => {
    // One layer, one direction, no biases: w_ih [4H, I] and w_hh [4H, H] for an LSTM of hidden size 2.
    const x = torch.randn([5, 1, 3]);
    const weights = [torch.randn([8, 3]), torch.randn([8, 2])];
    const hx = [torch.zeros([1, 1, 2]), torch.zeros([1, 1, 2])];
    const [out] = torch.lstm(x, hx, weights, false, 1, 0, false, false, false) as torch.Tensor[];
    expect(out!.shape).toEqual([5, 1, 2]);
    expect(() => torch.lstm(x, hx, weights, false, 3, 0, false, false, false)).toThrow(/params holds 2 tensors, but num_layers=3 with has_biases=false needs 6/);
    expect(() => torch.lstm(x, hx, weights, false, 1, 0, false, true, false)).toThrow(/num_layers=1 bidirectional with has_biases=false needs 4/);
    expect(() => torch.lstm(x, [hx[0]!], weights, false, 1, 0, false, false, false)).toThrow(/hx must hold two tensors/);
    expect(() => torch.lstm(x, [torch.zeros([2, 1, 2]), hx[1]!], weights, false, 1, 0, false, false, false)).toThrow(/each hidden state must be \[num_layers \* num_directions = 1, batch, hidden\], got \[2, 1, 2\]/);
    const gruWeights = [torch.randn([6, 3]), torch.randn([6, 2])];
    expect(() => torch.gru(x, torch.zeros([1, 1, 2]), gruWeights, false, 2, 0, false, false, false)).toThrow(/params holds 2 tensors, but num_layers=2/);
    expect(() => torch.rnnTanh(x, torch.zeros([1, 1, 2]), gruWeights, false, 0, 0, false, false, false)).toThrow(/num_layers must be at least 1/);
  });

  it('refuses to record pdist of an empty input for autograd (its backward crashes, in Python too)', () => {
    const x = torch.zeros([0, 2], { dtype: 'float64', requiresGrad: true });
    expect(() => torch.pdist(x)).toThrow(/an input with no rows \(\[0, 2\]\) cannot be differentiated/);
    expect(torch.noGrad(() => torch.pdist(x)).shape).toEqual([0]);
  });
});

describe('reading data back', () => {
  it('refuses what one JS buffer cannot hold, and what would exhaust the heap as nested arrays', () => {
    const wide = torch.zeros([1]).expand([2 ** 31]);
    expect(() => wide.toTypedArray()).toThrow(/8589934592 bytes are more than one JS buffer holds/);
    expect(() => torch.zeros([4e8, 0]).toArray()).toThrow(/would become 4.00e\+8 JS values; use toTypedArray\(\)/);
  });

  it('resolves lazy conjugation before reading', () => {
    const z = torch.viewAsComplex(torch.tensor(Float32Array.from([1, 2, 3, -4]), { shape: [2, 2] }));
    expect(Array.from(z.conj().toTypedArray() as Float32Array)).toEqual([1, -2, 3, 4]);
  });

  it('supports complex32 and refuses to save it (PyTorch cannot either)', () => {
    const c = torch.zeros([2]).chalf();
    expect(c.dtype).toBe('complex32');
    expect(Array.from(c.toTypedArray() as Float32Array)).toEqual([0, 0, 0, 0]);
    expect(() => torch.save({ c }, '/tmp/never.pt')).toThrow(/complex32, which PyTorch's format cannot store/);
  });

  it('refuses gradients of another dtype or device, as Python does', () => {
    const w = torch.zeros([2], { requiresGrad: true });
    expect(() => (w.grad = torch.zeros([2], { dtype: 'int64' }))).toThrow(/assigned grad has dtype int64 but the tensor has dtype float32/);
    expect(() => (w.grad = torch.zeros([2], { device: 'meta' }))).toThrow(/assigned grad is on device 'meta'/);
  });
});

describe('messages', () => {
  it('turns libtorch\'s internal texts into a sentence naming the op, keeping the full text on .detail', () => {
    const meta = torch.zeros([2]).to('meta');
    let error: torch.TorchError | undefined;
    try {
      meta.sum().item();
    } catch (e) {
      error = e as torch.TorchError;
    }
    expect(error!.message).toBe("aten::_local_scalar_dense is not available for tensors on the 'meta' device (shapes only, no data)");
    expect(error!.detail).toContain("Could not run 'aten::_local_scalar_dense' with arguments from the 'Meta' backend");
    expect(() => torch.zeros([2], { device: 'cuda' })).toThrow(/is not available for CUDA tensors \(this libtorch is built for the CPU only\)/);
    expect(() => torch.zeros([2], { device: 'opengl' as never })).toThrow(/unknown device 'opengl' \(expected 'cpu', 'meta', 'cuda' or 'cuda:N'\)/);
    expect(() => torch.empty([2 ** 40])).toThrow(/^DefaultCPUAllocator: can't allocate memory/);
  });

  it('hands libtorch\'s warnings to process.emitWarning, once each', async () => {
    const seen: string[] = [];
    const listener = (w: Error) => seen.push(`${w.name}: ${w.message}`);
    process.on('warning', listener);
    torch.zeros([2]).chalf();
    torch.zeros([2]).chalf();
    await new Promise((r) => setImmediate(r));
    process.off('warning', listener);
    expect(seen.filter((s) => s.includes('ComplexHalf support is experimental'))).toEqual([
      "TorchWarning: ComplexHalf support is experimental and many operators don't support it yet.",
    ]);
  });
});

describe('grad modes and async functions', () => {
  it('refuses an async function before it starts, so nothing runs outside the mode or rejects unhandled', () => {
    // In a child process: an unhandled rejection would end it with a non-zero code.
    const r = spawnSync(process.execPath, ['--conditions=typed-torch-source', '--import', 'tsx', '-e', `
      import * as torch from ${JSON.stringify(new URL('../src/index.ts', import.meta.url).pathname)};
      let started = false;
      for (const mode of [torch.noGrad, torch.enableGrad, torch.inferenceMode]) {
        try { mode(async () => { started = true; await 0; throw new Error('late'); }); } catch (e) { console.log(e.message.split('.')[0]); }
      }
      // A plain function that returns a promise has started: its rejection is handled, the call refused.
      try { torch.noGrad(() => Promise.reject(new Error('late'))); } catch (e) { console.log('refused'); }
      setTimeout(() => console.log('started:', started), 50);
    `], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      'noGrad(fn): fn is async (or returned a promise)',
      'enableGrad(fn): fn is async (or returned a promise)',
      'inferenceMode(fn): fn is async (or returned a promise)',
      'refused',
      'started: false',
    ]);
  });
});

describe('generators', () => {
  it('can be disposed, are freed by scopes, and 200,000 of them leave no memory behind', () => {
    const g = new torch.Generator(1);
    g.dispose();
    expect(g.isDisposed).toBe(true);
    expect(() => torch.rand([2], { generator: g })).toThrow(/the generator was released/);
    const kept = torch.scope(() => {
      const inner = new torch.Generator(2);
      const returned = new torch.Generator(3);
      expect(inner.isDisposed).toBe(false);
      return { returned, inner };
    });
    expect(kept.returned.isDisposed).toBe(false); // returned from the scope
    const before = process.memoryUsage().rss;
    for (let i = 0; i < 200000; i++) torch.scope(() => new torch.Generator(i).initialSeed());
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 2 ** 20);
    using scoped = new torch.Generator(4);
    expect(scoped.initialSeed()).toBe(4n);
  });
});
