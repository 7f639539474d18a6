// The untyped generated layer, src/ops/generated/aten.ts (`torch.ops.aten`):
// one function per schema the bridge can call, named after the schema
// (`add_Tensor` for add.Tensor, `relu` for relu's default overload), taking
// every argument positionally in schema order (defaulted ones optional),
// without shape types and without run-time overload resolution. The
// library's own code calls these, so the compiler checks every internal op
// call; the typed public API (functions.ts, methods.ts) resolves among them.
import type { Schema, SchemaArg, SchemaReturn } from './schema.ts';
import { identifier, isReserved } from './names.ts';
import { ARG_KINDS } from '../src/ops/arg-kinds.ts';
import { returnTsType, runtimeKind } from './ts-types.ts';
import { WIDTH, doc, header, signature, type ParamText } from './format.ts';
import type { GeneratedFile } from './types.ts';

/** The function name of a schema in aten.ts. */
export function atenName(s: Schema): string {
  return s.overload ? `${s.name}_${s.overload}` : s.name;
}

/** The declared (and, for reserved words, the internal) name. */
function declaredName(s: Schema): string {
  const name = atenName(s);
  return isReserved(name) ? `${name}$` : name;
}

function flags(a: SchemaArg): string {
  const f: string[] = [];
  if (a.default !== undefined) f.push('D');
  if (a.type.optional) f.push('N');
  if (a.kwargOnly) f.push('K');
  return f.join(' | ');
}

/** The schema's argument table, as src/ops/schema.ts reads it. */
export function argTable(s: Schema): string {
  return `[${s.args.map((a) => `['${a.name}', '${runtimeKind(a.type)}'${flags(a) ? `, ${flags(a)}` : ''}]`).join(', ')}]`;
}

/** The argument a return writes into (in-place and out= forms), if any. */
export function writtenArg(s: Schema, r: SchemaReturn): SchemaArg | undefined {
  if (!r.type.alias?.write || r.type.list) return undefined;
  return s.args.find((a) => a.type.alias?.write && a.type.alias.set === r.type.alias!.set && !a.type.list);
}

/** How a JS value of this argument crosses to the addon. */
function toNative(a: SchemaArg, ident: string): string {
  const kind = runtimeKind(a.type);
  if (kind === 'Tensor') return `handle(${ident})`;
  if (kind === 'Tensor[]' || kind === 'Tensor?[]') return `handles(${ident})`;
  if (kind === 'Generator') return `generatorId(${ident})`;
  return ident;
}

interface AtenFunction {
  text: string;
  name: string;
}

function emitOne(s: Schema): AtenFunction {
  const name = declaredName(s);
  // A parameter named like the function (pad's `pad`) would hide it in the body.
  const idents = s.args.map((a) => (identifier(a.name) === name ? `${identifier(a.name)}_` : identifier(a.name)));
  // An argument may be left out when it and every later one has a default or accepts None.
  const optionalFrom = new Array<boolean>(s.args.length + 1).fill(true);
  for (let i = s.args.length - 1; i >= 0; i--) {
    const a = s.args[i]!;
    optionalFrom[i] = optionalFrom[i + 1]! && (a.default !== undefined || a.type.optional);
  }
  // In-place and out= forms return the argument they write into, with its own type.
  const single = s.returns.length === 1 ? writtenArg(s, s.returns[0]!) : undefined;
  const typeParams = single && runtimeKind(single.type) === 'Tensor' && !single.type.optional ? ['T extends Tensor'] : [];
  const params: ParamText[] = s.args.map((a, i) => {
    let type = a === single && typeParams.length > 0 ? 'T' : ARG_KINDS[runtimeKind(a.type)].ts;
    if (a.type.optional) type += ' | null';
    const leaveOut = a.default !== undefined || a.type.optional;
    if (leaveOut && !optionalFrom[i]) type += ' | undefined';
    return { name: idents[i]!, type, optional: optionalFrom[i] };
  });
  const nativeArgs = [`opId(${name}.schema)`, ...s.args.map((a, i) => toNative(a, idents[i]!))];
  const oneLine = `nat().callOp(${nativeArgs.join(', ')})`;
  // Long calls put one argument per line (inside the function body, four spaces in).
  const call = oneLine.length <= WIDTH - 20 ? oneLine : `nat().callOp(\n${nativeArgs.map((a) => `    ${a},`).join('\n')}\n  )`;
  const identOf = (a: SchemaArg) => idents[s.args.indexOf(a)]!;
  let ret: string;
  let body: string[];
  if (s.returns.length === 0) {
    ret = 'void';
    body = [`${call};`];
  } else if (s.returns.length === 1) {
    const r = s.returns[0]!;
    if (single) {
      ret = typeParams.length > 0 ? 'T' : 'Tensor';
      body = [`${call};`, `return ${identOf(single)};`];
    } else {
      ret = returnTsType(r, 'Tensor');
      body = [`return ${convertReturn(r, call)};`];
    }
  } else {
    ret = `[${s.returns.map((r) => `${r.name ? `${r.name}: ` : ''}${returnTsType(r, 'Tensor')}`).join(', ')}]`;
    const parts = s.returns.map((r, i) => {
      const w = writtenArg(s, r);
      return w ? identOf(w) : convertReturn(r, `r[${i}]`);
    });
    body = [`const r = ${call} as unknown[];`, `return [${parts.join(', ')}];`];
  }
  const lines = [
    doc([`\`aten::${s.text}\``]),
    `${signature(`export function ${name}`, typeParams, params, ret)} {`,
    ...body.map((l) => `  ${l}`),
    '}',
    schemaLine(s, name),
  ];
  return { text: lines.join('\n'), name };
}

