// Merges an op's overloads into one TS signature where they differ in the
// kind of one argument (add(Tensor) / add(Scalar), sum() / sum(dim),
// narrow(start: int) / narrow(start: Tensor), view(size) / view(dtype)).
//
// Why: when every overload of a call fails, TypeScript's first line is "No
// overload matches this call" and the shape rule's message ("add: cannot
// broadcast [2, 3] with [4]") comes only in the elaboration below it. With
// one signature the rule's message is the error itself. The merged
// signature picks its branch from the discriminating argument's type
// parameter X with non-distributive tests (`[X] extends [Tensor]`), which
// keep `const` inference of literals and tuples working; a value whose
// kind is not known (a `Tensor | number`) takes a dynamic branch instead of
// being refused. The run time still resolves among the schema overloads.
import type { OverloadModel, SignatureModel } from './types.ts';
import { isConditional, mentions, renameIn as rename, splitUnion, typeParamName, type ParamText } from './format.ts';
import { identifier } from './names.ts';
import { returnTsType, runtimeKind } from './ts-types.ts';

/** One overload's declaration, as the emitter writes it. */
export interface Form {
  overloads: OverloadModel[];
  sig: SignatureModel;
  params: ParamText[];
  /** For a merged form, the position of the argument its branches test. */
  mergedAt?: number;
}

/** The classes of JS values an argument kind accepts: two kinds can be told apart when theirs are disjoint. */
const VALUE_CLASSES: Record<string, { guard: string; classes: string[] }> = {
  Tensor: { guard: 'Tensor<any, any, any>', classes: ['tensor'] },
  Scalar: { guard: 'Scalar', classes: ['number', 'bigint', 'boolean'] },
  int: { guard: 'number', classes: ['number'] },
  float: { guard: 'number', classes: ['number'] },
  bool: { guard: 'boolean', classes: ['boolean'] },
  'int[]': { guard: 'number | readonly number[]', classes: ['number', 'array'] },
  ScalarType: { guard: 'DType', classes: ['string'] },
  str: { guard: 'string', classes: ['string'] },
  options: { guard: 'object', classes: ['object'] },
};

/** Argument types a guard admits exactly, so that X itself can type the argument (an intersection of two Tensor types costs TypeScript dearly). */
const PLAIN_KINDS = new Set(['Tensor', 'Scalar', 'number', 'boolean', 'DType', 'string', 'number | readonly number[]']);

interface Slot {
  guard: string;
  classes: Set<string>;
  /** The guard's rank: object-like guards (`object` matches a Tensor and an array) are tested last. */
  last: boolean;
}

const same = (a: ParamText, b: ParamText) => a.name === b.name && a.type === b.type && !!a.optional === !!b.optional && !!a.rest === !!b.rest;

/** What values the parameter at `p` takes, from its schema argument (or the options object). */
function slotOf(form: Form, p: number): Slot | undefined {
  const param = form.params[p]!;
  if (param.rest) return undefined;
  const ov = form.overloads[0]!;
  let info: { guard: string; classes: string[] } | undefined;
  if (param.name === 'options') info = VALUE_CLASSES.options;
  else {
    const arg = ov.schema.args.find((a) => identifier(a.name) === param.name);
    if (!arg) return undefined;
    info = VALUE_CLASSES[runtimeKind(arg.type)];
    if (info && arg.type.optional) info = { guard: `${info.guard} | null`, classes: [...info.classes, 'null'] };
  }
  if (!info) return undefined;
  const classes = new Set(info.classes);
  let guard = info.guard;
  if (param.optional || /\|\s*undefined\b/.test(param.type)) {
    classes.add('undefined');
    guard = `${guard} | undefined`;
  }
  return { guard, classes, last: info.classes.includes('object') };
}

/** The parameters after `p` as one tuple type. */
function tailTuple(params: ParamText[]): string {
  if (params.length === 1 && params[0]!.rest) return params[0]!.type;
  const items = params.map((q) => (q.rest ? `...(${q.type})` : `${q.name}${q.optional ? '?' : ''}: ${q.type}`));
  return `[${items.join(', ')}]`;
}

/** Whether argument i of two forms is the same argument (name and kind), whatever rules type it. */
function sameArgument(a: Form, pa: ParamText[], b: Form, pb: ParamText[], i: number): boolean {
  const [q, r] = [pa[i]!, pb[i]!];
  if (same(q, r)) return true;
  if (q.name !== r.name || !!q.optional !== !!r.optional || !!q.rest !== !!r.rest) return false;
  const [ka, kb] = [slotOf({ ...a, params: pa }, i), slotOf({ ...b, params: pb }, i)];
  return ka !== undefined && kb !== undefined && ka.guard === kb.guard;
}

