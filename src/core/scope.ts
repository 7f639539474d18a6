// Ownership of tensors: `scope(fn)` frees every tensor created inside `fn`
// except those it returns or that are kept. Frames live in AsyncLocalStorage,
// so tensors created after an `await` inside the scope still belong to it.
import { AsyncLocalStorage } from 'node:async_hooks';

/** What a scope needs to know about the tensors it owns. */
export interface Owned {
  /** The frame that will free this tensor, if any. */
  _scope: ScopeFrame | undefined;
  dispose(): void;
  readonly isDisposed: boolean;
  /** Called when it leaves every scope (returned from the outermost one); tensors use the default hook. */
  _unowned?(): void;
}

export interface ScopeFrame {
  readonly owned: Owned[];
  readonly parent: ScopeFrame | undefined;
  closed: boolean;
}

const frames = new AsyncLocalStorage<ScopeFrame>();

function openFrame(frame: ScopeFrame | undefined): ScopeFrame | undefined {
  // Async work that outlives its scope (a promise nobody awaited) hands its
  // tensors to the nearest scope still open, or to nobody.
  while (frame !== undefined && frame.closed) frame = frame.parent;
  return frame;
}

/** Called by the Tensor constructor: the innermost open scope takes ownership. False if none did. */
export function track(t: Owned): boolean {
  const frame = openFrame(frames.getStore());
  if (frame === undefined) return false;
  frame.owned.push(t);
  t._scope = frame;
  return true;
}

/** Called when a tensor leaves every scope (returned from the outermost one). */
let onUnowned: (t: Owned) => void = () => {};
export function setUnownedHook(hook: (t: Owned) => void): void {
  onUnowned = hook;
}

/**
 * Exempts a tensor from every enclosing scope: it lives until `dispose()`
 * (or, as a last resort, until the garbage collector finds it unreachable).
 */
export function keep<T extends Owned>(t: T): T {
  t._scope = undefined;
  return t;
}

type Ownable = { _scope: ScopeFrame | undefined };

function isOwnable(v: unknown): v is Ownable & Owned {
  return typeof v === 'object' && v !== null && '_scope' in v && typeof (v as Owned).dispose === 'function';
}

/** Finds the tensors in a scope's result: arrays, plain objects, Maps and Sets are searched. */
function collectOwned(value: unknown, found: Set<Owned>, seen: Set<unknown>): void {
  if (typeof value !== 'object' || value === null || seen.has(value)) return;
  seen.add(value);
  if (isOwnable(value)) {
    found.add(value);
    return;
  }
  if (Array.isArray(value) || value instanceof Set) {
    for (const v of value) collectOwned(v, found, seen);
  } else if (value instanceof Map) {
    for (const v of value.values()) collectOwned(v, found, seen);
  } else {
    const proto = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) {
      for (const v of Object.values(value)) collectOwned(v, found, seen);
    }
  }
}

function closeFrame(frame: ScopeFrame, result: unknown): void {
  frame.closed = true;
  const returned = new Set<Owned>();
  collectOwned(result, returned, new Set());
  const parent = openFrame(frame.parent);
  for (const t of frame.owned) {
    if (t._scope !== frame) continue; // kept, or already handed on
    if (returned.has(t)) {
      t._scope = parent;
      if (parent) parent.owned.push(t);
      else if (t._unowned) t._unowned();
      else onUnowned(t);
    } else if (!t.isDisposed) {
      t.dispose();
    }
  }
  frame.owned.length = 0;
}

/** Whether a callback's result is a promise (scope() and the grad modes treat those differently). */
export function isPromiseLike(v: unknown): v is PromiseLike<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as PromiseLike<unknown>).then === 'function';
}

/**
 * Runs `fn` and frees every tensor created while it runs, except the tensors
 * it returns (found in arrays and plain objects too) and those passed to
 * `keep()`. Returned tensors move to the enclosing scope. `fn` may be async:
 * the scope then closes when its promise settles, and tensors created after
 * each `await` still belong to it.
 */
export function scope<R>(fn: () => R): R {
  const frame: ScopeFrame = { owned: [], parent: frames.getStore(), closed: false };
  let result: R;
  try {
    result = frames.run(frame, fn);
  } catch (err) {
    closeFrame(frame, undefined);
    throw err;
  }
  if (isPromiseLike(result)) {
    return Promise.resolve(result).then(
      (value) => {
        closeFrame(frame, value);
        return value;
      },
      (err: unknown) => {
        closeFrame(frame, undefined);
        throw err;
      },
    ) as R;
  }
  closeFrame(frame, result);
  return result;
}
