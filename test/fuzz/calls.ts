// The fuzzer's calls: call `index` of seed `seed` is always the same call,
// so any crash is reproduced from those two numbers alone. Each call picks a
// public function or method (the generated API, the Python-level functions
// of torch.nn.functional, torch.masked and torch, indexing, the factories,
// read-back and lifetime methods) and builds arguments from the schema's kinds with edge
// values: empty and 0-d tensors, views, meta and sparse tensors, every dtype, extreme
// integers (int64's minimum, -2^62, 2^63, NaN, 1.5), lists of wrong lengths,
// and, now and then, arguments of entirely the wrong type.
import * as torch from '../../src/index.ts';
import * as O from '../../src/ops/generated/overloads.ts';
import type { OpSchema } from '../../src/ops/schema.ts';
import { camel } from '../../src/ops/names.ts';

/** A seeded stream (mulberry32) for one call. */
class Rng {
  private s: number;
  constructor(seed: number, index: number) {
    this.s = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35)) >>> 0;
    for (let i = 0; i < 4; i++) this.next();
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** A public op the fuzzer calls: a free function or a method, with its overloads' schemas. */
interface Target {
  name: string;
  method: boolean;
  schemas: OpSchema[];
}

let targetsCache: Target[] | undefined;

function targets(): Target[] {
  if (targetsCache) return targetsCache;
  const byName = new Map<string, OpSchema[]>();
  for (const s of Object.values(O) as OpSchema[]) {
    const name = camel(s.qualified.split('.')[0]!);
    byName.set(name, [...(byName.get(name) ?? []), s]);
  }
  const list: Target[] = [];
  const fns = torch as unknown as Record<string, unknown>;
  // The methods installed on the prototype (descriptors, so that no getter runs).
  const method = (name: string) => typeof Object.getOwnPropertyDescriptor(torch.Tensor.prototype, name)?.value === 'function';
  for (const [name, schemas] of [...byName].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const exported = name === 'var' ? 'var' : name;
    if (typeof fns[exported] === 'function') list.push({ name: exported, method: false, schemas });
    if (method(name)) list.push({ name, method: true, schemas });
  }
  targetsCache = list;
  return list;
}

const DTYPES = ['float32', 'float64', 'int64', 'int32', 'int16', 'int8', 'uint8', 'bool', 'float16', 'bfloat16', 'complex64', 'complex128'] as const;
const FLOATS = [0, -0, 1, -1, 0.5, -2.5, 3, 1e-30, 1e30, Infinity, -Infinity, NaN, 65504, 1e300];
const INT_EDGES = [0, 1, -1, 2, 3, -2, 127, 255, 2 ** 31 - 1, -(2 ** 31), 2 ** 53, -(2 ** 53)];
const INT64_EDGES = [-(2n ** 63n), 2n ** 63n - 1n, -(2n ** 62n), 0n, -1n, 1n];
/** Integer arguments (dims, sizes, counts, indices). */
const INT_ARGS: readonly unknown[] = [0, 1, 2, 3, -1, -2, 4, 5, 7, 16, 100, 2 ** 31, -(2 ** 31), 2 ** 40, 2 ** 62, -(2 ** 62), -(2 ** 63), 2 ** 63, 1e300, 1.5, NaN, Infinity, 9007199254740993n, -(2n ** 63n), 2n ** 64n];
const STRINGS = ['', 'mean', 'sum', 'none', 'floor', 'trunc', 'constant', 'reflect', 'nearest', 'bilinear', 'fro', 'nuc', 'ortho', 'forward', 'backward', 'reduced', 'complete', 'L', 'U', 'gelsy', 'gesvd', 'tanh', 'relu', 'x'.repeat(300), 'ij', 'ii->i', 'i,i->', '...', 'float32', 'cpu', 'meta', 'cuda'];

interface Built {
  /** How to say the value in a reproducer. */
  text: string;
  value: unknown;
  /**
   * The value as a TypeScript expression, for the type-agreement check (test/fuzz/types.ts):
   * tensors are names declared with their run-time shape, dtype and device. Undefined when
   * the value cannot be written so (a disposed tensor).
   */
  ts?: string;
}

/** The tensors of the call being built, declared for its TypeScript form (`declare const t0: Tensor<[2, 3], 'float32', 'cpu'>`). */
let declared: string[] = [];
/** Whether one of them has no elements. */
let declaredEmpty = false;

