// Untrusted files: every truncation, byte flip, forged size and special path
// is either refused with the library's own error (naming the file and the
// problem) or loads with exactly the original content. Never a crash, a
// hang, a huge allocation or an internal TypeError.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../src/index.ts';
import { PYTHON } from './helpers/python.ts';

const dir = mkdtempSync(join(tmpdir(), 'typed-torch-corrupt-'));

/** A seeded stream for the mutations. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The mutations of a file: truncations at many lengths and single-byte flips. */
function mutations(bytes: Uint8Array, flips: number, seed: number): { what: string; bytes: Uint8Array }[] {
  const out: { what: string; bytes: Uint8Array }[] = [];
  const step = Math.max(1, Math.floor(bytes.length / 60));
  for (let n = 0; n < bytes.length; n += step) out.push({ what: `truncated to ${n} bytes`, bytes: bytes.subarray(0, n) });
  const next = rng(seed);
  for (let k = 0; k < flips; k++) {
    const copy = Uint8Array.from(bytes);
    const at = Math.floor(next() * copy.length);
    copy[at] = copy[at]! ^ (1 + Math.floor(next() * 255));
    out.push({ what: `byte ${at} flipped`, bytes: copy });
  }
  return out;
}

type Content = [string, string, number[], number[]][];

/** A state dict's content, comparable: names, dtypes, shapes and values. */
function content(d: torch.StateDict): Content {
  return torch.scope(() => [...d].map(([k, t]): Content[number] => [k, t.dtype, t.shape, Array.from(t.to('float64').toTypedArray() as Float64Array)]));
}