/** `name.schema = schema('qualified', [args], name);`, with one argument per line when long. */
function schemaLine(s: Schema, name: string): string {
  const qualified = s.overload ? `${s.name}.${s.overload}` : s.name;
  const line = `${name}.schema = schema('${qualified}', ${argTable(s)}, ${name});`;
  if (line.length <= WIDTH) return line;
  const rows = s.args.map((a) => `  ['${a.name}', '${runtimeKind(a.type)}'${flags(a) ? `, ${flags(a)}` : ''}],`);
  return `${name}.schema = schema('${qualified}', [\n${rows.join('\n')}\n], ${name});`;
}

function convertReturn(r: SchemaReturn, value: string): string {
  if (r.type.base === 'Tensor') return r.type.list ? `wrapList(${value})` : `wrap(${value})`;
  return `${value} as ${returnTsType(r, 'Tensor')}`;
}

/** Writes aten.ts for the given schemas (in spec order, sorted by name for stable output). */
export function emitAten(schemas: Schema[], source: string): GeneratedFile {
  const seen = new Map<string, string>();
  const sorted = [...schemas].sort((a, b) => (atenName(a) < atenName(b) ? -1 : atenName(a) > atenName(b) ? 1 : 0));
  const functions: AtenFunction[] = [];
  for (const s of sorted) {
    const name = atenName(s);
    const other = seen.get(name);
    if (other !== undefined) throw new Error(`two schemas map to the aten function ${name}: ${other} and ${s.text}`);
    seen.set(name, s.text);
    functions.push(emitOne(s));
  }
  const renamed = functions.filter((f) => f.name.endsWith('$')).map((f) => `export { ${f.name} as ${f.name.slice(0, -1)} };`);
  const text = [
    header(source, [
      'The untyped op layer: one function per schema, every argument in schema order (defaulted ones',
      'optional), no shape types, no overload resolution. The library calls these; `torch.ops.aten` exposes',
      'them unchecked (no preconditions beyond libtorch\'s own).',
    ]),
    "import type { Tensor } from '../../core/tensor.ts';",
    "import type { DType, Device } from '../../types/dtype.ts';",
    "import type { Scalar, Layout, MemoryFormat, Generator } from '../types.ts';",
    "import { schema, opId, nat, handle, handles, generatorId, wrap, wrapList, DEFAULTED as D, NULLABLE as N, KWARG_ONLY as K } from '../schema.ts';",
    '',
    functions.map((f) => f.text).join('\n\n'),
    ...(renamed.length > 0 ? ['', ...renamed] : []),
    '',
  ].join('\n');
  return { path: 'aten.ts', text };
}
