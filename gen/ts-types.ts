// Schema types to TypeScript types (for signatures) and to argument kinds
// (for the overload resolver and the addon), both from the one table in
// src/ops/arg-kinds.ts.
import type { SchemaArg, SchemaReturn, SchemaType } from './schema.ts';
import { ARG_KINDS, kindOfType, type ArgKind } from '../src/ops/arg-kinds.ts';

/** The argument kind of a schema type (the generator only sees bridged types here). */
export function runtimeKind(t: SchemaType): ArgKind {
  const kind = kindOfType(t);
  if (kind === undefined) throw new Error(`no argument kind for ${t.base}${t.list ? '[]' : ''}`);
  return kind;
}

/** The TS type of an argument (before any shape rule narrows it). */
export function argTsType(a: SchemaArg): string {
  const ts = ARG_KINDS[runtimeKind(a.type)].ts;
  return a.type.optional ? `${ts} | null` : ts;
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
