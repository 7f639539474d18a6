// JS names for schema names: camelCase (src/ops/names.ts, shared with the
// resolver), and reserved words escaped.
import { camel } from '../src/ops/names.ts';

export { camel };

const RESERVED = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else',
  'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof',
  'new', 'null', 'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void',
  'while', 'with', 'yield', 'let', 'static', 'implements', 'interface', 'package', 'private', 'protected',
  'public', 'await', 'arguments', 'eval',
]);


/** Whether a name cannot be declared as a JS binding (it can still be an export or property name). */
export function isReserved(name: string): boolean {
  return RESERVED.has(name);
}

/** A safe identifier for a parameter or local. */
export function identifier(snake: string): string {
  const c = camel(snake);
  return RESERVED.has(c) ? `${c}_` : c;
}
