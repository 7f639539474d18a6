// Shape and dtype rules: how an overload's TS signature computes its result
// type. The default keeps the receiver's type for in-place ops and returns a
// dynamic Tensor otherwise; the curated table in shape-rules.ts refines it.
import type { Schema } from './schema.ts';
import type { Param, Rule } from './types.ts';
import { returnTsType } from './ts-types.ts';
import { curatedRule } from './shape-rules.ts';

/**
 * In-place ops that change self's shape or strides (views of themselves, resizing, set_): they
 * return self, whose static shape no longer holds, so their result's shape is dynamic.
 */
const RESHAPING_IN_PLACE = new Set(['squeeze_', 'unsqueeze_', 'transpose_', 't_', 'swapaxes_', 'swapdims_', 'as_strided_', 'resize_', 'resize_as_', 'set_']);

export function signatureRule(schema: Schema, params: Param[], method: boolean): Rule {
  const self = schema.args.find((a) => a.name === 'self' && a.type.base === 'Tensor' && !a.type.list && !a.type.optional);
  const rule: Rule = {
    typeParams: [],
    paramTypes: new Map(),
    selfType: 'Tensor',
    returnType: 'void',
  };
  const typeParamOf = new Map<string, string>();
  if (self) {
    rule.typeParams.push('T extends Tensor');
    rule.paramTypes.set('self', 'T');
    rule.selfType = 'T';
    typeParamOf.set('self', 'T');
  }
  const curated = curatedRule({ schema, params, method, typeParamOf });
  const tensorTypes = schema.returns.map((r) => {
    // In-place and out= forms return the tensor they wrote into.
    const writes = r.type.alias?.write ? schema.args.find((a) => a.type.alias?.write && a.type.alias.set === r.type.alias!.set) : undefined;
    if (writes && typeParamOf.has(writes.name) && !r.type.list) {
      const t = typeParamOf.get(writes.name)!;
      return RESHAPING_IN_PLACE.has(schema.name) ? `Tensor<number[], DTypeOf<${t}>, DeviceOf<${t}>>` : t;
    }
    return 'Tensor';
  });
  const returns = schema.returns.map((r, i) => returnTsType(r, tensorTypes[i]!));
  if (returns.length === 1) rule.returnType = returns[0]!;
  else if (returns.length > 1) {
    rule.returnType = `[${returns.map((t, i) => (schema.returns[i]!.name ? `${schema.returns[i]!.name}: ${t}` : t)).join(', ')}]`;
  }
  if (curated) {
    rule.typeParams.push(...curated.typeParams);
    for (const [k, v] of curated.paramTypes) rule.paramTypes.set(k, v);
    // A check on self (an argument-less op such as t()) is carried by the method's `this` too.
    if (curated.paramTypes.has('self')) rule.selfType = curated.paramTypes.get('self')!;
    if (curated.returnType) rule.returnType = curated.returnType;
    rule.ruleName = curated.name;
    rule.checks = curated.checks ?? false;
  }
  return rule;
}
