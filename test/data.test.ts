// Data pipelines: the IDX reader (against Python's reading of the same files
// and hand-made files, corrupt ones included), loader order and prefetch,
// batch ownership, transforms, splits, pipes, and a short training run.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.ts';
import { py } from './helpers/python.ts';
import { expectClose } from './helpers/assert.ts';
import { mlp, prepare } from '../examples/fashion-mnist.ts';

const { data } = torch;
const dir = mkdtempSync(join(tmpdir(), 'typed-torch-data-'));

/** An IDX file: magic 0 0 type ndims, big-endian sizes, then the data. */
function idxFile(type: number, shape: number[], body: Buffer): Buffer {
  const header = Buffer.alloc(4 + 4 * shape.length);
  header.writeUInt8(type, 2);
  header.writeUInt8(shape.length, 3);
  shape.forEach((s, i) => header.writeUInt32BE(s, 4 + 4 * i));
  return Buffer.concat([header, body]);
}

describe('IDX files', () => {
  it('reads Fashion-MNIST as Python reads it', () => {
    const train = data.fashionMnist({ split: 'train' });
    const test = data.fashionMnist({ split: 'test' });
    expect([train.length, test.length]).toEqual([60000, 10000]);
    const images = train.tensors.images;
    expect([images.shape, images.dtype]).toEqual([[60000, 1, 28, 28], 'uint8']);
    const expected = py<{ labels: number[]; pixels: number[]; sum: number }>(`
import gzip, numpy as np
raw = gzip.open('/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz').read()
img = gzip.open('/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz').read()
a = np.frombuffer(img, dtype=np.uint8, offset=16)
out = {'labels': list(raw[8:28]), 'pixels': a[28 * 28 * 5:28 * 28 * 5 + 50].tolist(), 'sum': int(a.astype(np.int64).sum())}
`);
    expect(train.tensors.labels.narrow(0, 0, 20).toArray()).toEqual(expected.labels);
    expect(images.select(0, 5).flatten().narrow(0, 0, 50).toArray()).toEqual(expected.pixels);
    expect(images.sum({ dtype: 'int64' }).item()).toBe(expected.sum);
  });

  it('reads multi-byte big-endian elements, gzip\'d or not', () => {
    const body = Buffer.alloc(8);
    [1, -2, 300, -32768].forEach((v, i) => body.writeInt16BE(v, 2 * i));
    const file = join(dir, 'ok.idx');
    writeFileSync(file, idxFile(0x0b, [2, 2], body));
    expect(data.readIdx(file)).toMatchObject({ dtype: 'int16', shape: [2, 2] });
    const gz = join(dir, 'ok.idx.gz');
    writeFileSync(gz, gzipSync(idxFile(0x0b, [2, 2], body)));
    const read = data.readIdx(gz);
    expect(Array.from(new Int16Array(read.data.buffer, read.data.byteOffset, 4))).toEqual([1, -2, 300, -32768]);
  });

  it('reports corrupt and truncated files clearly', () => {
    const write = (name: string, bytes: Buffer) => {
      const f = join(dir, name);
      writeFileSync(f, bytes);
      return f;
    };
    const good = idxFile(0x08, [3, 2], Buffer.from([1, 2, 3, 4, 5, 6]));
    expect(() => data.readIdx(write('short.idx', good.subarray(0, good.length - 2)))).toThrow(/truncated: the header promises 6 bytes of data, the file has 4/);
    expect(() => data.readIdx(write('long.idx', Buffer.concat([good, Buffer.from([0])])))).toThrow(/1 unexpected bytes after the data/);
    expect(() => data.readIdx(write('magic.idx', Buffer.from([7, 0, 8, 1, 0, 0, 0, 0])))).toThrow(/bad magic number/);
    expect(() => data.readIdx(write('type.idx', Buffer.from([0, 0, 0x42, 1, 0, 0, 0, 0])))).toThrow(/unknown element type 0x42/);
    expect(() => data.readIdx(write('gz.idx.gz', gzipSync(good).subarray(0, 15)))).toThrow(/corrupt or truncated gzip/);
    expect(() => data.readIdx(join(dir, 'missing.idx'))).toThrow(/ENOENT/);
    expect(() => data.fashionMnist({ root: dir })).toThrow(/file not found/);
  });
});

