// The curated table of shape and dtype rules. A rule refines an overload's
// signature with type parameters (captured literal arguments such as `dim`
// or `stride`, usable in place or in the options object), checked parameter
// types (the failing parameter's type becomes the error message), and a
// computed result type, all in terms of src/types and src/ops/typing.ts.
// Ops without a rule return a dynamic shape, never a wrong one.
import type { Schema, SchemaArg } from './schema.ts';
import type { CuratedRule, RuleContext } from './types.ts';

type Build = (ctx: RuleContext) => CuratedRule | undefined;

const arg = (s: Schema, name: string): SchemaArg | undefined => s.args.find((a) => a.name === name);
const isTensor = (a: SchemaArg | undefined) => a !== undefined && a.type.base === 'Tensor' && !a.type.list && !a.type.optional;
const isScalar = (a: SchemaArg | undefined) => a !== undefined && a.type.base === 'Scalar' && !a.type.optional;
const oneTensorResult = (s: Schema) =>
  s.returns.length === 1 && s.returns[0]!.type.base === 'Tensor' && !s.returns[0]!.type.list && !s.returns[0]!.type.alias?.write;
/** No tensor argument besides self. */
const onlySelfTensor = (s: Schema) =>
  s.args.every((a) => a.name === 'self' || (a.type.base !== 'Tensor'));

function rule(name: string, returnType: string, typeParams: string[] = [], params: Record<string, string> = {}, checks = false): CuratedRule {
  return { name, typeParams, paramTypes: new Map(Object.entries(params)), returnType, checks };
}

// ---- pointwise ------------------------------------------------------------

/** Same shape and dtype as self. */
const SAME = new Set([
  'neg', 'negative', 'relu', 'relu6', 'ceil', 'floor', 'round', 'trunc', 'fix', 'frac', 'sign', 'sgn',
  'positive', 'clone', 'detach', 'contiguous', 'hardtanh', 'leaky_relu', 'hardshrink', 'softshrink', 'threshold',
  'nan_to_num', 'flip', 'fliplr', 'flipud', 'roll', 'tril', 'triu', 'bitwise_not',
  'dropout', 'alpha_dropout', 'feature_dropout', 'cummax_values', 'prelu', 'rrelu', 'special_round',
]);

/** Same shape; integer and bool inputs compute in float32. */
const FLOAT = new Set([
  'exp', 'exp2', 'expm1', 'log', 'log2', 'log10', 'log1p', 'sqrt', 'rsqrt', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan',
  'arcsin', 'arccos', 'arctan', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'arcsinh', 'arccosh', 'arctanh',
  'sigmoid', 'erf', 'erfc', 'erfinv', 'reciprocal', 'lgamma', 'digamma', 'sinc', 'logit', 'i0', 'deg2rad', 'rad2deg',
  'gelu', 'silu', 'mish', 'softplus', 'elu', 'selu', 'celu', 'log_sigmoid', 'hardsigmoid', 'hardswish', 'softmax',
  'log_softmax', 'logcumsumexp', 'special_expit',
  // torch.special's unary functions (airy_ai, scaled_modified_bessel_k0/k1 and spherical_bessel_j0 name their
  // argument x, not self, and stay dynamic)
  'special_bessel_j0', 'special_bessel_j1', 'special_bessel_y0', 'special_bessel_y1', 'special_digamma', 'special_entr',
  'special_erf', 'special_erfc', 'special_erfcx', 'special_erfinv', 'special_exp2', 'special_expm1', 'special_gammaln',
  'special_i0', 'special_i0e', 'special_i1', 'special_i1e', 'special_log1p', 'special_log_ndtr', 'special_logit',
  'special_modified_bessel_i0', 'special_modified_bessel_i1', 'special_modified_bessel_k0', 'special_modified_bessel_k1',
  'special_ndtr', 'special_ndtri', 'special_psi', 'special_sinc', 'special_softmax', 'special_log_softmax',
]);

/** Same shape; complex becomes its real dtype (abs), and for REAL_FLOAT integers float32 too (angle). */
const REAL = new Set(['abs', 'absolute']);
const REAL_FLOAT = new Set(['angle']);

/** Same shape, bool result. */
const BOOL_UNARY = new Set(['isnan', 'isinf', 'isfinite', 'isposinf', 'isneginf', 'signbit', 'logical_not', 'isreal']);

