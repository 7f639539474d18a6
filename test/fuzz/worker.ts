// One fuzzing process: runs calls [start, end) of a seed, announcing each
// call's index on fd 3 before making it, so that when the process dies (a
// crash) or stops answering (a hang) the driver knows which call did it.
// Every call runs in a scope; whatever it throws is fine as long as it is
// an Error: the process must survive.
//
//   tsx test/fuzz/worker.ts SEED START END
import { writeSync } from 'node:fs';
import * as torch from '../../src/index.ts';
import { makeCall } from './calls.ts';

const [seed, start, end] = process.argv.slice(2).map(Number) as [number, number, number];
let progress: number | undefined;
try {
  writeSync(3, ''); // the driver's progress pipe
  progress = 3;
} catch {
  // Run by hand: report on stderr instead.
}

// Warnings from libtorch (e.g. ComplexHalf is experimental) are expected noise here.
process.removeAllListeners('warning');
process.on('unhandledRejection', (e) => {
  process.stderr.write(`unhandled rejection: ${String(e)}\n`);
  process.exit(70);
});

for (let i = start; i < end; i++) {
  if (progress !== undefined) writeSync(progress, `${i}\n`);
  else process.stderr.write(`${i}\n`);
  let outcome = 'ok';
  try {
    torch.scope(() => {
      const call = makeCall(seed, i);
      const result = call.run();
      // Async results (none expected) must settle without crashing either.
      if (result instanceof Promise) result.catch(() => {});
    });
  } catch (e) {
    outcome = e instanceof Error ? e.name : `non-Error thrown (${typeof e})`;
    if (!(e instanceof Error)) {
      process.stderr.write(`call ${i} threw a non-Error: ${String(e)}\n`);
      process.exit(71);
    }
  }
  if (progress !== undefined) writeSync(progress, `${i} ${outcome}\n`);
}
// Every tensor the calls made was freed (by their scopes).
const live = torch.memory().tensors;
process.stdout.write(`${JSON.stringify({ live })}\n`);