describe('corrupt checkpoints', () => {
  const files: Record<string, string> = {};
  beforeAll(() => {
    for (const [name, proto] of [['p2', 2], ['p4', 4], ['p5', 5]] as const) {
      files[name] = join(dir, `${name}.pt`);
      execFileSync(PYTHON, ['-c', `
import torch, collections
torch.manual_seed(0)
sd = collections.OrderedDict()
sd['w'] = torch.randn(3, 4)
sd['b'] = torch.arange(4, dtype=torch.int64)
base = torch.randn(6)
sd['view'] = base[1:4]
sd['same'] = base
torch.save(sd, ${JSON.stringify(files[name])}, pickle_protocol=${proto})
`]);
    }
    // A forged view: a few bytes of storage declared as a stride-0 [30000, 30000] tensor.
    files.broadcast = join(dir, 'broadcast.pt');
    execFileSync(PYTHON, ['-c', `
import torch
torch.save({'x': torch.ones(1).as_strided((30000, 30000), (0, 0))}, ${JSON.stringify(files.broadcast)})
`]);
  });

  it('reads pickle protocols 2, 4 and 5 with the same content, views sharing their storage', () => {
    const [a, b, c] = ['p2', 'p4', 'p5'].map((n) => torch.load(files[n]!));
    expect(content(b!)).toEqual(content(a!));
    expect(content(c!)).toEqual(content(a!));
    expect(a!.get('view')!.toArray()).toEqual((a!.get('same')!.toArray() as number[]).slice(1, 4));
  });

  it('keeps a stride-0 view as a view: a few bytes, not 3.6 GB', () => {
    const before = torch.memory().bytes;
    const d = torch.load(files.broadcast!);
    const x = d.get('x')!;
    expect(x.shape).toEqual([30000, 30000]);
    expect(x.stride()).toEqual([0, 0]);
    expect(torch.memory().bytes - before).toBeLessThan(1024);
    expect(x.select(0, 123).select(0, 456).item()).toBe(1);
    x.dispose();
  });

  it('refuses every truncated or flipped file with a CheckpointError naming it, or loads it unchanged', () => {
    const original = readFileSync(files.p4!);
    const loaded = torch.load(files.p4!);
    const expected = content(loaded);
    for (const t of loaded.values()) t.dispose();
    const path = join(dir, 'mutated.pt');
    const refused = { truncated: 0, flipped: 0 };
    let unchanged = 0;
    const before = torch.memory().tensors;
    const all = mutations(original, 400, 7);
    for (const m of all) {
      writeFileSync(path, m.bytes);
      let d: torch.StateDict | undefined;
      try {
        d = torch.load(path);
      } catch (e) {
        expect(e, m.what).toBeInstanceOf(torch.CheckpointError);
        expect((e as Error).message, m.what).toContain(`'${path}'`);
        refused[m.what.startsWith('truncated') ? 'truncated' : 'flipped']++;
        continue;
      }
      // Only a flip in bytes the format does not use (alignment padding, version fields) may load.
      expect(m.what, 'a truncated file loaded').not.toMatch(/truncated/);
      expect(content(d), m.what).toEqual(expected);
      for (const t of d.values()) t.dispose();
      unchanged++;
    }
    expect(refused.truncated).toBe(all.length - 400);
    expect(refused.flipped + unchanged).toBe(400);
    expect(refused.flipped).toBeGreaterThan(0);
    expect(torch.memory().tensors).toBe(before); // nothing leaked from the refused files
  });

  it('refuses forged and foreign files: sizes, duplicates, other formats', () => {
    const good = readFileSync(files.p2!);
    const path = join(dir, 'forged.pt');
    // A duplicate entry: the central directory listed twice.
    const eocd = good.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const dirOffset = good.readUInt32LE(eocd + 16);
    const dirSize = good.readUInt32LE(eocd + 12);
    const entries = good.readUInt16LE(eocd + 10);
    const central = good.subarray(dirOffset, dirOffset + dirSize);
    const end = Buffer.from(good.subarray(eocd));
    end.writeUInt16LE(entries * 2, 8);
    end.writeUInt16LE(entries * 2, 10);
    end.writeUInt32LE(dirSize * 2, 12);
    writeFileSync(path, Buffer.concat([good.subarray(0, dirOffset), central, central, end]));
    expect(() => torch.load(path)).toThrow(/appears twice/);
    // An entry count that cannot fit in the file.
    const many = Buffer.from(good);
    many.writeUInt16LE(0xfffe, eocd + 10);
    writeFileSync(path, many);
    expect(() => torch.load(path)).toThrow(torch.CheckpointError);
    for (const [what, bytes] of [
      ['empty', Buffer.alloc(0)],
      ['text', Buffer.from('hello, this is not a checkpoint at all, not even a zip file')],
      ['an IDX file', gzipSync(Buffer.from([0, 0, 8, 1, 0, 0, 0, 2, 7, 9]))],
      ['zeros', Buffer.alloc(4096)],
    ] as const) {
      writeFileSync(path, bytes);
      expect(() => torch.load(path), what).toThrow(torch.CheckpointError);
    }
  });

  it('refuses special paths without reading them: directories, devices, FIFOs, missing files', () => {
    const fifo = join(dir, 'fifo');
    spawnSync('mkfifo', [fifo]);
    mkdirSync(join(dir, 'a-directory'));
    expect(() => torch.load(join(dir, 'a-directory'))).toThrow(/it is a directory/);
    expect(() => torch.load('/dev/zero')).toThrow(/not a regular file/);
    expect(() => torch.load(fifo)).toThrow(/not a regular file/); // returns at once: a FIFO would block a read forever
    expect(() => torch.load(join(dir, 'missing.pt'))).toThrow(/ENOENT/);
  });
});

describe('corrupt IDX files', () => {
  const images = Buffer.concat([Buffer.from([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 3]), Buffer.from(Array.from({ length: 18 }, (_, i) => i))]);
  const labels = Buffer.from([0, 0, 8, 1, 0, 0, 0, 2, 3, 9]);

  it('refuses every truncated or flipped file with an IdxError naming it, or reads it unchanged', () => {
    const expected = torch.data.readIdx(join(dir, (writeFileSync(join(dir, 'ok.idx'), images), 'ok.idx')));
    const path = join(dir, 'mutated.idx');
    for (const source of [images, gzipSync(images)]) {
      for (const m of mutations(source, 150, 11)) {
        writeFileSync(path, m.bytes);
        let read;
        try {
          read = torch.data.readIdx(path);
        } catch (e) {
          expect(e, m.what).toBeInstanceOf(torch.data.IdxError);
          expect((e as Error).message, m.what).toContain(`'${path}'`);
          continue;
        }
        // A flip inside the pixels changes data the format cannot check: the header still holds.
        expect([read.dtype, read.shape], m.what).toEqual([expected.dtype, expected.shape]);
      }
    }
  });

  it('refuses forged sizes, gzip bombs, labels outside the classes and special paths', () => {
    const path = join(dir, 'forged.idx');
    writeFileSync(path, Buffer.from([0, 0, 8, 2, 0x7f, 0xff, 0xff, 0xff, 0x7f, 0xff, 0xff, 0xff, 1, 2]));
    expect(() => torch.data.readIdx(path)).toThrow(/truncated: the header promises/);
    writeFileSync(path, Buffer.from([0, 0, 8, 255]));
    expect(() => torch.data.readIdx(path)).toThrow(/truncated header/);
    expect(() => torch.data.readIdx('/dev/zero')).toThrow(/not a regular file/);
    expect(() => torch.data.readIdx(dir)).toThrow(/it is a directory/);
    // A Fashion-MNIST folder whose label file holds a label of 200.
    const root = join(dir, 'fmnist');
    mkdirSync(root, { recursive: true });
    const imgs = Buffer.concat([Buffer.from([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28]), Buffer.alloc(2 * 28 * 28)]);
    writeFileSync(join(root, 't10k-images-idx3-ubyte'), imgs);
    writeFileSync(join(root, 't10k-labels-idx1-ubyte'), Buffer.from([0, 0, 8, 1, 0, 0, 0, 2, 3, 200]));
    expect(() => torch.data.fashionMnist({ split: 'test', root })).toThrow(/label 1 is 200, outside the 10 classes/);
    writeFileSync(join(root, 't10k-labels-idx1-ubyte'), labels);
    expect(torch.data.fashionMnist({ split: 'test', root }).length).toBe(2);
  });
});

