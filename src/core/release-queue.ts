// Disposal without a native call: handles to free go into a queue shared with
// the addon (a Float64Array over native memory; slot 0 is the count). The
// addon drains it at the start of every native call, so memory is back in
// libtorch's hands by the next op; an idle program drains at the next turn of
// the event loop. This halves the boundary crossings of a create/dispose pair.
import { native } from './native.ts';

let queue: Float64Array | undefined;
let flushScheduled = false;

function flush(): void {
  flushScheduled = false;
  native().flushReleases();
}

/** Queues a native handle for release. */
export function releaseHandle(handle: number): void {
  const q = (queue ??= native().releaseQueue());
  const n = q[0]! + 1;
  q[n] = handle;
  q[0] = n;
  if (n >= q.length - 1) {
    native().flushReleases();
  } else if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flush).unref();
  }
}
