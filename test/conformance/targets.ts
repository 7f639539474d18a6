// Where typed-torch has each OpInfo's op. Most are found by their Python
// path (torch.linalg.svd is torch.linalgSvd, torch.nn.functional.conv2d is
// torch.nn.functional.conv2d, a Tensor method is a method); the OpInfos whose
// op is a Python lambda get an entry here that makes the same call the
// lambda makes, the way a TypeScript user writes it.
import * as torch from '../../src/index.ts';
import type { Tensor } from '../../src/index.ts';
import { camel } from '../../src/ops/names.ts';
import type { Target } from './samples.ts';

/** An op as the harness calls it: the sample's input, its positional arguments, then its options if any. */
export type Call = (input: any, ...rest: any[]) => unknown;

const F = torch.nn.functional as unknown as Record<string, Call | undefined>;
const T = torch as unknown as Record<string, Call | undefined>;
const masked = (torch as unknown as { masked?: Record<string, Call | undefined> }).masked;
const sparse = torch.sparse as unknown as Record<string, Call | undefined>;

/** Python's wrapper_set_seed: the op runs right after manual_seed(42). */
const seeded =
  (f: Call): Call =>
  (...a) => {
    torch.manualSeed(42);
    return f(...a);
  };

const method =
  (name: string): Call =>
  (x: any, ...a) => {
    if (typeof x?.[name] !== 'function') throw new MissingTarget(`Tensor has no method ${name}`);
    return x[name](...a);
  };

/** Python's variadic sizes (x.sum_to_size(2, 3)) as the one list TypeScript methods take. */
const sizeList = (a: unknown[]): unknown => (a.length === 1 && Array.isArray(a[0]) ? a[0] : a);

export class MissingTarget extends Error {}

