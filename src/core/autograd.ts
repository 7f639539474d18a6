// Grad modes and functional autograd. libtorch's grad mode is thread-local
// state, so the mode helpers apply to synchronous code: an async callback
// would run its continuations under whatever mode is current then.
import { native } from './native.ts';
import { Tensor, wrap } from './tensor.ts';
import { isPromiseLike } from './scope.ts';

function notAsync(what: string): Error {
  return new TypeError(
    `${what}(fn): fn is async (or returned a promise). Grad modes are libtorch thread state and cannot follow ` +
      `an await; call ${what}() around the synchronous part inside your async function instead.`,
  );
}

/** An async function is refused before it starts (its work would run outside the mode). */
function refuseAsync(what: string, fn: unknown): void {
  if (typeof fn !== 'function') throw new TypeError(`${what}(fn): expected a function, got ${fn === null ? 'null' : typeof fn}`);
  if (fn.constructor?.name === 'AsyncFunction') throw notAsync(what);
}

/**
 * A function that returned a promise anyway has already started: its
 * rejection is handled here (so it cannot end the process as an unhandled
 * rejection) and the call is refused.
 */
function refusePromise(what: string, result: unknown): void {
  if (!isPromiseLike(result)) return;
  Promise.resolve(result).catch(() => {});
  throw notAsync(what);
}

function withGradMode<R>(what: string, enabled: boolean, fn: () => R): R {
  refuseAsync(what, fn);
  const prev = native().setGradEnabled(enabled);
  let result: R;
  try {
    result = fn();
  } finally {
    native().setGradEnabled(prev);
  }
  refusePromise(what, result);
  return result;
}

/** Runs `fn` with autograd recording off (Python's `torch.no_grad()`). */
export function noGrad<R>(fn: () => R): R {
  return withGradMode('noGrad', false, fn);
}

/** Runs `fn` with autograd recording on, e.g. inside noGrad. */
export function enableGrad<R>(fn: () => R): R {
  return withGradMode('enableGrad', true, fn);
}

/** Whether autograd is recording now. */
export function isGradEnabled(): boolean {
  return native().isGradEnabled();
}

/**
 * Runs `fn` in libtorch's inference mode: like noGrad but faster, and the
 * tensors it creates can never be used in autograd later.
 */
export function inferenceMode<R>(fn: () => R): R {
  refuseAsync('inferenceMode', fn);
  native().enterInferenceMode(true);
  let result: R;
  try {
    result = fn();
  } finally {
    native().exitInferenceMode();
  }
  refusePromise('inferenceMode', result);
  return result;
}

export function isInferenceMode(): boolean {
  return native().isInferenceMode();
}

export interface GradOptions {
  /** Vector for the vector-Jacobian product, one per output (null: ones for scalars). */
  gradOutputs?: (Tensor | null)[];
  /** Keep the graph for another backward pass (default: createGraph). */
  retainGraph?: boolean;
  /** Record the gradient computation itself, for higher-order derivatives. */
  createGraph?: boolean;
  /** Return null for inputs the outputs do not depend on, instead of throwing. */
  allowUnused?: boolean;
}

/**
 * Gradients of `outputs` with respect to `inputs`, returned rather than
 * accumulated into `.grad` (Python's `torch.autograd.grad`). With
 * `createGraph: true` the results are differentiable again.
 */
export function grad(outputs: Tensor | Tensor[], inputs: Tensor | Tensor[], options: GradOptions = {}): (Tensor | null)[] {
  const outs = Array.isArray(outputs) ? outputs : [outputs];
  const ins = Array.isArray(inputs) ? inputs : [inputs];
  const handles = native().autogradGrad(
    outs.map((t) => t._h),
    ins.map((t) => t._h),
    options.gradOutputs ? options.gradOutputs.map((t) => (t === null ? null : t._h)) : null,
    options.retainGraph,
    options.createGraph ?? false,
    options.allowUnused ?? false,
  );
  return handles.map((h) => (h === null ? null : wrap(h)));
}

/** Accumulates gradients of several tensors at once (Python's `torch.autograd.backward`). */
export function backward(
  tensors: Tensor[],
  grads?: (Tensor | null)[],
  options: { retainGraph?: boolean; createGraph?: boolean; inputs?: Tensor[] } = {},
): void {
  native().backward(
    tensors.map((t) => t._h),
    grads ? grads.map((g) => (g === null ? null : g._h)) : null,
    options.retainGraph,
    options.createGraph ?? false,
    options.inputs ? options.inputs.map((t) => t._h) : null,
  );
}
