// The garbage-collector safety net for tensors that are never disposed: the
// native handle is released when the Tensor object is collected.
//
// FinalizationRegistry.register costs ~0.3 µs, as much as a whole tiny op, and
// finalizers only run when the event loop turns anyway. So tensors are
// registered lazily, at the next turn of the loop, and only those still alive
// and owned by no scope then: tensors disposed at once (the common case in
// loops) or freed by a scope never pay for it.
import { native } from './native.ts';
import { setUnownedHook, type Owned } from './scope.ts';

interface Watched extends Owned {
  _h: number;
}

// A stale handle is a no-op in the native table (generation check), so a
// tensor disposed after registration needs no unregistering.
const finalizer = new FinalizationRegistry<number>((handle) => {
  try {
    native().release(handle);
  } catch {
    // Finalizers must not throw; the handle is gone either way.
  }
});

let pending: Watched[] = [];
let scheduled = false;

function registerPending(): void {
  const batch = pending;
  pending = [];
  scheduled = false;
  for (const t of batch) {
    if (!t.isDisposed && t._scope === undefined) finalizer.register(t, t._h);
  }
}

/** Beyond this many, pending tensors are registered at once rather than held until the loop turns. */
const MAX_PENDING = 256;

/** Puts an unowned tensor under the GC safety net (at the next turn of the event loop). */
export function watchUnowned(t: Watched): void {
  pending.push(t);
  if (pending.length >= MAX_PENDING) {
    // A long synchronous loop: do not keep thousands of disposed tensors alive.
    registerPending();
  } else if (!scheduled) {
    scheduled = true;
    setImmediate(registerPending).unref();
  }
}

setUnownedHook((t) => watchUnowned(t as Watched));