/** Same shape; sums and products of integers accumulate in int64. */
const SCAN = new Set(['cumsum', 'cumprod']);

/** Bounded by JS numbers: the result's dtype is the tensor's promoted with each bound (clamp(int64, 0.5) is float32). */
const CLAMPS = new Set(['clamp', 'clamp_min', 'clamp_max', 'clip']);

/** The unary families: their ops, the rule's name, the result type, and its dtype (for the forms that take a dtype argument). */
const UNARY_FAMILIES: { names: ReadonlySet<string>; name: string; result: string; dtype: string }[] = [
  { names: SAME, name: 'same shape and dtype', result: 'Like<T>', dtype: 'DTypeOf<T>' },
  { names: REAL, name: 'same shape, real dtype', result: 'RealLike<T>', dtype: 'RealOf<DTypeOf<T>>' },
  { names: REAL_FLOAT, name: 'same shape, real floating dtype', result: 'RealFloatLike<T>', dtype: 'RealOf<FloatOf<DTypeOf<T>>>' },
  { names: FLOAT, name: 'same shape, floating dtype', result: 'FloatLike<T>', dtype: 'FloatOf<DTypeOf<T>>' },
  { names: BOOL_UNARY, name: 'same shape, bool', result: 'BoolLike<T>', dtype: "'bool'" },
  { names: SCAN, name: 'same shape, accumulating dtype', result: 'AccumulateLike<T>', dtype: 'Accumulated<DTypeOf<T>>' },
];

const unary: Build = ({ schema: s }) => {
  if (!arg(s, 'self') || !isTensor(arg(s, 'self')) || !oneTensorResult(s) || !onlySelfTensor(s)) {
    if (!(s.name === 'masked_fill' || s.name === 'prelu') || !oneTensorResult(s)) return undefined;
  }
  if (CLAMPS.has(s.name)) {
    const bounds = s.args.filter((a) => a.name === 'min' || a.name === 'max');
    if (bounds.length === 0 || bounds.length !== s.args.length - 1 || bounds.some((a) => a.type.base !== 'Scalar')) return undefined;
    const lo = bounds.some((a) => a.name === 'min');
    const hi = bounds.some((a) => a.name === 'max');
    return rule(
      'same shape, dtype promoted with the bounds',
      `LikeAs<T, Clamped<T, ${lo ? 'Lo' : 'undefined'}, ${hi ? 'Hi' : 'undefined'}>>`,
      [...(lo ? ['const Lo extends Scalar | null | undefined = undefined'] : []), ...(hi ? ['const Hi extends Scalar | null | undefined = undefined'] : [])],
      { ...(lo ? { min: 'Lo' } : {}), ...(hi ? { max: 'Hi' } : {}) },
    );
  }
  // The mask broadcasts against self (a [3] tensor filled under a [2, 3] mask is [2, 3]).
  if (s.name === 'masked_fill') {
    return rule('same dtype, self and mask broadcast', 'BroadcastOut<T, M, DTypeOf<T>>', ['M extends Tensor'], { mask: `BroadcastArg<T, M, 'masked_fill'>` }, true);
  }
  // square is pow(self, 2): bool squares to int64.
  if (s.name === 'square') return rule('same shape, dtype of pow(self, 2)', 'LikeAs<T, WithScalar<T, 2>>');
  const family = UNARY_FAMILIES.find((f) => f.names.has(s.name));
  if (!family) return undefined;
  // A dtype argument (softmax, cumsum, ...) names the result's dtype when given: the family's rule holds only without it.
  const dtype = arg(s, 'dtype');
  const r = dtype && dtype.type.base === 'ScalarType'
    ? rule(`${family.name} unless a dtype is given`, `LikeAs<T, OrDType<DT, ${family.dtype}>>`, ['const DT extends DType | null | undefined = undefined'], { dtype: 'DT' })
    : rule(family.name, family.result);
  // An op along one dim (softmax, cumsum, roll over a dim...): the dim is checked against the rank.
  const dim = arg(s, 'dim');
  if (dim && dim.type.base === 'int' && !dim.type.list && !dim.type.optional) {
    return {
      ...r,
      name: `${r.name}, dim in range`,
      typeParams: ['const Dm extends number', ...r.typeParams],
      paramTypes: new Map([...r.paramTypes, ['dim', `DimInRange<T, Dm, '${s.name}'>`]]),
      checks: true,
    };
  }
  return r;
};