/** The OpInfos whose op is a lambda, by OpInfo id. */
const CUSTOM: Record<string, Call> = {
  uniform: seeded((x: Tensor, ...a) => (x as any).uniform_(...a)),
  contiguous: (x: Tensor, ...a) => (x as any).contiguous(...a),
  sum_to_size: (x: Tensor, ...a) => (x as any).sumToSize(sizeList(a)),
  expand: (x: Tensor, shape) => (x as any).expand(shape),
  expand_as: (x: Tensor, other) => x.expandAs(other),
  as_strided: (x: Tensor, size, stride, o?: { storageOffset?: number }) => (x as any).asStrided(size, stride, o?.storageOffset ?? 0),
  as_strided_scatter: (x: Tensor, src, size, stride, o?: { storageOffset?: number }) => torch.asStridedScatter(x, src, size, stride, o?.storageOffset ?? 0),
  'nn.functional.fractional_max_pool2d': seeded((...a) => F.fractionalMaxPool2d!(...a)),
  'nn.functional.fractional_max_pool3d': seeded((...a) => F.fractionalMaxPool3d!(...a)),
  'nn.functional.rrelu': seeded((...a) => F.rrelu!(...a)),
  // 1.13's private form returns the attention weights too.
  'nn.functional._scaled_dot_product_attention': seeded((q, k, v, o?: Record<string, unknown>) => {
    const { needAttnWeights: _, ...rest } = o ?? {};
    return F.scaledDotProductAttention!(q, k, v, { ...rest, returnWeights: true });
  }),
  to: (x: Tensor, ...a) => (x as any).to(...a),
  to_sparse: (x: Tensor, ...a) => (x as any).toSparse(...a),
  __radd__: (x: Tensor, other) => torch.add(x, other),
  __rmul__: (x: Tensor, other) => torch.mul(x, other),
  __rand__: (x: Tensor, other) => torch.bitwiseAnd(x, other),
  __ror__: (x: Tensor, other) => torch.bitwiseOr(x, other),
  __rxor__: (x: Tensor, other) => torch.bitwiseXor(x, other),
  __rsub__: (x: Tensor, other) => torch.rsub(x, other),
  __rdiv__: (x: Tensor, other) => torch.mul(torch.reciprocal(x), other),
  __rmod__: (x: Tensor, other) => torch.remainder(other, x),
  // Python's __rpow__ makes a new tensor of `other` (cut from the graph) and raises it to x.
  __rpow__: (x: Tensor, other) => torch.pow(other instanceof torch.Tensor ? other.detach() : other, x),
  __rmatmul__: (x: Tensor, other) => torch.matmul(other, x),
  einsum: (tensors: Tensor[], equation: string) => torch.einsum(equation, tensors),
  // x[index]: Python reads a list holding a tensor, a list, a slice, ... or None as a tuple of indices (numpy's legacy rule).
  __getitem__: (x: Tensor, index: unknown) => {
    const asTuple = Array.isArray(index) && index.length < 32 && index.some((v) => v instanceof torch.Tensor || Array.isArray(v) || typeof v === 'string' || v === null);
    return (x as any).index(...(asTuple ? (index as unknown[]) : [index]));
  },
  svd_lowrank: seeded((a: Tensor, b: Tensor, o?) => T.svdLowrank!(torch.matmul(a, b.mT), o)),
  pca_lowrank: seeded((a: Tensor, b: Tensor, o?) => T.pcaLowrank!(torch.matmul(a, b.mT), o)),
  reshape_as: (x: Tensor, other) => x.reshapeAs(other),
  view: (x: Tensor, shape) => (x as any).view(shape),
  view_as: (x: Tensor, other) => x.viewAs(other),
  randn: seeded((size, o?) => torch.randn(size, o)),
  randn_like: seeded((x: Tensor, o?) => torch.randnLike(x, o)),
  // op_db's rand_like OpInfo calls randn_like (as written in PyTorch 1.13's database).
  rand_like: seeded((x: Tensor, o?) => torch.randnLike(x, o)),
  randint_like: seeded((x: Tensor, ...a) => (torch as any).randintLike(x, ...a)),
  new_zeros: (x: Tensor, ...a) => (x as any).newZeros(...a),
  new_ones: (x: Tensor, ...a) => (x as any).newOnes(...a),
  new_empty: (x: Tensor, ...a) => (x as any).newEmpty(...a),
  new_empty_strided: (x: Tensor, ...a) => (x as any).newEmptyStrided(...a),
  new_full: (x: Tensor, ...a) => (x as any).newFull(...a),
  multinomial: seeded((x: Tensor, ...a) => (torch as any).multinomial(x, ...a)),
  normal: seeded((x: Tensor, ...a) => (torch as any).normal(x, ...a)),
  'normal.number_mean': seeded((std, mean, ...a) => (torch as any).normal(mean, std, ...a)),
  bernoulli: seeded((x: Tensor, ...a) => (torch as any).bernoulli(x, ...a)),
  unfold: (x: Tensor, ...a) => (x as any).unfold(...a),
  repeat: (x: Tensor, dims) => (x as any).repeat(dims),
  fill: (a: Tensor, value) => {
    const t = torch.mul(a, false);
    torch.noGrad(() => t.fill_(value));
    return t;
  },
  resize_: (x: Tensor, shape) => (x.clone() as any).resize_(shape),
  resize_as_: (x: Tensor, other) => torch.resizeAs_(x.clone(), other),
  zero_: (x: Tensor) => torch.zero_(x.clone()),
  T: (x: Tensor) => (x as any).T,
  H: (x: Tensor) => (x as any).H,
  mT: (x: Tensor) => (x as any).mT,
  mH: (x: Tensor) => (x as any).mH,
  where: (self: Tensor, condition: Tensor, other) => torch.where(condition, self, other),
  'nn.functional.dropout': seeded((...a) => F.dropout!(...a)),
  'nn.functional.dropout2d': seeded((...a) => F.dropout2d!(...a)),
  'nn.functional.dropout3d': seeded((...a) => F.dropout3d!(...a)),
  'nn.functional.feature_alpha_dropout.with_train': seeded((...a) => F.featureAlphaDropout!(...a)),
  'nn.functional.feature_alpha_dropout.without_train': seeded((...a) => F.featureAlphaDropout!(...a)),
  'nn.functional.embedding': (weight: Tensor, idx: Tensor, o?) => F.embedding!(idx, weight, o),
  'nn.functional.embedding_bag': (weight: Tensor, idx: Tensor, o?) => F.embeddingBag!(idx, weight, o),
  'linalg.lstsq.grad_oriented': (a: Tensor, b: Tensor, driver) => (torch.linalgLstsq(a, b, { driver }) as Tensor[])[0],
  'linalg.pinv.singular': (a: Tensor, b: Tensor) => torch.linalgPinv(torch.matmul(a, b.mT)),
  'special.polygamma.special_polygamma_n_0': (x: Tensor, n: number, ...o) => (torch as any).specialPolygamma(n, x, ...o),
};
for (const name of ['bfloat16', 'bool', 'byte', 'char', 'double', 'float', 'half', 'int', 'long', 'short', 'chalf']) {
  CUSTOM[name] = (x: Tensor, ...a) => method(name)(x, ...a);
}
for (let n = 0; n <= 4; n++) CUSTOM[`polygamma.polygamma_n_${n}`] = (x: Tensor, k: number, ...o) => (torch as any).polygamma(k, x, ...o);

/** The typed-torch function for an OpInfo, or a MissingTarget saying why there is none. */
export function resolveTarget(id: string, target: Target): Call {
  const custom = CUSTOM[id];
  if (custom) return custom;
  switch (target.kind) {
    case 'custom':
      throw new MissingTarget(`no entry for ${id} in the custom table`);
    case 'torch':
      return T[camel(target.name)] ?? method(camel(target.name));
    case 'functional': {
      const f = F[camel(target.name)];
      if (!f) throw new MissingTarget(`torch.nn.functional has no ${camel(target.name)}`);
      return f;
    }
    case 'masked': {
      const f = masked?.[camel(target.name)];
      if (!f) throw new MissingTarget(`torch.masked has no ${camel(target.name)}`);
      return f;
    }
    case 'sparse': {
      const f = sparse[camel(target.name)];
      if (!f) throw new MissingTarget(`torch.sparse has no ${camel(target.name)}`);
      return f;
    }
    case 'method':
      return method(camel(target.name));
  }
}
