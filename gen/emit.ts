// Writes the typed public layer of src/ops/generated/: overloads.ts (the
// public overloads, each the schema of the aten.ts function it calls),
// options.ts (one named interface per overload's options object),
// functions.ts (the free functions) and methods.ts (the Tensor methods, a
// module augmentation of the class). Signatures come from gen/model.ts and
// the shape rules; the run-time resolver (src/ops/dispatch.ts) picks among
// an op's overloads in schema order, as TypeScript does among the declarations.
import type { OpModel, OverloadModel, SignatureModel } from './types.ts';
import { signatureOf } from './model.ts';
import { camel, isReserved } from './names.ts';
import { runtimeKind } from './ts-types.ts';
import { TYPE_IMPORTS } from './shape-rules.ts';
import { doc, header, mentions, renameIn, signature, typeParamName, typeParamsText, type ParamText } from './format.ts';
import { mergeOverloads, sameArguments, type Form } from './merge.ts';
import type { GeneratedFile } from './types.ts';

/**
 * Arguments a TS overload must be given explicitly: defaulted here, but an
 * earlier overload has an argument of that name with another type. When such
 * an argument is left out the run time resolves to the earlier overload (they
 * are tried in schema order, as TS tries its overloads), so this overload's
 * signature must not accept that call, or its type would mask the earlier
 * overload's shape check (conv2d with int padding vs conv2d.padding with str).
 */
export function mustGive(ovs: OverloadModel[], k: number): Set<string> {
  const out = new Set<string>();
  for (const a of ovs[k]!.schema.args) {
    if (a.default === undefined) continue;
    for (let j = 0; j < k; j++) {
      const other = ovs[j]!.schema.args.find((b) => b.name === a.name);
      if (other && other.default !== undefined && runtimeKind(other.type) !== runtimeKind(a.type)) out.add(a.name);
    }
  }
  // Giving the first of them in place already takes the call past the earlier overload (its kind
  // is this overload's), so the later ones keep their defaults: clamp(x, tensorMin) with
  // clamp.Tensor's max left out, as Python allows.
  const args = ovs[k]!.schema.args;
  const first = args.find((a) => out.has(a.name));
  if (first && !first.kwargOnly) {
    for (const a of args) if (a !== first && !a.kwargOnly && args.indexOf(a) > args.indexOf(first)) out.delete(a.name);
  }
  return out;
}

function schemaDoc(ov: OverloadModel): string {
  return `\`aten::${ov.schema.text}\``;
}

const pascal = (snake: string) => {
  const c = camel(snake);
  return c.length === 0 ? c : c[0]!.toUpperCase() + c.slice(1);
};

/** 'add.Tensor' -> 'AddTensor', 'add_.Scalar' -> 'Add_Scalar', 'sum.dim_IntList' -> 'SumDimIntList'. */
function baseName(ov: OverloadModel): string {
  return pascal(ov.schema.name) + pascal(ov.schema.overload);
}


/** The named interfaces of the options objects, shared by the function and method forms. */
class OptionInterfaces {
  private readonly byName = new Map<string, string>();
  readonly texts: string[] = [];

