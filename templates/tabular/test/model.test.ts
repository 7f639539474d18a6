// The contract: the schema reads the file (and a malformed one is refused by
// line and column), the model maps [B, numbers] and [B, categories] to
// class logits, and training beats always guessing the commoner class.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as torch from 'typed-torch';
import { makeModel, readTable } from '../src/model.js';
import { fit, score } from '../src/train.js';

test('reads the table with its schema, and names the line and column of a bad value', () => {
  const table = readTable();
  assert.equal(table.length, 6366);
  assert.deepEqual(table.cardinalities, [5, 6, 4, 6, 6, 6]);
  assert.deepEqual(table.classes, ['none', 'some']);
  const bad = join(mkdtempSync(join(tmpdir(), 'table-')), 'bad.csv');
  writeFileSync(bad, 'rate_marriage,age,yrs_married,children,religious,educ,occupation,occupation_husb,affairs\n3,32,9,3,3,17,2,5,0\n3,old,13,3,1,14,3,4,3.2\n');
  assert.throws(() => readTable(bad), /line 3, column 2 \('age'\): "old" is not a number/);
});

test('maps [B, 2] numbers and [B, 6] category codes to logits [B, 2]', () => {
  const table = readTable();
  const rows = torch.arange(8);
  const logits = makeModel(table).forward(table.numericFeatures().indexSelect(0, rows), table.categoryCodes().indexSelect(0, rows));
  assert.deepEqual(logits.shape, [8, 2]);
});

test('two epochs on four folds beat always answering "none" on the fifth', () => {
  const table = readTable();
  torch.manualSeed(0);
  const [fold] = torch.tabular.stratifiedKFold(table.target(), { nSplits: 5, shuffle: true, generator: 0 });
  const losses: number[] = [];
  const accuracy = score(table, fit(table, fold!.train, 2, (l) => losses.push(l)), fold!.test);
  const none = 1 - Number(table.target().float().mean().item());
  assert.ok(losses[1]! < losses[0]!, `loss ${losses.join(' -> ')}`);
  assert.ok(accuracy > none, `accuracy ${accuracy} vs always "none" ${none}`);
});
