// Checkpoints in PyTorch's format, both ways with Python's torch.save/load,
// and clear errors for files that are not (or no longer) checkpoints.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../src/index.ts';
import { PYTHON } from './helpers/python.ts';

const dir = mkdtempSync(join(tmpdir(), 'typed-torch-ckpt-'));
const pyFile = join(dir, 'python.pt');

describe('checkpoints', () => {
  beforeAll(() => {
    // A real state_dict (an OrderedDict with _metadata), plus a transposed view,
    // float16, int64 and bool tensors and two tensors sharing one storage.
    execFileSync(PYTHON, ['-c', `
import torch
torch.manual_seed(0)
m = torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3), torch.nn.BatchNorm2d(2), torch.nn.Flatten(), torch.nn.Linear(8, 3))
sd = m.state_dict()
base = torch.arange(12.).reshape(3, 4)
sd['extra.t'] = base.t()
sd['extra.row'] = base[1]
sd['extra.half'] = torch.tensor([1.5, -2.0], dtype=torch.float16)
sd['extra.mask'] = torch.tensor([True, False, True])
sd['extra.big'] = torch.tensor([2**40 + 1])
torch.save(sd, ${JSON.stringify(pyFile)})
`]);
  });

  it('loads a state_dict saved by Python, in order, with every dtype and view', () => {
    const d = torch.load(pyFile);
    expect([...d.keys()]).toEqual([
      '0.weight', '0.bias', '1.weight', '1.bias', '1.running_mean', '1.running_var', '1.num_batches_tracked',
      '3.weight', '3.bias', 'extra.t', 'extra.row', 'extra.half', 'extra.mask', 'extra.big',
    ]);
    expect(d.get('0.weight')!.shape).toEqual([2, 1, 3, 3]);
    expect(d.get('1.num_batches_tracked')!.dtype).toBe('int64');
    expect(d.get('extra.t')!.toArray()).toEqual([[0, 4, 8], [1, 5, 9], [2, 6, 10], [3, 7, 11]]);
    expect(d.get('extra.row')!.toArray()).toEqual([4, 5, 6, 7]);
    expect([d.get('extra.half')!.dtype, d.get('extra.half')!.toArray()]).toEqual(['float16', [1.5, -2]]);
    expect(d.get('extra.mask')!.toArray()).toEqual([true, false, true]);
    expect(d.get('extra.big')!.itemBigInt()).toBe(2n ** 40n + 1n);
  });

  it('saves files Python loads as an OrderedDict with identical tensors, names and order', () => {
    const d = torch.load(pyFile);
    const ours = join(dir, 'ours.pt');
    torch.save(d, ours);
    const out = execFileSync(PYTHON, ['-c', `
import torch, json
a = torch.load(${JSON.stringify(pyFile)})
b = torch.load(${JSON.stringify(ours)})
m = torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3), torch.nn.BatchNorm2d(2), torch.nn.Flatten(), torch.nn.Linear(8, 3))
m.load_state_dict({k: v for k, v in b.items() if not k.startswith('extra')})
print(json.dumps([type(b).__name__, list(a) == list(b), all(torch.equal(a[k], b[k]) and a[k].dtype == b[k].dtype for k in a)]))
`], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual(['OrderedDict', true, true]);
  });

  it('saves from a plain object too, and refuses non-tensors and disposed tensors', () => {
    const f = join(dir, 'obj.pt');
    torch.save({ w: torch.ones([2]), b: torch.zeros([1]) }, f);
    expect([...torch.load(f).keys()]).toEqual(['w', 'b']);
    expect(() => torch.save({ w: 3 as never }, f)).toThrow(/'w' is not a Tensor/);
    const gone = torch.ones([1]);
    gone.dispose();
    expect(() => torch.save({ gone }, f)).toThrow(/'gone' is a disposed tensor/);
  });

  it('reports missing, truncated, corrupt and foreign files clearly', () => {
    const bytes = readFileSync(pyFile);
    const truncated = join(dir, 'truncated.pt');
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 100));
    expect(() => torch.load(truncated)).toThrow(/truncated/);
    expect(() => torch.load(join(dir, 'missing.pt'))).toThrow(/ENOENT/);
    const junk = join(dir, 'junk.pt');
    writeFileSync(junk, Buffer.alloc(200, 7));
    expect(() => torch.load(junk)).toThrow(torch.CheckpointError);
    const flipped = Buffer.from(bytes);
    flipped[flipped.indexOf('data.pkl') + 60]! ^= 0xff;
    const corrupt = join(dir, 'corrupt.pt');
    writeFileSync(corrupt, flipped);
    expect(() => torch.load(corrupt)).toThrow(/unsupported pickle opcode|malformed|not a tensor/);
    // Nothing leaked from the failed loads, and the process is fine.
    expect(torch.load(pyFile).size).toBe(14);
  });
});
