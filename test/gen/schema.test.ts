// The schema parser, over every schema of the installed spec and on the
// grammar's corner cases.
import { describe, expect, it } from 'vitest';
import { formatType, parseSchema, parseType, SchemaParseError } from '../../gen/schema.ts';
import { DEFAULT_SPEC_DIR, loadSpec } from '../../gen/spec.ts';

describe('schema parser', () => {
  const spec = loadSpec(DEFAULT_SPEC_DIR);

  it('parses every schema of native_functions.yaml (none skipped)', () => {
    expect(spec.entries.length).toBe(2493);
    const failures = spec.entries.filter((e) => e.parseError).map((e) => e.parseError);
    expect(failures).toEqual([]);
  });

  it('round-trips every argument and return type through formatType', () => {
    for (const { schema } of spec.entries) {
      for (const a of schema!.args) {
        const typeText = a.text.split('=')[0]!.trim().replace(new RegExp(`\\s+${a.name}$`), '');
        expect(formatType(a.type), schema!.text).toBe(typeText.replace(/\s*->\s*/g, ' -> '));
      }
    }
  });

  it('reads names, overloads, keyword-only markers and defaults', () => {
    const s = parseSchema('add.Tensor(Tensor self, Tensor other, *, Scalar alpha=1) -> Tensor');
    expect([s.name, s.overload]).toEqual(['add', 'Tensor']);
    expect(s.args.map((a) => [a.name, a.type.base, a.kwargOnly])).toEqual([
      ['self', 'Tensor', false], ['other', 'Tensor', false], ['alpha', 'Scalar', true],
    ]);
    expect(s.args[2]!.default).toEqual({ kind: 'int', value: 1 });
    expect(parseSchema('relu(Tensor self) -> Tensor').overload).toBe('');
  });

  it('reads alias annotations', () => {
    const s = parseSchema('add_.Tensor(Tensor(a!) self, Tensor other, *, Scalar alpha=1) -> Tensor(a!)');
    expect(s.args[0]!.type.alias).toEqual({ set: 'a', write: true });
    expect(s.returns[0]!.type.alias).toEqual({ set: 'a', write: true });
    expect(parseType('Tensor(a -> *)').alias).toEqual({ set: 'a', write: false, after: '*' });
    expect(parseType('Tensor(a)[]')).toEqual({ base: 'Tensor', alias: { set: 'a', write: false }, optional: false, list: { elemOptional: false } });
  });

  it('reads optional, list, fixed-size list and optional-element types', () => {
    expect(parseType('Tensor?')).toEqual({ base: 'Tensor', optional: true });
    expect(parseType('int[2]')).toEqual({ base: 'int', optional: false, list: { size: 2, elemOptional: false } });
    expect(parseType('int[1]?')).toEqual({ base: 'int', optional: true, list: { size: 1, elemOptional: false } });
    expect(parseType('Tensor?[]')).toEqual({ base: 'Tensor', optional: false, list: { elemOptional: true } });
    expect(parseType('SymInt[]')).toEqual({ base: 'SymInt', optional: false, list: { elemOptional: false } });
  });

  it('reads every kind of default value', () => {
    const s = parseSchema(
      "f(int a=-1, float b=1e-05, bool c=True, str d='mean', int[] e=[0,1], ScalarType? f=None, int g=Mean, MemoryFormat h=contiguous_format, str i=\"x\") -> Tensor",
    );
    expect(s.args.map((a) => a.default)).toEqual([
      { kind: 'int', value: -1 },
      { kind: 'float', value: 1e-5 },
      { kind: 'bool', value: true },
      { kind: 'str', value: 'mean' },
      { kind: 'list', value: [0, 1] },
      { kind: 'none' },
      { kind: 'name', value: 'Mean' },
      { kind: 'name', value: 'contiguous_format' },
      { kind: 'str', value: 'x' },
    ]);
  });

  it('reads named, unnamed, tuple, list and empty returns', () => {
    expect(parseSchema('max.dim(Tensor self, int dim, bool keepdim=False) -> (Tensor values, Tensor indices)').returns)
      .toEqual([{ name: 'values', type: { base: 'Tensor', optional: false } }, { name: 'indices', type: { base: 'Tensor', optional: false } }]);
    expect(parseSchema('f(Tensor a) -> (Tensor, Tensor)').returns.map((r) => r.name)).toEqual([undefined, undefined]);
    expect(parseSchema('unbind.int(Tensor(a -> *) self, int dim=0) -> Tensor(a)[]').returns[0]!.type.list).toEqual({ elemOptional: false });
    expect(parseSchema('f(Tensor(a!) a) -> ()').returns).toEqual([]);
  });

  it('rejects malformed schemas with a message naming the problem', () => {
    expect(() => parseSchema('add(Tensor self')).toThrow(SchemaParseError);
    expect(() => parseSchema('add(Tensor self) Tensor')).toThrow(/expected 'name\(args\) -> returns'/);
    expect(() => parseSchema('add(Tensor) -> Tensor')).toThrow(/has no name/);
    expect(() => parseSchema('add(Tensor a, Tensor a) -> Tensor')).toThrow(/duplicate argument 'a'/);
    expect(() => parseSchema('add(Tensor a, *, *, int b) -> Tensor')).toThrow(/two '\*' markers/);
    expect(() => parseSchema('add(Tensor(a!!) self) -> Tensor')).toThrow(/bad alias annotation/);
    expect(() => parseSchema('add(int a=@) -> Tensor')).toThrow(/bad default value/);
  });
});
