// The generator as a pipeline: selection reasons, and a 2.x-style spec (SymInt
// everywhere, tags as lists) that must generate without code changes.
import { describe, expect, it } from 'vitest';
import { generateFromSpec } from '../../gen/main.ts';
import { loadSpecText, parseEntries, DEFAULT_SPEC_DIR, loadSpec } from '../../gen/spec.ts';
import { select } from '../../gen/select.ts';
import { camel, identifier } from '../../gen/names.ts';

const YAML_2X = `
- func: view(Tensor(a) self, SymInt[] size) -> Tensor(a)
  variants: method
  tags: [core, view_copy]
- func: narrow(Tensor(a) self, int dim, SymInt start, SymInt length) -> Tensor(a)
  variants: function, method
- func: empty.memory_format(SymInt[] size, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None, MemoryFormat? memory_format=None) -> Tensor
  tags: core
- func: constant_pad_nd(Tensor self, SymInt[] pad, Scalar value=0) -> Tensor
- func: new_zeros(Tensor self, SymInt[] size, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor
  variants: method
- func: slice.Tensor(Tensor(a) self, int dim=0, SymInt? start=None, SymInt? end=None, SymInt step=1) -> Tensor(a)
  variants: function, method
- func: sym_size.int(Tensor self, int dim) -> SymInt
  variants: function
- func: add.out(Tensor self, Tensor other, *, Scalar alpha=1, Tensor(a!) out) -> Tensor(a!)
- func: _private_thing(Tensor self) -> Tensor
`;

describe('generator', () => {
  it('turns camelCase names and escapes reserved words', () => {
    expect(camel('log_softmax')).toBe('logSoftmax');
    expect(camel('add_')).toBe('add_');
    expect(camel('max_pool2d')).toBe('maxPool2d');
    expect(camel('linalg_vector_norm')).toBe('linalgVectorNorm');
    expect(identifier('default')).toBe('default_');
  });

  it('generates a 2.x-style spec (SymInt everywhere, tag lists) without code changes', () => {
    const entries = parseEntries(loadSpecText(YAML_2X));
    expect(entries.every((e) => e.schema)).toBe(true);
    const { files, summary } = generateFromSpec({ dir: 'memory', entries, tags: [] });
    expect(summary).toContain('7 generated under 7 names, 2 skipped');
    const byName = Object.fromEntries(files.map((f) => [f.path.split('/').pop(), f.text]));
    const functions = byName['functions.ts']!;
    const methods = byName['methods.ts']!;
    // narrow has a curated shape rule: dim and length are captured as literals.
    expect(functions).toContain(
      "export function narrow<T extends Tensor, const Dm extends number, const L extends number>(self: T, dim: OrMsg<Resize<ShapeOf<T>, Dm, L, 'narrow'>, Dm>, start: number, length: L): Out<Resize<ShapeOf<T>, Dm, L, 'narrow'>, DTypeOf<T>, T>;",
    );
    expect(functions).toContain('export function symSize<T extends Tensor>(self: T, dim: number): number;');
    expect(functions).toContain('export function constantPadNd<T extends Tensor>(self: T, pad: number | readonly number[]');
    expect(methods).toContain(
      "view<T extends Tensor, const Sz extends readonly number[]>(this: T, size: OrMsg<Reshape<ShapeOf<T>, Sz, 'view'>, Sz>): Out<Reshape<ShapeOf<T>, Sz, 'view'>, DTypeOf<T>, T>;",
    );
    expect(methods).toContain('newZeros<T extends Tensor>(this: T, size: number | readonly number[], options?: { dtype?: DType | null;');
    expect(byName['overloads.ts']).toContain("overload('slice.Tensor', [['self', 'Tensor'], ['dim', 'int', D], ['start', 'int', D | N], ['end', 'int', D | N], ['step', 'int', D]])");
    expect(byName['ops.md']).toContain('| `add.out(Tensor self, Tensor other, *, Scalar alpha=1, Tensor(a!) out) -> Tensor(a!)` | out= variant');
    expect(byName['ops.md']).toContain('| `_private_thing(Tensor self) -> Tensor` | private operator');
  });

  it('gives every skipped schema of the installed spec a reason, and keeps the core ops', () => {
    const { selected, skipped } = select(loadSpec(DEFAULT_SPEC_DIR).entries);
    expect(selected.length + skipped.length).toBe(2493);
    expect(skipped.every((s) => s.reason.length > 0)).toBe(true);
    const names = new Set(selected.map((s) => `${s.schema.name}.${s.schema.overload}`));
    for (const core of ['add.Tensor', 'mm.', 'matmul.', 'conv2d.', 'sum.dim_IntList', 'mean.dim', 'max.dim', 'cat.', 'index.Tensor', 'log_softmax.int']) {
      expect(names.has(core), core).toBe(true);
    }
    expect(selected.length).toBe(1220);
  });
});