function declare(t: torch.Tensor): string {
  const name = `t${declared.length}`;
  if (t.shape.includes(0)) declaredEmpty = true;
  const dims = t.shape.join(', ');
  declared.push(`declare const ${name}: torch.Tensor<[${dims}], '${t.dtype}', '${t.device}'>;`);
  return name;
}

function makeTensor(r: Rng, hint: 'any' | 'index' | 'float' = 'any'): Built {
  const rank = r.pick([0, 1, 1, 2, 2, 3, 4]);
  const shape = Array.from({ length: rank }, () => r.pick([0, 1, 1, 2, 2, 3, 4, 5]));
  const dtype = hint === 'index' ? r.pick(['int64', 'int64', 'int32', 'bool', 'uint8'] as const) : hint === 'float' ? r.pick(['float32', 'float64'] as const) : r.pick(DTYPES);
  const numel = shape.reduce((a, b) => a * b, 1);
  let t: torch.Tensor;
  let text: string;
  const flavour = r.int(10);
  if (dtype === 'float32' || dtype === 'float64' || dtype === 'float16' || dtype === 'bfloat16') {
    const values = Array.from({ length: numel }, () => (flavour < 3 ? r.pick(FLOATS) : r.next() * 10 - 5));
    t = torch.tensor(Float64Array.from(values), { shape, dtype });
    text = `tensor(${JSON.stringify(values.map(String))}, [${shape}], ${dtype})`;
  } else if (dtype === 'complex64' || dtype === 'complex128') {
    t = torch.randn(shape, { dtype });
    text = `randn([${shape}], ${dtype})`;
  } else if (dtype === 'bool') {
    const values = Array.from({ length: numel }, () => r.chance(0.5));
    t = torch.tensor(Uint8Array.from(values, Number), { shape }).to('bool');
    text = `tensor(${JSON.stringify(values)}, [${shape}], bool)`;
  } else {
    const edge = flavour < 3;
    const values = Array.from({ length: numel }, () => (hint === 'index' ? BigInt(r.int(12) - 4) : edge ? r.pick(INT64_EDGES) : BigInt(r.int(20) - 10)));
    const big = torch.tensor(BigInt64Array.from(values), { shape });
    // Cast down: int64's extremes become the narrower type's (wrapped) values, as a kernel may see them.
    t = dtype === 'int64' ? big : big.to(dtype);
    if (t !== big) big.dispose();
    text = `tensor(${JSON.stringify(values.map(String))}, [${shape}], ${dtype})`;
  }
  // Views: non-contiguous, broadcast (stride 0), meta, requiring grad, or disposed.
  const view = r.int(20);
  if (view === 0 && rank >= 2) {
    t = t.transpose(0, 1);
    text += '.transpose(0, 1)';
  } else if (view === 1 && rank >= 1 && shape[0] === 1) {
    t = t.expand([3, ...shape.slice(1)]);
    text += `.expand([3, ...])`;
  } else if (view === 2) {
    t = t.to('meta');
    text += ".to('meta')";
  } else if ((view === 3 || view === 5 || view === 6) && (dtype === 'float32' || dtype === 'float64')) {
    t.requiresGrad = true;
    text += '.requiresGrad_()';
  } else if (view === 4) {
    t.dispose();
    text += '.dispose()';
  } else if ((view === 7 && rank >= 1) || (view === 8 && rank === 2)) {
    // Sparse layouts: COO (of any rank) and CSR (matrices), where libtorch can convert the dtype.
    const csr = view === 8;
    try {
      const sparse = csr ? t.toSparseCsr() : t.toSparse();
      t.dispose();
      t = sparse;
      text += csr ? '.toSparseCsr()' : '.toSparse()';
    } catch {
      // This dtype has no sparse conversion: the dense tensor stays.
    }
  }
  return { text, value: t, ts: t.isDisposed ? undefined : declare(t) };
}

function makeList(r: Rng, item: (r: Rng) => Built, n = r.pick([0, 1, 1, 2, 2, 3, 4, 5])): Built {
  const items = Array.from({ length: n }, () => item(r));
  const ts = items.every((i) => i.ts !== undefined) ? `[${items.map((i) => i.ts).join(', ')}]` : undefined;
  return { text: `[${items.map((i) => i.text).join(', ')}]`, value: items.map((i) => i.value), ts };
}

function literal(v: unknown): Built {
  const text = typeof v === 'bigint' ? `${v}n` : typeof v === 'number' ? String(v) : JSON.stringify(v) ?? String(v);
  return { text, value: v, ts: tsLiteral(v) };
}