// ---- binary with broadcasting -------------------------------------------------

/** Result dtype by op family, given the promoted dtype P. */
const BINARY: Record<string, (p: string) => string> = {
  add: (p) => p, sub: (p) => p, subtract: (p) => p, mul: (p) => p, multiply: (p) => p, maximum: (p) => p,
  minimum: (p) => p, fmax: (p) => p, fmin: (p) => p, fmod: (p) => p, remainder: (p) => p, pow: (p) => p,
  bitwise_and: (p) => p, bitwise_or: (p) => p, bitwise_xor: (p) => p, floor_divide: (p) => p, heaviside: (p) => p,
  rsub: (p) => p, max: (p) => p, min: (p) => p,
  div: (p) => `FloatOf<${p}>`, divide: (p) => `FloatOf<${p}>`, true_divide: (p) => `FloatOf<${p}>`,
  atan2: (p) => `FloatOf<${p}>`, arctan2: (p) => `FloatOf<${p}>`, hypot: (p) => `FloatOf<${p}>`,
  copysign: (p) => `FloatOf<${p}>`, xlogy: (p) => `FloatOf<${p}>`, logaddexp: (p) => `FloatOf<${p}>`,
  logaddexp2: (p) => `FloatOf<${p}>`, nextafter: (p) => p,
  special_xlogy: (p) => `FloatOf<${p}>`, special_xlog1py: (p) => `FloatOf<${p}>`, special_zeta: (p) => `FloatOf<${p}>`,
  eq: () => "'bool'", ne: () => "'bool'", lt: () => "'bool'", le: () => "'bool'", gt: () => "'bool'", ge: () => "'bool'",
  greater: () => "'bool'", less: () => "'bool'", greater_equal: () => "'bool'", less_equal: () => "'bool'",
  not_equal: () => "'bool'", logical_and: () => "'bool'", logical_or: () => "'bool'", logical_xor: () => "'bool'",
  isclose: () => "'bool'",
};

const binary: Build = ({ schema: s }) => {
  const dtype = BINARY[s.name];
  if (!dtype || !isTensor(arg(s, 'self')) || !oneTensorResult(s)) return undefined;
  const second = s.args.find((a) => a.name !== 'self' && !a.kwargOnly);
  if (!second) return undefined;
  if ((s.name === 'div' || s.name === 'divide') && arg(s, 'rounding_mode')) {
    // Rounding division keeps integer dtypes; a null rounding mode is true division.
    if (isTensor(second)) {
      return rule(
        'broadcast, rounding mode',
        'BroadcastOut<T, O, DivDType<T, O, RM>>',
        ['O extends Tensor', 'const RM extends string | null | undefined = undefined'],
        { [second.name]: `BroadcastArg<T, O, '${s.name}'>`, rounding_mode: 'RM' },
        true,
      );
    }
    return undefined;
  }
  if (isTensor(second) && s.args.filter((a) => a.type.base === 'Tensor').length === 2) {
    return rule('broadcast', `BroadcastOut<T, O, ${dtype('Promoted<T, O>')}>`, ['O extends Tensor'], { [second.name]: `BroadcastArg<T, O, '${s.name}'>` }, true);
  }
  if (isScalar(second)) {
    return rule('same shape, scalar operand', `LikeAs<T, ${dtype('WithScalar<T, Sc>')}>`, ['const Sc extends Scalar'], { [second.name]: 'Sc' });
  }
  return undefined;
};

const where: Build = ({ schema: s }) => {
  if (s.name !== 'where' || s.overload !== 'self') return undefined;
  // where.self(Tensor condition, Tensor self, Tensor other)
  return rule('broadcast of condition, self and other', 'WhereOut<C, T, O>', ['C extends Tensor', 'O extends Tensor'], { condition: 'C', other: 'WhereArg<C, T, O>' }, true);
};

// ---- reductions -----------------------------------------------------------------

