// A parser for libtorch's operator schema language, the `func:` strings of
// native_functions.yaml, e.g.
//   add.Tensor(Tensor self, Tensor other, *, Scalar alpha=1) -> Tensor
//   max.dim(Tensor self, int dim, bool keepdim=False) -> (Tensor values, Tensor indices)
//   add_.Tensor(Tensor(a!) self, Tensor other, *, Scalar alpha=1) -> Tensor(a!)

/** An alias annotation: `(a)`, `(a!)`, `(a -> *)`, `(a! -> a|b)`. */
export interface Alias {
  set: string;
  write: boolean;
  /** The sets after the op (`a -> *` means the value escapes into a container). */
  after?: string;
}

export interface SchemaType {
  /** The base type: Tensor, int, SymInt, float, bool, str, Scalar, ScalarType, ... */
  base: string;
  alias?: Alias;
  /** `T?` */
  optional: boolean;
  /** `T[]` or `T[N]`: present for lists. */
  list?: { size?: number; elemOptional: boolean };
}

export type DefaultValue =
  | { kind: 'none' }
  | { kind: 'bool'; value: boolean }
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'str'; value: string }
  | { kind: 'list'; value: number[] }
  /** Named constants such as `contiguous_format`, `Mean`, `long`. */
  | { kind: 'name'; value: string };

export interface SchemaArg {
  name: string;
  type: SchemaType;
  default?: DefaultValue;
  kwargOnly: boolean;
  /** The raw text, for messages and docs. */
  text: string;
}

export interface SchemaReturn {
  name?: string;
  type: SchemaType;
}

export interface Schema {
  name: string;
  overload: string;
  args: SchemaArg[];
  returns: SchemaReturn[];
  /** The schema as written in the spec. */
  text: string;
}

export class SchemaParseError extends Error {
  constructor(schema: string, why: string) {
    super(`cannot parse schema '${schema}': ${why}`);
    this.name = 'SchemaParseError';
  }
}

/** Splits on commas that are not inside (), [] or quotes. */
function splitTopLevel(text: string, schema: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++; // an escaped character, e.g. \" inside "..."
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
    if (depth < 0) throw new SchemaParseError(schema, `unbalanced brackets in '${text}'`);
  }
  if (depth !== 0 || quote) throw new SchemaParseError(schema, `unbalanced brackets or quotes in '${text}'`);
  const last = text.slice(start).trim();
  if (last !== '' || parts.length > 0) parts.push(last);
  return parts;
}

const TYPE_RE = /^([A-Za-z_][\w.]*)(\(([^)]*)\))?(\?)?(\[(\d*)\])?(\?)?$/;

function parseAlias(text: string, schema: string): Alias {
  const m = /^\s*([a-z]+)(!)?\s*(?:->\s*([\w|*]+))?\s*$/.exec(text);
  if (!m) throw new SchemaParseError(schema, `bad alias annotation '(${text})'`);
  const alias: Alias = { set: m[1]!, write: m[2] === '!' };
  if (m[3] !== undefined) alias.after = m[3];
  return alias;
}

export function parseType(text: string, schema = text): SchemaType {
  const compact = text.replace(/\s*->\s*/g, ' -> ').trim();
  // Alias annotations may contain spaces ("a -> *"); everything else may not.
  const m = TYPE_RE.exec(compact.replace(/\(([^)]*)\)/, (_, inner: string) => `(${inner.replace(/ /g, '\u0001')})`));
  if (!m) throw new SchemaParseError(schema, `bad type '${text}'`);
  const [, base, , aliasText, innerOpt, listPart, size, outerOpt] = m;
  const type: SchemaType = { base: base!, optional: false };
  if (aliasText !== undefined) type.alias = parseAlias(aliasText.replace(/\u0001/g, ' '), schema);
  if (listPart !== undefined) {
    type.list = { elemOptional: innerOpt === '?' };
    if (size !== '') type.list.size = Number(size);
    type.optional = outerOpt === '?';
  } else {
    if (outerOpt === '?') throw new SchemaParseError(schema, `bad type '${text}'`);
    type.optional = innerOpt === '?';
  }
  return type;
}

