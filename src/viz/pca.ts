// Principal component analysis through libtorch's SVD: the data centred,
// x = U S V^T, the scores U S and the components V^T; signs fixed as sklearn
// fixes them (each component's largest score is positive), so that the same
// data always gives the same picture.
import type { Tensor } from '../core/tensor.ts';
import * as aten from '../ops/generated/aten.ts';
import { keep, scope } from '../core/scope.ts';
import { noGrad } from '../core/autograd.ts';

export interface PCA {
  /** The data in the components' coordinates [N, k]. */
  scores: Tensor<[number, number], 'float32', 'cpu'>;
  /** The principal directions, one a row [k, F]. */
  components: Tensor<[number, number], 'float32', 'cpu'>;
  /** The variance along each component (ddof 1, as sklearn's explained_variance_). */
  explainedVariance: number[];
  /** Each component's share of the total variance. */
  explainedVarianceRatio: number[];
}

export function pca(x: Tensor, k = 2): PCA {
  if (x.ndim !== 2) throw new TypeError(`pca: x must be [N, F], got [${x.shape.join(', ')}]`);
  const [n, f] = x.shape as [number, number];
  if (!Number.isInteger(k) || k < 1 || k > Math.min(n, f)) throw new RangeError(`pca: k must be an integer in [1, ${Math.min(n, f)}] for [${n}, ${f}], got ${k}`);
  if (n < 2) throw new RangeError('pca: needs at least 2 rows');
  return noGrad(() => scope(() => {
    const x64 = aten.to_dtype(x, 'float64');
    const centred = aten.sub_Tensor(x64, aten.mean_dim(x64, [0], true));
    const [u, s, vh] = aten.linalg_svd(centred, false);
    // sklearn's svd_flip: the entry of largest magnitude in each column of U is made positive.
    const rows = aten.argmax(aten.abs(u), 0, true);
    const signs = aten.sign(aten.gather(u, 0, rows));
    const top = (t: Tensor, dim: number) => aten.narrow(t, dim, 0, k);
    const scores = aten.mul_Tensor(top(aten.mul_Tensor(u, s), 1), top(signs, 1));
    const components = aten.mul_Tensor(top(vh, 0), aten.t(top(signs, 1)));
    const variance = (aten.div_Scalar(aten.square(s), n - 1).toArray() as number[]);
    const total = variance.reduce((a, b) => a + b, 0);
    return {
      scores: keep(aten.to_dtype(scores, 'float32')) as PCA['scores'],
      components: keep(aten.to_dtype(components, 'float32')) as PCA['components'],
      explainedVariance: variance.slice(0, k),
      explainedVarianceRatio: variance.slice(0, k).map((v) => (total > 0 ? v / total : 0)),
    };
  }));
}