/** dtype of a reduction's values: by op. */
const REDUCE_DTYPE: Record<string, string> = {
  sum: 'Accumulated<DTypeOf<T>>',
  nansum: 'Accumulated<DTypeOf<T>>',
  prod: 'Accumulated<DTypeOf<T>>',
  mean: 'FloatOf<DTypeOf<T>>', nanmean: 'FloatOf<DTypeOf<T>>', std: 'RealFloat<T>', var: 'RealFloat<T>',
  norm: 'RealFloat<T>', linalg_vector_norm: 'RealFloat<T>', logsumexp: 'FloatOf<DTypeOf<T>>',
  amax: 'DTypeOf<T>', amin: 'DTypeOf<T>', max: 'DTypeOf<T>', min: 'DTypeOf<T>', median: 'DTypeOf<T>', nanmedian: 'DTypeOf<T>',
  argmax: "'int64'", argmin: "'int64'", all: 'AllAny<DTypeOf<T>>', any: 'AllAny<DTypeOf<T>>', count_nonzero: "'int64'",
};

/** Reductions PyTorch refuses for integer and bool inputs (without a floating dtype). */
const FLOATING_ONLY = new Set(['mean', 'nanmean', 'std', 'var']);

/** Tuple reductions: (values, indices). */
const REDUCE_PAIR = new Set(['max', 'min', 'median', 'nanmedian', 'mode', 'kthvalue']);

const reduce: Build = ({ schema: s }) => {
  const self = arg(s, 'self');
  if (!isTensor(self) || s.args.some((a) => a.name !== 'self' && a.type.base === 'Tensor')) return undefined;
  const dim = arg(s, 'dim');
  const keep = arg(s, 'keepdim');
  const explicitDtype = arg(s, 'dtype') ? 'DType' : undefined;
  const pair = REDUCE_PAIR.has(s.name) && s.returns.length === 2;
  const valuesType = REDUCE_DTYPE[s.name] ?? (pair ? 'DTypeOf<T>' : undefined);
  if (!valuesType) return undefined;
  if (s.returns.length !== (pair ? 2 : 1) || s.returns.some((r) => r.type.base !== 'Tensor' || r.type.list)) return undefined;
  if (!dim) {
    // Reductions over everything: sum(), mean(), max(), argmax(dim=None) ...
    if (pair || s.args.some((a) => a.name !== 'self' && a.name !== 'dtype' && !a.kwargOnly && a.default === undefined)) return undefined;
    const selfCheck: Record<string, string> = FLOATING_ONLY.has(s.name) ? { self: `FloatingSelf<T, ${explicitDtype ? 'DT' : 'undefined'}, '${s.name}'>` } : {};
    return rule(
      'full reduction',
      `ScalarOf<T, ${explicitDtype ? `OrDType<DT, ${valuesType}>` : valuesType}>`,
      explicitDtype ? ['const DT extends DType | null | undefined = undefined'] : [],
      { ...(explicitDtype ? { dtype: 'DT' } : {}), ...selfCheck },
      FLOATING_ONLY.has(s.name),
    );
  }
  const dimType = dim.type.list || dim.type.optional ? 'DimArg' : 'number';
  // An omitted dim means the schema's default: None / [] (every dim) or a literal such as -1.
  const dimDefault = dim.default === undefined ? '' : dim.default.kind === 'int' ? ` = ${dim.default.value}` : ' = undefined';
  const typeParams = [`const Dm extends ${dimType}${dimDefault}`];
  const params: Record<string, string> = {};
  let keepExpr = 'false';
  if (keep) {
    typeParams.push('const K extends boolean = false');
    params.keepdim = 'K';
    keepExpr = 'K';
  }
  let vt = valuesType;
  if (explicitDtype) {
    typeParams.push('const DT extends DType | null | undefined = undefined');
    params.dtype = 'DT';
    vt = `OrDType<DT, ${valuesType}>`;
  }
  const args = `T, Dm, ${keepExpr}, '${s.name}'`;
  params.dim = `ReduceDim<${args}>`; // an out-of-range dim is an error at the dim argument
  if (FLOATING_ONLY.has(s.name)) params.self = `FloatingSelf<T, ${explicitDtype ? 'DT' : 'undefined'}, '${s.name}'>`;
  if (pair) {
    return rule('reduction over dims', `[values: ReduceOut<${args}, ${vt}>, indices: ReduceOut<${args}, 'int64'>]`, typeParams, params, true);
  }
  return rule('reduction over dims', `ReduceOut<${args}, ${vt}>`, typeParams, params, true);
};

