// JS names for schema names: snake_case to camelCase, keeping the trailing
// underscore of in-place variants (add_). The generator names functions,
// parameters and option keys with it; the overload resolver reads option
// keys with it, so both agree by construction.
export function camel(snake: string): string {
  const trailing = /_+$/.exec(snake)?.[0] ?? '';
  const core = snake.slice(0, snake.length - trailing.length);
  const parts = core.split('_').filter((p) => p !== '');
  const name = parts.map((p, i) => (i === 0 ? p : p[0]!.toUpperCase() + p.slice(1))).join('');
  return name + trailing;
}