  /** The reference (with type arguments) to the interface for this signature's options, written once. */
  reference(ov: OverloadModel, sig: SignatureModel, method: boolean): string | undefined {
    if (sig.options.length === 0) return undefined;
    const used = sig.typeParams.filter((tp) => {
      const n = typeParamName(tp);
      return sig.options.some((o) => mentions(o.type, n));
    });
    const params = used.map((tp) => tp.replace(/^const\s+/, '').replace(/\s*=.*$/, ''));
    const args = used.map(typeParamName);
    const argsOf = new Map(ov.schema.args.map((a) => [camel(a.name), a]));
    const members = sig.options.map((o) => {
      const a = argsOf.get(o.key);
      return `${a ? `${doc([`\`${a.text}\``], '  ')}\n` : ''}  ${o.key}${o.required ? '' : '?'}: ${o.type};`;
    });
    const body = `${members.join('\n')}\n}`;
    const key = `${params.join(', ')}|${body}`;
    let name = `${baseName(ov)}Options`;
    const existing = this.byName.get(name);
    if (existing !== undefined && existing !== key) name = `${baseName(ov)}${method ? 'Method' : 'Function'}Options`;
    if (!this.byName.has(name)) {
      this.byName.set(name, key);
      const what = ov.schema.args.some((a) => a.kwargOnly) ? 'its keyword-only and defaulted arguments' : 'its defaulted arguments';
      const head = typeParamsText(`export interface ${name}`, params);
      this.texts.push(`${doc([`The options of \`aten::${ov.qualified}\`: ${what}, by camelCase name.`])}\n${head} {\n${body}`);
    }
    // functions.ts and methods.ts import options.ts as `Opt`.
    return args.length > 0 ? `Opt.${name}<${args.join(', ')}>` : `Opt.${name}`;
  }
}

/** The parameter list of a signature, with the options object allowed after any optional prefix. */
function parameters(sig: SignatureModel, optionsType: string | undefined): ParamText[] {
  const params: ParamText[] = sig.required.map((p) => ({ name: p.name, type: p.type }));
  const optsRequired = sig.options.some((o) => o.required);
  if (sig.optional.length === 0) {
    if (optionsType) params.push({ name: 'options', type: optionsType, optional: !optsRequired });
    return params;
  }
  if (!optionsType) {
    for (const p of sig.optional) params.push({ name: p.name, type: p.type, optional: true });
    return params;
  }
  const tuples: string[] = [];
  for (let k = 0; k <= sig.optional.length; k++) {
    const head = sig.optional.slice(0, k).map((p) => `${p.name}?: ${p.type}`);
    tuples.push(`[${[...head, `options${optsRequired ? '' : '?'}: ${optionsType}`].join(', ')}]`);
  }
  params.push({ name: 'rest', type: tuples.join(' | '), rest: true });
  return params;
}

/** One overload's declaration in one form (the model for docs/ops.md too). */
export function declaration(ov: OverloadModel, peers: OverloadModel[], method: boolean, options: OptionInterfaces) {
  const sig = ownPositionalFlags(signatureOf(ov, method, mustGive(peers, peers.indexOf(ov))));
  return { sig, params: parameters(sig, options.reference(ov, sig, method)) };
}

/**
 * A flag that can be given in place or in the options object (`sum(0, true)`,
 * `sum(0, { keepdim: true })`) gets a type parameter of its own for the place,
 * `KP`, combined with the option's `K` as `Keep<KP, K>`. With one type
 * parameter for both, `sum(0, { dtype })` left K to be inferred through the
 * union of positional forms, where the options object fills the flag's slot
 * and K falls back to its constraint, `boolean`: the result was a union of
 * the kept and the dropped shape. KP's constraint admits that object (it is
 * intersected with boolean where it types the slot), so K keeps its default.
 */
function ownPositionalFlags(sig: SignatureModel): SignatureModel {
  let out = sig;
  for (const p of sig.optional) {
    const tp = sig.typeParams.find((t) => typeParamName(t) === p.type);
    if (!tp || !/extends boolean(?! \|)\b/.test(tp) || !sig.options.some((o) => mentions(o.type, p.type))) continue;
    const k = p.type;
    const kp = `${k}P`;
    const keep = `Keep<${kp}, ${k}>`;
    const swap = (text: string) => renameIn(text, k, keep);
    out = {
      ...out,
      typeParams: [...out.typeParams, `const ${kp} extends boolean | object = false`],
      required: out.required.map((q) => ({ ...q, type: swap(q.type) })),
      optional: out.optional.map((q) => (q === p || q.name === p.name ? { ...q, type: `${kp} & boolean` } : { ...q, type: swap(q.type) })),
      returnType: swap(out.returnType),
    };
  }
  return out;
}

/** The declarations of one name: its overloads, merged where one argument's kind tells them apart (gen/merge.ts). */
function forms(ovs: OverloadModel[], method: boolean, options: OptionInterfaces): Form[] {
  const declared: Form[] = ovs.map((ov) => ({ overloads: [ov], ...declaration(ov, ovs, method, options) }));
  // An overload that differs from an earlier one only by an options object (div.Tensor_mode after
  // div.Tensor) is reached only when the options are given: the run time resolves a call without
  // them to the earlier one. Its options are required in its signature, so that arity tells the two
  // apart and a failing call reports the earlier one's rule instead of "No overload matches".
  for (let j = 0; j < declared.length; j++) {
    const ps = declared[j]!.params;
    const last = ps[ps.length - 1];
    if (!last || last.name !== 'options' || !last.optional || last.rest) continue;
    const without = ps.slice(0, -1);
    const shadowed = declared.slice(0, j).some((f) => sameArguments(f, f.params, declared[j]!, without));
    if (shadowed) declared[j] = { ...declared[j]!, params: [...without, { ...last, optional: false }] };
  }
  return mergeOverloads(declared);
}

const TYPE_LINES = (from: string) => [
  `import type { DType, Device } from '${from}/types/dtype.ts';`,
  `import type { FloatOf } from '${from}/types/promote.ts';`,
  "import type { Scalar, Layout, MemoryFormat, Generator } from '../types.ts';",
  `import type { ${TYPE_IMPORTS.typing.join(', ')} } from '../typing.ts';`,
  `import type {\n${wrapList(TYPE_IMPORTS.signatures, '  ')}\n} from '../signatures.ts';`,
];

function wrapList(names: readonly string[], indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const n of names) {
    const next = line === '' ? `${n},` : `${line} ${n},`;
    if (`${indent}${next}`.length > 100) {
      lines.push(`${indent}${line}`);
      line = `${n},`;
    } else line = next;
  }
  if (line !== '') lines.push(`${indent}${line}`);
  return lines.join('\n');
}

export interface TypedLayer {
  /** The option interfaces named while writing (docs/ops.md names the same ones). */
  optionNames: OptionInterfaces;
  overloads: GeneratedFile;
  options: GeneratedFile;
  functions: GeneratedFile;
  methods: GeneratedFile;
}

export function emitTypedLayer(ops: OpModel[], source: string): TypedLayer {
  const options = new OptionInterfaces();

  // overloads.ts
  const overloadLines = [
    header(source, ['The public overloads: each is the schema of the aten.ts function it calls, in schema order per name.']),
    "import * as aten from './aten.ts';",
    '',
  ];
  for (const op of ops) {
    for (const ov of op.overloads) {
      const ref = isReserved(ov.atenName) ? `aten['${ov.atenName}']` : `aten.${ov.atenName}`;
      overloadLines.push(doc([schemaDoc(ov)]), `export const ${ov.constName} = ${ref}.schema;`);
    }
  }

  // functions.ts
  const fnTables: string[] = [];
  const fnBodies: string[] = [];
  const renamed: string[] = [];
  for (const op of ops) {
    const ovs = op.overloads.filter((o) => o.asFunction);
    if (ovs.length === 0) continue;
    fnTables.push(`const ${op.name}$ = [${ovs.map((o) => `O.${o.constName}`).join(', ')}];`);
    // `var` and friends cannot be declared, but can be exported under that name.
    const declared = isReserved(op.name) ? `${op.name}$fn` : op.name;
    if (declared !== op.name) renamed.push(`export { ${declared} as ${op.name} };`);
    const lines: string[] = [];
    for (const form of forms(ovs, false, options)) {
      lines.push(doc(form.overloads.map(schemaDoc)), `${signature(`export function ${declared}`, form.sig.typeParams, form.params, form.sig.returnType)};`);
    }
    lines.push(`export function ${declared}(...args: any[]): any {`, `  return dispatch('${op.name}', ${op.name}$, args);`, '}');
    fnBodies.push(lines.join('\n'));
  }
  const functions = [
    header(source, ['The typed free functions (`torch.add`, ...): each resolves among its overloads (overloads.ts) at run time.']),
    "import type { Tensor } from '../../core/tensor.ts';",
    ...TYPE_LINES('../..'),
    "import type * as Opt from './options.ts';",
    "import { dispatch } from '../dispatch.ts';",
    "import * as O from './overloads.ts';",
    '',
    '// The overloads each function resolves among, in schema order.',
    ...fnTables,
    '',
    fnBodies.join('\n\n'),
    ...(renamed.length > 0 ? ['', ...renamed] : []),
    '',
  ].join('\n');

  // methods.ts
  const methodDecls: string[] = [];
  const table: string[] = [];
  for (const op of ops) {
    const ovs = op.overloads.filter((o) => o.asMethod);
    if (ovs.length === 0) continue;
    table.push(`  ${JSON.stringify(op.name)}: [${ovs.map((o) => `O.${o.constName}`).join(', ')}],`);
    for (const form of forms(ovs, true, options)) {
      methodDecls.push(doc(form.overloads.map(schemaDoc), '    '), `${signature(op.name, form.sig.typeParams, form.params, form.sig.returnType, '    ')};`);
    }
  }
  const methods = [
    header(source, ['The typed Tensor methods (`t.add(...)`): declared on the class, installed on its prototype.']),
    ...TYPE_LINES('../..'),
    "import type { Shape } from '../../types/shape.ts';",
    "import type * as Opt from './options.ts';",
    "import { installMethods } from '../dispatch.ts';",
    "import * as O from './overloads.ts';",
    '',
    "declare module '../../core/tensor.ts' {",
    '  interface Tensor<out S extends Shape = Shape, out D extends DType = DType, out V extends Device = Device> {',
    methodDecls.join('\n'),
    '  }',
    '}',
    '',
    `installMethods({\n${table.join('\n')}\n});`,
    '',
  ].join('\n');

  const optionsFile = [
    header(source, ['The options objects of the typed API, one interface per overload: keyword-only and defaulted arguments.']),
    "import type { Tensor } from '../../core/tensor.ts';",
    ...TYPE_LINES('../..'),
    '',
    options.texts.join('\n\n'),
    '',
  ].join('\n');

  return {
    optionNames: options,
    overloads: { path: 'overloads.ts', text: `${overloadLines.join('\n')}\n` },
    options: { path: 'options.ts', text: optionsFile },
    functions: { path: 'functions.ts', text: functions },
    methods: { path: 'methods.ts', text: methods },
  };
}

/** A signature as one line of TS, for the API reference. */
export function signatureText(name: string, sig: SignatureModel, params: ParamText[]): string {
  const tps = sig.typeParams.length > 0 ? `<${sig.typeParams.join(', ')}>` : '';
  return `${name}${tps}(${params.map((p) => `${p.rest ? '...' : ''}${p.name}${p.optional ? '?' : ''}: ${p.type}`).join(', ')}): ${sig.returnType}`;
}

export { OptionInterfaces };
