// Layout of generated declarations: a signature fits on one line when it is
// short, and otherwise puts its type parameters and its parameters one per
// line, so that any op's declaration reads top to bottom in a review.

/** Longest line the generated code aims for. */
export const WIDTH = 110;

export interface ParamText {
  name: string;
  type: string;
  optional?: boolean;
  rest?: boolean;
}

export function paramText(p: ParamText): string {
  return `${p.rest ? '...' : ''}${p.name}${p.optional ? '?' : ''}: ${p.type}`;
}

/** A parameter on its own line at `indent`; a long union of tuples (optional arguments, then options) takes one line per member. */
function paramLine(p: ParamText, indent: string): string {
  const line = `${indent}${paramText(p)}`;
  const branches = splitConditional(p.type);
  if (line.length > WIDTH && branches.length > 1) {
    return `${indent}${p.rest ? '...' : ''}${p.name}${p.optional ? '?' : ''}:\n${conditionalLines(branches, `${indent}  `)}`;
  }
  const members = splitUnion(p.type);
  if (line.length <= WIDTH || members.length < 2) return line;
  return `${indent}${p.rest ? '...' : ''}${p.name}${p.optional ? '?' : ''}:
${members.map((m) => `${indent}  | ${m}`).join('\n')}`;
}

/**
 * A chain of conditional types (`[X] extends [A] ? P : [X] extends [B] ? Q : R`, as gen/merge.ts writes
 * them) as its tests and branches: ['[X] extends [A] ? P', '[X] extends [B] ? Q', 'R'].
 */
function splitConditional(type: string): string[] {
  const parts = splitTopLevel(type, ' : ');
  return parts.length > 1 && parts.slice(0, -1).every((t) => / \? /.test(t)) ? parts : [type];
}

/** Whether a type's text is a conditional type at its top level. */
export function isConditional(type: string): boolean {
  return splitConditional(type).length > 1;
}

/** The branches of a conditional chain one per line at `indent`, a long union of tuples in a branch one member per line. */
function conditionalLines(branches: string[], indent: string): string {
  return branches
    .map((b, i) => {
      const head = i === 0 ? '' : ': ';
      const line = `${indent}${head}${b}`;
      if (line.length <= WIDTH) return line;
      const q = b.indexOf(' ? ');
      const [test, value] = q >= 0 ? [b.slice(0, q + 2), b.slice(q + 3)] : ['', b];
      const inner = value.startsWith('(') && value.endsWith(')') ? value.slice(1, -1) : value;
      const members = splitUnion(inner);
      if (members.length < 2) return line;
      return `${indent}${`${head}${test}`.trimEnd()}\n${members.map((m) => `${indent}    | ${m}`).join('\n')}`;
    })
    .join('\n');
}

/** The top-level members of a union type's text (not splitting inside brackets). */
export function splitUnion(type: string): string[] {
  return splitTopLevel(type, ' | ');
}

/** A type's text split at `separator` where it stands outside all brackets. */
function splitTopLevel(type: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < type.length; i++) {
    const c = type[i]!;
    if ('([{<'.includes(c)) depth++;
    else if (')]}>'.includes(c)) depth--;
    else if (depth === 0 && type.startsWith(separator, i)) {
      parts.push(type.slice(start, i));
      start = i + separator.length;
    }
  }
  parts.push(type.slice(start));
  return parts;
}

/**
 * `head<typeParams>(params): ret` laid out at `indent`: one line when it
 * fits, else each type parameter and each parameter on its own line.
 * `head` is e.g. 'export function add' or 'add' (a method).
 */
export function signature(head: string, typeParams: readonly string[], params: readonly ParamText[], ret: string | undefined, indent = ''): string {
  const retBranches = ret === undefined ? [] : splitConditional(ret);
  const tail = ret === undefined ? '' : `: ${ret}`;
  const tps = typeParams.length > 0 ? `<${typeParams.join(', ')}>` : '';
  const oneLine = `${indent}${head}${tps}(${params.map(paramText).join(', ')})${tail}`;
  if (oneLine.length <= WIDTH && !oneLine.includes('\n')) return oneLine;
  const inner = `${indent}  `;
  const tpsText =
    typeParams.length === 0
      ? ''
      : `${indent}${head}${tps}`.length <= WIDTH
        ? tps
        : `<\n${typeParams.map((tp) => `${inner}${tp},`).join('\n')}\n${indent}>`;
  const paramsText = params.length === 0 ? '()' : `(\n${params.map((p) => `${paramLine(p, inner)},`).join('\n')}\n${indent})`;
  // A rest parameter takes no trailing comma.
  // A conditional result that does not fit takes one line per branch.
  const longTail = retBranches.length > 1 && `${indent}): ${ret}`.length > WIDTH ? `:\n${conditionalLines(retBranches, `${indent}  `)}` : tail;
  return `${indent}${head}${tpsText}${paramsText.replace(/,\n(\s*\))$/, '\n$1')}${longTail}`;
}

/** `name<A extends X, B extends Y>` on one line, or with one type parameter per line when long. */
export function typeParamsText(head: string, typeParams: readonly string[], indent = ''): string {
  if (typeParams.length === 0) return head;
  const one = `${head}<${typeParams.join(', ')}>`;
  if (`${indent}${one} {`.length <= WIDTH) return one;
  return `${head}<\n${typeParams.map((tp) => `${indent}  ${tp},`).join('\n')}\n${indent}>`;
}

/** A JSDoc comment of one or more lines at `indent`. */
export function doc(lines: readonly string[], indent = ''): string {
  if (lines.length === 1) return `${indent}/** ${lines[0]} */`;
  return `${indent}/**\n${lines.map((l) => `${indent} * ${l}`).join('\n')}\n${indent} */`;
}

/** The generated-file header. */
export function header(source: string, what: string[]): string {
  return [`// Generated by gen/main.ts from ${source}. Do not edit: run \`npm run gen\`.`, ...what.map((l) => `// ${l}`)].join('\n');
}

// ---- type text: names of type parameters in generated declarations --------------------

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** 'const K extends boolean = false' -> 'K'. */
export const typeParamName = (tp: string) => /^(?:const\s+)?(\w+)/.exec(tp)![1]!;
/** Whether a type's text uses the name (as a whole word). */
export const mentions = (text: string, name: string) => new RegExp(`\\b${escapeRegExp(name)}\\b`).test(text);
/** A type's text with every use of the name `from` replaced by `to`. */
export const renameIn = (text: string, from: string, to: string) => text.replace(new RegExp(`\\b${escapeRegExp(from)}\\b`, 'g'), to);
