// `typed-torch init <dir>`: a new project from one of the templates in
// templates/ (shipped with the package): package.json depending on
// typed-torch, tsconfig, a typed model, a training script, a test, and the
// data it trains on where no Debian package ships it.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs, UsageError } from './args.ts';
import { PACKAGE_ROOT } from '../core/package-root.ts';

const templatesDir = join(PACKAGE_ROOT, 'templates');

/**
 * The templates, by name: each is the folders of templates/ copied in order
 * (later ones add files), and the package's data files a template trains on
 * (source in the package, destination in the project).
 */
interface TemplateParts {
  layers: readonly string[];
  data?: readonly (readonly [from: string, to: string])[];
}

const TEMPLATE_PARTS = {
  mlp: { layers: ['base', 'classifier', 'mlp'] },
  cnn: { layers: ['base', 'classifier', 'cnn'] },
  vae: { layers: ['base', 'vae'] },
  'char-lm': { layers: ['base', 'char-lm'], data: [['data/tinyshakespeare/input.txt', 'data/input.txt']] },
  gnn: { layers: ['base', 'gnn'] },
  tabular: { layers: ['base', 'tabular'], data: [['data/tabular/fair.csv', 'data/fair.csv']] },
} as const satisfies Record<string, TemplateParts>;

export type TemplateName = keyof typeof TEMPLATE_PARTS;
export const TEMPLATES = Object.keys(TEMPLATE_PARTS) as TemplateName[];

function ownVersion(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
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
  const parts: TemplateParts = TEMPLATE_PARTS[template];
  for (const layer of parts.layers) cpSync(join(templatesDir, layer), dir, { recursive: true });
  for (const [from, to] of parts.data ?? []) {
    mkdirSync(dirname(join(dir, to)), { recursive: true });
    cpSync(join(PACKAGE_ROOT, from), join(dir, to));
  }
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
