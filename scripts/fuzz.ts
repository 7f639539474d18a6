// The fuzzer from the command line: long runs over several seeds, and the
// replay of one call.
//
//   npm run fuzz -- [--seeds 1,2,3] [--calls 40000] [--workers 2]
//   npm run fuzz -- --seed 1 --index 1234      runs that one call in this process and prints it
import { fuzz } from '../test/fuzz/driver.ts';
import { makeCall, targetCount } from '../test/fuzz/calls.ts';

const argv = process.argv.slice(2);
const opt = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};

if (opt('--index') !== undefined) {
  const call = makeCall(Number(opt('--seed') ?? 1), Number(opt('--index')));
  console.log(call.text);
  try {
    console.log('->', call.run());
  } catch (e) {
    console.log('threw', e);
  }
} else {
  const seeds = (opt('--seeds') ?? '1').split(',').map(Number);
  const calls = Number(opt('--calls') ?? 20000);
  const workers = Number(opt('--workers') ?? 2);
  console.log(`fuzzing ${targetCount()} public functions and methods, ${calls} calls per seed, seeds ${seeds.join(', ')}`);
  let total = 0;
  let bad = 0;
  for (const seed of seeds) {
    const r = await fuzz(seed, calls, { workers });
    total += r.calls;
    bad += r.findings.length;
    console.log(`seed ${seed}: ${r.calls} calls in ${r.seconds.toFixed(0)} s, outcomes ${JSON.stringify(r.outcomes)}, tensors leaked ${r.leaked}`);
    for (const f of r.findings) console.log(`  ${f.kind.toUpperCase()} at call ${f.index}: ${f.call}\n    ${f.how}\n    replay: npm run fuzz -- --seed ${f.seed} --index ${f.index}`);
  }
  console.log(`${total} calls, ${bad} crashes or hangs`);
  process.exitCode = bad === 0 ? 0 : 1;
}
