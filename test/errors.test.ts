// Malformed calls never abort the process: a storm of bad calls, then checks
// that the process still computes correctly and no tensor leaked.
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.ts';
import { native } from '../src/core/native.ts';

const { call } = torch.ops;

describe('errors', () => {
  it('libtorch errors become TorchError with the first line as message and the full text kept', () => {
    let err: unknown;
    try {
      call('mm', torch.ones([2, 3]), torch.ones([4, 5]));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(torch.TorchError);
    expect(err).toBeInstanceOf(Error);
    const e = err as torch.TorchError;
    expect(e.message).toBe('mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)');
    expect(e.message).not.toContain('\n');
    expect(e.detail.length).toBeGreaterThan(e.message.length);
    expect(e.detail).toContain(e.message);
  });

  it('unknown operators and overloads are reported by name', () => {
    expect(() => torch.ops.op('no_such_op')).toThrow(/no operator aten::no_such_op is registered/);
    expect(() => torch.ops.op('add.NoSuchOverload')).toThrow(/aten::add\.NoSuchOverload/);
  });

  it('survives a storm of malformed calls without leaking', () => {
    const keep = [torch.ones([2, 3]), torch.ones([3]), torch.tensor([1, 2], { dtype: 'int64' })];
    const disposed = torch.ones([1]);
    disposed.dispose();
    const junk: unknown[] = [
      undefined, null, NaN, Infinity, -1, 0.5, 2 ** 60, 'x', '', true, {}, [], [[]], [1, 'a'], [null],
      Symbol('s'), () => 1, 10n ** 30n, new Float32Array(2), disposed, [disposed], ...keep,
    ];
    const ops = [
      'add.Tensor', 'mm', 'matmul', 'sum.dim_IntList', 'view', 'reshape', 'cat', 'index.Tensor', 'conv2d',
      'max_pool2d', 'select.int', 'narrow', 'to.dtype', 'zeros', 'full', 'einsum', 'div.Tensor_mode',
      'embedding', 'cross_entropy_loss', 'linear', 'layer_norm', 'gather', 'scatter.src', 'where.self',
      'transpose.int', 'permute', 'expand', 'repeat', 'softmax.int', 'topk',
    ];
    let seed = 12345;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const liveBefore = torch.memory().tensors;
    let thrown = 0;
    let calls = 0;
    torch.scope(() => {
      for (let i = 0; i < 600; i++) {
        const name = ops[rnd(ops.length)]!;
        const args = Array.from({ length: rnd(6) }, () => junk[rnd(junk.length)]);
        calls++;
        try {
          call(name, ...args);
        } catch (e) {
          thrown++;
          expect(e).toBeInstanceOf(Error);
          expect((e as Error).message.length).toBeGreaterThan(0);
        }
      }
    });
    expect(calls).toBe(600);
    expect(thrown).toBeGreaterThan(500);
    // The process is healthy: ops compute correctly, and nothing leaked.
    expect(torch.memory().tensors).toBe(liveBefore);
    const r = call('mm', torch.ones([2, 3]), torch.ones([3, 2])) as torch.Tensor;
    expect(r.toArray()).toEqual([[3, 3], [3, 3]]);
    expect(native().isGradEnabled()).toBe(true);
  });

  it('bad arguments to the tensor I/O functions throw instead of crashing', () => {
    const n = native();
    expect(() => n.fromBuffer(new Float32Array(2), [2], 'nope')).toThrow(/unknown dtype 'nope'/);
    expect(() => n.fromBuffer(new Float32Array(2), [1.5] as never, 'float32')).toThrow(/not an integer/);
    expect(() => n.shape(-5)).toThrow(/disposed/);
    expect(() => n.shape('x' as never)).toThrow(/expected a tensor/);
    expect(() => n.callOp(99999)).toThrow(/unknown op id/);
    expect(() => n.item(torch.ones([2])._h)).toThrow(/2 elements cannot be converted/);
    expect(() => n.exitInferenceMode()).toThrow(/not in inference mode/);
  });
});
