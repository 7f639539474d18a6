// The generator's model: selected schemas grouped by JS name, each overload
// with the pieces of its TypeScript signature.
import type { SchemaArg } from './schema.ts';
import type { OpModel, OverloadModel, Param, Selected, SignatureModel } from './types.ts';
import { camel, identifier } from './names.ts';
import { argTsType } from './ts-types.ts';
import { signatureRule } from './rules.ts';
import { atenName } from './aten.ts';

export type { OpModel, OverloadModel, Param, SignatureModel } from './types.ts';

/** Names the library writes by hand: generated forms are left out for these. */
export const HAND_WRITTEN_FUNCTIONS = new Set([
  'zeros', 'ones', 'empty', 'full', 'rand', 'randn', 'arange', 'linspace', 'eye', 'randint',
]);
export const HAND_WRITTEN_METHODS = new Set([
  'to', 'size', 'stride', 'dim', 'numel', 'item', 'backward', 'requiresGrad_', 'retainGrad', 'isLeaf',
  'float', 'double', 'long', 'int', 'bool', 'cpu', 'shape', 'dtype', 'device', 'grad', 'requiresGrad',
  'keep', 'dispose', 'toString', 'toArray', 'toTypedArray', 'ndim', 'gradFn', 'isDisposed', 'itemBigInt',
]);

const schemaDefault = (a: SchemaArg) => a.default !== undefined;
const nullable = (a: SchemaArg) => a.type.optional;

export function buildModel(selected: Selected[]): OpModel[] {
  const byName = new Map<string, OpModel>();
  const snakeOf = new Map<string, string>();
  for (const s of selected) {
    const name = camel(s.schema.name);
    const other = snakeOf.get(name);
    if (other !== undefined && other !== s.schema.name) {
      throw new Error(`two operators map to the JS name ${name}: ${other} and ${s.schema.name}`);
    }
    snakeOf.set(name, s.schema.name);
    let op = byName.get(name);
    if (!op) {
      op = { name, schemaName: s.schema.name, overloads: [] };
      if (s.entry.python_module !== undefined) op.pythonModule = s.entry.python_module;
      byName.set(name, op);
    } else if (op.pythonModule !== s.entry.python_module) {
      throw new Error(`the overloads of ${name} are in different Python modules: ${op.pythonModule} and ${s.entry.python_module}`);
    }
    const qualified = s.schema.overload ? `${s.schema.name}.${s.schema.overload}` : s.schema.name;
    op.overloads.push({
      schema: s.schema,
      qualified,
      constName: `${s.schema.name}__${s.schema.overload || 'default'}`,
      atenName: atenName(s.schema),
      asFunction: s.asFunction && !HAND_WRITTEN_FUNCTIONS.has(name),
      asMethod: s.asMethod && !HAND_WRITTEN_METHODS.has(name),
    });
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Builds the TS signature of an overload in function or method form. */
export function signatureOf(ov: OverloadModel, method: boolean, mustGive: ReadonlySet<string> = new Set()): SignatureModel {
  const schema = ov.schema;
  const hasDefault = (a: SchemaArg) => schemaDefault(a) && !mustGive.has(a.name);
  const params: Param[] = schema.args.map((arg) => ({
    schemaName: arg.name,
    ident: identifier(arg.name),
    key: camel(arg.name),
    tsType: argTsType(arg),
    arg,
  }));
  const rule = signatureRule(schema, params, method);
  for (const p of params) p.tsType = rule.paramTypes.get(p.schemaName) ?? p.tsType;

  const positional = params.filter((p) => !p.arg.kwargOnly && !(method && p.schemaName === 'self'));
  // Parameters up to the last one without a default must be given in place.
  let lastRequired = -1;
  positional.forEach((p, i) => {
    if (!hasDefault(p.arg)) lastRequired = i;
  });
  const required = positional.slice(0, lastRequired + 1).map((p) => ({
    name: p.ident,
    type: hasDefault(p.arg) ? `${p.tsType} | undefined` : p.tsType,
  }));
  const optional = positional.slice(lastRequired + 1).map((p) => ({ name: p.ident, type: p.tsType }));
  const options = params
    .filter((p) => !(method && p.schemaName === 'self') && (p.arg.kwargOnly || positional.indexOf(p) > lastRequired))
    .map((p) => ({ key: p.key, type: p.tsType, required: p.arg.kwargOnly && !hasDefault(p.arg) && !nullable(p.arg) }));
  if (method) required.unshift({ name: 'this', type: rule.selfType });
  return {
    typeParams: rule.typeParams,
    required,
    optional,
    options,
    returnType: rule.returnType,
    ruleName: rule.ruleName,
    checks: rule.checks ?? false,
  };
}