/** A JS value as TypeScript source: -0, NaN and the infinities by name, bigints with n, arrays inline. */
function tsLiteral(v: unknown): string {
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : String(v);
  if (typeof v === 'bigint') return `${v}n`;
  if (v === undefined) return 'undefined';
  if (Array.isArray(v)) return `[${v.map(tsLiteral).join(', ')}]`;
  return JSON.stringify(v);
}

/** Something of the wrong type entirely. */
function chaos(r: Rng): Built {
  return r.pick<Built>([
    literal(null),
    literal(undefined),
    literal('x'),
    literal(3),
    literal(true),
    { text: '{}', value: {}, ts: '{}' },
    { text: '[[1]]', value: [[1]], ts: '[[1]]' },
    { text: '() => 1', value: () => 1, ts: '() => 1' },
    { text: 'Symbol()', value: Symbol('fuzz'), ts: "Symbol('fuzz')" },
    { text: 'new Float32Array(2)', value: new Float32Array(2), ts: 'new Float32Array(2)' },
    literal(-(2n ** 70n)),
  ]);
}

function valueFor(r: Rng, name: string, kind: string): Built {
  if (r.chance(0.04)) return chaos(r);
  switch (kind) {
    case 'Tensor':
      return makeTensor(r, /index|indices|target|offsets|lengths|mask/.test(name) ? 'index' : 'any');
    case 'Tensor[]':
    case 'Tensor?[]':
      return makeList(r, (q) => (kind === 'Tensor?[]' && q.chance(0.2) ? literal(null) : makeTensor(q, name === 'indices' ? 'index' : 'any')));
    case 'int':
      return literal(r.chance(0.7) ? r.pick([0, 1, 2, -1, 3, -2]) : r.pick(INT_ARGS));
    case 'int[]':
      if (r.chance(0.3)) return literal(r.chance(0.7) ? r.pick([0, 1, 2, 3]) : r.pick(INT_ARGS));
      return makeList(r, (q) => literal(q.chance(0.8) ? q.pick([0, 1, 2, 3, -1, 4]) : q.pick(INT_ARGS)));
    case 'float':
      return literal(r.pick(FLOATS));
    case 'float[]':
      return makeList(r, (q) => literal(q.pick(FLOATS)));
    case 'bool':
      return literal(r.chance(0.5));
    case 'bool[]':
      return makeList(r, (q) => literal(q.chance(0.5)));
    case 'str':
      return literal(r.pick(STRINGS));
    case 'str[]':
      return makeList(r, (q) => literal(q.pick(STRINGS)));
    case 'Scalar':
      return literal(r.pick<unknown>([...FLOATS, ...INT_EDGES, true, false, ...INT64_EDGES]));
    case 'Scalar[]':
      return makeList(r, (q) => literal(q.pick<unknown>([...FLOATS, ...INT_EDGES])));
    case 'ScalarType':
      return literal(r.pick([...DTYPES, 'complex32']));
    case 'Layout':
      return literal(r.pick(['strided', 'sparse_coo', 'sparse_csr']));
    case 'MemoryFormat':
      return literal(r.pick(['contiguous_format', 'preserve_format', 'channels_last', 'channels_last_3d']));
    case 'Device':
      return literal(r.pick(['cpu', 'meta', 'cuda', 'cuda:0']));
    case 'Generator':
      return r.chance(0.2) ? literal(null) : { text: 'new Generator(1)', value: new torch.Generator(1), ts: 'new torch.Generator(1)' };
    default:
      return chaos(r);
  }
}

export interface Call {
  /** The call as a line of JS, for the reproducer. */
  text: string;
  run(): unknown;
  /**
   * The call as TypeScript a user would write (the generated functions and methods, the
   * Python-level functions and indexing), with the declarations of its tensors: what the
   * type-agreement check compiles. Undefined for the other calls, and where an argument cannot
   * be written (a disposed tensor).
   */
  ts?: { declarations: string[]; expression: string; emptyInputs: boolean };
}

