// The tabular toolkit against independent truths: CSV files written by hand
// (quoting, CRLF, blank separators, gzip) and malformed ones (each error
// names the file, line and column), sklearn's documented fold examples and
// the fold axioms, folds equal to the Python twin's (bench/tabular.py, with
// torch.randperm from the same seeds), standardisation by hand, the counts
// sklearn publishes for its datasets, and a short cross-validated run that
// equals the twin's and beats chance.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import * as torch from '../src/index.ts';
import { expectClose } from './helpers/assert.ts';
import { py } from './helpers/python.ts';
import { crossValidate } from '../examples/tabular.ts';

const { tabular } = torch;
const { numeric, categorical, classTarget, regressionTarget, skip, readCsv, parseCsv, TabularDataError } = tabular;
const dir = mkdtempSync(join(tmpdir(), 'typed-torch-tabular-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const indices = (t: torch.Tensor) => (t.toArray() as number[]).map(Number);

describe('reading CSV against a schema', () => {
  it('reads quoted fields, CRLF line ends and a gzip file; keeps only the schema columns, in schema order', () => {
    const text = 'name,size,"colour, or not",weight\r\n"a ""big"" one",3,red,1.5\r\n"b\nc",10,blue,-2e-1\r\n\r\nd,2,red,7\r\n';
    const columns = { weight: numeric(), 'colour, or not': categorical(), size: categorical(), name: skip() };
    for (const path of [file('quoted.csv', text), file('quoted.csv.gz', gzipSync(text))]) {
      const t = readCsv(path, { columns });
      expect(t.length).toBe(3);
      expect(t.columnNames).toEqual(['weight', 'colour, or not', 'size']);
      expect(Array.from(t.numeric('weight'))).toEqual([1.5, -0.2, 7]);
      // Levels sorted: as strings, or as numbers where all are numbers (2 before 10).
      expect(t.categories('colour, or not')).toEqual({ codes: Int32Array.from([1, 0, 1]), levels: ['blue', 'red'] });
      expect(t.categories('size').levels).toEqual(['2', '3', '10']);
      expect(t.oneHotNames).toEqual(['colour, or not=blue', 'colour, or not=red', 'size=2', 'size=3', 'size=10']);
      expect(t.oneHot().toArray()).toEqual([[0, 1, 0, 1, 0], [1, 0, 0, 0, 1], [0, 1, 1, 0, 0]]);
      expect(t.categoryCodes().toArray()).toEqual([[1, 1], [0, 2], [1, 0]]);
      expect(t.categoryCodes().dtype).toBe('int64');
      expect(t.cardinalities).toEqual([2, 3]);
    }
    const quotedName = parseCsv('name,n\n"a ""big"" one",1\n"b\nc",2\n', { columns: { name: categorical(), n: numeric() } });
    expect(quotedName.categories('name').levels).toEqual(['a "big" one', 'b\nc']);
  });

  it('reads header-less, blank-separated files with given names, a class or a regression target, fills and maps', () => {
    const t = parseCsv('# a title line\n 1  x  0.5\n2\ty  NA\n', {
      columns: { a: numeric(), b: classTarget({ levels: ['y', 'x'] }), c: numeric({ fill: -1 }) },
      header: ['a', 'b', 'c'], delimiter: 'whitespace', skipLines: 1,
    });
    expect(Array.from(t.numeric('c'))).toEqual([0.5, -1]);
    expect(t.target().toArray()).toEqual([1, 0]);
    expect(t.target().dtype).toBe('int64');
    expect(t.classes).toEqual(['y', 'x']);
    expect(t.numericFeatures().toArray()).toEqual([[1, 0.5], [2, -1]]);
    // With no missing tokens, an empty field is just not a number.
    expect(() => parseCsv('h,k\n5,a\n,b\n', { columns: { h: regressionTarget(), k: categorical() }, missing: [] })).toThrow(/line 3, column 1 \('h'\): "" is not a number/);
    const m = parseCsv('h,k\n5,a\n6,\n', { columns: { h: regressionTarget(), k: categorical({ map: (f) => f.toUpperCase(), missingLevel: '?' }) } });
    expect(m.target().toArray()).toEqual([5, 6]);
    expect(m.target().dtype).toBe('float32');
    expect(m.categories('k').levels).toEqual(['?', 'A']);
    expect(m.take([1, 1, 0]).target().toArray()).toEqual([6, 6, 5]);
  });

  it('refuses malformed files with the file, line and column', () => {
    const bad = (name: string, text: string, options: Partial<torch.tabular.CsvOptions<torch.tabular.Schema>> = {}) => () =>
      readCsv(file(name, text), { columns: { a: numeric(), b: categorical() }, ...options } as never);
    expect(bad('number.csv', 'a,b\n1,x\n1.5.2,y\n')).toThrow(new RegExp(`number\\.csv: line 3, column 1 \\('a'\\): "1\\.5\\.2" is not a number`));
    expect(bad('fields.csv', 'a,b\n1,x\n2,y,z\n')).toThrow(/fields\.csv: line 3 has 3 fields, the header has 2/);
    expect(bad('quote.csv', 'a,b\n1,"x\n2,y\n')).toThrow(/quote\.csv: line 2: a quoted field is not closed before the end of the file/);
    expect(bad('after.csv', 'a,b\n1,"x"y\n')).toThrow(/after\.csv: line 2, field 2: text after a closing quote/);
    expect(bad('inner.csv', 'a,b\n1,x"y\n')).toThrow(/inner\.csv: line 2, field 2: a quote inside an unquoted field/);
    expect(bad('column.csv', 'a,c\n1,x\n')).toThrow(/column\.csv: no column 'b' in the file \(its columns: a, c\)/);
    expect(bad('twice.csv', 'a,b,a\n1,x,2\n')).toThrow(/twice\.csv: line 1: the column name 'a' appears twice/);
    expect(bad('empty.csv', '')).toThrow(/empty\.csv: the file is empty/);
    expect(bad('header-only.csv', 'a,b\n')).toThrow(/header-only\.csv: no data rows/);
    expect(bad('missing.csv', 'a,b\n1,x\nNA,y\n')).toThrow(/missing\.csv: line 3, column 1 \('a'\): a missing value \(give numeric\(\{fill\}\)/);
    expect(bad('level.csv', 'a,b\n1,x\n2,z\n', { columns: { a: numeric(), b: categorical({ levels: ['x', 'y'] }) } })).toThrow(/level\.csv: line 3, column 2 \('b'\): "z" is not one of the levels "x", "y"/);
    expect(() => readCsv(join(dir, 'nothing-here.csv'), { columns: { a: numeric() } })).toThrow(/nothing-here\.csv: cannot be read \(ENOENT/);
    expect(() => readCsv(file('broken.csv.gz', Buffer.concat([gzipSync('a\n1\n').subarray(0, 12)])), { columns: { a: numeric() } })).toThrow(/broken\.csv\.gz: a gzip file that does not decompress/);
    for (const e of [bad('number2.csv', 'a,b\nx,1\n')]) expect(e).toThrow(TabularDataError);
  });

  it('refuses a bad schema or options, by name', () => {
    expect(() => parseCsv('a,b\n1,2\n', { columns: { a: classTarget(), b: regressionTarget() } as never })).toThrow(/at most one target column, the schema has a, b/);
    expect(() => parseCsv('a\n1\n', { columns: { a: 'numeric' } as never })).toThrow(/column 'a': the schema must give a column made by numeric\(\)/);
    expect(() => parseCsv('a\n1\n', { columns: {} })).toThrow(/columns must name at least one column/);
    expect(() => parseCsv('a\n1\n', { columns: { a: numeric() }, delimiter: '::' })).toThrow(/delimiter must be one character/);
    expect(() => parseCsv('a\n1\n', { columns: { a: numeric() }, skipLines: -1 })).toThrow(/skipLines must be a count, got -1/);
    expect(() => parseCsv('a\n1\n', { columns: { a: categorical({ levels: ['x', 'x'] }) } })).toThrow(/levels repeat a value/);
    const t = parseCsv('a\n1\n', { columns: { a: numeric() } });
    expect(() => t.target()).toThrow(/names no target column/);
    expect(() => t.classes).toThrow(/no class target/);
    expect(() => t.take([1])).toThrow(/row 1 is out of range for 1 rows/);
    expect(() => t.numeric('b' as never)).toThrow(/no column 'b' \(columns: a\)/);
  });
});

describe('standardisation', () => {
  it('subtracts the training mean and divides by the population standard deviation; a constant column is left unscaled', () => {
    const train = torch.tensor([[1, 10, 5], [3, 10, 5], [5, 10, 5]]);
    const s = new tabular.StandardScaler().fit(train);
    // Column 0: mean 3, population variance (4 + 0 + 4) / 3.
    const sd = Math.sqrt(8 / 3);
    expectClose(s.mean.toArray(), [3, 10, 5], 1e-12);
    expectClose(s.scale.toArray(), [sd, 1, 1], 1e-12);
    expectClose(s.transform(torch.tensor([[3, 10, 6], [6, 11, 5]])).toArray(), [[0, 0, 1], [3 / sd, 1, 0]], 1e-6);
    expectClose(s.inverseTransform(s.transform(train)).toArray(), train.toArray(), 1e-5);
    expect(s.transform(torch.tensor([[1, 2, 3]], { dtype: 'float64' })).dtype).toBe('float64');
    expect(() => s.transform(torch.ones([2, 4]) as never)).toThrow(/fitted on 3 columns, given \[2, 4\]/);
    expect(() => new tabular.StandardScaler().transform(train)).toThrow(/call fit\(\) first/);
    expect(() => new tabular.StandardScaler().fit(torch.tensor([[1n]]) as never)).toThrow(/must be float32 or float64, got int64/);
    s.dispose();
  });
});

describe('cross-validation folds', () => {
  it("matches sklearn's documented examples and keeps the fold axioms", () => {
    // sklearn's StratifiedKFold(n_splits=2) docstring: y = [0, 0, 1, 1] gives test folds [0, 2] and [1, 3].
    expect(tabular.stratifiedKFold([0, 0, 1, 1], { nSplits: 2 }).map((f) => [indices(f.train), indices(f.test)])).toEqual([[[1, 3], [0, 2]], [[0, 2], [1, 3]]]);
    // KFold(n_splits=2) on 4 rows: [0, 1] then [2, 3]; 10 rows in 3 folds: 4, 3, 3.
    expect(tabular.kFold(4, { nSplits: 2 }).map((f) => indices(f.test))).toEqual([[0, 1], [2, 3]]);
    expect(tabular.kFold(10, { nSplits: 3 }).map((f) => f.test.shape[0])).toEqual([4, 3, 3]);
    const y = Array.from({ length: 103 }, (_, i) => (i * 7) % 3 === 0 ? 2 : i % 5 === 0 ? 0 : 1);
    const folds = tabular.stratifiedKFold(y, { nSplits: 5, shuffle: true, generator: 3 });
    const seen = new Array(103).fill(0);
    for (const f of folds) {
      for (const i of indices(f.test)) seen[i]++;
      expect(indices(f.train).length + indices(f.test).length).toBe(103);
      expect(new Set([...indices(f.train), ...indices(f.test)]).size).toBe(103);
      // Each class's share differs from the whole's by less than one row per fold.
      for (const c of [0, 1, 2]) {
        const inFold = indices(f.test).filter((i) => y[i] === c).length;
        const total = y.filter((v) => v === c).length;
        expect(Math.abs(inFold - total / 5)).toBeLessThan(1);
      }
    }
    expect(seen.every((n) => n === 1)).toBe(true);
  });

  it("equals the Python twin's folds for the same seeds (torch.randperm on both sides)", () => {
    const y = Array.from({ length: 40 }, (_, i) => (i % 7 === 0 ? 'c' : i % 3 === 0 ? 'b' : 'a')).map((c) => 'abc'.indexOf(c) * 10 + 3);
    const twin = py<{ strat: number[][][]; k: number[][][] }>(`
import sys
sys.path.insert(0, ${JSON.stringify(resolve('bench'))})
from tabular import stratified_folds, k_folds
y = torch.tensor(${JSON.stringify(y)})
out = {'strat': [[[a.tolist(), b.tolist()] for a, b in stratified_folds(y, 4, s)] for s in (0, 1, 7)],
       'k': [[[a.tolist(), b.tolist()] for a, b in k_folds(23, 5, s)] for s in (0, 5)]}
`);
    const ours = [0, 1, 7].map((s) => tabular.stratifiedKFold(y, { nSplits: 4, shuffle: true, generator: s }).map((f) => [indices(f.train), indices(f.test)]));
    expect(ours).toEqual(twin.strat);
    expect([0, 5].map((s) => tabular.kFold(23, { nSplits: 5, shuffle: true, generator: s }).map((f) => [indices(f.train), indices(f.test)]))).toEqual(twin.k);
  });

  it('refuses impossible splits', () => {
    expect(() => tabular.stratifiedKFold([0, 0, 1], { nSplits: 3 })).toThrow(/nSplits \(3\) is more than the rows of every class \(at most 2\)/);
    expect(() => tabular.kFold(3, { nSplits: 4 })).toThrow(/nSplits \(4\) is more than the 3 rows/);
    expect(() => tabular.kFold(5, { nSplits: 1 })).toThrow(/at least 2, got 1/);
    expect(() => tabular.stratifiedKFold(torch.tensor([0.5, 1]) as never, { nSplits: 2 })).toThrow(/class indices \(an integer tensor\), got float32/);
    expect(() => tabular.kFold(6, { nSplits: 2, generator: 1 })).toThrow(/a generator only matters with shuffle: true/);
  });
});

describe("sklearn's datasets", () => {
  it('have the sizes and class counts sklearn publishes', () => {
    const counts = (t: torch.Tensor) => t.bincount().toArray() as number[];
    const iris = tabular.sklearnDataset('iris');
    expect([iris.length, iris.numericNames.length, counts(iris.target())]).toEqual([150, 4, [50, 50, 50]]);
    expect(iris.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(Array.from(iris.numeric('petal length (cm)').slice(0, 2))).toEqual([1.4, 1.4]);
    const wine = tabular.sklearnDataset('wine');
    expect([wine.length, wine.numericNames.length, counts(wine.target())]).toEqual([178, 13, [59, 71, 48]]);
    const bc = tabular.sklearnDataset('breast_cancer');
    expect([bc.length, bc.numericNames.length, counts(bc.target()), bc.classes]).toEqual([569, 30, [212, 357], ['malignant', 'benign']]);
    const digits = tabular.sklearnDataset('digits');
    expect([digits.length, digits.numericNames.length, counts(digits.target())]).toEqual([1797, 64, [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]]);
    const diabetes = tabular.sklearnDataset('diabetes');
    expect([diabetes.length, diabetes.numericNames.length]).toEqual([442, 10]);
    expect((diabetes.target().toArray() as number[]).slice(0, 3)).toEqual([151, 75, 141]);
    expect(() => tabular.sklearnDataset('boston' as never)).toThrow(/no dataset 'boston'/);
  });
});

describe('entity embeddings', () => {
  it('embeds each categorical column with its own table and maps [B, F] and [B, C] to [B, out]', () => {
    torch.manualSeed(0);
    const m = new tabular.TabularModel({ numeric: 2, cardinalities: [5, 3], out: 4, hidden: [8] });
    expect(m.embeddings.at(0).embeddingDim).toBe(tabular.embeddingSize(5));
    expect([tabular.embeddingSize(2), tabular.embeddingSize(5), tabular.embeddingSize(100)]).toEqual([2, 4, 21]);
    expect(m.layers.at(0).inFeatures).toBe(2 + tabular.embeddingSize(5) + tabular.embeddingSize(3));
    const x = torch.randn([6, 2]);
    const codes = torch.tensor([[0n, 2n], [4n, 1n], [1n, 0n], [3n, 2n], [2n, 2n], [0n, 0n]]);
    const out = m.forward(x, codes);
    expect(out.shape).toEqual([6, 4]);
    out.sum().backward();
    expect(m.embeddings.at(1).weight.grad?.shape).toEqual([3, tabular.embeddingSize(3)]);
    // Rows 0 and 5 share level 0 of the first column: its embedding row gets both gradients.
    expect((m.embeddings.at(0).weight.grad!.abs().sum(1).toArray() as number[]).map((v) => v > 0)).toEqual([true, true, true, true, true]);
    expect(() => m.forward(torch.randn([6, 3]) as never, codes)).toThrow(/the numeric input must be \[B, 2\], got \[6, 3\]/);
    expect(() => m.forward(x, torch.tensor([[0n], [1n]]) as never)).toThrow(/the category codes must be \[6, 2\], got \[2, 1\]/);
    expect(() => m.forward(x, codes.float() as never)).toThrow(/must be int64, got float32/);
    expect(() => new tabular.TabularModel({ numeric: 2, cardinalities: [0], out: 1 })).toThrow(/cardinalities\[0\] must be a positive integer, got 0/);
    expect(() => new tabular.TabularModel({ numeric: 1, cardinalities: [2], out: 1, dropout: 1 })).toThrow(/dropout must be in \[0, 1\), got 1/);
  });
});

describe('a short cross-validated run', () => {
  it("classifies iris far above chance (1/3) and equals the Python twin's folds, weights and scores", () => {
    const ours = crossValidate('iris', { repeats: 1 });
    const twin = py<{ logistic: number[]; mlp: number[] }>(`
import sys
sys.path.insert(0, ${JSON.stringify(resolve('bench'))})
import tabular
out = tabular.classification('iris', 1)
`);
    expect(ours.accuracy.logistic[0]).toBeGreaterThan(0.93);
    expect(ours.accuracy.mlp[0]).toBeGreaterThan(0.9);
    expectClose(ours.accuracy.logistic, twin.logistic, 1e-9);
    expectClose(ours.accuracy.mlp, twin.mlp, 1e-9);
  }, 60_000);
});