/** topk(k, dim=-1) keeps the rank; so does multinomial. */
const sortLike: Build = ({ schema: s }) => {
  if (s.name === 'topk') {
    return rule(
      'k along dim',
      "[values: ResizeOut<T, Dm, Kk, 'topk'>, indices: ResizeOut<T, Dm, Kk, 'topk', 'int64'>]",
      ['const Kk extends number', 'const Dm extends number = -1'],
      { k: 'Kk', dim: 'Dm' },
    );
  }
  if (s.name === 'multinomial') {
    // Draws from each row of probabilities [C] or [N, C]: indices [numSamples] or [N, numSamples].
    return rule('numSamples indices per row', "ResizeOut<T, -1, Ns, 'multinomial', 'int64'>", ['const Ns extends number'], { num_samples: 'Ns' });
  }
  return undefined;
};

// ---- matmul family ------------------------------------------------------------------

/** The signature types of each op (src/ops/signatures.ts) and its other operand. */
const MATMUL: Record<string, [string, string]> = {
  matmul: ['Matmul', 'other'],
  mm: ['Mm', 'mat2'],
  smm: ['Mm', 'mat2'],
  bmm: ['Bmm', 'mat2'],
  mv: ['Mv', 'vec'],
  dot: ['Dot', 'tensor'],
};

const matmul: Build = ({ schema: s }) => {
  const m = MATMUL[s.name];
  if (m && s.overload === '' && isTensor(arg(s, m[1]))) {
    const [ty, other] = m;
    return rule(`${s.name} shapes`, `${ty}Out<T, O>`, ['O extends Tensor'], { [other]: `${ty}Other<T, O>` }, true);
  }
  if (s.name === 'linear' && s.overload === '') {
    return rule('linear shapes', 'LinearOut<X, W>', ['X extends Tensor', 'W extends Tensor'], { input: 'X', weight: 'LinearWeight<X, W>' }, true);
  }
  return undefined;
};

// ---- views and indexing ---------------------------------------------------------------

const views: Build = ({ schema: s }) => {
  if (!isTensor(arg(s, 'self')) || !oneTensorResult(s) && !(s.returns[0]?.type.alias && !s.returns[0].type.alias.write)) return undefined;
  const key = s.overload ? `${s.name}.${s.overload}` : s.name;
  switch (key) {
    case 'reshape':
    case 'view': {
      const p = s.name === 'reshape' ? 'shape' : 'size';
      return rule(`${s.name} element count`, `ReshapeOut<T, Sz, '${s.name}'>`, ['const Sz extends readonly number[]'], { [p]: `ReshapeArg<T, Sz, '${s.name}'>` }, true);
    }
    case 'unflatten.int':
      return rule('unflatten', 'UnflattenOut<T, Dm, Sz>', ['const Dm extends number', 'const Sz extends readonly number[]'], { dim: 'UnflattenArg<T, Dm, Sz>', sizes: 'Sz' }, true);
    case 'flatten.using_ints':
      return rule('flatten', 'FlattenOut<T, A, B>', ['const A extends number = 0', 'const B extends number = -1'], { start_dim: 'FlattenArg<T, A, B>', end_dim: 'B' }, true);
    case 'squeeze':
      return rule('squeeze', 'SqueezeOut<T>');
    case 'squeeze.dim':
      return rule('squeeze dim', 'SqueezeOut<T, Dm>', ['const Dm extends number'], { dim: 'SqueezeArg<T, Dm>' }, true);
    case 'unsqueeze':
      return rule('unsqueeze', 'UnsqueezeOut<T, Dm>', ['const Dm extends number'], { dim: 'UnsqueezeArg<T, Dm>' }, true);
    case 'transpose.int':
    case 'swapaxes':
    case 'swapdims':
      return rule(
        'transpose',
        'TransposeOut<T, D0, D1>',
        ['const D0 extends number', 'const D1 extends number'],
        s.name === 'swapaxes' ? { axis0: 'D0', axis1: 'TransposeArg<T, D0, D1>' } : { dim0: 'D0', dim1: 'TransposeArg<T, D0, D1>' },
        true,
      );
    case 'permute':
      return rule('permute', 'PermuteOut<T, P>', ['const P extends readonly number[]'], { dims: 'PermuteArg<T, P>' }, true);
    case 't':
      return rule('t', 'TOut<T>', [], { self: 'TSelf<T>' }, true);
    case 'expand':
      return rule('expand', 'ExpandOut<T, Sz>', ['const Sz extends readonly number[]'], { size: 'ExpandArg<T, Sz>' }, true);
    case 'repeat':
      return rule('repeat', 'RepeatOut<T, R>', ['const R extends readonly number[]'], { repeats: 'RepeatArg<T, R>' }, true);
    case 'select.int':
      return rule('select', 'SelectOut<T, Dm>', ['const Dm extends number'], { dim: 'SelectArg<T, Dm>' }, true);
    case 'narrow':
      return s.overload === ''
        ? rule(
          'narrow',
          "ResizeOut<T, Dm, L, 'narrow'>",
          ['const Dm extends number', 'const St extends number', 'const L extends number'],
          { dim: 'NarrowArg<T, Dm, St, L>', start: 'St', length: 'L' },
          true,
        )
        : rule('narrow', "ResizeOut<T, Dm, L, 'narrow'>", ['const Dm extends number', 'const L extends number'], { dim: "ResizeArg<T, Dm, L, 'narrow'>", length: 'L' }, true);
    case 'index_select':
      return rule('index_select', 'IndexSelectOut<T, Dm, I>', ['const Dm extends number', 'I extends Tensor'], { dim: 'IndexSelectArg<T, Dm, I>', index: 'IndexSelectIndex<T, Dm, I>' }, true);
    case 'slice.Tensor':
      return rule(
        'slice',
        'SliceOut<T, Dm, A, B, C>',
        ['const Dm extends number = 0', 'const A extends number | null | undefined = undefined', 'const B extends number | null | undefined = undefined', 'const C extends number | undefined = 1'],
        { dim: 'SliceArg<T, Dm, A, B, C>', start: 'A', end: 'B', step: 'C' },
        true,
      );
    case 'gather':
      return rule('gather', 'GatherOut<T, I>', ['I extends Tensor'], { index: 'GatherArg<T, I>' }, true);
    default:
      return undefined;
  }
};