/** Calls of the API around the op surface: factories, read-back, lifetime and the Tensor's own methods. */
function handWritten(r: Rng): Call {
  const t = makeTensor(r);
  const x = t.value as torch.Tensor;
  const i = r.pick(INT_ARGS);
  const shape = makeList(r, (q) => literal(q.chance(0.8) ? q.pick([0, 1, 2, 3]) : q.pick(INT_ARGS)), r.pick([0, 1, 2, 3]));
  const options = r.pick<Built>([
    { text: '{}', value: {} },
    { text: "{ dtype: 'int64' }", value: { dtype: 'int64' } },
    { text: "{ dtype: 'bool' }", value: { dtype: 'bool' } },
    { text: "{ device: 'meta' }", value: { device: 'meta' } },
    { text: '{ requiresGrad: true }', value: { requiresGrad: true } },
    { text: "{ dtype: 'complex32' }", value: { dtype: 'complex32' } },
  ]);
  const data = r.pick<Built>([
    literal([1, 2, 3]),
    literal([[1, 2], [3]]),
    literal([2n ** 64n]),
    literal([1.5, NaN]),
    literal([true, false]),
    literal([]),
    literal([[[]]]),
    { text: 'new Int8Array(3)', value: new Int8Array(3) },
    literal([-(2n ** 63n)]),
  ]);
  const forms: [string, () => unknown][] = [
    ['t.toArray()', () => x.toArray()],
    ['t.toTypedArray()', () => x.toTypedArray()],
    ['t.item()', () => x.item()],
    ['t.itemBigInt()', () => x.itemBigInt()],
    [`t.size(${String(i)})`, () => x.size(i as number)],
    ['t.toString()', () => x.toString()],
    ['t.backward()', () => x.backward()],
    [`t.to(${options.text})`, () => x.to(options.value as never)],
    ['t.float()', () => x.float()],
    ['t.grad = t', () => { x.grad = x; }],
    ['t.grad = zeros(t.shape)', () => { x.grad = torch.zeros(x.shape); }],
    [`zeros(${shape.text}, ${options.text})`, () => torch.zeros(shape.value as never, options.value as never)],
    [`full(${shape.text}, ${String(i)}, ${options.text})`, () => torch.full(shape.value as never, i as number, options.value as never)],
    [`rand(${shape.text}, ${options.text})`, () => torch.rand(shape.value as never, options.value as never)],
    [`arange(${String(i)})`, () => torch.arange(i as number)],
    [`randint(0, ${String(i)}, ${shape.text})`, () => torch.randint(0, i as number, shape.value as never)],
    [`eye(${String(i)})`, () => torch.eye(i as number)],
    [`tensor(${data.text}, ${options.text})`, () => torch.tensor(data.value as never, options.value as never)],
    [`manualSeed(${String(i)})`, () => torch.manualSeed(i as number)],
    [`new Generator(${String(i)})`, () => new torch.Generator(i as number)],
    ['noGrad(async)', () => torch.noGrad(async () => 1)],
    ['assertShape(t, [2])', () => torch.assertShape(x, [2])],
    ['t.layout', () => x.layout],
    [`sparseCooTensor(${data.text}, t, ${shape.text}, ${options.text})`, () => torch.sparseCooTensor(data.value as never, x, shape.value as never, options.value as never)],
    [`sparseCooTensor(t, ${data.text})`, () => torch.sparseCooTensor(x, data.value as never)],
    [`sparseCsrTensor(${data.text}, ${data.text}, t, ${shape.text})`, () => torch.sparseCsrTensor(data.value as never, data.value as never, x, shape.value as never)],
    [`sparseCsrTensor(t, t, ${data.text})`, () => torch.sparseCsrTensor(x, x, data.value as never)],
  ];
  const [form, run] = r.pick(forms);
  return { text: `t = ${t.text}; ${form}`, run };
}

/** The functions written at the Python level: torch.nn.functional, torch.masked, torch.unique, ... */
const PYTHON_LEVEL: [namespace: string, fns: Record<string, unknown>][] = [
  ['torch.nn.functional', torch.nn.functional as unknown as Record<string, unknown>],
  ['torch.masked', torch.masked as unknown as Record<string, unknown>],
  ['torch.sparse', torch.sparse as unknown as Record<string, unknown>],
  [
    'torch',
    Object.fromEntries(
      ['unique', 'uniqueConsecutive', 'blockDiag', 'broadcastTensors', 'cartesianProd', 'meshgrid', 'einsum', 'broadcastShapes', 'norm', 'tensordot', 'cdist', 'lu', 'svdLowrank', 'pcaLowrank', 'stft', 'sort', 'argsort', 'nonzero', 'asStridedScatter', 'arange', 'eye', 'sparseCooTensor', 'sparseCsrTensor', 'sparseCompressedTensor']
        .map((n) => [n, (torch as unknown as Record<string, unknown>)[n]]),
    ),
  ],
];
/** Option names these functions take, for options objects (a few unknown ones too). */
const OPTION_NAMES = ['p', 'training', 'inplace', 'dim', 'dtype', 'keepdim', 'mask', 'stride', 'padding', 'dilation', 'ceilMode', 'returnIndices', 'outputSize', 'outputRatio', 'mode', 'size', 'scaleFactor', 'alignCorners', 'recomputeScaleFactor', 'antialias', 'reduction', 'margin', 'weight', 'bias', 'eps', 'momentum', 'runningMean', 'runningVar', 'paddingIdx', 'maxNorm', 'offsets', 'perSampleWeights', 'sorted', 'returnInverse', 'returnCounts', 'asTuple', 'stable', 'descending', 'indexing', 'center', 'hopLength', 'window', 'returnComplex', 'computeMode', 'getInfos', 'q', 'niter', 'distanceFunction', 'attnMask', 'dropoutP', 'isCausal', 'end', 'bogus'];

