// The kinds of operator arguments the JS bridge converts: one table shared by
// the generator (schema types to kinds, and TypeScript types), the overload
// resolver (which JS values fit a kind: src/ops/dispatch.ts, checked
// complete against this table by the compiler) and the addon (its C++ enum,
// native/src/generated/arg_kinds.h, is written from this table by gen/).
// `verifyGenerated` checks that the addon classifies every generated
// argument as the generator did.

/**
 * Each kind: the C++ enumerator the addon uses, and the TypeScript type of
 * such an argument in the generated signatures (`number | readonly number[]`
 * for int lists: one number fills every slot of `int[2]`, as in Python).
 */
export const ARG_KINDS = {
  Tensor: { cpp: 'Tensor', ts: 'Tensor' },
  'Tensor[]': { cpp: 'TensorList', ts: 'readonly Tensor[]' },
  'Tensor?[]': { cpp: 'OptTensorList', ts: 'readonly (Tensor | null)[]' },
  int: { cpp: 'Int', ts: 'number' },
  'int[]': { cpp: 'IntList', ts: 'number | readonly number[]' },
  float: { cpp: 'Float', ts: 'number' },
  'float[]': { cpp: 'FloatList', ts: 'number | readonly number[]' },
  bool: { cpp: 'Bool', ts: 'boolean' },
  'bool[]': { cpp: 'BoolList', ts: 'readonly boolean[]' },
  str: { cpp: 'String', ts: 'string' },
  'str[]': { cpp: 'StringList', ts: 'readonly string[]' },
  Scalar: { cpp: 'Scalar', ts: 'Scalar' },
  'Scalar[]': { cpp: 'ScalarList', ts: 'readonly Scalar[]' },
  ScalarType: { cpp: 'ScalarType', ts: 'DType' },
  Layout: { cpp: 'Layout', ts: 'Layout' },
  MemoryFormat: { cpp: 'MemoryFormat', ts: 'MemoryFormat' },
  Device: { cpp: 'Device', ts: 'Device' },
  Generator: { cpp: 'Generator', ts: 'Generator' },
} as const;

export type ArgKind = keyof typeof ARG_KINDS;

/** Schema base types that stand for another kind's base (SymInt is an int in JS). */
const BASE_ALIAS: Record<string, string> = { SymInt: 'int' };

/**
 * The kind of a schema type (its base, whether it is a list, whether list
 * elements may be None), or undefined when the bridge does not convert it
 * (Dimname, Storage, Stream, ...). `T?` does not change the kind.
 */
export function kindOfType(t: { base: string; list?: { elemOptional: boolean } }): ArgKind | undefined {
  const base = BASE_ALIAS[t.base] ?? t.base;
  const name = t.list ? (t.list.elemOptional ? `${base}?[]` : `${base}[]`) : base;
  return name in ARG_KINDS ? (name as ArgKind) : undefined;
}

export function isArgKind(name: string): name is ArgKind {
  return name in ARG_KINDS;
}