const joins: Build = ({ schema: s }) => {
  if ((s.name === 'cat' || s.name === 'stack') && s.overload === '') {
    const ty = s.name === 'cat' ? 'Cat' : 'Stack';
    return rule(`${s.name} shapes`, `${ty}Out<L, Dm>`, ['const L extends readonly Tensor[]', 'const Dm extends number = 0'], { tensors: `${ty}Arg<L, Dm>`, dim: 'Dm' }, true);
  }
  return undefined;
};

// ---- convolution, pooling, embedding ------------------------------------------------------

const PerDimArg = 'number | readonly number[]';

const conv: Build = ({ schema: s }) => {
  const m = /^conv([123])d$/.exec(s.name);
  if (m && s.overload === '') {
    const n = m[1];
    return rule(
      `conv${n}d output size`,
      `ConvOut<X, W, ${n}, St, Pd, Dl, G>`,
      ['X extends Tensor', 'W extends Tensor', `const St extends ${PerDimArg} | undefined = 1`, `const Pd extends ${PerDimArg} | undefined = 0`, `const Dl extends ${PerDimArg} | undefined = 1`, 'const G extends number | undefined = 1'],
      { input: 'X', weight: `ConvWeight<X, W, ${n}, St, Pd, Dl, G>`, stride: 'St', padding: 'Pd', dilation: 'Dl', groups: 'G' },
      true,
    );
  }
  if (s.name === 'conv_transpose2d' && s.overload === 'input') {
    return rule(
      'conv_transpose2d output size',
      'ConvTranspose2dOut<X, W, St, Pd, OP, Dl, G>',
      ['X extends Tensor', 'W extends Tensor', `const St extends ${PerDimArg} | undefined = 1`, `const Pd extends ${PerDimArg} | undefined = 0`, `const OP extends ${PerDimArg} | undefined = 0`, `const Dl extends ${PerDimArg} | undefined = 1`, 'const G extends number | undefined = 1'],
      { input: 'X', weight: 'ConvTranspose2dWeight<X, W, St, Pd, OP, Dl, G>', stride: 'St', padding: 'Pd', output_padding: 'OP', dilation: 'Dl', groups: 'G' },
      true,
    );
  }
  const pool = /^(max|avg)_pool([123])d$/.exec(s.name);
  if (pool && s.overload === '' && isTensor(arg(s, 'self'))) {
    const n = pool[2];
    const hasDil = arg(s, 'dilation') !== undefined;
    const typeParams = [`const Ks extends ${PerDimArg}`, `const St extends ${PerDimArg} | undefined = undefined`, `const Pd extends ${PerDimArg} | undefined = 0`, 'const Cm extends boolean | undefined = false'];
    const poolArgs = `T, ${n}, Ks, St, Pd, ${hasDil ? 'Dl' : '1'}, Cm, '${s.name}'`;
    const params: Record<string, string> = { kernel_size: `PoolKernel<${poolArgs}>`, stride: 'St', padding: 'Pd', ceil_mode: 'Cm' };
    if (hasDil) {
      typeParams.push(`const Dl extends ${PerDimArg} | undefined = 1`);
      params.dilation = 'Dl';
    }
    return rule(`${s.name} output size`, `PoolOut<${poolArgs}>`, typeParams, params, true);
  }
  const adaptive = /^adaptive_(avg|max)_pool([123])d$/.exec(s.name);
  if (adaptive && s.overload === '' && isTensor(arg(s, 'self'))) {
    const n = adaptive[2];
    const out = `AdaptivePoolOut<T, ${n}, Os, '${s.name}'>`;
    const ret = s.returns.length === 2 ? `[${out}, AdaptivePoolOut<T, ${n}, Os, '${s.name}', 'int64'>]` : out;
    return rule(`${s.name} output size`, ret, [`const Os extends ${PerDimArg}`], { output_size: 'Os' });
  }
  if (s.name === 'embedding' && s.overload === '') {
    return rule('embedding', 'EmbeddingOut<W, I>', ['W extends Tensor', 'I extends Tensor'], { weight: 'W', indices: 'I' });
  }
  return undefined;
};

