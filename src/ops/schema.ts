// The run-time side of the generated op layer (src/ops/generated/aten.ts):
// each generated function carries the schema it calls, which resolves its
// dispatcher handle once, at its first call, and checks there that the
// loaded libtorch has that schema with the argument kinds the generator saw.
import { op } from '../core/op.ts';
import { TorchError } from '../core/errors.ts';
import { native, type NativeAddon } from '../core/native.ts';
import { Tensor } from '../core/tensor.ts';
import { Generator } from '../core/generator.ts';
import type { ArgKind } from './arg-kinds.ts';

/** Argument flags in generated schema tables. */
export const DEFAULTED = 1;
export const NULLABLE = 2;
export const KWARG_ONLY = 4;

/** One schema argument: [schema name, kind, flags]. */
export type ArgSpec = readonly [name: string, kind: ArgKind, flags?: number];

/** One operator schema of libtorch, as the generator saw it, and the generated function that calls it. */
export interface OpSchema {
  /** 'add.Tensor' ('relu' for a default overload). */
  readonly qualified: string;
  readonly args: readonly ArgSpec[];
  /** The generated function (every argument positional, in schema order). */
  readonly fn: (...args: never[]) => unknown;
  /** @internal The dispatcher handle's id; -1 until the first call resolves it. */
  id: number;
}

/** Every schema of the generated layer, for verifyGenerated(). */
const all: OpSchema[] = [];

/** Declares a generated schema (called once per schema when aten.ts loads). */
export function schema(qualified: string, args: readonly ArgSpec[], fn: (...args: never[]) => unknown): OpSchema {
  const s: OpSchema = { qualified, args, fn, id: -1 };
  all.push(s);
  return s;
}

function mismatch(s: OpSchema, why: string): TorchError {
  return new TorchError(`the generated op layer does not match the loaded libtorch (run \`npm run gen\`): aten::${s.qualified}: ${why}`);
}

/** Resolves a schema's handle and checks its arguments' names and kinds against the addon's reading of it. */
function resolve(s: OpSchema): number {
  let handle;
  try {
    handle = op(s.qualified);
  } catch (e) {
    throw mismatch(s, (e as Error).message);
  }
  if (handle.args.length !== s.args.length) {
    throw mismatch(s, `libtorch has ${handle.args.length} arguments, the generated code ${s.args.length}`);
  }
  s.args.forEach(([name, kind], i) => {
    const actual = handle.args[i]!;
    if (actual.name !== name || actual.kind !== kind) {
      throw mismatch(s, `argument ${i} is '${actual.name}' of kind ${actual.kind} in libtorch, '${name}' of kind ${kind} in the generated code`);
    }
  });
  s.id = handle.id;
  return s.id;
}

/** The dispatcher handle's id of a schema (resolved at the first call). */
export function opId(s: OpSchema): number {
  return s.id >= 0 ? s.id : resolve(s);
}

/**
 * Resolves every schema of the generated layer now, checking each against
 * the loaded libtorch; throws one error naming every mismatch.
 */
export function verifyGenerated(): number {
  const problems: string[] = [];
  for (const s of all) {
    try {
      opId(s);
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  if (problems.length > 0) throw new TorchError(`${problems.length} generated schemas do not match libtorch:\n  ${problems.join('\n  ')}`);
  return all.length;
}

// ---- helpers of the generated functions -------------------------------------------------

let addon: NativeAddon | undefined;

/** The addon, loaded at the first call. */
export function nat(): NativeAddon {
  return (addon ??= native());
}

/**
 * A tensor argument as the addon takes it: its handle (-1 once disposed,
 * which the addon reports by the argument's name). null and undefined pass
 * through (None, or the schema's default); anything else becomes NaN, which
 * the addon refuses as "expected a Tensor" (a number is never taken for a handle).
 */
export function handle(x: Tensor | null | undefined): number | null | undefined {
  return x instanceof Tensor ? x._h : x === null || x === undefined ? x : NaN;
}

/** A list of tensors (or of tensors and nulls) as handles. */
export function handles(xs: readonly (Tensor | null)[]): (number | null)[] | undefined {
  if (!Array.isArray(xs)) return xs as unknown as undefined; // not a list: the addon names the argument
  const out = new Array<number | null>(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = handle(xs[i]) as number | null;
  return out;
}

/** A generator argument as its id. */
export function generatorId(x: Generator | null | undefined): number | null | undefined {
  return x instanceof Generator ? x._id : x === null || x === undefined ? x : NaN;
}

/** A returned tensor handle (null: an undefined tensor, as some backward kernels return). */
export function wrap(h: unknown): Tensor {
  return (h === null ? null : new Tensor(h as number)) as Tensor;
}

/** A returned list of tensor handles. */
export function wrapList(hs: unknown): Tensor[] {
  return (hs as (number | null)[]).map((h) => wrap(h));
}
