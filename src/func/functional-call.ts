// A module as a pure function of its parameters: functionalCall runs its
// forward with the given tensors in place of its own (torch.func's
// functional_call), so that grad, vmap and jacrev can differentiate or map
// over the parameters as a value; stackModuleState stacks several models'
// parameters for an ensemble run with vmap.
import type { Tensor } from '../core/tensor.ts';
import { noGrad } from '../core/autograd.ts';
import * as aten from '../ops/generated/aten.ts';
import type { Module, TensorPath } from '../nn/module.ts';
import type { LayerIn, LayerOut, ShapeFn } from '../nn/shape-fn.ts';

/** The tensor at a dotted path, as the module's own accessor types it (Linear's weight: Tensor<[O, I]>); Tensor where no accessor says. */
export type TensorAt<M, P extends string> = P extends `${infer Head}.${infer Rest}`
  ? M extends { readonly __children: infer C } ? (Head extends keyof C ? TensorAt<C[Head], Rest> : Tensor) : Tensor
  : P extends keyof M ? (NonNullable<M[P]> extends Tensor ? NonNullable<M[P]> : Tensor) : Tensor;

/** Paths whose accessor may give null (a Linear without bias): optional in the record. */
type MaybeAbsent<M, P extends string> = P extends `${infer Head}.${infer Rest}`
  ? M extends { readonly __children: infer C } ? (Head extends keyof C ? MaybeAbsent<C[Head], Rest> : true) : true
  : P extends keyof M ? (null extends M[P] ? true : false) : true;

/**
 * A module's parameters and buffers as a typed record: the keys are its
 * dotted paths (a misspelt one does not compile), each value typed as the
 * module's accessor types it. A module whose paths are not known (a plain
 * Module) gives Record<string, Tensor>.
 */
export type TensorsOf<M> = string extends TensorPath<M>
  ? Record<string, Tensor>
  : { [P in TensorPath<M> as MaybeAbsent<M, P> extends true ? never : P]: TensorAt<M, P> } & { [P in TensorPath<M> as MaybeAbsent<M, P> extends true ? P : never]?: TensorAt<M, P> };

/** Tensors by dotted name (a module's parameters and buffers, or a subset): a record or a Map. */
export type NamedTensors = Readonly<Record<string, Tensor>> | ReadonlyMap<string, Tensor>;

type ForwardOf<M> = M extends { forward(...args: infer A): infer R } ? [A, R] : [unknown[], unknown];

function entries(tensors: NamedTensors): [string, Tensor][] {
  return tensors instanceof Map ? [...tensors.entries()] : Object.entries(tensors);
}

/**
 * `module.forward(...args)` with `tensors` (by dotted name, one record or
 * several: parameters and buffers) in place of the module's own; the module
 * itself is left as it was. Names the module lacks are an error. For a
 * layer that carries its shape function (Linear, Conv2d, Sequential...), one
 * input is checked and the output typed as `module.forward` would.
 */
export function functionalCall<M extends Module, X extends Tensor>(
  module: M,
  tensors: NamedTensors | readonly NamedTensors[],
  args: M extends ShapeFn ? LayerIn<M, X> : ForwardOf<M>[0] | Tensor,
): M extends ShapeFn ? LayerOut<M, X> : ForwardOf<M>[1];
export function functionalCall(module: Module, tensors: NamedTensors | readonly NamedTensors[], args: unknown): unknown {
  const merged = new Map<string, Tensor>();
  for (const dict of Array.isArray(tensors) ? tensors : [tensors as NamedTensors]) {
    for (const [name, t] of entries(dict)) {
      if (merged.has(name)) throw new TypeError(`functionalCall: '${name}' is given twice`);
      merged.set(name, t);
    }
  }
  const list = Array.isArray(args) ? args : [args];
  return module.withTensors(merged, () => (module as unknown as { forward(...a: unknown[]): unknown }).forward(...list)) as never;
}

/** A module's parameters as a record by dotted name (the tensors themselves, not copies): the value functional training updates. */
export function parametersOf(module: Module): Record<string, Tensor> {
  return Object.fromEntries(module.namedParameters());
}

/** A module's parameters and buffers as a typed record (see TensorsOf): what functionalCall takes, read and replaced by name with the compiler checking the names and shapes. */
export function tensorsOf<M extends Module>(module: M): TensorsOf<M> {
  return Object.fromEntries([...module.namedParameters(), ...module.namedBuffers()]) as never;
}

/** A module's buffers as a record by dotted name. */
export function buffersOf(module: Module): Record<string, Tensor> {
  return Object.fromEntries(module.namedBuffers());
}

/**
 * The parameters and buffers of models of one architecture, each stacked
 * along a new leading dim (torch.func.stack_module_state): run them all at
 * once with vmap over functionalCall. The stacked parameters are new leaf
 * tensors that require grad.
 */
export function stackModuleState(models: readonly Module[]): [Record<string, Tensor>, Record<string, Tensor>] {
  if (models.length === 0) throw new RangeError('stackModuleState: no models given');
  const names = (m: Module, kind: 'parameters' | 'buffers') => (kind === 'parameters' ? m.namedParameters() : m.namedBuffers()).map(([n]) => n).join(', ');
  for (const kind of ['parameters', 'buffers'] as const) {
    const first = names(models[0]!, kind);
    models.forEach((m, i) => {
      if (names(m, kind) !== first) throw new TypeError(`stackModuleState: model ${i} has ${kind} ${names(m, kind) || 'none'}, model 0 has ${first || 'none'}`);
    });
  }
  const stack = (lists: [string, Tensor][][], grad: boolean) =>
    Object.fromEntries(lists[0]!.map(([name], j) => {
      const stacked = noGrad(() => aten.stack(lists.map((l) => l[j]![1]), 0));
      return [name, grad ? stacked.requiresGrad_() : stacked];
    }));
  return [stack(models.map((m) => m.namedParameters()), true), stack(models.map((m) => m.namedBuffers()), false)];
}
