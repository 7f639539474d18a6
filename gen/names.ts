// JS names for schema names: snake_case to camelCase, keeping the trailing
// underscore of in-place variants (add_) and escaping reserved words.
const RESERVED = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else',
  'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof',
  'new', 'null', 'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void',
  'while', 'with', 'yield', 'let', 'static', 'implements', 'interface', 'package', 'private', 'protected',
  'public', 'await', 'arguments', 'eval',
]);

export function camel(snake: string): string {
  const trailing = /_+$/.exec(snake)?.[0] ?? '';
  const core = snake.slice(0, snake.length - trailing.length);
  const parts = core.split('_').filter((p) => p !== '');
  const name = parts.map((p, i) => (i === 0 ? p : p[0]!.toUpperCase() + p.slice(1))).join('');
  return name + trailing;
}

/** Whether a name cannot be declared as a JS binding (it can still be an export or property name). */
export function isReserved(name: string): boolean {
  return RESERVED.has(name);
}

/** A safe identifier for a parameter or local. */
export function identifier(snake: string): string {
  const c = camel(snake);
  return RESERVED.has(c) ? `${c}_` : c;
}
