// `typed-torch init <dir>`: a new project from one of the templates in
// templates/ (shipped with the package): package.json depending on
// typed-torch, tsconfig, a typed model, a training script, a test.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, UsageError } from './args.ts';

// src/cli/init.ts in a checkout, dist/cli/init.js in the package: the root is two levels up.
const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const templatesDir = join(packageRoot, 'templates');

/**
 * The templates, by name: each is the folders of templates/ copied in order
 * (later ones add files): the project files, the task's training code, the model.
 */
const LAYERS = {
  mlp: ['base', 'classifier', 'mlp'],
  cnn: ['base', 'classifier', 'cnn'],
} as const satisfies Record<string, readonly string[]>;

export type TemplateName = keyof typeof LAYERS;
export const TEMPLATES = Object.keys(LAYERS) as TemplateName[];

function ownVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

/** A name npm accepts, from the folder's name. */
function packageName(dir: string): string {
  const name = basename(resolve(dir)).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+/, '');
  return name || 'typed-torch-project';
}

export function init(argv: readonly string[]): number {
  const { positional, options } = parseArgs(argv, ['template', 'typed-torch'], ['force']);
  if (positional.length !== 1) throw new UsageError('give the directory to create: typed-torch init <dir>');
  const dir = resolve(positional[0]!);
  const template = ((options.get('template') as string | undefined) ?? 'mlp') as TemplateName;
  if (!TEMPLATES.includes(template)) {
    throw new UsageError(`unknown template '${template}' (templates: ${TEMPLATES.join(', ')})`);
  }
  if (existsSync(dir) && readdirSync(dir).length > 0 && !options.has('force')) {
    throw new UsageError(`${dir} exists and is not empty (--force writes into it anyway)`);
  }
  const spec = (options.get('typed-torch') as string | undefined) ?? `^${ownVersion()}`;
  mkdirSync(dir, { recursive: true });
  for (const layer of LAYERS[template]) cpSync(join(templatesDir, layer), dir, { recursive: true });
  // npm does not ship files named .gitignore, so the template holds it without the dot.
  if (existsSync(join(dir, 'gitignore'))) renameSync(join(dir, 'gitignore'), join(dir, '.gitignore'));
  const pkgPath = join(dir, 'package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as {
    name: string;
    dependencies: Record<string, string>;
    allowScripts: Record<string, boolean>;
  };
  pkg.name = packageName(dir);
  pkg.dependencies['typed-torch'] = spec;
  // typed-torch's install script compiles its native addon: allow it. npm
  // names a tarball dependency by its absolute path there.
  if (spec.startsWith('file:')) pkg.allowScripts[`file:${resolve(dir, spec.slice(5))}`] = true;
  writeFileSync(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`);
  console.log(`wrote a '${template}' project in ${dir}. Next:\n  cd ${positional[0]}\n  npm install\n  npm start    # trains, with a progress bar\n  npm test`);
  return 0;
}