/** A value for a Python-level function's argument: mostly tensors, then numbers, lists, strings, options. */
function pyValue(r: Rng, depth = 0): Built {
  const k = r.int(12);
  if (k < 5) return makeTensor(r, r.chance(0.3) ? 'float' : 'any');
  if (k === 5) return literal(r.pick(INT_ARGS));
  if (k === 6) return literal(r.pick(FLOATS));
  if (k === 7) return makeList(r, (q) => literal(q.chance(0.7) ? q.pick([0, 1, 2, 3, -1, null]) : q.pick(INT_ARGS)));
  if (k === 8) return literal(r.pick(STRINGS));
  if (k === 9 && depth === 0) {
    const options: Record<string, unknown> = {};
    const parts: string[] = [];
    const tsParts = new Map<string, string | undefined>();
    for (let n = r.int(4); n > 0; n--) {
      const key = r.pick(OPTION_NAMES);
      const v = pyValue(r, 1);
      options[key] = v.value;
      parts.push(`${key}: ${v.text}`);
      tsParts.set(key, v.ts); // a repeated key: the last one holds, as in the object
    }
    const typeable = [...tsParts.values()].every((t) => t !== undefined);
    return { text: `{ ${parts.join(', ')} }`, value: options, ts: typeable ? `{ ${[...tsParts].map(([k, t]) => `${k}: ${t}`).join(', ')} }` : undefined };
  }
  return r.chance(0.5) ? literal(r.chance(0.5)) : chaos(r);
}

/** A call of a Python-level function, or of Tensor.index / indexSet_ with random indices. */
function pythonLevel(r: Rng): Call {
  if (r.chance(0.25)) {
    const t = makeTensor(r);
    const indices = Array.from({ length: r.int(5) }, () =>
      r.pick<() => Built>([
        () => literal(r.pick([0, 1, -1, 2, 5, -9, 1.5, 2 ** 62])),
        () => literal(r.pick([':', '1:', ':2', '::2', '-1:', '3:1', '::0', '1:2:x', '...', ''])),
        () => literal(null),
        () => literal(r.chance(0.5)),
        () => makeTensor(r, 'index'),
        () => makeList(r, (q) => literal(q.pick([0, 1, -1, 7, true]))),
      ])(),
    );
    const set = r.chance(0.3);
    const text = `t = ${t.text}; t.${set ? 'indexSet_' : 'index'}(${set ? `[${indices.map((i) => i.text).join(', ')}], 1` : indices.map((i) => i.text).join(', ')})`;
    const x = t.value as torch.Tensor;
    const values = indices.map((i) => i.value);
    const typeable = t.ts !== undefined && indices.every((i) => i.ts !== undefined);
    const tsIndices = indices.map((i) => i.ts).join(', ');
    return {
      text,
      run: () => (set ? x.indexSet_(values as never, 1) : (x as unknown as { index(...a: unknown[]): unknown }).index(...values)),
      ts: typeable ? { declarations: [...declared], emptyInputs: declaredEmpty, expression: set ? `${t.ts}.indexSet_([${tsIndices}], 1)` : `${t.ts}.index(${tsIndices})` } : undefined,
    };
  }
  const [ns, fns] = r.pick(PYTHON_LEVEL);
  const names = Object.keys(fns).filter((n) => typeof fns[n] === 'function').sort();
  const name = r.pick(names);
  const args = Array.from({ length: 1 + r.int(4) }, () => pyValue(r));
  const backward = r.chance(0.3);
  const text = `${ns}.${name}(${args.map((a) => a.text).join(', ')})${backward ? '; then .sum().backward() on a result that requires grad' : ''}`;
  const typeable = args.every((a) => a.ts !== undefined);
  return {
    text,
    ts: typeable ? { declarations: [...declared], emptyInputs: declaredEmpty, expression: `${ns}.${name}(${args.map((a) => a.ts).join(', ')})` } : undefined,
    run: () => {
      const result = (fns[name] as (...a: unknown[]) => unknown)(...args.map((a) => a.value));
      const out = Array.isArray(result) ? result[0] : result;
      if (backward && out instanceof torch.Tensor && out.requiresGrad) out.sum().backward();
      return result;
    },
  };
}