describe('corrupt CSV files', () => {
  const { readCsv, numeric, categorical, classTarget, TabularDataError } = torch.tabular;
  // The first rows of the vendored affairs survey, with a quoted categorical column added.
  const rows = readFileSync(join(import.meta.dirname, '../data/tabular/fair.csv'), 'utf8').split('\n').slice(0, 30);
  const text = rows.map((line, i) => `${line},${i === 0 ? '"kind, quoted"' : `"${['a', 'b ""c""', 'd\ne'][i % 3]}"`},${i === 0 ? 'label' : i % 2 ? 'yes' : 'no'}`).join('\n') + '\n';
  const schema = { age: numeric(), affairs: numeric(), 'kind, quoted': categorical(), label: classTarget() };

  it('refuses every truncated or flipped file with a TabularDataError naming it, or reads a well-formed table', () => {
    const original = readCsv(join(dir, (writeFileSync(join(dir, 'ok.csv'), text), 'ok.csv')), { columns: schema });
    expect(original.length).toBe(29);
    expect(original.categories('kind, quoted').levels).toEqual(['a', 'b "c"', 'd\ne']);
    const path = join(dir, 'mutated.csv');
    let refused = 0;
    for (const source of [Buffer.from(text), gzipSync(text)]) {
      for (const m of mutations(source, 200, 23)) {
        writeFileSync(path, m.bytes);
        let read;
        try {
          read = readCsv(path, { columns: schema });
        } catch (e) {
          expect(e, m.what).toBeInstanceOf(TabularDataError);
          expect((e as Error).message, m.what).toContain(path);
          refused++;
          continue;
        }
        // What reads is a table of the schema: finite numbers, and class indices within its classes.
        expect(read.columnNames, m.what).toEqual(['age', 'affairs', 'kind, quoted', 'label']);
        expect(Array.from(read.numeric('age')).every(Number.isFinite), m.what).toBe(true);
        const classes = read.classes.length;
        expect((read.target().toArray() as number[]).every((c) => Number.isInteger(c) && c >= 0 && c < classes), m.what).toBe(true);
      }
    }
    // Most mutations of a gzip file break it; a flip in the text may leave it valid (a digit for a digit).
    expect(refused).toBeGreaterThan(100);
  });

  it('refuses numbers beyond float64, ragged rows and special paths', () => {
    const path = join(dir, 'forged.csv');
    writeFileSync(path, 'age,affairs,"kind, quoted",label\n1e999,0,a,yes\n');
    expect(() => readCsv(path, { columns: schema })).toThrow(/line 2, column 1 \('age'\): 1e999 is beyond float64's range/);
    writeFileSync(path, 'age,affairs,"kind, quoted",label\n1,0,a\n');
    expect(() => readCsv(path, { columns: schema })).toThrow(TabularDataError);
    expect(() => readCsv('/dev/zero', { columns: schema })).toThrow(TabularDataError);
    expect(() => readCsv(dir, { columns: schema })).toThrow(TabularDataError);
  });
});