/** Whether two forms take the same arguments (names and kinds), whatever rules type them. */
export function sameArguments(a: Form, pa: ParamText[], b: Form, pb: ParamText[]): boolean {
  return pa.length === pb.length && pa.every((_, i) => sameArgument(a, pa, b, pb, i));
}

/** The type parameter of `form` that only the argument at `p` infers (O of BroadcastArg<T, O>, Dm of ReduceDim), if any. */
function inferredAt(form: Form, p: number): string | undefined {
  // An options object's type parameters are its members' (a dtype, keepdim), never the argument's own.
  if (form.params[p]!.name === 'options') return undefined;
  // The argument's type is the type parameter itself (narrow's start: St).
  const whole = form.sig.typeParams.map(typeParamName).find((n) => form.params[p]!.type === n);
  if (whole) return whole;
  const names = form.sig.typeParams.map(typeParamName).filter((n) => {
    if (!mentions(form.params[p]!.type, n)) return false;
    return form.params.every((q, i) => i === p || !mentions(q.type, n));
  });
  return names.length === 1 ? names[0] : undefined;
}

/** The dynamic result, as the op would type it without a shape rule. */
function dynamicReturn(forms: Form[]): string {
  const texts = new Set<string>();
  for (const f of forms) {
    const rs = f.overloads[0]!.schema.returns.map((r) => returnTsType(r, 'Tensor'));
    texts.add(rs.length === 1 ? rs[0]! : `[${rs.join(', ')}]`);
  }
  return [...texts].join(' | ');
}

/**
 * The merge of two forms, or undefined when they cannot be told apart by one
 * argument: same parameters up to position p, kinds at p that share no value.
 */
