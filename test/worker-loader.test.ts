// WorkerDataLoader: batches made on a worker thread are the batches an
// in-thread DataLoader makes (order and random draws are the main thread's),
// transforms run there, failures are named, and nothing is left behind.
// Tensors cross threads as parcels (threads.pack / unpack), checked here on
// one thread and, through the loader, between two.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.ts';

describe('threads: parcels of tensors', () => {
  it('pack and unpack keep the values and the structure, once per parcel', () => {
    const a = torch.tensor([1, 2, 3]);
    const b = torch.tensor([[1.5]], { dtype: 'float64' });
    const parcel = torch.threads.pack({ a, nested: [b, 7, 'x', null], flag: true });
    const back = torch.threads.unpack<{ a: torch.Tensor; nested: [torch.Tensor, number, string, null]; flag: boolean }>(structuredClone(parcel));
    expect(back.a.toArray()).toEqual([1, 2, 3]);
    expect(back.nested[0].dtype).toBe('float64');
    expect(back.nested.slice(1)).toEqual([7, 'x', null]);
    expect(back.flag).toBe(true);
    a.dispose(); // the received tensor is a reference of its own
    expect(back.a.toArray()).toEqual([1, 2, 3]);
    expect(() => torch.threads.unpack(parcel)).toThrow(/no tensors wait under token \d+ \(received already, dropped, or never sent\)/);
  });

  it('refuses what cannot travel, naming where it is', () => {
    const gone = torch.tensor([1]);
    gone.dispose();
    expect(() => torch.threads.pack({ x: [gone] })).toThrow(/threads.pack: the value.x\[0\] is a disposed tensor/);
    expect(() => torch.threads.pack({ f: () => 1 })).toThrow(/the value.f is a function/);
    expect(() => torch.threads.pack({ m: new Map() })).toThrow(/the value.m is a Map; a parcel holds tensors, arrays, plain objects and primitives/);
    const parcel = torch.threads.pack([torch.tensor([1])]);
    const before = torch.memory().tensors;
    torch.threads.discard(parcel);
    expect(torch.memory().tensors).toBe(before);
    expect(() => torch.threads.discard(parcel)).toThrow(/dropParcel: no tensors wait under token/);
  });
});

describe('WorkerDataLoader', () => {
  const out = JSON.parse(
    execFileSync(process.execPath, ['--conditions=typed-torch-source', '--import', 'tsx', 'test/fixtures/worker-loader/run.ts'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop()!,
  );

  it('gives the batches of an in-thread DataLoader with the same options and seed, epoch after epoch', () => {
    expect(out.sameBatches.datasetLength).toBe(10);
    expect(out.sameBatches.length).toBe(3);
    expect(out.sameBatches.worker).toEqual(out.sameBatches.inThread);
    expect(out.sameBatches.worker).toHaveLength(6);
    // Shuffled: not the identity order.
    expect((out.sameBatches.worker as { y: number[] }[]).map((b) => b.y).flat()).not.toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2, 0]);
  });

  it("runs the module's transform in the worker, and collates datasets without getBatch", () => {
    expect(out.transform).toEqual([
      { x: [[0, 5], [10, 15], [20, 25]], y: [0, 1, 2] },
      { x: [[30, 35], [40, 45], [50, 55]], y: [0, 1, 2] },
    ]);
    expect(out.collated.worker).toEqual(out.collated.inThread);
  });

  it('names a missing export, a wrong one, and a batch that fails', () => {
    expect(out.failures[0]).toMatch(/WorkerLoaderError: the loader's worker could not make its dataset: .*dataset.ts has no function export 'missing' \(exports: .*numbered/);
    expect(out.failures[1]).toMatch(/no function export 'notAFunction'/);
    expect(out.failures[2]).toBe("WorkerLoaderError: the loader's worker failed on a batch: example 5 is unreadable");
  });

  it('frees the batches still on their way when an epoch is left early and the loader closed', () => {
    expect(out.liveAfter).toBe(0);
  });
});
