#!/usr/bin/env node
// The package as a dependency, the way a user gets it: `npm pack`, install
// the tarball into new projects, type-check a correct and a wrong user file
// against the installed declarations, run the correct one with plain node,
// and create, install, test and train projects with `typed-torch init`
// (each template).
// The first install compiles the addon from the tarball's sources (into a
// fresh cache); the second must reuse that build.
//
//   node scripts/check-package.mjs [--keep]     (--keep leaves the temporary folder)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const tmp = mkdtempSync(join(tmpdir(), 'typed-torch-package-'));
const env = { ...process.env, TYPED_TORCH_CACHE: join(tmp, 'cache'), npm_config_update_notifier: 'false' };
const started = performance.now();
const problems = [];

function sh(cmd, argv, cwd, { allowFail = false } = {}) {
  const r = spawnSync(cmd, argv, { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0 && !allowFail) {
    throw new Error(`\`${cmd} ${argv.join(' ')}\` (in ${cwd}) failed with exit code ${r.status}:\n${output}`);
  }
  return { status: r.status, output, stdout: r.stdout ?? '' };
}

function check(ok, what) {
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) problems.push(what);
}

function elapsed() {
  return `${((performance.now() - started) / 1000).toFixed(1)} s`;
}

// --foreground-scripts shows what the install script says (npm hides it otherwise).
const NPM_INSTALL = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--strict-allow-scripts', '--foreground-scripts'];
const USER_TSCONFIG = {
  compilerOptions: {
    target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true,
    lib: ['ES2022', 'ESNext.Disposable'], types: ['node'], outDir: 'out',
  },
};

