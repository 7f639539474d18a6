// The benchmarks' command-line options, parsed by node:util's parseArgs:
// `--name value` for an option whose default is a number or a string (the
// value must have the default's type), `--name` alone for one whose default
// is false. An unknown option, or a value that is not a number where one is
// expected, stops the run with a message naming it.
import { parseArgs } from 'node:util';

type Parsed<D> = { -readonly [K in keyof D]: D[K] extends number ? number : D[K] extends boolean ? boolean : string };

export function options<const D extends Record<string, number | string | boolean>>(defaults: D, argv = process.argv.slice(2)): Parsed<D> {
  const { values } = parseArgs({
    args: argv,
    options: Object.fromEntries(Object.entries(defaults).map(([name, fallback]) => [name, { type: typeof fallback === 'boolean' ? ('boolean' as const) : ('string' as const) }])),
    strict: true,
    allowPositionals: false,
  });
  return Object.fromEntries(Object.entries(defaults).map(([name, fallback]) => {
    const given = values[name] as string | boolean | undefined;
    if (given === undefined) return [name, fallback];
    if (typeof given === 'boolean' || typeof fallback === 'string') return [name, given];
    const n = Number(given);
    if (given.trim() === '' || !Number.isFinite(n)) throw new TypeError(`--${name} must be a number, got '${given}'`);
    return [name, n];
  })) as Parsed<D>;
}