/** Normalisation and dropout functions whose first argument is `input`: same shape and dtype. */
const INPUT_SAME = new Set(['layer_norm', 'group_norm', 'batch_norm', 'instance_norm', 'dropout', 'alpha_dropout', 'feature_dropout']);

const inputSame: Build = ({ schema: s }) => {
  if (!INPUT_SAME.has(s.name) || s.overload !== '' || !isTensor(arg(s, 'input')) || !oneTensorResult(s)) return undefined;
  return rule('same shape and dtype as input', 'Like<X>', ['X extends Tensor'], { input: 'X' });
};

/** zeros_like and the other `*_like` factories: self's shape, with the dtype and device asked for (else self's). */
const LIKE_FACTORIES = new Set(['zeros_like', 'ones_like', 'empty_like', 'rand_like', 'randn_like', 'full_like']);

const likeFactory: Build = ({ schema: s }) => {
  if (!LIKE_FACTORIES.has(s.name) || s.overload !== '' || !isTensor(arg(s, 'self')) || !oneTensorResult(s)) return undefined;
  if (!arg(s, 'dtype') || !arg(s, 'device')) return undefined;
  return rule(
    'shape of self, dtype and device as asked',
    'LikeFactoryOut<T, DT, DV>',
    ['const DT extends DType | null | undefined = undefined', 'const DV extends Device | null | undefined = undefined'],
    { dtype: 'DT', device: 'DV' },
  );
};

// ---- sparse layouts -------------------------------------------------------------------

/** Layout conversions and coalescing: T's shape, dtype and device in another layout. */
const SPARSE_SAME = new Set(['coalesce', 'to_sparse', 'to_sparse_csr', 'to_sparse_csc', 'to_sparse_bsr', 'to_sparse_bsc', 'sparse_mask']);
/** A sparse tensor's parts, and their *_copy forms. */
const SPARSE_PARTS: Record<string, string> = {
  indices: 'SparseIndicesOut<T>', values: 'SparseValuesOut<T>', crow_indices: 'CompressedIndicesOut<T>',
  col_indices: 'CompressedIndicesOut<T>', ccol_indices: 'CompressedIndicesOut<T>', row_indices: 'CompressedIndicesOut<T>',
};