try {
  // 1. The tarball.
  const packed = JSON.parse(sh('npm', ['pack', '--json', '--pack-destination', tmp], root).stdout.replace(/^[^[]*/s, ''))[0];
  const tgz = join(tmp, packed.filename);
  const paths = packed.files.map((f) => f.path);
  console.log(`npm pack: ${packed.filename}, ${paths.length} files, ${(packed.size / 1024).toFixed(0)} KB (${elapsed()})`);
  const strays = paths.filter((p) => /^(src|test|bench|gen|type-tests|type-errors|examples)\//.test(p) || (/\.ts$/.test(p) && !/\.d\.ts$/.test(p) && !p.startsWith('templates/')));
  check(strays.length === 0, `the tarball holds no sources, tests, benchmarks or generator${strays.length ? `: ${strays.slice(0, 5).join(', ')}` : ''}`);
  for (const need of ['dist/index.js', 'dist/index.d.ts', 'native/CMakeLists.txt', 'native/src/ops.cpp', 'scripts/install.mjs', 'bin/typed-torch.mjs', 'templates/base/package.json', 'LICENSE', 'README.md']) {
    check(paths.includes(need), `the tarball has ${need}`);
  }

  // 2. A new project installs it: the install script compiles the addon.
  const app = join(tmp, 'app');
  sh('mkdir', ['-p', app], tmp);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module', allowScripts: { [`file:${tgz}`]: true } }, null, 2));
  const install = sh('npm', [...NPM_INSTALL, tgz, 'typescript@5.9.3', '@types/node@20.19.9'], app);
  const addon = join(app, 'node_modules', 'typed-torch', 'build', 'Release', 'typed_torch.node');
  check(existsSync(addon) && install.output.includes('building the native addon'), `npm install compiled the addon from the tarball (${elapsed()})`);

  // 3. User files, type-checked against the installed declarations.
  writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ ...USER_TSCONFIG, files: ['good.ts'] }, null, 2));
  writeFileSync(
    join(app, 'good.ts'),
    `import * as torch from 'typed-torch';

const a = torch.tensor([[1, 2, 3], [4, 5, 6]]);
const c: torch.Tensor<[2, 2], 'float32', 'cpu'> = a.matmul(torch.ones([3, 2]));
torch.manualSeed(0);
const net = torch.nn.sequential(new torch.nn.Linear(3, 4), new torch.nn.ReLU(), new torch.nn.Linear(4, 1));
const out: torch.Tensor<[2, 1], 'float32', 'cpu'> = net.forward(a);
const det = torch.linalg.det(torch.tensor([[4, 1], [2, 3]], { dtype: 'float64' })).item();
console.log(JSON.stringify({ c: c.toArray(), out: out.shape, det }));
`,
  );
  writeFileSync(join(app, 'bad.ts'), `import * as torch from 'typed-torch';\n\nexport const c = torch.zeros([2, 3]).matmul(torch.zeros([4, 5]));\n`);
  const good = sh(join(app, 'node_modules', '.bin', 'tsc'), ['-p', '.'], app, { allowFail: true });
  check(good.status === 0 && good.output.trim() === '', `a correct user file type-checks with no errors${good.status ? `:\n${good.output}` : ''}`);
  writeFileSync(join(app, 'tsconfig.bad.json'), JSON.stringify({ ...USER_TSCONFIG, compilerOptions: { ...USER_TSCONFIG.compilerOptions, noEmit: true }, files: ['bad.ts'] }, null, 2));
  const bad = sh(join(app, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.bad.json', '--pretty', 'false'], app, { allowFail: true });
  const errors = bad.output.split('\n').filter((l) => /error TS\d+/.test(l));
  check(
    bad.status !== 0 && errors.length === 1 && errors[0].startsWith('bad.ts(3,') && errors[0].includes('matmul: inner dims 3 and 4 differ (shapes [2, 3] @ [4, 5])'),
    `a wrong user file gets the matmul error, in the user's file: ${errors[0] ?? bad.output}`,
  );

  // 4. Plain node runs the compiled user file.
  const ran = sh(process.execPath, [join(app, 'out', 'good.js')], app, { allowFail: true });
  let result;
  try {
    result = JSON.parse(ran.stdout);
  } catch {}
  check(JSON.stringify(result) === JSON.stringify({ c: [[6, 6], [15, 15]], out: [2, 1], det: 10 }), `plain node runs it: ${ran.stdout.trim() || ran.output}`);

  // torch.distributed from the package: its launcher starts two ranks of a plain .mjs file,
  // which allreduce over gloo (the addon was compiled with c10d from the tarball's sources).
  writeFileSync(
    join(app, 'ranks.mjs'),
    `import * as torch from 'typed-torch';\n\nawait torch.distributed.initProcessGroup({ timeout: 30000 });\n` +
      `const t = torch.distributed.allReduce(torch.tensor([1, 2], { dtype: 'float32' }).mul(torch.distributed.getRank() + 1));\n` +
      `console.log(JSON.stringify(t.toArray()));\ntorch.distributed.destroyProcessGroup();\n`,
  );
  const port = String(20000 + (process.pid % 20000));
  const ranks = sh(join(app, 'node_modules', '.bin', 'typed-torch'), ['run', '--nproc', '2', '--master-port', port, 'ranks.mjs'], app, { allowFail: true });
  const reduced = ranks.stdout.split('\n').filter((l) => l.endsWith('[3,6]')).sort();
  check(ranks.status === 0 && reduced.join('|') === '[rank 0] [3,6]|[rank 1] [3,6]', `typed-torch run starts 2 ranks that allreduce: ${reduced.join(', ') || ranks.output}`);

  // A WorkerDataLoader from the package: its thread runs dist's loader-worker.js and imports the
  // consumer's own module, and the batches cross threads with no copy.
  writeFileSync(
    join(app, 'rows.mjs'),
    `import * as torch from 'typed-torch';\n\nexport const rows = (n) => new torch.data.TensorDataset({ x: torch.arange(0, n, { dtype: 'float32' }) });\n`,
  );
  writeFileSync(
    join(app, 'loader.mjs'),
    `import * as torch from 'typed-torch';\n\nconst loader = await torch.data.WorkerDataLoader.create({ module: new URL('./rows.mjs', import.meta.url), export: 'rows', args: [5] }, { batchSize: 2 });\n` +
      `const seen = [];\nfor await (const { x } of loader) seen.push(x.toArray());\nawait loader.close();\nconsole.log(JSON.stringify(seen));\n`,
  );
  const loaded = sh(process.execPath, [join(app, 'loader.mjs')], app, { allowFail: true });
  check(loaded.stdout.trim() === '[[0,1],[2,3],[4]]', `a WorkerDataLoader loads on its thread: ${loaded.stdout.trim() || loaded.output}`);

  // The untyped layer is its own entry point: the root's declarations do not pull it in.
  const listed = sh(join(app, 'node_modules', '.bin', 'tsc'), ['-p', '.', '--listFilesOnly'], app).stdout;
  check(listed.includes('typed-torch/dist/index.d.ts') && !listed.includes('generated/aten.d.ts'), "importing 'typed-torch' leaves out the untyped layer's declarations");
  writeFileSync(join(app, 'raw.ts'), `import * as torch from 'typed-torch';\nimport * as aten from 'typed-torch/aten';\n\nconsole.log(JSON.stringify(aten.add_Tensor(torch.ones([2]), torch.ones([2]), 3).toArray()));\n`);
  writeFileSync(join(app, 'tsconfig.raw.json'), JSON.stringify({ ...USER_TSCONFIG, files: ['raw.ts'] }, null, 2));
  const raw = sh(join(app, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.raw.json'], app, { allowFail: true });
  const rawRun = raw.status === 0 ? sh(process.execPath, [join(app, 'out', 'raw.js')], app, { allowFail: true }).stdout.trim() : raw.output;
  check(rawRun === '[4,4]', `'typed-torch/aten' type-checks and runs: ${rawRun}`);

  // 5. A second project: the build is reused.
  const again = join(tmp, 'again');
  sh('mkdir', ['-p', again], tmp);
  writeFileSync(join(again, 'package.json'), JSON.stringify({ name: 'again', private: true, allowScripts: { [`file:${tgz}`]: true } }));
  const second = sh('npm', [...NPM_INSTALL, tgz], again);
  check(second.output.includes('using the cached build') && !second.output.includes('building the native addon'), `a second install reuses the build (${elapsed()})`);

  // 6. typed-torch init: a project that installs, tests and trains on its own.
  const proj = join(tmp, 'proj');
  const made = sh(join(app, 'node_modules', '.bin', 'typed-torch'), ['init', proj, '--template', 'mlp', '--typed-torch', `file:${tgz}`], app);
  check(existsSync(join(proj, 'src', 'model.ts')) && existsSync(join(proj, '.gitignore')), `typed-torch init wrote the mlp project: ${made.output.split('\n')[0]}`);
  sh('npm', NPM_INSTALL, proj);
  const tested = sh('npm', ['test'], proj, { allowFail: true });
  check(tested.status === 0 && /# pass 2\b/.test(tested.output), `its npm test passes (${elapsed()})${tested.status ? `:\n${tested.output}` : ''}`);
  const trained = sh('npm', ['start', '--', '--batches', '50'], proj, { allowFail: true });
  const accuracy = /test accuracy ([\d.]+)%/.exec(trained.output);
  check(trained.status === 0 && accuracy !== null && Number(accuracy[1]) > 50 && existsSync(join(proj, 'model.pt')), `its npm start trains: ${accuracy ? `${accuracy[1]}% after 50 batches` : trained.output} (${elapsed()})`);
  const cnn = join(tmp, 'proj-cnn');
  sh(join(app, 'node_modules', '.bin', 'typed-torch'), ['init', cnn, '--template', 'cnn', '--typed-torch', `file:${tgz}`], app);
  symlinkSync(join(proj, 'node_modules'), join(cnn, 'node_modules'));
  const cnnTsc = sh(join(proj, 'node_modules', '.bin', 'tsc'), ['-p', '.'], cnn, { allowFail: true });
  check(cnnTsc.status === 0, `the cnn template type-checks${cnnTsc.status ? `:\n${cnnTsc.output}` : ''}`);
  // The vae and char-lm templates: their tests pass, and a short run writes their artefacts.
  const vae = join(tmp, 'proj-vae');
  sh(join(app, 'node_modules', '.bin', 'typed-torch'), ['init', vae, '--template', 'vae', '--typed-torch', `file:${tgz}`], app);
  symlinkSync(join(proj, 'node_modules'), join(vae, 'node_modules'));
  const vaeTest = sh('npm', ['test'], vae, { allowFail: true });
  check(vaeTest.status === 0 && /# pass 3\b/.test(vaeTest.output), `the vae template's npm test passes${vaeTest.status ? `:\n${vaeTest.output}` : ''}`);
  const vaeRun = sh('npm', ['start', '--', '--epochs', '1', '--batches', '30'], vae, { allowFail: true });
  const vaeLoss = /test loss ([\d.]+) per image/.exec(vaeRun.output);
  check(
    vaeRun.status === 0 && vaeLoss !== null && Number(vaeLoss[1]) < 400 && ['reconstructions.png', 'samples.png', 'vae.pt'].every((f) => existsSync(join(vae, 'results', f))),
    `its npm start trains and writes the PNG grids and the checkpoint: ${vaeLoss ? `test loss ${vaeLoss[1]} after 30 batches` : vaeRun.output} (${elapsed()})`,
  );
  const lm = join(tmp, 'proj-char-lm');
  sh(join(app, 'node_modules', '.bin', 'typed-torch'), ['init', lm, '--template', 'char-lm', '--typed-torch', `file:${tgz}`], app);
  check(readFileSync(join(lm, 'data', 'input.txt'), 'utf8').length === 1115394, 'the char-lm template comes with tiny-shakespeare');
  symlinkSync(join(proj, 'node_modules'), join(lm, 'node_modules'));
  const lmTest = sh('npm', ['test'], lm, { allowFail: true });
  check(lmTest.status === 0 && /# pass 3\b/.test(lmTest.output), `the char-lm template's npm test passes${lmTest.status ? `:\n${lmTest.output}` : ''}`);
  const lmRun = sh('npm', ['start', '--', '--seconds', '5'], lm, { allowFail: true });
  const nats = /validation ([\d.]+) nats/.exec(lmRun.output);
  check(lmRun.status === 0 && nats !== null && Number(nats[1]) < Math.log(65) && existsSync(join(lm, 'char-lm.pt')), `its npm start trains, samples and saves: ${nats ? `${nats[1]} nats per character after 5 s` : lmRun.output} (${elapsed()})`);
  // The gnn and tabular templates: their tests pass, and a short run reports its metric.
  const gnn = join(tmp, 'proj-gnn');
  sh(join(app, 'node_modules', '.bin', 'typed-torch'), ['init', gnn, '--template', 'gnn', '--typed-torch', `file:${tgz}`], app);
  symlinkSync(join(proj, 'node_modules'), join(gnn, 'node_modules'));
  const gnnTest = sh('npm', ['test'], gnn, { allowFail: true });
  check(gnnTest.status === 0 && /# pass 3\b/.test(gnnTest.output), `the gnn template's npm test passes${gnnTest.status ? `:\n${gnnTest.output}` : ''}`);
  const gnnRun = sh('npm', ['start', '--', '--epochs', '30'], gnn, { allowFail: true });
  const gnnAcc = /test accuracy ([\d.]+)%/.exec(gnnRun.output);
  check(gnnRun.status === 0 && gnnAcc !== null && Number(gnnAcc[1]) > 50 && existsSync(join(gnn, 'gcn.pt')), `its npm start trains on Cora and saves: ${gnnAcc ? `test accuracy ${gnnAcc[1]}% after 30 epochs` : gnnRun.output} (${elapsed()})`);
  const tab = join(tmp, 'proj-tabular');
  sh(join(app, 'node_modules', '.bin', 'typed-torch'), ['init', tab, '--template', 'tabular', '--typed-torch', `file:${tgz}`], app);
  check(existsSync(join(tab, 'data', 'fair.csv')), 'the tabular template comes with its table');
  symlinkSync(join(proj, 'node_modules'), join(tab, 'node_modules'));
  const tabTest = sh('npm', ['test'], tab, { allowFail: true });
  check(tabTest.status === 0 && /# pass 3\b/.test(tabTest.output), `the tabular template's npm test passes${tabTest.status ? `:\n${tabTest.output}` : ''}`);
  const tabRun = sh('npm', ['start', '--', '--epochs', '2', '--folds', '3'], tab, { allowFail: true });
  const tabAcc = /cross-validated accuracy ([\d.]+)%/.exec(tabRun.output);
  check(tabRun.status === 0 && tabAcc !== null && Number(tabAcc[1]) > 67.8 && existsSync(join(tab, 'model.pt')), `its npm start cross-validates and saves: ${tabAcc ? `accuracy ${tabAcc[1]}%` : tabRun.output} (${elapsed()})`);
} catch (e) {
  problems.push(e.message);
  console.error(e.message);
} finally {
  if (!process.argv.includes('--keep')) rmSync(tmp, { recursive: true, force: true });
  else console.log(`kept ${tmp}`);
}
console.log(problems.length === 0 ? `ok: the package installs and works as a dependency (${elapsed()})` : `${problems.length} problem(s)`);
process.exit(problems.length === 0 ? 0 : 1);
