// Trees of tensors (torch.utils._pytree's idea, for the transforms'
// arguments and results): a tensor is a leaf; arrays and plain objects are
// nodes; anything else (numbers, strings, null, modules) is carried through
// untouched. A record of parameters is a tree, so grad and vmap work over a
// model's parameters as one value.
import { Tensor } from '../core/tensor.ts';

/** A tree of tensors, as the transforms accept it. */
export type TensorTree = Tensor | readonly TensorTree[] | { readonly [key: string]: TensorTree } | number | boolean | string | null | undefined;

function isNode(v: unknown): v is readonly unknown[] | Record<string, unknown> {
  if (Array.isArray(v)) return true;
  if (typeof v !== 'object' || v === null || v instanceof Tensor) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** The tensors of a tree, depth first (arrays in order, objects in key order). */
export function leaves(tree: unknown): Tensor[] {
  const out: Tensor[] = [];
  const walk = (v: unknown) => {
    if (v instanceof Tensor) out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (isNode(v)) Object.values(v).forEach(walk);
  };
  walk(tree);
  return out;
}

/**
 * The same tree with each tensor replaced by `fn(tensor, index, path)`:
 * indices in `leaves` order, the path the keys and array positions down to
 * the tensor joined by dots ('1.weight' in a record of parameters, '0.bias'
 * under an array), as JAX's tree_map_with_path gives them.
 */
export function mapTree<T>(tree: T, fn: (t: Tensor, index: number, path: string) => unknown): T {
  let i = 0;
  const join = (path: string, key: string | number) => (path === '' ? String(key) : `${path}.${key}`);
  const walk = (v: unknown, path: string): unknown => {
    if (v instanceof Tensor) return fn(v, i++, path);
    if (Array.isArray(v)) return v.map((x, k) => walk(x, join(path, k)));
    if (isNode(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, join(path, k))]));
    return v;
  };
  return walk(tree, '') as T;
}

/** Replaces a tree's tensors, in `leaves` order, with `values`. */
export function withLeaves<T>(tree: T, values: readonly Tensor[]): T {
  return mapTree(tree, (_, i) => values[i]);
}

/**
 * Pairs each tensor of `tree` with the matching entry of `spec`, a prefix of
 * the tree (torch.func's in_dims and out_dims): a leaf of `spec` applies to
 * the whole subtree under it, a node must match the tree's node.
 */
export function broadcastPrefix<S>(spec: unknown, tree: unknown, what: string): S[] {
  const out: S[] = [];
  const walk = (s: unknown, v: unknown, path: string) => {
    if (!isNode(s)) {
      for (const _ of leaves(v)) out.push(s as S);
      return;
    }
    if (Array.isArray(s)) {
      if (!Array.isArray(v) || v.length !== s.length) {
        throw new TypeError(`${what}${path}: an array of ${s.length} entries, but the value there is ${describe(v)}`);
      }
      s.forEach((x, i) => walk(x, v[i], `${path}[${i}]`));
      return;
    }
    if (!isNode(v) || Array.isArray(v)) throw new TypeError(`${what}${path}: an object, but the value there is ${describe(v)}`);
    const keys = Object.keys(v);
    for (const k of Object.keys(s)) if (!keys.includes(k)) throw new TypeError(`${what}${path}: names '${k}', which the value there lacks`);
    for (const k of keys) {
      if (!(k in s)) throw new TypeError(`${what}${path}: gives nothing for '${k}'`);
      walk((s as Record<string, unknown>)[k], (v as Record<string, unknown>)[k], `${path}.${k}`);
    }
  };
  walk(spec, tree, '');
  return out;
}

/** A value as an error message names it. */
export function describe(v: unknown): string {
  if (v instanceof Tensor) return `a tensor of shape [${v.shape.join(', ')}]`;
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (v === null) return 'null';
  if (typeof v === 'object') return isNode(v) ? 'an object' : `a ${(v as object).constructor?.name ?? 'object'}`;
  return `${typeof v} ${String(v)}`;
}
