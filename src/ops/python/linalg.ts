// Python-level linear algebra: torch.norm with 'fro' and 'nuc', tensordot
// with Python's forms of `dims`, cdist's compute mode by name, torch.lu, and
// the randomized low-rank SVD and PCA of torch/_lowrank.py.
import { Tensor } from '../../core/tensor.ts';
import type { DType } from '../../types/dtype.ts';
import * as aten from '../generated/aten.ts';
import { bindPy, type PyRest } from '../python-args.ts';

export interface NormOptions {
  /** 'fro' (default), 'nuc', or a number (a vector p-norm over `dim`). */
  p?: number | 'fro' | 'nuc' | null;
  dim?: number | readonly number[] | null;
  keepdim?: boolean;
  dtype?: DType | null;
}

const allDims = (t: Tensor) => t.shape.map((_, i) => i);

/** torch.norm: the Frobenius norm by default, the nuclear norm, or a vector p-norm (over every dim unless `dim`). */
export function norm(input: Tensor, ...rest: PyRest<[p: number | 'fro' | 'nuc' | null, dim: number | readonly number[] | null, keepdim: boolean], NormOptions>): Tensor {
  const a = bindPy('norm', ['p', 'dim', 'keepdim'], rest, ['dtype']);
  const p = a.p === undefined ? 'fro' : (a.p as number | string | null);
  const keepdim = (a.keepdim ?? false) as boolean;
  const dtype = (a.dtype ?? null) as DType | null;
  const dim = a.dim == null ? null : typeof a.dim === 'number' ? [a.dim] : [...(a.dim as number[])];
  if (p === 'fro') {
    if (dtype !== null) throw new TypeError("norm: dtype is not supported with p 'fro'");
    return aten.frobenius_norm_dim(input, dim ?? [], keepdim); // [] is every dim
  }
  if (p === 'nuc') {
    if (dtype !== null) throw new TypeError("norm: dtype is not supported with p 'nuc'");
    return dim === null ? aten.nuclear_norm(input, keepdim) : aten.nuclear_norm_dim(input, dim, keepdim);
  }
  if (typeof p === 'string') throw new TypeError(`norm: p must be a number, 'fro' or 'nuc', got '${p}'`);
  const dims = dim ?? allDims(input);
  return dtype === null ? aten.norm_ScalarOpt_dim(input, p, dims, keepdim) : aten.norm_ScalarOpt_dim_dtype(input, p, dims, keepdim, dtype);
}

/**
 * Sums products over dims of `a` and `b`: `dims` = n contracts a's last n
 * dims with b's first n; [dimsA, dimsB] names them.
 */
export function tensordot(a: Tensor, b: Tensor, ...rest: PyRest<[dims: number | readonly [readonly number[], readonly number[]] | Tensor], { dims?: number | readonly [readonly number[], readonly number[]] | Tensor }>): Tensor {
  if (!(a instanceof Tensor) || !(b instanceof Tensor)) throw new TypeError('tensordot: a and b must be tensors');
  let dims = bindPy('tensordot', ['dims'], rest).dims ?? 2;
  if (dims instanceof Tensor) dims = dims.shape.reduce((p, n) => p * n, 1) > 1 ? (dims.toArray() as [number[], number[]]) : Number(dims.item());
  if (typeof dims === 'number') {
    if (!Number.isInteger(dims) || dims < 0) throw new RangeError(`tensordot: dims must be a non-negative integer, got ${dims}`);
    const most = Math.min(a.shape.length, b.shape.length);
    if (dims > most) throw new RangeError(`tensordot: dims (${dims}) is more than the dims of a [${a.shape.join(', ')}] or b [${b.shape.join(', ')}]`);
    return aten.tensordot(a, b, Array.from({ length: dims }, (_, i) => i - dims), Array.from({ length: dims }, (_, i) => i));
  }
  if (!Array.isArray(dims) || dims.length !== 2) throw new TypeError('tensordot: dims must be a number or two lists of dims, [dimsA, dimsB]');
  const [da, db] = dims as [number | readonly number[], number | readonly number[]];
  return aten.tensordot(a, b, typeof da === 'number' ? [da] : da, typeof db === 'number' ? [db] : db);
}

const COMPUTE_MODES = { use_mm_for_euclid_dist_if_necessary: null, use_mm_for_euclid_dist: 1, donot_use_mm_for_euclid_dist: 2 } as const;
export type CdistComputeMode = keyof typeof COMPUTE_MODES;

/** The p-norm distance between each row of x1 [..., P, M] and each row of x2 [..., R, M]: [..., P, R]. */
export function cdist(x1: Tensor, x2: Tensor, ...rest: PyRest<[p: number, computeMode: CdistComputeMode], { p?: number; computeMode?: CdistComputeMode }>): Tensor {
  const a = bindPy('cdist', ['p', 'computeMode'], rest);
  const mode = (a.computeMode ?? 'use_mm_for_euclid_dist_if_necessary') as CdistComputeMode;
  if (!(mode in COMPUTE_MODES)) throw new TypeError(`cdist: computeMode must be one of ${Object.keys(COMPUTE_MODES).join(', ')}; got '${String(mode)}'`);
  return aten.cdist(x1, x2, (a.p ?? 2) as number, COMPUTE_MODES[mode]);
}

