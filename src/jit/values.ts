// Values across the TorchScript bridge: tensors travel as { __tensorHandle }
// objects, Maps as { __dictEntries } (TorchScript dicts may have int or
// tensor keys); arrays, plain objects (str-keyed dicts), numbers, bigints,
// strings, booleans and null as they are. The addon converts each argument
// to the type its method's schema declares.
import { Tensor } from '../core/tensor.ts';
import { wrap } from '../ops/schema.ts';

interface TensorRef { __tensorHandle: number }
interface DictRef { __dictEntries: [unknown, unknown][] }

const isTensorRef = (v: unknown): v is TensorRef => typeof v === 'object' && v !== null && '__tensorHandle' in v;
const isDictRef = (v: unknown): v is DictRef => typeof v === 'object' && v !== null && '__dictEntries' in v;

/** A JS argument as the addon takes it; `where` names it in errors. */
export function toBridge(v: unknown, where: string): unknown {
  if (v instanceof Tensor) {
    if (v.isDisposed) throw new TypeError(`${where} is a disposed tensor`);
    return { __tensorHandle: v._h };
  }
  if (v instanceof Map) return { __dictEntries: [...v.entries()].map(([k, x]) => [toBridge(k, `${where} key`), toBridge(x, `${where}[${String(k)}]`)]) };
  if (Array.isArray(v)) return v.map((x, i) => toBridge(x, `${where}[${i}]`));
  if (typeof v === 'object' && v !== null) {
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) throw new TypeError(`${where}: a ${proto.constructor?.name ?? 'object'} cannot be passed to TorchScript (tensors, numbers, strings, booleans, arrays, plain objects, Maps and null can)`);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toBridge(x, `${where}.${k}`)]));
  }
  if (typeof v === 'function' || typeof v === 'symbol') throw new TypeError(`${where}: a ${typeof v} cannot be passed to TorchScript`);
  return v;
}

/** A value from the addon as JS: tensors wrapped, dicts with str keys as plain objects, other dicts as Maps. */
export function fromBridge(v: unknown): unknown {
  if (isTensorRef(v)) return wrap(v.__tensorHandle);
  if (isDictRef(v)) {
    const entries = v.__dictEntries.map(([k, x]) => [fromBridge(k), fromBridge(x)] as const);
    return entries.every(([k]) => typeof k === 'string') ? Object.fromEntries(entries) : new Map(entries);
  }
  if (Array.isArray(v)) return v.map(fromBridge);
  return v;
}