describe('DataLoader', () => {
  const numbers = (n: number) => new data.TensorDataset({ x: torch.arange(n, { dtype: 'float32' }), i: torch.arange(n) });

  it('batches in order, each example once per epoch', async () => {
    const plain = new data.DataLoader(numbers(10), { batchSize: 4 });
    expect(plain.length).toBe(3);
    const seen: number[][] = [];
    for await (const b of plain) seen.push(b.i.toArray() as number[]);
    expect(seen).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
    const shuffled = new data.DataLoader(numbers(10), { batchSize: 3, shuffle: true, dropLast: true });
    expect(shuffled.length).toBe(3);
    const order: number[] = [];
    for await (const batch of shuffled) order.push(...(batch.i.toArray() as number[]));
    expect(order.length).toBe(9);
    expect(new Set(order).size).toBe(9);
  });

  it("shuffles as PyTorch's DataLoader does, draw for draw, from the default generator or its own", async () => {
    // Two epochs of a shuffled loader, one of an unshuffled one (it draws a
    // base seed too), then three uniform numbers: every draw of the default
    // generator must be where PyTorch's is.
    const epochs = async (loader: AsyncIterable<{ i: torch.Tensor }>, n: number) => {
      const out: number[][][] = [];
      for (let e = 0; e < n; e++) {
        const batches: number[][] = [];
        for await (const b of loader) batches.push(b.i.toArray() as number[]);
        out.push(batches);
      }
      return out;
    };
    torch.manualSeed(7);
    const ds = new data.TensorDataset({ i: torch.arange(10) });
    const shuffled = await epochs(new data.DataLoader(ds, { batchSize: 3, shuffle: true }), 2);
    const plain = await epochs(new data.DataLoader(ds, { batchSize: 4 }), 1);
    const after = torch.rand([3]).toArray();
    const own = await epochs(new data.DataLoader(ds, { batchSize: 4, shuffle: true, dropLast: true, seed: 5 }), 2);
    const expected = py<{ shuffled: number[][][]; plain: number[][][]; after: number[]; own: number[][][] }>(`
from torch.utils.data import DataLoader
epochs = lambda dl, n: [[b.tolist() for b in dl] for _ in range(n)]
torch.manual_seed(7)
shuffled = epochs(DataLoader(range(10), batch_size=3, shuffle=True), 2)
plain = epochs(DataLoader(range(10), batch_size=4), 1)
after = torch.rand(3).tolist()
own = epochs(DataLoader(range(10), batch_size=4, shuffle=True, drop_last=True, generator=torch.Generator().manual_seed(5)), 2)
out = {'shuffled': shuffled, 'plain': plain, 'after': after, 'own': own}
`);
    expect(shuffled).toEqual(expected.shuffled);
    expect(shuffled[0]).not.toEqual(shuffled[1]);
    expect(plain).toEqual(expected.plain);
    expect(after).toEqual(expected.after);
    expect(own).toEqual(expected.own);
    expect(() => new data.DataLoader(ds, { seed: 1, generator: new torch.Generator() })).toThrow(/a generator or a seed, not both/);
  });

  it('prefetches batches ahead of the consumer', async () => {
    const loaded: number[] = [];
    const loader = new data.DataLoader(numbers(12), {
      batchSize: 2,
      prefetch: 2,
      transform: async (b) => {
        loaded.push((b.i.toArray() as number[])[0]!);
        await new Promise((r) => setTimeout(r, 1));
        return b;
      },
    });
    const atConsume: number[] = [];
    for await (const _ of loader) atConsume.push(loaded.length);
    // When batch k is handed out, batches up to k + prefetch are already loading.
    expect(atConsume).toEqual([3, 4, 5, 6, 6, 6]);
  });

  it('owns its batches: each is freed when the next is requested, so memory stays flat', async () => {
    const loader = new data.DataLoader(numbers(100), { batchSize: 10, transform: (b) => ({ x: b.x.mul(2) }) });
    const before = torch.memory().tensors;
    let previous: torch.Tensor | undefined;
    let peak = 0;
    for await (const b of loader) {
      if (previous) expect(previous.isDisposed).toBe(true);
      previous = b.x;
      peak = Math.max(peak, torch.memory().tensors - before);
    }
    expect(previous!.isDisposed).toBe(true);
    expect(peak).toBeLessThanOrEqual(4);
    expect(torch.memory().tensors).toBe(before);
  });
});

