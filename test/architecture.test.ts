// The layering of docs/architecture.md, checked on the sources: each layer
// imports only the layers below it, and operators are called by name in one
// place only (src/core/op.ts, used by the generated layer's schema lookup
// and by torch.ops).
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const src = resolve(import.meta.dirname, '..', 'src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Every relative import of every source file, as paths relative to src/. */
const imports = files(src).map((f) => {
  const text = readFileSync(f, 'utf8');
  const targets = [...text.matchAll(/(?:import|export)[^'"]*from\s+'(\.[^']+)'/g)].map((m) => relative(src, resolve(dirname(f), m[1]!)));
  return { file: relative(src, f), targets };
});

const layer = (path: string) => path.split('/')[0]!;

describe('layers', () => {
  it('src/types is pure types and imports nothing else', () => {
    for (const { file, targets } of imports.filter((i) => layer(i.file) === 'types')) {
      expect(targets.filter((t) => layer(t) !== 'types'), file).toEqual([]);
    }
  });

  it('src/core imports only src/core and src/types', () => {
    for (const { file, targets } of imports.filter((i) => layer(i.file) === 'core')) {
      expect(targets.filter((t) => !['core', 'types'].includes(layer(t))), file).toEqual([]);
    }
  });

  it('src/ops builds on core and types only', () => {
    for (const { file, targets } of imports.filter((i) => layer(i.file) === 'ops')) {
      expect(targets.filter((t) => !['core', 'types', 'ops'].includes(layer(t))), file).toEqual([]);
    }
  });

  it('operators are called by name only by the generated layer and torch.ops', () => {
    const byName = imports.filter((i) => i.targets.includes('core/op.ts')).map((i) => i.file).sort();
    expect(byName).toEqual(['ops/namespace.ts', 'ops/schema.ts']);
  });

  it('nn, optim, data, vision, geometric and serialization never reach the addon directly but through ops, except to move bytes', () => {
    const native = imports.filter((i) => ['nn', 'optim', 'data', 'vision', 'geometric'].includes(layer(i.file)) && i.targets.includes('core/native.ts'));
    expect(native.map((i) => i.file)).toEqual([]);
  });
});
