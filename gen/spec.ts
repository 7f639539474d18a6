// Reads native_functions.yaml (and tags.yaml) of the installed libtorch.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { parseSchema, type Schema } from './schema.ts';

/** Where Debian's python3-torch installs the spec. */
export const DEFAULT_SPEC_DIR = '/usr/lib/python3/dist-packages/torchgen/packaged/ATen/native';

/** The spec directory: `--spec DIR`, else $TORCH_SPEC_DIR, else Debian's. */
export function specDir(argv: readonly string[] = process.argv): string {
  const i = argv.indexOf('--spec');
  if (i >= 0 && argv[i + 1]) return argv[i + 1]!;
  return process.env.TORCH_SPEC_DIR ?? DEFAULT_SPEC_DIR;
}

/** One entry of native_functions.yaml, with the fields the generator uses. */
export interface SpecEntry {
  func: string;
  variants?: string;
  python_module?: string;
  structured?: boolean;
  structured_delegate?: string;
  structured_inherits?: string;
  dispatch?: Record<string, string>;
  tags?: string | string[];
  autogen?: string;
  manual_cpp_binding?: boolean;
}

export interface ParsedEntry {
  entry: SpecEntry;
  schema?: Schema;
  /** Why the schema failed to parse, if it did. */
  parseError?: string;
}

export interface Spec {
  dir: string;
  entries: ParsedEntry[];
  tags: string[];
}

export function loadSpecText(text: string): SpecEntry[] {
  const doc = yaml.load(text);
  if (!Array.isArray(doc)) throw new Error('native_functions.yaml: expected a list of entries');
  return doc.filter((e): e is SpecEntry => typeof e === 'object' && e !== null && typeof e.func === 'string');
}

export function parseEntries(entries: SpecEntry[]): ParsedEntry[] {
  return entries.map((entry) => {
    try {
      return { entry, schema: parseSchema(entry.func) };
    } catch (e) {
      return { entry, parseError: (e as Error).message };
    }
  });
}

export function loadSpec(dir: string): Spec {
  const file = join(dir, 'native_functions.yaml');
  if (!existsSync(file)) {
    throw new Error(
      `no native_functions.yaml in ${dir}: install Debian's python3-torch, or pass --spec DIR / set TORCH_SPEC_DIR`,
    );
  }
  const entries = parseEntries(loadSpecText(readFileSync(file, 'utf8')));
  const tagsFile = join(dir, 'tags.yaml');
  const tags = existsSync(tagsFile)
    ? ((yaml.load(readFileSync(tagsFile, 'utf8')) as { tag: string }[]) ?? []).map((t) => t.tag)
    : [];
  return { dir, entries, tags };
}
