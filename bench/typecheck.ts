// bench/typecheck: how long the compiler takes on code that uses the library.
//
//   npm run bench:typecheck
//
// Runs `tsc --noEmit --extendedDiagnostics` (TypeScript 5.9, skipLibCheck)
// against the package's declarations (build/types, what a user's build reads)
// over: a generated user file with 300 calls of generated ops, the typed CNN
// model file (examples/typed-cnn.ts), and the type tests; prints check time,
// instantiations and memory for each. Targets: 5 s, 2 s and 10 s.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'build', 'typecheck');
mkdirSync(dir, { recursive: true });

// 300 calls over 100 different ops, in three rounds with varied arguments.
const CALLS = [
  'x.add(y)', 'x.sub(y, { alpha: 2 })', 'x.mul(2)', 'x.div(y)', 'x.pow(2)', 'torch.exp(x)', 'x.log()', 'x.sqrt()',
  'x.sin()', 'x.cos()', 'x.tanh()', 'x.sigmoid()', 'x.relu()', 'torch.gelu(x)', 'torch.silu(x)', 'x.abs()', 'x.neg()',
  'x.clamp(-1, 1)', 'x.sum()', 'x.sum(1, { keepdim: true })', 'x.mean(0)', 'x.max()', 'x.max(1)[0]', 'x.min(0)[1]',
  'x.argmax(1)', 'x.std(1)', 'x.var()', 'x.softmax(1)', 'torch.logSoftmax(x, 1)', 'x.matmul(m)', 'torch.mm(x, m)',
  'x.t()', 'x.transpose(0, 1)', 'x.reshape([3, 2])', 'x.view([-1])', 'x.flatten()', 'x.unsqueeze(0)', 'x.squeeze()',
  'x.permute([1, 0])', 'x.expand([2, 3])', 'x.repeat([2, 1])', 'x.flip([0])', 'x.narrow(1, 0, 2)', 'x.select(0, 1)',
  'torch.cat([x, y], 1)', 'torch.stack([x, y])', 'x.gather(1, i)', 'x.indexSelect(1, i.select(0, 0))', 'x.eq(y)',
  'x.gt(0)', 'x.lt(y)', 'torch.where(x.gt(0), x, y)', 'x.maximum(y)', 'x.cumsum(1)', 'x.sort(1)[0]', 'x.topk(2, 1)[1]',
  'x.norm()', 'x.logsumexp(1)', 'x.exp().log1p()', 'x.floor()', 'x.round()', 'x.sign()', 'x.square()', 'x.detach()',
  'x.clone()', 'x.contiguous()', 'torch.conv2d(img, k, { padding: 1 })', 'torch.maxPool2d(img, 2)',
  'torch.avgPool2d(img, 2)', 'torch.adaptiveAvgPool2d(img, [1, 1])', 'torch.layerNorm(x, [3])',
  'torch.linear(x, m.t())', 'torch.dropout(x, 0.5, true)', 'torch.mseLoss(x, y)', 'torch.crossEntropyLoss(x, i.select(1, 0))',
  'torch.binaryCrossEntropyWithLogits(x, y)', 'torch.embedding(m, i)', 'torch.batchNorm(img, null, null, null, null, true, 0.1, 1e-5, false)',
  'torch.einsum("ij,jk->ik", [x, m])', 'x.maskedFill(x.gt(0), 0)', 'x.addmm(x, m)', 'x.lerp(y, 0.5)',
  'x.atan2(y)', 'x.hypot(y)', 'x.remainder(2)', 'x.fmod(y)', 'x.erf()', 'x.expm1()', 'x.trunc()', 'x.frac()',
  'x.logicalNot()', 'x.any()', 'x.all()', 'x.nonzero()', 'x.roll(1, 1)', 'x.tril()', 'x.triu()', 'x.diagonal()',
  'x.chunk(2, 1)[0]', 'x.split(1, 0)[0]', 'x.unbind(0)[0]',
];

const lines = [
  "import * as torch from '../types/index.js';",
  'const x = torch.randn([2, 3]);',
  'const y = torch.randn([2, 3]);',
  'const m = torch.randn([3, 3]);',
  "const i = torch.tensor([[0, 1, 2], [2, 1, 0]], { dtype: 'int64' });",
  'const img = torch.randn([1, 3, 8, 8]);',
  'const k = torch.randn([4, 3, 3, 3]);',
  'export const results: unknown[] = [];',
];
let count = 0;
for (let round = 0; round < 3; round++) {
  for (const call of CALLS.slice(0, 100)) {
    lines.push(`results.push(${call});`);
    count++;
  }
}
writeFileSync(join(dir, 'ops300.ts'), `${lines.join('\n')}\n`);

const tsc = join(root, 'node_modules', '.bin', 'tsc');
// The declarations are current after `npm run setup`; rebuild them to be sure.
execFileSync(tsc, ['-p', join(root, 'tsconfig.types.json')], { stdio: 'inherit' });

// The CNN example, as a user's file importing the package (via its declarations).
const cnn = readFileSync(join(root, 'examples', 'typed-cnn.ts'), 'utf8').replace("'../src/index.ts'", "'../types/index.js'");
writeFileSync(join(dir, 'typed-cnn.ts'), cnn);

/** A tsconfig in build/typecheck/ for the given files, with a user's usual strict options. */
function configFor(name: string, files: string[], extra: Record<string, unknown> = {}): string {
  const path = join(dir, `tsconfig.${name}.json`);
  writeFileSync(
    path,
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true,
        skipLibCheck: true, lib: ['ES2022', 'ESNext.Disposable'], types: ['node'], typeRoots: [join(root, 'node_modules', '@types')],
        ...extra,
      },
      files,
    }),
  );
  return path;
}

/** Runs tsc and reads its timings; `expectErrors`: the file holds deliberate errors (tsd's expectError lines). */
function measure(title: string, args: string[], target: number, expectErrors = false): boolean {
  const r = spawnSync(tsc, [...args, '--extendedDiagnostics'], { encoding: 'utf8' });
  if (r.status !== 0 && !expectErrors) throw new Error(`tsc failed on ${title}:\n${r.stdout}`);
  const out = r.stdout;
  const pick = (label: string) => out.match(new RegExp(`^${label}:\\s+(.*)$`, 'm'))?.[1]?.trim() ?? '?';
  const total = Number.parseFloat(pick('Total time'));
  console.log(`${title}`);
  for (const label of ['Check time', 'Total time', 'Instantiations', 'Memory used']) console.log(`  ${label.padEnd(16)} ${pick(label)}`);
  console.log(`  target: total under ${target} s ... ${total < target ? 'ok' : 'MISSED'}`);
  return total < target;
}

console.log('bench/typecheck (TypeScript 5.9, skipLibCheck, against the package declarations)');
let ok = measure(`a user file with ${count} op calls`, ['-p', configFor('ops300', ['ops300.ts'])], 5);
ok = measure('one model file (examples/typed-cnn.ts)', ['-p', configFor('cnn', ['typed-cnn.ts'])], 2) && ok;
const typeTests = readdirSync(join(root, 'type-tests')).filter((f) => f.endsWith('.test-d.ts'));
const tsdConfig = configFor(
  'type-tests',
  typeTests.map((f) => join(root, 'type-tests', f)),
  { paths: { tsd: [join(root, 'node_modules', 'tsd')] } },
);
ok = measure(`the type tests (${typeTests.length} files of type-tests/)`, ['-p', tsdConfig], 10, true) && ok;
process.exitCode = ok ? 0 : 1;