export function mergeForms(a: Form, b: Form, anyChecks = a.sig.checks || b.sig.checks): Form | undefined {
  if (!anyChecks) return undefined;
  const n = Math.min(a.params.length, b.params.length);
  // p: the first argument whose kinds differ. Before it the forms take the same arguments, though a
  // rule may type one of them in one form only (narrow checks its dim where start is an int).
  let p = 0;
  while (p < n && sameArgument(a, a.params, b, b.params, p)) p++;
  if (p >= n || a.params[p]!.name === 'this') return undefined;
  // A merged form is merged again only on an earlier argument, whose test then wraps the later one's
  // (torch.where: a tensor or a scalar other, then a tensor or a scalar self).
  if (p >= Math.min(a.mergedAt ?? Infinity, b.mergedAt ?? Infinity)) return undefined;
  const sa = slotOf(a, p);
  const sb = slotOf(b, p);
  if (!sa || !sb || [...sa.classes].some((c) => sb.classes.has(c))) return undefined;
  // A required options object (div's rounding_mode forms) keeps its own signature: arity tells it apart already.
  const requiredOptions = (f: Form) => f.params.some((q, i) => i > p && q.name === 'options' && !q.optional);
  if (requiredOptions(a) !== requiredOptions(b)) return undefined;

  // X: the discriminating type parameter, named after the first form's.
  const xa = inferredAt(a, p);
  const xb = inferredAt(b, p);
  // A form whose own type parameter takes the argument is tested against that parameter's constraint (the rule's view of it).
  const constraint = (f: Form, name: string | undefined) => {
    const tp = name && f.sig.typeParams.find((t) => typeParamName(t) === name);
    const m = tp ? /\bextends\s+(.*?)(?:\s*=.*)?$/.exec(tp) : null;
    return m ? m[1]! : undefined;
  };
  const ca = constraint(a, xa);
  const cb = constraint(b, xb);
  if (ca) sa.guard = ca;
  if (cb) sb.guard = cb;
  // A tensor is recognised whatever its shape: against bare \`Tensor\` the test of a Tensor<[B, C]> of
  // generic code would be deferred (TypeScript cannot decide it for every B and C) and the call refused.
  for (const sl of [sa, sb]) sl.guard = sl.guard.replace(/^Tensor\b(?!<)/, 'Tensor<any, any, any>');
  const x = xa ?? xb ?? 'X';
  // b's type parameters: the discriminating one becomes X; one named as one of a's (other than a
  // shared one, same text) is renamed; every use in b's texts follows.
  const taken = new Set(a.sig.typeParams.map(typeParamName));
  const renames: [string, string][] = xb && xb !== x ? [[xb, x]] : [];
  const bOwn: string[] = [];
  for (const tp of b.sig.typeParams) {
    const name = typeParamName(tp);
    if (name === xb || (a.sig.typeParams.includes(tp) && name !== xa)) continue;
    if (taken.has(name)) {
      let fresh = `${name}2`;
      while (taken.has(fresh)) fresh += '2';
      renames.push([name, fresh]);
      taken.add(fresh);
    }
    bOwn.push(tp);
  }
  const renamed = (text: string) => renames.reduce((t, [from, to]) => rename(t, from, to), text);
  const bParams = b.params.map((q) => ({ ...q, type: renamed(q.type) }));
  const bReturn = renamed(b.sig.returnType);
  const bTypeParams = bOwn.map(renamed);

  // Branches in test order: object-like guards last.
  const branches = [
    { slot: sa, param: a.params[p]!, tail: a.params.slice(p + 1), ret: a.sig.returnType, inferred: xa !== undefined },
    { slot: sb, param: bParams[p]!, tail: bParams.slice(p + 1), ret: bReturn, inferred: xb !== undefined },
  ].sort((l, r) => Number(l.slot.last) - Number(r.slot.last));
  const test = (br: (typeof branches)[number]) => `[${x}] extends [${br.slot.guard}]`;
  // Unions inside the branches are parenthesised: the layout splits only a top-level union into lines.
  const group = (t: string) => (splitUnion(t).length > 1 || isConditional(t) ? `(${t})` : t);
  // A form without a type parameter of its own for the argument takes X as its guard let it in, or,
  // for a narrower type (an options object, whose members infer a dtype), X intersected with it.
  const paramType = (br: (typeof branches)[number]) =>
    br.inferred ? br.param.type : PLAIN_KINDS.has(br.param.type.replace(/ \| (null|undefined)/g, '')) ? x : `${x} & ${group(br.param.type)}`;
  const cond = (pick: (br: (typeof branches)[number]) => string, fallback: string) =>
    `${test(branches[0]!)} ? ${group(pick(branches[0]!))} : ${test(branches[1]!)} ? ${group(pick(branches[1]!))} : ${group(fallback)}`;

  const xDefault = sa.classes.has('undefined') || sb.classes.has('undefined') ? ' = undefined' : '';
  const withoutUndefined = (g: string) => g.replace(/ \| undefined$/, '');
  const xParam = `const ${x} extends ${withoutUndefined(sa.guard)} | ${withoutUndefined(sb.guard)}${xDefault ? ` | undefined${xDefault}` : ''}`;
  // Type parameters with defaults must follow those without (X has one when its argument may be left out).
  const others = [...a.sig.typeParams.filter((tp) => typeParamName(tp) !== xa), ...bTypeParams];
  const defaulted = (tp: string) => /=/.test(tp);
  const typeParams = [...others.filter((tp) => !defaulted(tp)), xParam, ...others.filter(defaulted)];

  const params: ParamText[] = a.params.slice(0, p).map((q, i) => {
    if (same(q, bParams[i]!)) return { ...q };
    const [ta, tb] = [q.type, bParams[i]!.type];
    const pick = (br: (typeof branches)[number]) => (br.param === a.params[p] ? ta : tb);
    return { ...q, type: cond(pick, slotOf(a, i)!.guard) };
  });
  const optional = !!a.params[p]!.optional || !!bParams[p]!.optional;
  const [first, second] = branches.map((br) => br.param.name) as [string, string];
  const name = first === second ? first : `${first}Or${second[0]!.toUpperCase()}${second.slice(1)}`;
  params.push({ name, type: cond(paramType, x), optional });
  const tails = branches.map((br) => tailTuple(br.tail));
  if (tails.some((t) => t !== '[]')) {
    params.push({ name: 'rest', type: cond((br) => tailTuple(br.tail), tails[0] === tails[1] ? tails[0]! : `${tails[0]} | ${tails[1]}`), rest: true });
  }
  const returnType = cond((br) => br.ret, dynamicReturn([a, b]));
  return {
    overloads: [...a.overloads, ...b.overloads],
    sig: { ...a.sig, typeParams, returnType, checks: true },
    params,
    mergedAt: p,
  };
}

/**
 * The forms of one name, merged where one argument tells two apart: the merge on the latest
 * argument first, so that an earlier argument's test can wrap it (kept in schema order).
 */
export function mergeOverloads(forms: Form[]): Form[] {
  // Only names with a shape rule somewhere are merged: their errors are what the merge is for.
  const anyChecks = forms.some((f) => f.sig.checks);
  const out = [...forms];
  for (;;) {
    let best: { i: number; j: number; form: Form } | undefined;
    for (let i = 0; i < out.length; i++) {
      for (let j = i + 1; j < out.length; j++) {
        const form = mergeForms(out[i]!, out[j]!, anyChecks);
        if (form && (!best || form.mergedAt! > best.form.mergedAt!)) best = { i, j, form };
      }
    }
    if (!best) return out;
    out[best.i] = best.form;
    out.splice(best.j, 1);
  }
}