const sparse: Build = ({ schema: s }) => {
  if (!isTensor(arg(s, 'self')) || !oneTensorResult(s) && !s.returns[0]?.type.alias) return undefined;
  if (SPARSE_SAME.has(s.name)) return rule('same shape and dtype, another layout', 'Like<T>');
  if (s.name === 'to_dense') {
    return rule('same shape, strided', 'LikeAs<T, OrDType<DT, DTypeOf<T>>>', ['const DT extends DType | null | undefined = undefined'], { dtype: 'DT' });
  }
  const part = SPARSE_PARTS[s.name.replace(/_copy$/, '')];
  return part ? rule('sparse part', part) : undefined;
};

/** unbind, chunk, split: lists of views whose shapes the rule knows (the split dim is unknown for chunk and split). */
const pieces: Build = ({ schema: s }) => {
  if (!isTensor(arg(s, 'self')) || s.returns.length !== 1 || !s.returns[0]!.type.list) return undefined;
  const key = s.overload ? `${s.name}.${s.overload}` : s.name;
  const dimDefault = (d: SchemaArg | undefined) => (d?.default?.kind === 'int' ? ` = ${d.default.value}` : '');
  switch (key) {
    case 'unbind.int':
      return rule('unbind', 'UnbindOut<T, Dm>', [`const Dm extends number${dimDefault(arg(s, 'dim'))}`], { dim: "DimInRange<T, Dm, 'unbind'>" }, true);
    case 'chunk':
    case 'split.Tensor':
    case 'split_with_sizes':
    case 'tensor_split.sections':
      return rule(`${s.name} pieces`, 'PiecesOut<T, Dm>', [`const Dm extends number${dimDefault(arg(s, 'dim'))}`], { dim: `DimInRange<T, Dm, '${s.name}'>` }, true);
    default:
      return undefined;
  }
};

const BUILDERS: Build[] = [matmul, joins, conv, inputSame, views, where, binary, reduce, sortLike, likeFactory, pieces, sparse, unary];

export function curatedRule(ctx: RuleContext): CuratedRule | undefined {
  for (const build of BUILDERS) {
    const r = build(ctx);
    if (r) return r;
  }
  return undefined;
}

/** The names the generated files import from src/ops/typing.ts and src/ops/signatures.ts. */
export const TYPE_IMPORTS = {
  typing: ['ShapeOf', 'DTypeOf', 'DeviceOf', 'Like', 'LikeAs', 'DimArg'],
  signatures: [
    'Promoted', 'WithScalar', 'Clamped', 'DivDType', 'Accumulated', 'AllAny', 'OrDType', 'FloatLike', 'RealLike',
    'RealFloatLike', 'RealFloat', 'BoolLike', 'AccumulateLike', 'BroadcastArg', 'BroadcastOut',
    'WhereArg', 'WhereOut', 'ScalarOf', 'ReduceDim', 'ReduceOut', 'MatmulOther', 'MatmulOut', 'MmOther', 'MmOut', 'BmmOther',
    'BmmOut', 'MvOther', 'MvOut', 'DotOther', 'DotOut', 'LinearWeight', 'LinearOut', 'ReshapeArg', 'ReshapeOut', 'FlattenArg',
    'FlattenOut', 'SqueezeArg', 'SqueezeOut', 'UnsqueezeArg', 'UnsqueezeOut', 'TransposeArg', 'TransposeOut', 'PermuteArg',
    'PermuteOut', 'TOut', 'TSelf', 'FloatingSelf', 'ExpandArg', 'ExpandOut', 'RepeatArg', 'RepeatOut', 'SelectArg', 'SelectOut', 'ResizeArg', 'ResizeOut',
    'IndexSelectArg', 'IndexSelectIndex', 'IndexSelectOut', 'DimInRange', 'NarrowArg', 'LikeFactoryOut', 'UnbindOut', 'PiecesOut',
    'UnflattenArg', 'UnflattenOut', 'SliceArg', 'SliceOut', 'GatherArg', 'GatherOut', 'CatArg', 'CatOut', 'StackArg',
    'StackOut', 'ConvWeight', 'ConvOut', 'ConvTranspose2dWeight', 'ConvTranspose2dOut', 'PoolKernel', 'PoolOut',
    'AdaptivePoolOut', 'EmbeddingOut', 'Keep', 'SparseIndicesOut', 'SparseValuesOut', 'CompressedIndicesOut',
  ],
};
