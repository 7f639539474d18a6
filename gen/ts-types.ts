// Schema types to TypeScript types (for signatures) and to runtime kinds
// (for the overload resolver in src/ops/dispatch.ts).
import type { SchemaArg, SchemaReturn, SchemaType } from './schema.ts';

/** The runtime kind of an argument, as src/ops/dispatch.ts `fits()` knows it. */
export function runtimeKind(t: SchemaType): string {
  const base =
    t.base === 'SymInt' ? 'int' : t.base === 'Tensor' && t.list?.elemOptional ? 'Tensor?' : t.base;
  return t.list ? `${base}[]` : base;
}

const SCALAR_TS: Record<string, string> = {
  Tensor: 'Tensor',
  int: 'number',
  SymInt: 'number',
  float: 'number',
  bool: 'boolean',
  str: 'string',
  Scalar: 'Scalar',
  ScalarType: 'DType',
  Layout: 'Layout',
  Device: 'Device',
  MemoryFormat: 'MemoryFormat',
  Generator: 'Generator',
};

/** The TS type of an argument (before any shape rule narrows it). */
export function argTsType(a: SchemaArg): string {
  const t = a.type;
  const base = SCALAR_TS[t.base];
  if (base === undefined) throw new Error(`no TS type for ${t.base}`);
  let ts: string;
  if (t.list) {
    const elem = t.list.elemOptional ? `(${base} | null)` : base;
    ts = `readonly ${elem}[]`;
    // int[2] stride = 2: a single number fills every slot (as in Python).
    if ((t.base === 'int' || t.base === 'SymInt' || t.base === 'float') && !t.list.elemOptional) ts = `${base} | ${ts}`;
  } else {
    ts = base;
  }
  if (t.optional) ts += ' | null';
  return ts;
}

const RETURN_TS: Record<string, string> = {
  int: 'number',
  SymInt: 'number',
  float: 'number',
  bool: 'boolean',
  Scalar: 'number',
  ScalarType: 'DType',
};

/** The TS type of one return; `tensorType` is what a returned Tensor is. */
export function returnTsType(r: SchemaReturn, tensorType: string): string {
  if (r.type.base === 'Tensor') {
    const one = r.type.optional ? `${tensorType} | null` : tensorType;
    return r.type.list ? `${r.type.list.elemOptional ? `(${tensorType} | null)` : tensorType}[]` : one;
  }
  const base = RETURN_TS[r.type.base];
  if (base === undefined) throw new Error(`no TS type for return ${r.type.base}`);
  return r.type.list ? `${base}[]` : base;
}