/** Call `index` of seed `seed`. Builds its arguments now (tensors included); run() makes the call. */
export function makeCall(seed: number, index: number): Call {
  const r = new Rng(seed, index);
  declared = [];
  declaredEmpty = false;
  if (r.chance(0.08)) return handWritten(r);
  if (r.chance(0.15)) return pythonLevel(r);
  const target = r.pick(targets());
  const schema = r.pick(target.schemas);
  const args = schema.args.filter((a) => !(target.method && a[0] === 'self'));
  const selfArg = target.method ? makeTensor(r) : undefined;
  const built: Built[] = [];
  // Positional arguments in schema order; sometimes stop early (defaults), sometimes one too many.
  const positional = args.filter((a) => ((a[2] ?? 0) & 4) === 0);
  const count = r.chance(0.7) ? positional.length : r.int(positional.length + 2);
  for (let k = 0; k < count; k++) {
    const a = positional[k];
    built.push(a ? valueFor(r, a[0], a[1]) : chaos(r));
  }
  // Keyword-only arguments in an options object, now and then.
  const kw = args.filter((a) => ((a[2] ?? 0) & 4) !== 0);
  if (kw.length > 0 && r.chance(0.5)) {
    const options: Record<string, unknown> = {};
    const parts: string[] = [];
    const tsOptions: string[] = [];
    let typeable = true;
    for (const a of kw) {
      if (r.chance(0.6)) {
        const v = valueFor(r, a[0], a[1]);
        options[camel(a[0])] = v.value;
        parts.push(`${camel(a[0])}: ${v.text}`);
        if (v.ts === undefined) typeable = false;
        tsOptions.push(`${camel(a[0])}: ${v.ts}`);
      }
    }
    if (r.chance(0.05)) {
      options.noSuchOption = 1;
      parts.push('noSuchOption: 1');
      tsOptions.push('noSuchOption: 1');
    }
    built.push({ text: `{ ${parts.join(', ')} }`, value: options, ts: typeable ? `{ ${tsOptions.join(', ')} }` : undefined });
  }
  const argText = built.map((b) => b.text).join(', ');
  const text = target.method ? `(${selfArg!.text}).${target.name}(${argText})   // ${schema.qualified}` : `torch.${target.name}(${argText})   // ${schema.qualified}`;
  const values = built.map((b) => b.value);
  const typeable = built.every((b) => b.ts !== undefined) && (selfArg === undefined || selfArg.ts !== undefined);
  const tsArgs = built.map((b) => b.ts).join(', ');
  const ts = typeable
    ? { declarations: [...declared], emptyInputs: declaredEmpty, expression: target.method ? `${selfArg!.ts}.${target.name}(${tsArgs})` : `torch.${target.name}(${tsArgs})` }
    : undefined;
  // Backward through the result, now and then: autograd's own kernels see what the op saved.
  const backward = r.chance(0.3);
  return {
    text: backward ? `${text}; then .sum().backward() on a result that requires grad` : text,
    run: () => {
      const result = target.method
        ? (selfArg!.value as Record<string, (...a: unknown[]) => unknown>)[target.name]!(...values)
        : (torch as unknown as Record<string, (...a: unknown[]) => unknown>)[target.name]!(...values);
      const out = Array.isArray(result) ? result[0] : result;
      if (backward && out instanceof torch.Tensor && out.requiresGrad) out.sum().backward();
      return result;
    },
    ts,
  };
}

/** How many public targets the calls choose among. */
export function targetCount(): number {
  const python = PYTHON_LEVEL.reduce((n, [, fns]) => n + Object.values(fns).filter((f) => typeof f === 'function').length, 0);
  return targets().length + python + 2; // + index, indexSet_
}