export interface LuOptions<I extends boolean> {
  /** Partial pivoting (default true). */
  pivot?: boolean;
  /** Also return the LAPACK infos, and do not throw on a singular matrix. */
  getInfos?: I;
}

/** The LU factorization of A [..., m, n]: [LU, pivots], and the infos too with getInfos (which then does not throw on singular A). */
export function lu<const I extends boolean = false>(
  A: Tensor,
  ...rest: PyRest<[pivot: boolean, getInfos: I], LuOptions<I>>
): I extends true ? [LU: Tensor, pivots: Tensor, infos: Tensor] : [LU: Tensor, pivots: Tensor] {
  const a = bindPy('lu', ['pivot', 'getInfos'], rest);
  const getInfos = (a.getInfos ?? false) as boolean;
  const [LU, pivots, infos] = aten._lu_with_info(A, (a.pivot ?? true) as boolean, !getInfos);
  if (getInfos) return [LU, pivots, infos] as never;
  infos.dispose();
  return [LU, pivots] as never;
}

const floatingDtype = (A: Tensor): DType => (['float16', 'float32', 'float64'].includes(A.dtype) ? A.dtype : 'float32');
const conjugate = (A: Tensor) => (A.dtype.startsWith('complex') ? aten.conj(A) : A);
const transpose = (A: Tensor) => aten.transpose_int(A, -1, -2);

/** An orthonormal basis of q columns approximating A's range (Halko et al., with niter power iterations). */
function approximateBasis(A: Tensor, q: number, niter: number, M: Tensor | null): Tensor {
  const n = A.shape[A.shape.length - 1]!;
  const R = aten.randn([n, q], floatingDtype(A), undefined, A.device);
  const AH = conjugate(transpose(A));
  const qr = (X: Tensor) => aten.linalg_qr(X)[0];
  if (M === null) {
    let Q = qr(aten.matmul(A, R));
    for (let i = 0; i < niter; i++) {
      Q = qr(aten.matmul(AH, Q));
      Q = qr(aten.matmul(A, Q));
    }
    return Q;
  }
  const MH = conjugate(transpose(M));
  let Q = qr(aten.sub_Tensor(aten.matmul(A, R), aten.matmul(M, R)));
  for (let i = 0; i < niter; i++) {
    Q = qr(aten.sub_Tensor(aten.matmul(AH, Q), aten.matmul(MH, Q)));
    Q = qr(aten.sub_Tensor(aten.matmul(A, Q), aten.matmul(M, Q)));
  }
  return Q;
}

function lowRankSvd(A: Tensor, q: number, niter: number, M: Tensor | null): [U: Tensor, S: Tensor, V: Tensor] {
  const [m, n] = A.shape.slice(-2) as [number, number];
  const At = transpose(A);
  const Mt = M === null ? null : transpose(M);
  if (m < n || n > q) {
    const Q = approximateBasis(At, q, niter, Mt);
    const Qc = conjugate(Q);
    const Bt = M === null ? aten.matmul(A, Qc) : aten.sub_Tensor(aten.matmul(A, Qc), aten.matmul(M, Qc));
    const [U, S, Vh] = aten.linalg_svd(Bt, false);
    return [U, S, aten.matmul(Q, aten.mH(Vh))];
  }
  const Q = approximateBasis(A, q, niter, M);
  const Qc = conjugate(Q);
  const B = Mt === null ? aten.matmul(At, Qc) : aten.sub_Tensor(aten.matmul(At, Qc), aten.matmul(Mt, Qc));
  const [U, S, Vh] = aten.linalg_svd(transpose(B), false);
  return [aten.matmul(Q, U), S, aten.mH(Vh)];
}

/** A randomized rank-q SVD of A (or of A - M): [U, S, V] with A ≈ U diag(S) V^H. */
export function svdLowrank(A: Tensor, options: { q?: number | null; niter?: number | null; M?: Tensor | null } = {}): [U: Tensor, S: Tensor, V: Tensor] {
  return lowRankSvd(A, options.q ?? 6, options.niter ?? 2, options.M ?? null);
}

/** A randomized principal component analysis of A [..., m, n]: [U, S, V] of the (centred) data. */
export function pcaLowrank(A: Tensor, options: { q?: number | null; center?: boolean; niter?: number } = {}): [U: Tensor, S: Tensor, V: Tensor] {
  const [m, n] = A.shape.slice(-2) as [number, number];
  const q = options.q ?? Math.min(6, m, n);
  if (!(Number.isInteger(q) && q >= 0 && q <= Math.min(m, n))) throw new RangeError(`pcaLowrank: q (${q}) must be an integer from 0 to min(m, n) = ${Math.min(m, n)}`);
  const niter = options.niter ?? 2;
  if (!(niter >= 0)) throw new RangeError(`pcaLowrank: niter (${niter}) must be non-negative`);
  if (options.center === false) return lowRankSvd(A, q, niter, null);
  return lowRankSvd(aten.sub_Tensor(A, aten.mean_dim(A, [-2], true)), q, niter, null);
}
