// The generator: native_functions.yaml -> src/ops/generated/ and docs/ops.md.
//
//   tsx gen/main.ts            write the files
//   tsx gen/main.ts --check    regenerate in memory; fail if the committed files differ
//   --spec DIR                 the spec directory (default: Debian's python3-torch; or $TORCH_SPEC_DIR)
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSpec, specDir, type Spec } from './spec.ts';
import { select } from './select.ts';
import { buildModel, signatureOf } from './model.ts';
import { emitFunctions, emitMethods, emitOverloads, type GeneratedFile } from './emit.ts';
import { emitDocs } from './docs.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = join(root, 'src', 'ops', 'generated');
const DOCS = join(root, 'docs', 'ops.md');

export function generate(dir: string): { files: GeneratedFile[]; summary: string } {
  return generateFromSpec(loadSpec(dir));
}

/** The whole pipeline on a loaded spec (tests feed it hand-written entries). */
export function generateFromSpec(spec: Spec): { files: GeneratedFile[]; summary: string } {
  const { selected, skipped } = select(spec.entries);
  const ops = buildModel(selected);
  // The source named in headers is the spec's location inside the package, so
  // the output does not depend on where the package is installed.
  const source = 'torchgen/packaged/ATen/native/native_functions.yaml';
  let withRule = 0;
  let overloads = 0;
  for (const op of ops) {
    for (const ov of op.overloads) {
      overloads++;
      if (signatureOf(ov, !ov.asFunction).ruleName) withRule++;
    }
  }
  const files = [emitOverloads(ops, source), emitFunctions(ops, source), emitMethods(ops, source)].map((f) => ({
    path: join(OUT_DIR, f.path),
    text: f.text,
  }));
  files.push({ path: DOCS, text: emitDocs(ops, skipped, source, withRule) });
  const summary =
    `${spec.entries.length} schemas in the spec: ${overloads} generated under ${ops.length} names, ` +
    `${skipped.length} skipped; ${withRule} overloads with a precise shape rule`;
  return { files, summary };
}

function main(): void {
  const argv = process.argv.slice(2);
  const { files, summary } = generate(specDir(argv));
  if (argv.includes('--check')) {
    const stale = files.filter((f) => !existsSync(f.path) || readFileSync(f.path, 'utf8') !== f.text);
    if (stale.length > 0) {
      console.error(
        `generated files are out of date with the installed spec:\n${stale.map((f) => `  ${f.path}`).join('\n')}\n` +
          'run `npm run gen` and commit the result',
      );
      process.exit(1);
    }
    console.log(`ok: src/ops/generated/ and docs/ops.md match the spec (${summary})`);
    return;
  }
  for (const f of files) {
    mkdirSync(dirname(f.path), { recursive: true });
    writeFileSync(f.path, f.text);
  }
  console.log(summary);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
