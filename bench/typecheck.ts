// bench/typecheck: how long the compiler takes on code that uses the library.
//
//   npm run bench:typecheck
//
// Runs `tsc --noEmit --extendedDiagnostics` (TypeScript 5.9, skipLibCheck) in
// a user's project that installed the packed package, so the compiler reads
// only its declarations, as in any project depending on it, over: a file that
// only imports the package, the typed CNN model file (examples/typed-cnn.ts),
// a generated file with 300 calls of generated ops; and the type tests in the
// repository (against dist/). Prints check time, instantiations and memory
// for each. Targets: 1.5 s, 1.5 s, 3 s and 10 s.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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
  "import * as torch from 'typed-torch';",
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

const tsc = join(root, 'node_modules', '.bin', 'tsc');

// A user's project with the package installed from its tarball: the files
// below import 'typed-torch' and see only its declarations, as in any project
// that depends on it. (Its install script is skipped: type-checking needs no addon.)
const app = join(dir, 'app');
rmSync(app, { recursive: true, force: true });
mkdirSync(app, { recursive: true });
const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: root, encoding: 'utf8' }).replace(/^[^[]*/s, ''))[0];
writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'bench-app', private: true, type: 'module' }));
execFileSync('npm', ['install', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', join(dir, packed.filename), '@types/node@20.19.9'], { cwd: app, stdio: 'ignore' });
writeFileSync(join(app, 'ops300.ts'), `${lines.join('\n')}\n`);
writeFileSync(join(app, 'import-only.ts'), "import * as torch from 'typed-torch';\n\nexport const x = torch.zeros([2, 3]);\n");
// The CNN example, as a user's file importing the package.
writeFileSync(join(app, 'typed-cnn.ts'), readFileSync(join(root, 'examples', 'typed-cnn.ts'), 'utf8'));

/** A tsconfig in the user's project for the given files, with a user's usual strict options. */
function configFor(name: string, files: string[], extra: Record<string, unknown> = {}, where = app): string {
  const path = join(where, `tsconfig.${name}.json`);
  writeFileSync(
    path,
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true,
        skipLibCheck: true, lib: ['ES2022', 'ESNext.Disposable'], types: ['node'],
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

console.log(`bench/typecheck (TypeScript 5.9, skipLibCheck, a project with ${packed.filename} installed)`);
let ok = measure('importing the package (one line of use)', ['-p', configFor('import', ['import-only.ts'])], 1.5);
ok = measure('one model file (examples/typed-cnn.ts)', ['-p', configFor('cnn', ['typed-cnn.ts'])], 1.5) && ok;
ok = measure(`a user file with ${count} op calls`, ['-p', configFor('ops300', ['ops300.ts'])], 3) && ok;
// The type tests run in the repository, against dist/ (the same declarations).
const typeTests = readdirSync(join(root, 'type-tests')).filter((f) => f.endsWith('.test-d.ts'));
const tsdConfig = configFor(
  'type-tests',
  typeTests.map((f) => join(root, 'type-tests', f)),
  { paths: { tsd: [join(root, 'node_modules', 'tsd')] } },
  dir,
);
ok = measure(`the type tests (${typeTests.length} files of type-tests/)`, ['-p', tsdConfig], 10, true) && ok;
process.exitCode = ok ? 0 : 1;
