// Character-level text data against hand-computed cases and Python: the
// vocabulary (sorted(set(text))), encode/decode, the 90/10 split, and the
// contiguous BPTT batches.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.ts';
import { py } from './helpers/python.ts';

const { CharVocab, charCorpus, BpttBatches } = torch.data;

describe('character-level text data', () => {
  it('builds the vocabulary in code-point order, and encodes and decodes', () => {
    const v = new CharVocab('hello world');
    expect(v.chars).toEqual([' ', 'd', 'e', 'h', 'l', 'o', 'r', 'w']);
    const ids = v.encode('hello');
    expect(ids.dtype).toBe('int64');
    expect(ids.toArray()).toEqual([3, 2, 4, 4, 5]);
    expect(v.decode(ids)).toBe('hello');
    expect(v.decode([7, 5, 6, 4, 1])).toBe('world');
    expect(() => v.encode('help')).toThrow(/"p" \(at 3\) is not in the vocabulary of 8 characters/);
    expect(() => v.decode([8])).toThrow(/id 8 \(at 0\) is outside the vocabulary/);
  });

  it('cuts the stream into contiguous rows read seqLen at a time, the targets one ahead (hand-computed)', () => {
    const ids = torch.arange(21); // 0..20: 20 fill two rows of 10, the 21st is dropped
    const batches = [...new BpttBatches(ids, 2, 4)];
    expect(new BpttBatches(ids, 2, 4).length).toBe(3);
    expect(batches.map((b) => [b.x.toArray(), b.y.toArray()])).toEqual([
      [[[0, 1, 2, 3], [10, 11, 12, 13]], [[1, 2, 3, 4], [11, 12, 13, 14]]],
      [[[4, 5, 6, 7], [14, 15, 16, 17]], [[5, 6, 7, 8], [15, 16, 17, 18]]],
      [[[8], [18]], [[9], [19]]],
    ]);
    expect(() => new BpttBatches(ids, 11, 4)).toThrow(/do not make 11 rows of at least 2/);
    expect(() => new BpttBatches(ids, 2, 0)).toThrow(/seqLen must be a positive integer/);
  });

  it("splits the vendored tiny-shakespeare 90/10 with nanoGPT's vocabulary", () => {
    const path = resolve(import.meta.dirname, '..', 'data', 'tinyshakespeare', 'input.txt');
    const text = readFileSync(path, 'utf8');
    const { vocab, train, val } = charCorpus(text);
    const python = py<{ chars: string; n: number; train: number; val: number; first: number[]; lastVal: number[] }>(`
text = open(${JSON.stringify(path)}, encoding='utf-8').read()
chars = sorted(list(set(text)))
stoi = {c: i for i, c in enumerate(chars)}
data = [stoi[c] for c in text]
n = int(0.9 * len(data))
out = {'chars': ''.join(chars), 'n': len(text), 'train': n, 'val': len(data) - n, 'first': data[:20], 'lastVal': data[-20:]}`);
    expect(text.length).toBe(1_115_394);
    expect(vocab.chars.join('')).toBe(python.chars);
    expect(vocab.size).toBe(65);
    expect([train.shape[0], val.shape[0]]).toEqual([python.train, python.val]);
    expect(train.narrow(0, 0, 20).toArray()).toEqual(python.first);
    expect(val.narrow(0, val.shape[0]! - 20, 20).toArray()).toEqual(python.lastVal);
  });
});