export function parseDefault(text: string, schema: string): DefaultValue {
  const t = text.trim();
  if (t === 'None') return { kind: 'none' };
  if (t === 'True' || t === 'False') return { kind: 'bool', value: t === 'True' };
  if (/^-?\d+$/.test(t)) return { kind: 'int', value: Number(t) };
  if (/^-?(\d+\.\d*|\d*\.\d+|\d+)(e[-+]?\d+)?$/i.test(t)) return { kind: 'float', value: Number(t) };
  if (/^(['"]).*\1$/.test(t)) return { kind: 'str', value: t.slice(1, -1).replace(/\\(.)/g, '$1') };
  if (t.startsWith('[') && t.endsWith(']')) {
    const inner = t.slice(1, -1).trim();
    const items = inner === '' ? [] : inner.split(',').map((s) => s.trim());
    if (!items.every((s) => /^-?\d+$/.test(s))) throw new SchemaParseError(schema, `bad list default '${t}'`);
    return { kind: 'list', value: items.map(Number) };
  }
  if (/^[A-Za-z_]\w*$/.test(t)) return { kind: 'name', value: t };
  throw new SchemaParseError(schema, `bad default value '${t}'`);
}

function parseArg(text: string, kwargOnly: boolean, schema: string): SchemaArg {
  const eq = text.indexOf('=');
  const decl = (eq >= 0 ? text.slice(0, eq) : text).trim();
  const space = decl.lastIndexOf(' ');
  if (space < 0) throw new SchemaParseError(schema, `argument '${text}' has no name`);
  const name = decl.slice(space + 1);
  if (!/^[A-Za-z_]\w*$/.test(name)) throw new SchemaParseError(schema, `bad argument name '${name}'`);
  const arg: SchemaArg = { name, type: parseType(decl.slice(0, space), schema), kwargOnly, text: text.trim() };
  if (eq >= 0) arg.default = parseDefault(text.slice(eq + 1), schema);
  return arg;
}

function parseReturns(text: string, schema: string): SchemaReturn[] {
  const t = text.trim();
  const parts = t.startsWith('(') && t.endsWith(')') ? splitTopLevel(t.slice(1, -1), schema) : [t];
  return parts.map((p) => {
    // "Tensor values" (named) or "Tensor(a!)" (unnamed).
    const m = /^(.*?)(?:\s+([A-Za-z_]\w*))?$/.exec(p)!;
    const ret: SchemaReturn = { type: parseType(m[1]!, schema) };
    if (m[2] !== undefined) ret.name = m[2];
    return ret;
  });
}

/** Parses one `func:` string. Throws SchemaParseError on anything malformed. */
export function parseSchema(text: string): Schema {
  const open = text.indexOf('(');
  const arrow = text.lastIndexOf('->');
  if (open < 0 || arrow < 0) throw new SchemaParseError(text, "expected 'name(args) -> returns'");
  const close = text.lastIndexOf(')', arrow);
  if (close < open) throw new SchemaParseError(text, 'unbalanced argument list');
  const fullName = text.slice(0, open).trim();
  const m = /^([A-Za-z_]\w*)(?:\.(\w+))?$/.exec(fullName);
  if (!m) throw new SchemaParseError(text, `bad operator name '${fullName}'`);
  const args: SchemaArg[] = [];
  let kwargOnly = false;
  for (const part of splitTopLevel(text.slice(open + 1, close), text)) {
    if (part === '*') {
      if (kwargOnly) throw new SchemaParseError(text, "two '*' markers");
      kwargOnly = true;
      continue;
    }
    if (part === '') throw new SchemaParseError(text, 'empty argument');
    args.push(parseArg(part, kwargOnly, text));
  }
  const names = new Set<string>();
  for (const a of args) {
    if (names.has(a.name)) throw new SchemaParseError(text, `duplicate argument '${a.name}'`);
    names.add(a.name);
  }
  const retText = text.slice(arrow + 2).trim();
  const returns = retText === '()' ? [] : parseReturns(retText, text);
  return { name: m[1]!, overload: m[2] ?? '', args, returns, text };
}

/** Prints a type back in schema syntax (used for docs and round-trip tests). */
export function formatType(t: SchemaType): string {
  let s = t.base;
  if (t.alias) s += `(${t.alias.set}${t.alias.write ? '!' : ''}${t.alias.after ? ` -> ${t.alias.after}` : ''})`;
  if (t.list) {
    if (t.list.elemOptional) s += '?';
    s += `[${t.list.size ?? ''}]`;
  }
  if (t.optional) s += '?';
  return s;
}