describe('transforms, splits and pipes', () => {
  it('normalize, flips, crops and compose', () => {
    const x = torch.tensor([[[[0, 255], [51, 102]]]], { dtype: 'uint8' });
    const t = data.compose(data.toFloat(), data.normalize(0.5, 0.25));
    expectClose(t(x).toArray(), [[[[-2, 2], [-1.2, -0.4]]]], 1e-6);
    const img = torch.arange(2 * 1 * 2 * 3, { dtype: 'float32' }).reshape([2, 1, 2, 3]);
    expect(data.randomHorizontalFlip(1)(img).toArray()).toEqual(img.flip([-1]).toArray());
    expect(data.randomHorizontalFlip(0)(img).toArray()).toEqual(img.toArray());
    const crop = data.randomCrop(2, 1, 3)(img);
    expect(crop.shape).toEqual([2, 1, 2, 2]);
    // As torchvision draws them: per image, a uniform number for the flip;
    // a top, then a left, for the crop.
    const imgs = torch.arange(6 * 16, { dtype: 'float32' }).reshape([6, 1, 4, 4]);
    const flipped = data.randomHorizontalFlip(0.5, 4)(imgs).toArray();
    const cropped = data.randomCrop(3, 1, 9)(imgs).toArray();
    const expected = py<{ flipped: number[]; cropped: number[] }>(`
imgs = torch.arange(6 * 16, dtype=torch.float32).reshape(6, 1, 4, 4)
g = torch.Generator().manual_seed(4)
flipped = torch.stack([im.flip(-1) if torch.rand(1, generator=g) < 0.5 else im for im in imgs])
g = torch.Generator().manual_seed(9)
padded = torch.nn.functional.pad(imgs, (1, 1, 1, 1))
def crop(im):
    i = torch.randint(0, 6 - 3 + 1, size=(1,), generator=g).item(); j = torch.randint(0, 6 - 3 + 1, size=(1,), generator=g).item()
    return im[:, i:i + 3, j:j + 3]
out = {'flipped': flipped.tolist(), 'cropped': torch.stack([crop(im) for im in padded]).tolist()}
`);
    expect(flipped).toEqual(expected.flipped);
    expect(cropped).toEqual(expected.cropped);
    expect(() => data.randomCrop(5)(img)).toThrow(/5x5 is larger than the padded image 2x3/);
    const perChannel = data.normalize([1, 2], [2, 4])(torch.ones([1, 2, 1, 1]));
    expect(perChannel.toArray()).toEqual([[[[0]], [[-0.25]]]]);
    // Each transform frees its intermediates: only the output is left.
    const pipeline = data.compose(data.toFloat(), data.normalize(0.5, 0.25), data.randomHorizontalFlip(), data.randomCrop(2, 1));
    const before = torch.memory().tensors;
    const out = pipeline(x);
    expect(torch.memory().tensors).toBe(before + 1);
    out.dispose();
  });

  it("randomSplit is disjoint, complete, and splits as PyTorch's random_split", () => {
    const ds = new data.TensorDataset({ i: torch.arange(10) });
    const [a, b] = data.randomSplit(ds, [0.7, 0.3], new torch.Generator(1));
    expect([a!.length, b!.length]).toEqual([7, 3]);
    expect([...a!.indices, ...b!.indices].sort((p, q) => p - q)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(data.randomSplit(ds, [7, 3], 1)[0]!.indices).toEqual(a!.indices);
    torch.manualSeed(3);
    const fromDefault = data.randomSplit(ds, [0.33, 0.33, 0.34]).map((s) => [...s.indices]);
    const expected = py<{ seeded: number[]; fromDefault: number[][] }>(`
from torch.utils.data import random_split
seeded = random_split(range(10), [7, 3], generator=torch.Generator().manual_seed(1))[0].indices
torch.manual_seed(3)
out = {'seeded': seeded, 'fromDefault': [s.indices for s in random_split(range(10), [0.33, 0.33, 0.34])]}
`);
    expect(a!.indices).toEqual(expected.seeded);
    expect(fromDefault).toEqual(expected.fromDefault);
    expect(() => data.randomSplit(ds, [5, 6])).toThrow(/add up to 11, the dataset has 10/);
    expect(() => data.randomSplit(ds, [2.5, 7.5])).toThrow(/size at index 0 \(2.5\) is not a count or a fraction/);
  });

  it('pipes compose over any iterable', async () => {
    function* naturals() {
      for (let i = 0; ; i++) yield i;
    }
    const out = await data.pipe(naturals()).filter((n) => n % 2 === 0).map((n) => n * 10).batch(3).take(2).toArray();
    expect(out).toEqual([[0, 20, 40], [60, 80, 100]]);
    expect(await data.pipe([1, 2, 3, 4, 5]).batch(2, { dropLast: true }).toArray()).toEqual([[1, 2], [3, 4]]);
  });
});

/** Runs up to `steps` training steps of nll loss with Adadelta; returns each step's loss. */
async function trainSteps(
  net: { forward(x: never): torch.Tensor; parameters(): torch.Tensor[] },
  loader: AsyncIterable<{ x: torch.Tensor; y: torch.Tensor }>,
  steps: number,
): Promise<number[]> {
  const opt = new torch.optim.Adadelta(net.parameters(), { lr: 1 });
  const losses: number[] = [];
  for await (const { x, y } of loader) {
    losses.push(torch.scope(() => {
      const loss = torch.nn.functional.nllLoss(net.forward(x as never), y);
      opt.zeroGrad();
      loss.backward();
      opt.step();
      return loss.item() as number;
    }));
    if (losses.length === steps) break;
  }
  return losses;
}

describe('training', () => {
  it("reproduces PyTorch's training run bit for bit: same seed, batches, dropout masks and steps", async () => {
    // PyTorch's side is the example's own pipeline: a DataLoader shuffling
    // from the default generator, ToTensor and Normalize per image (emulated
    // here as torchvision computes them), dropout in training mode. With the
    // same seed every draw and every step of forward, backward and Adadelta
    // must agree exactly.
    const { nn } = torch;
    torch.manualSeed(1);
    const trainSet = data.fashionMnist({ split: 'train' });
    const loader = new data.DataLoader(trainSet, {
      batchSize: 32, shuffle: true, transform: ({ images, labels }) => ({ x: prepare(images), y: labels }),
    });
    const net = nn.sequential(
      new nn.Conv2d(1, 8, 3), new nn.ReLU(), new nn.MaxPool2d(2), new nn.Dropout(0.25), new nn.Flatten(),
      new nn.Linear(1352, 10), new nn.LogSoftmax(1),
    );
    net.train();
    const losses = await trainSteps(net, loader, 20);
    const expected = py<number[]>(`
import gzip, numpy as np
from torch.utils.data import DataLoader, Dataset
def idx(name):
    raw = gzip.open(f'/usr/share/datasets/fashion-mnist/{name}.gz').read(); nd = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], 'big') for i in range(nd)]
    return torch.from_numpy(np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * nd).reshape(shape).copy())
class FashionMNIST(Dataset):
    def __init__(self):
        self.images = idx('train-images-idx3-ubyte').unsqueeze(1); self.labels = idx('train-labels-idx1-ubyte').long()
        self.mean = torch.as_tensor((0.286,)).view(-1, 1, 1); self.std = torch.as_tensor((0.353,)).view(-1, 1, 1)
    def __len__(self): return len(self.labels)
    def __getitem__(self, i):  # ToTensor, then Normalize
        return self.images[i].float().div(255).sub_(self.mean).div_(self.std), self.labels[i]
torch.manual_seed(1)
loader = DataLoader(FashionMNIST(), batch_size=32, shuffle=True)
nn = torch.nn
m = nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Dropout(0.25), nn.Flatten(), nn.Linear(1352, 10), nn.LogSoftmax(1))
opt = torch.optim.Adadelta(m.parameters(), lr=1.0)
out = []
for x, y in loader:
    loss = torch.nn.functional.nll_loss(m(x), y); opt.zero_grad(); loss.backward(); opt.step(); out.append(loss.item())
    if len(out) == 20: break
`);
    expect(losses).toEqual(expected);
  });

  it('a short run on Fashion-MNIST lowers the loss', async () => {
    torch.manualSeed(1);
    const loader = new data.DataLoader(data.fashionMnist({ split: 'train' }), {
      batchSize: 64, shuffle: true, seed: 1, transform: ({ images, labels }) => ({ x: prepare(images), y: labels }),
    });
    const losses = await trainSteps(mlp(), loader, 80);
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(losses.slice(0, 10))).toBeGreaterThan(1.5);
    expect(mean(losses.slice(-10))).toBeLessThan(0.8 * mean(losses.slice(0, 10)));
  });
});
