// The generator: native_functions.yaml -> src/ops/generated/, the addon's
// table of argument kinds, and docs/ops.md.
//
//   tsx gen/main.ts            write the files
//   tsx gen/main.ts --check    regenerate in memory; fail if the committed files differ
//   --spec DIR                 the spec directory (default: Debian's python3-torch; or $TORCH_SPEC_DIR)
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSpec, specDir, type Spec } from './spec.ts';
import { select, selectAten } from './select.ts';
import { buildModel, signatureOf } from './model.ts';
import { emitAten } from './aten.ts';
import { emitTypedLayer } from './emit.ts';
import { emitNativeKinds } from './native-kinds.ts';
import { emitDocs } from './docs.ts';
import { emitNamespaces } from './namespaces.ts';
import type { GeneratedFile } from './types.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = join(root, 'src', 'ops', 'generated');
const NATIVE_DIR = join(root, 'native', 'src', 'generated');
const DOCS = join(root, 'docs', 'ops.md');

export function generate(dir: string): { files: GeneratedFile[]; summary: string } {
  return generateFromSpec(loadSpec(dir));
}

/** The whole pipeline on a loaded spec (tests feed it hand-written entries). */
export function generateFromSpec(spec: Spec): { files: GeneratedFile[]; summary: string } {
  const { selected, skipped } = select(spec.entries);
  const aten = selectAten(spec.entries);
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
  const typed = emitTypedLayer(ops, source);
  const files = [
    emitAten(aten.schemas.map((s) => s.schema), source), typed.overloads, typed.options, typed.functions, typed.methods,
    ...emitNamespaces(ops, source),
  ].map(
    (f) => ({ path: join(OUT_DIR, f.path), text: f.text }),
  );
  const kinds = emitNativeKinds();
  files.push({ path: join(NATIVE_DIR, kinds.path), text: kinds.text });
  files.push({
    path: DOCS,
    text: emitDocs({ ops, skipped, source, ruleCount: withRule, atenCount: aten.schemas.length, atenSkipped: aten.skipped, optionNames: typed.optionNames }),
  });
  const summary =
    `${spec.entries.length} schemas in the spec: ${overloads} generated under ${ops.length} names, ${skipped.length} skipped ` +
    `from the public API, ${withRule} of them with a precise shape rule; ${aten.schemas.length} in the untyped layer`;
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
    console.log(`ok: the generated files match the spec (${summary})`);
    return;
  }
  for (const f of files) {
    mkdirSync(dirname(f.path), { recursive: true });
    writeFileSync(f.path, f.text);
  }
  console.log(summary);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
