// `typed-torch jit-types <model.pt>`: writes TypeScript declarations of a
// TorchScript module's methods (src/jit/declarations.ts), so that calls to
// torch.jit.load<Name>(path) are checked by the compiler.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs, UsageError } from './args.ts';

export const JIT_TYPES_USAGE = `jit-types <model.pt> [--name NAME] [--out FILE.d.ts] [--shapes FILE.json]
      writes a TypeScript interface of a TorchScript module's methods (from their schemas),
      for torch.jit.load<NAME>(path). FILE.json gives the tensor shapes the schemas do not
      know: { "forward.x": ["B", 1, 28, 28], "forward": ["B", 10] } (an argument, a result)`;

export async function jitTypes(argv: readonly string[]): Promise<number> {
  const { positional, options } = parseArgs(argv, ['name', 'out', 'shapes'], []);
  if (positional.length !== 1) throw new UsageError(`expected one TorchScript file\n\nusage: typed-torch ${JIT_TYPES_USAGE}`);
  const path = positional[0]!;
  const name = (options.get('name') as string | undefined) ?? 'Model';
  let shapes = {};
  const shapesFile = options.get('shapes') as string | undefined;
  if (shapesFile) {
    try {
      shapes = JSON.parse(readFileSync(shapesFile, 'utf8'));
    } catch (e) {
      throw new UsageError(`--shapes ${shapesFile}: ${(e as Error).message}`);
    }
    const valid = typeof shapes === 'object' && shapes !== null && !Array.isArray(shapes)
      && Object.values(shapes).every((d) => Array.isArray(d) && d.every((x) => typeof x === 'string' || (Number.isInteger(x) && x >= 0)));
    if (!valid) throw new UsageError(`--shapes ${shapesFile}: expected an object of dims lists, such as { "forward.x": ["B", 1, 28, 28] }`);
  }
  // The addon loads only now: the other commands run without it.
  const { load, declarations } = await import('../jit/index.ts');
  const module = load(path);
  let text: string;
  try {
    text = declarations([...module.methods.values()], name, basename(path), shapes);
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/^jit-types: /, ''));
  } finally {
    module.dispose();
  }
  const out = options.get('out') as string | undefined;
  if (out) {
    writeFileSync(out, text);
    console.log(`wrote ${out}: interface ${name} with ${module.methods.size} method(s)`);
  } else process.stdout.write(text);
  return 0;
}
