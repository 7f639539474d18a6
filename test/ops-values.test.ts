// Values of the generated ops against Python torch (same libtorch, a separate
// interpreter): each case is the same computation written in both languages
// on the same inputs. All Python expressions run in one interpreter.
import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../src/index.ts';
import { py } from './helpers/python.ts';
import { expectClose } from './helpers/assert.ts';

type T = torch.Tensor;
type Inputs = Record<'A' | 'B' | 'P' | 'U' | 'M' | 'V' | 'W' | 'I' | 'J' | 'Bo' | 'X4' | 'K' | 'T3' | 'L' | 'Idx', T>;

// The inputs, built identically on both sides (float64 unless stated).
const DATA = {
  A: [[0.5, -1.2, 2.3], [-0.7, 1.9, -2.8]],
  B: [[1.5, 0.3, -0.4], [2.2, -1.1, 0.9]],
  P: [[0.4, 1.3, 2.7], [3.1, 0.8, 1.9]],
  U: [[0.1, -0.5, 0.7], [-0.3, 0.25, 0.9]],
  M: [[2, 1, 0.5], [1, 3, 0.2], [0.5, 0.2, 4]],
  V: [1.0, -2.0, 0.5],
  W: [0.3, 0.7, -1.1],
};
const PY_INPUTS = `
f64 = torch.float64
A = torch.tensor(${JSON.stringify(DATA.A)}, dtype=f64)
B = torch.tensor(${JSON.stringify(DATA.B)}, dtype=f64)
P = torch.tensor(${JSON.stringify(DATA.P)}, dtype=f64)
U = torch.tensor(${JSON.stringify(DATA.U)}, dtype=f64)
M = torch.tensor(${JSON.stringify(DATA.M)}, dtype=f64)
V = torch.tensor(${JSON.stringify(DATA.V)}, dtype=f64)
W = torch.tensor(${JSON.stringify(DATA.W)}, dtype=f64)
I = torch.tensor([[3, -1, 4], [1, -5, 9]])
J = torch.tensor([[6, 2, -3], [7, 3, 1]])
Bo = torch.tensor([[True, False, True], [False, True, False]])
X4 = torch.arange(64, dtype=f64).reshape(2, 2, 4, 4) / 10
K = torch.sin(torch.arange(54, dtype=f64)).reshape(3, 2, 3, 3)
T3 = torch.arange(24, dtype=f64).reshape(2, 3, 4) / 5 - 2
L = torch.tensor([2, 0])
Idx = torch.tensor([[0, 1, 0], [1, 0, 1]])
F = torch.nn.functional
aten = torch.ops.aten
`;

function inputs(): Inputs {
  const f64 = { dtype: 'float64' as const };
  return {
    A: torch.tensor(DATA.A, f64),
    B: torch.tensor(DATA.B, f64),
    P: torch.tensor(DATA.P, f64),
    U: torch.tensor(DATA.U, f64),
    M: torch.tensor(DATA.M, f64),
    V: torch.tensor(DATA.V, f64),
    W: torch.tensor(DATA.W, f64),
    I: torch.tensor([[3, -1, 4], [1, -5, 9]], { dtype: 'int64' }),
    J: torch.tensor([[6, 2, -3], [7, 3, 1]], { dtype: 'int64' }),
    Bo: torch.tensor([[true, false, true], [false, true, false]]),
    X4: torch.arange(64, f64).reshape([2, 2, 4, 4]).div(10),
    K: torch.sin(torch.arange(54, f64)).reshape([3, 2, 3, 3]),
    T3: torch.arange(24, f64).reshape([2, 3, 4]).div(5).sub(2),
    L: torch.tensor([2, 0], { dtype: 'int64' }),
    Idx: torch.tensor([[0, 1, 0], [1, 0, 1]], { dtype: 'int64' }),
  };
}

/** [name, Python expression, JS computation]. The name is the op under test. */
type Case = [string, string, (t: Inputs) => unknown];

const CASES: Case[] = [
  // unary pointwise
  ['abs', 'torch.abs(A)', ({ A }) => torch.abs(A)],
  ['neg', 'A.neg()', ({ A }) => A.neg()],
  ['exp', 'torch.exp(A)', ({ A }) => A.exp()],
  ['exp2', 'torch.exp2(A)', ({ A }) => torch.exp2(A)],
  ['expm1', 'torch.expm1(A)', ({ A }) => A.expm1()],
  ['log', 'torch.log(P)', ({ P }) => P.log()],
  ['log2', 'torch.log2(P)', ({ P }) => P.log2()],
  ['log10', 'torch.log10(P)', ({ P }) => torch.log10(P)],
  ['log1p', 'torch.log1p(P)', ({ P }) => P.log1p()],
  ['sqrt', 'torch.sqrt(P)', ({ P }) => P.sqrt()],
  ['rsqrt', 'torch.rsqrt(P)', ({ P }) => P.rsqrt()],
  ['sin', 'torch.sin(A)', ({ A }) => A.sin()],
  ['cos', 'torch.cos(A)', ({ A }) => A.cos()],
  ['tan', 'torch.tan(A)', ({ A }) => A.tan()],
  ['asin', 'torch.asin(U)', ({ U }) => U.asin()],
  ['acos', 'torch.acos(U)', ({ U }) => U.acos()],
  ['atan', 'torch.atan(A)', ({ A }) => A.atan()],
  ['sinh', 'torch.sinh(A)', ({ A }) => A.sinh()],
  ['cosh', 'torch.cosh(A)', ({ A }) => A.cosh()],
  ['tanh', 'torch.tanh(A)', ({ A }) => A.tanh()],
  ['asinh', 'torch.asinh(A)', ({ A }) => A.asinh()],
  ['acosh', 'torch.acosh(P + 1)', ({ P }) => P.add(1).acosh()],
  ['atanh', 'torch.atanh(U)', ({ U }) => U.atanh()],
  ['sigmoid', 'torch.sigmoid(A)', ({ A }) => A.sigmoid()],
  ['relu', 'torch.relu(A)', ({ A }) => A.relu()],
  ['erf', 'torch.erf(A)', ({ A }) => A.erf()],
  ['erfc', 'torch.erfc(A)', ({ A }) => A.erfc()],
  ['erfinv', 'torch.erfinv(U)', ({ U }) => U.erfinv()],
  ['ceil', 'torch.ceil(A)', ({ A }) => A.ceil()],
  ['floor', 'torch.floor(A)', ({ A }) => A.floor()],
  ['round', 'torch.round(A)', ({ A }) => A.round()],
  ['trunc', 'torch.trunc(A)', ({ A }) => A.trunc()],
  ['frac', 'torch.frac(A)', ({ A }) => A.frac()],
  ['sign', 'torch.sign(A)', ({ A }) => A.sign()],
  ['sgn', 'torch.sgn(A)', ({ A }) => A.sgn()],
  ['square', 'torch.square(A)', ({ A }) => A.square()],
  ['reciprocal', 'torch.reciprocal(A)', ({ A }) => A.reciprocal()],
  ['deg2rad', 'torch.deg2rad(A)', ({ A }) => A.deg2rad()],
  ['rad2deg', 'torch.rad2deg(A)', ({ A }) => A.rad2deg()],
  ['lgamma', 'torch.lgamma(P)', ({ P }) => P.lgamma()],
  ['digamma', 'torch.digamma(P)', ({ P }) => P.digamma()],
  ['sinc', 'torch.sinc(A)', ({ A }) => A.sinc()],
  ['logit', 'torch.logit(U.abs())', ({ U }) => U.abs().logit()],
  ['i0', 'torch.i0(A)', ({ A }) => A.i0()],
  ['signbit', 'torch.signbit(A)', ({ A }) => A.signbit()],
  ['isnan', 'torch.isnan(A.log())', ({ A }) => A.log().isnan()],
  ['isinf', 'torch.isinf(A / 0)', ({ A }) => A.div(0).isinf()],
  ['isfinite', 'torch.isfinite(A / 0)', ({ A }) => A.div(0).isfinite()],
  ['nan_to_num', 'torch.nan_to_num(A.log(), nan=7.0)', ({ A }) => A.log().nanToNum(7.0)],
  ['positive', 'torch.positive(A)', ({ A }) => A.positive()],
  ['fix', 'torch.fix(A)', ({ A }) => A.fix()],
  ['gelu', 'F.gelu(A)', ({ A }) => torch.gelu(A)],
  ['silu', 'F.silu(A)', ({ A }) => torch.silu(A)],
  ['mish', 'F.mish(A)', ({ A }) => torch.mish(A)],
  ['softplus', 'F.softplus(A, beta=2.0)', ({ A }) => torch.softplus(A, 2.0)],
  ['selu', 'torch.selu(A)', ({ A }) => torch.selu(A)],
  ['celu', 'torch.celu(A, alpha=0.5)', ({ A }) => torch.celu(A, 0.5)],
  ['elu', 'F.elu(A, alpha=0.7)', ({ A }) => torch.elu(A, 0.7)],
  ['leaky_relu', 'F.leaky_relu(A, 0.2)', ({ A }) => torch.leakyRelu(A, 0.2)],
  ['hardtanh', 'F.hardtanh(A, -1.0, 1.5)', ({ A }) => torch.hardtanh(A, -1.0, 1.5)],
  ['hardsigmoid', 'F.hardsigmoid(A)', ({ A }) => torch.hardsigmoid(A)],
  ['hardswish', 'F.hardswish(A)', ({ A }) => torch.hardswish(A)],
  ['log_sigmoid', 'F.logsigmoid(A)', ({ A }) => torch.logSigmoid(A)],
  ['relu6', 'F.relu6(A * 4)', ({ A }) => torch.relu6(A.mul(4))],
  ['hardshrink', 'F.hardshrink(A, 1.0)', ({ A }) => torch.hardshrink(A, 1.0)],
  ['softshrink', 'F.softshrink(A, 1.0)', ({ A }) => torch.softshrink(A, 1.0)],
  ['threshold', 'F.threshold(A, 0.6, -9.0)', ({ A }) => torch.threshold(A, 0.6, -9)],
  // binary pointwise and comparisons
  ['add', 'A + B * 2', ({ A, B }) => A.add(B, { alpha: 2 })],
  ['sub', 'torch.sub(A, B)', ({ A, B }) => A.sub(B)],
  ['mul', 'A * B', ({ A, B }) => A.mul(B)],
  ['div', 'torch.div(A, B, rounding_mode="floor")', ({ A, B }) => A.div(B, { roundingMode: 'floor' })],
  ['pow', 'torch.pow(P, B)', ({ P, B }) => P.pow(B)],
  ['atan2', 'torch.atan2(A, B)', ({ A, B }) => A.atan2(B)],
  ['hypot', 'torch.hypot(A, B)', ({ A, B }) => A.hypot(B)],
  ['maximum', 'torch.maximum(A, B)', ({ A, B }) => A.maximum(B)],
  ['minimum', 'torch.minimum(A, B)', ({ A, B }) => A.minimum(B)],
  ['fmax', 'torch.fmax(A, B)', ({ A, B }) => A.fmax(B)],
  ['fmin', 'torch.fmin(A, B)', ({ A, B }) => A.fmin(B)],
  ['fmod', 'torch.fmod(A, B)', ({ A, B }) => A.fmod(B)],
  ['remainder', 'torch.remainder(A, B)', ({ A, B }) => A.remainder(B)],
  ['copysign', 'torch.copysign(A, B)', ({ A, B }) => A.copysign(B)],
  ['xlogy', 'torch.xlogy(P, P)', ({ P }) => P.xlogy(P)],
  ['logaddexp', 'torch.logaddexp(A, B)', ({ A, B }) => A.logaddexp(B)],
  ['logaddexp2', 'torch.logaddexp2(A, B)', ({ A, B }) => A.logaddexp2(B)],
  ['eq', 'A.eq(B.clamp(max=0.5))', ({ A, B }) => A.eq(B.clamp(null, 0.5))],
  ['ne', 'A != B', ({ A, B }) => A.ne(B)],
  ['lt', 'A < B', ({ A, B }) => A.lt(B)],
  ['le', 'A <= 0.5', ({ A }) => A.le(0.5)],
  ['gt', 'A > B', ({ A, B }) => A.gt(B)],
  ['ge', 'A >= B', ({ A, B }) => A.ge(B)],
  ['logical_and', 'torch.logical_and(A > 0, B > 0)', ({ A, B }) => A.gt(0).logicalAnd(B.gt(0))],
  ['logical_or', 'torch.logical_or(A > 0, B > 0)', ({ A, B }) => A.gt(0).logicalOr(B.gt(0))],
  ['logical_xor', 'torch.logical_xor(A > 0, B > 0)', ({ A, B }) => A.gt(0).logicalXor(B.gt(0))],
  ['logical_not', 'torch.logical_not(Bo)', ({ Bo }) => Bo.logicalNot()],
  ['bitwise_and', 'I & J', ({ I, J }) => I.bitwiseAnd(J)],
  ['bitwise_or', 'I | J', ({ I, J }) => I.bitwiseOr(J)],
  ['bitwise_xor', 'I ^ J', ({ I, J }) => I.bitwiseXor(J)],
  ['bitwise_not', '~I', ({ I }) => I.bitwiseNot()],
  ['floor_divide', 'torch.floor_divide(I, J)', ({ I, J }) => I.floorDivide(J)],
  ['true_divide', 'torch.true_divide(I, J)', ({ I, J }) => I.trueDivide(J)],
  ['rsub', 'torch.rsub(A, B)', ({ A, B }) => torch.rsub(A, B)],
  ['heaviside', 'torch.heaviside(A, B)', ({ A, B }) => A.heaviside(B)],
  ['lerp', 'torch.lerp(A, B, 0.3)', ({ A, B }) => A.lerp(B, 0.3)],
  ['addcmul', 'torch.addcmul(A, B, P, value=0.5)', ({ A, B, P }) => A.addcmul(B, P, { value: 0.5 })],
  ['addcdiv', 'torch.addcdiv(A, B, P, value=2)', ({ A, B, P }) => A.addcdiv(B, P, { value: 2 })],
  ['clamp', 'torch.clamp(A, -1, 1)', ({ A }) => A.clamp(-1, 1)],
  ['clamp_min', 'torch.clamp_min(A, 0.2)', ({ A }) => A.clampMin(0.2)],
  ['clamp_max', 'torch.clamp_max(A, 0.2)', ({ A }) => A.clampMax(0.2)],
  ['where', 'torch.where(Bo, A, B)', ({ A, B, Bo }) => torch.where(Bo, A, B)],
  ['dist', 'torch.dist(A, B, 3)', ({ A, B }) => A.dist(B, 3)],
  ['isclose', 'torch.isclose(A, A + 1e-9)', ({ A }) => A.isclose(A.add(1e-9))],
  ['allclose', 'torch.allclose(A, A + 1e-9)', ({ A }) => A.allclose(A.add(1e-9))],
  ['equal', 'torch.equal(A, A.clone())', ({ A }) => A.equal(A.clone())],
  // reductions and scans
  ['sum', 'A.sum(1, keepdim=True)', ({ A }) => A.sum(1, { keepdim: true })],
  ['mean', 'A.mean(0)', ({ A }) => A.mean(0)],
  ['prod', 'A.prod(1)', ({ A }) => A.prod(1)],
  ['std', 'A.std(1)', ({ A }) => A.std(1)],
  ['var', 'A.var()', ({ A }) => A.var()],
  ['var_mean', 'torch.var_mean(A, 1)', ({ A }) => torch.varMean(A, 1)],
  ['std_mean', 'torch.std_mean(A)', ({ A }) => torch.stdMean(A)],
  ['amax', 'A.amax(1)', ({ A }) => A.amax(1)],
  ['amin', 'A.amin(0)', ({ A }) => A.amin(0)],
  ['max', 'A.max(1)', ({ A }) => A.max(1)],
  ['min', 'A.min(0)', ({ A }) => A.min(0)],
  ['argmax', 'A.argmax(1)', ({ A }) => A.argmax(1)],
  ['argmin', 'A.argmin()', ({ A }) => A.argmin()],
  ['logsumexp', 'A.logsumexp(1)', ({ A }) => A.logsumexp(1)],
  ['norm', 'A.norm(3)', ({ A }) => A.norm(3)],
  ['nansum', 'torch.nansum(A.log())', ({ A }) => A.log().nansum()],
  ['median', 'A.median()', ({ A }) => A.median()],
  ['mode', 'torch.mode(I % 2, 1)', ({ I }) => I.remainder(2).mode(1)],
  ['all', 'Bo.all(1)', ({ Bo }) => Bo.all(1)],
  ['any', 'Bo.any(0)', ({ Bo }) => Bo.any(0)],
  ['count_nonzero', 'torch.count_nonzero(Bo, 1)', ({ Bo }) => Bo.countNonzero(1)],
  ['cumsum', 'A.cumsum(1)', ({ A }) => A.cumsum(1)],
  ['cumprod', 'A.cumprod(0)', ({ A }) => A.cumprod(0)],
  ['cummax', 'torch.cummax(A, 1)', ({ A }) => A.cummax(1)],
  ['cummin', 'torch.cummin(A, 1)', ({ A }) => A.cummin(1)],
  ['logcumsumexp', 'torch.logcumsumexp(A, 1)', ({ A }) => A.logcumsumexp(1)],
  ['softmax', 'torch.softmax(A, 1)', ({ A }) => A.softmax(1)],
  ['log_softmax', 'torch.log_softmax(A, 0)', ({ A }) => torch.logSoftmax(A, 0)],
  ['aminmax', 'torch.aminmax(A, dim=1)', ({ A }) => A.aminmax({ dim: 1 })],
  ['kthvalue', 'torch.kthvalue(A, 2, 1)', ({ A }) => A.kthvalue(2, 1)],
  ['topk', 'torch.topk(A, 2, 1)', ({ A }) => A.topk(2, 1)],
  ['sort', 'torch.sort(A, 1, descending=True)', ({ A }) => A.sort(1, true)],
  ['argsort', 'torch.argsort(A, 1)', ({ A }) => A.argsort(1)],
  ['msort', 'torch.msort(A)', ({ A }) => A.msort()],
  // linear algebra
  ['mm', 'torch.mm(A, M)', ({ A, M }) => torch.mm(A, M)],
  ['matmul', 'A @ V', ({ A, V }) => A.matmul(V)],
  ['bmm', 'torch.bmm(T3, T3.transpose(1, 2))', ({ T3 }) => T3.bmm(T3.transpose(1, 2))],
  ['mv', 'torch.mv(M, V)', ({ M, V }) => M.mv(V)],
  ['dot', 'torch.dot(V, W)', ({ V, W }) => V.dot(W)],
  ['vdot', 'torch.vdot(V, W)', ({ V, W }) => V.vdot(W)],
  ['outer', 'torch.outer(V, W)', ({ V, W }) => V.outer(W)],
  ['addmm', 'torch.addmm(B, A, M, beta=0.5, alpha=2)', ({ A, B, M }) => B.addmm(A, M, { beta: 0.5, alpha: 2 })],
  ['addmv', 'torch.addmv(V, M, W)', ({ V, M, W }) => V.addmv(M, W)],
  ['addr', 'torch.addr(M, V, W)', ({ M, V, W }) => M.addr(V, W)],
  ['baddbmm', 'torch.baddbmm(T3[:, :, :3], T3, T3.transpose(1, 2)[:, :, :3])', ({ T3 }) => T3.narrow(2, 0, 3).baddbmm(T3, T3.transpose(1, 2).narrow(2, 0, 3))],
  ['kron', 'torch.kron(A, B)', ({ A, B }) => A.kron(B)],
  ['trace', 'torch.trace(M)', ({ M }) => M.trace()],
  ['linalg_det', 'torch.linalg.det(M)', ({ M }) => torch.linalgDet(M)],
  ['det', 'torch.det(M)', ({ M }) => M.det()],
  ['inverse', 'torch.inverse(M)', ({ M }) => M.inverse()],
  ['linalg_inv', 'torch.linalg.inv(M)', ({ M }) => torch.linalgInv(M)],
  ['cholesky', 'torch.linalg.cholesky(M)', ({ M }) => torch.linalgCholesky(M)],
  ['linalg_solve', 'torch.linalg.solve(M, V)', ({ M, V }) => torch.linalgSolve(M, V)],
  ['linalg_vector_norm', 'torch.linalg.vector_norm(A, 2, dim=1)', ({ A }) => torch.linalgVectorNorm(A, 2, 1)],
  ['linalg_matrix_norm', 'torch.linalg.matrix_norm(M)', ({ M }) => torch.linalgMatrixNorm(M)],
  ['tensordot', 'torch.tensordot(A, M, ([1], [0]))', ({ A, M }) => torch.tensordot(A, M, [[1], [0]])],
  ['einsum', 'torch.einsum("ij,kj->ik", A, B)', ({ A, B }) => torch.einsum('ij,kj->ik', [A, B])],
  ['cross', 'torch.linalg.cross(A, B)', ({ A, B }) => torch.linalgCross(A, B)],
  ['matrix_power', 'torch.matrix_power(M, 3)', ({ M }) => M.matrixPower(3)],
  ['matrix_exp', 'torch.matrix_exp(M / 4)', ({ M }) => M.div(4).matrixExp()],
  ['pinverse', 'torch.pinverse(A)', ({ A }) => A.pinverse()],
  ['logdet', 'torch.logdet(M)', ({ M }) => M.logdet()],
  ['slogdet', 'torch.slogdet(M)', ({ M }) => M.slogdet()],
  ['triu', 'torch.triu(M, 1)', ({ M }) => M.triu(1)],
  ['tril', 'torch.tril(M)', ({ M }) => M.tril()],
  ['diag', 'torch.diag(V)', ({ V }) => V.diag()],
  ['diagonal', 'torch.diagonal(M, 1)', ({ M }) => M.diagonal(1)],
  ['diag_embed', 'torch.diag_embed(A)', ({ A }) => A.diagEmbed()],
  // shape and indexing
  ['reshape', 'A.reshape(3, 2)', ({ A }) => A.reshape([3, 2])],
  ['view', 'A.view(-1)', ({ A }) => A.view([-1])],
  ['flatten', 'X4.flatten(1)', ({ X4 }) => X4.flatten(1)],
  ['unflatten', 'V.unflatten(0, (3, 1))', ({ V }) => V.unflatten(0, [3, 1])],
  ['squeeze', 'A.unsqueeze(0).squeeze(0)', ({ A }) => A.unsqueeze(0).squeeze(0)],
  ['unsqueeze', 'A.unsqueeze(-1)', ({ A }) => A.unsqueeze(-1)],
  ['transpose', 'T3.transpose(0, 2)', ({ T3 }) => T3.transpose(0, 2)],
  ['permute', 'T3.permute(2, 0, 1)', ({ T3 }) => T3.permute([2, 0, 1])],
  ['t', 'A.t()', ({ A }) => A.t()],
  ['expand', 'V.expand(2, 3)', ({ V }) => V.expand([2, 3])],
  ['repeat', 'A.repeat(2, 1)', ({ A }) => A.repeat([2, 1])],
  ['tile', 'torch.tile(V, (2,))', ({ V }) => V.tile([2])],
  ['flip', 'A.flip(1)', ({ A }) => A.flip([1])],
  ['fliplr', 'A.fliplr()', ({ A }) => A.fliplr()],
  ['roll', 'A.roll(1, 1)', ({ A }) => A.roll(1, 1)],
  ['rot90', 'A.rot90(1, (0, 1))', ({ A }) => A.rot90(1, [0, 1])],
  ['narrow', 'A.narrow(1, 1, 2)', ({ A }) => A.narrow(1, 1, 2)],
  ['select', 'A.select(1, -1)', ({ A }) => A.select(1, -1)],
  ['slice', 'aten.slice.Tensor(T3, 2, 1, 4, 2)', ({ T3 }) => T3.slice(2, 1, 4, 2)],
  ['chunk', 'A.chunk(3, 1)', ({ A }) => A.chunk(3, 1)],
  ['split', 'A.split(2, 1)', ({ A }) => A.split(2, 1)],
  ['unbind', 'A.unbind(0)', ({ A }) => A.unbind(0)],
  ['cat', 'torch.cat([A, B], 1)', ({ A, B }) => torch.cat([A, B], 1)],
  ['stack', 'torch.stack([A, B], 2)', ({ A, B }) => torch.stack([A, B], 2)],
  ['hstack', 'torch.hstack([A, B])', ({ A, B }) => torch.hstack([A, B])],
  ['vstack', 'torch.vstack([A, B])', ({ A, B }) => torch.vstack([A, B])],
  ['movedim', 'torch.movedim(T3, 0, 2)', ({ T3 }) => T3.movedim(0, 2)],
  ['swapaxes', 'torch.swapaxes(T3, 0, 1)', ({ T3 }) => T3.swapaxes(0, 1)],
  ['gather', 'torch.gather(A, 1, Idx)', ({ A, Idx }) => A.gather(1, Idx)],
  ['scatter', 'torch.zeros(2, 3, dtype=f64).scatter(1, Idx, A)', ({ A, Idx }) => torch.zeros([2, 3], { dtype: 'float64' }).scatter(1, Idx, A)],
  ['scatter_add', 'torch.zeros(2, 3, dtype=f64).scatter_add(1, Idx, A)', ({ A, Idx }) => torch.zeros([2, 3], { dtype: 'float64' }).scatterAdd(1, Idx, A)],
  ['index_select', 'A.index_select(1, L)', ({ A, L }) => A.indexSelect(1, L)],
  ['masked_select', 'A.masked_select(Bo)', ({ A, Bo }) => A.maskedSelect(Bo)],
  ['masked_fill', 'A.masked_fill(Bo, -1.0)', ({ A, Bo }) => A.maskedFill(Bo, -1.0)],
  ['index_add', 'A.index_add(1, L, B[:, :2])', ({ A, B, L }) => A.indexAdd(1, L, B.narrow(1, 0, 2))],
  ['index', 'A[:, L]', ({ A, L }) => A.index(':', L)],
  ['take', 'torch.take(A, L)', ({ A, L }) => A.take(L)],
  ['nonzero', 'torch.nonzero(Bo)', ({ Bo }) => Bo.nonzero()],
  ['repeat_interleave', 'torch.repeat_interleave(V, 2)', ({ V }) => V.repeatInterleave(2)],
  ['clone', 'A.clone()', ({ A }) => A.clone()],
  ['contiguous', 'A.t().contiguous()', ({ A }) => A.t().contiguous()],
  ['zeros_like', 'torch.zeros_like(A)', ({ A }) => torch.zerosLike(A)],
  ['ones_like', 'torch.ones_like(I)', ({ I }) => torch.onesLike(I)],
  ['full_like', 'torch.full_like(A, 3.5)', ({ A }) => torch.fullLike(A, 3.5)],
  ['new_zeros', 'A.new_zeros((2, 2))', ({ A }) => A.newZeros([2, 2])],
  ['tril_indices', 'torch.tril_indices(3, 3)', () => torch.trilIndices(3, 3)],
  ['bincount', 'torch.bincount(L)', ({ L }) => L.bincount()],
  ['bucketize', 'torch.bucketize(A, V.sort().values)', ({ A, V }) => torch.bucketize(A, V.sort()[0])],
  ['searchsorted', 'torch.searchsorted(V.sort().values, W)', ({ V, W }) => torch.searchsorted(V.sort()[0], W)],
  ['histc', 'torch.histc(A, 4, -3, 3)', ({ A }) => A.histc(4, -3, 3)],
  // neural-network functions
  ['conv1d', 'F.conv1d(T3, K[:, :, :, 0].reshape(3, 2, 3)[:, :1, :].expand(3, 3, 3).contiguous(), padding=1)', ({ T3, K }) => torch.conv1d(T3, K.select(3, 0).narrow(1, 0, 1).expand([3, 3, 3]).contiguous(), { padding: 1 })],
  ['conv2d', 'F.conv2d(X4, K, stride=1, padding=1)', ({ X4, K }) => torch.conv2d(X4, K, { padding: 1 })],
  ['conv_transpose2d', 'F.conv_transpose2d(X4, K.transpose(0, 1).contiguous(), stride=2)', ({ X4, K }) => torch.convTranspose2d(X4, K.transpose(0, 1).contiguous(), { stride: 2 })],
  ['max_pool2d', 'F.max_pool2d(X4, 2)', ({ X4 }) => torch.maxPool2d(X4, 2)],
  ['avg_pool2d', 'F.avg_pool2d(X4, 3, stride=1, padding=1, count_include_pad=False)', ({ X4 }) => torch.avgPool2d(X4, 3, 1, 1, false, false)],
  ['adaptive_avg_pool2d', 'F.adaptive_avg_pool2d(X4, (3, 2))', ({ X4 }) => torch.adaptiveAvgPool2d(X4, [3, 2])],
  ['adaptive_max_pool2d', 'F.adaptive_max_pool2d(X4, 2, return_indices=True)', ({ X4 }) => torch.adaptiveMaxPool2d(X4, 2)],
  ['layer_norm', 'F.layer_norm(A, [3], V, W, 1e-5)', ({ A, V, W }) => torch.layerNorm(A, [3], V, W)],
  ['group_norm', 'F.group_norm(X4, 1)', ({ X4 }) => torch.groupNorm(X4, 1)],
  ['batch_norm', 'F.batch_norm(A, V.clone(), P[0].clone(), W, V, True, 0.1, 1e-5)', ({ A, V, P, W }) => torch.batchNorm(A, W, V, V.clone(), P.select(0, 0).clone(), true, 0.1, 1e-5, false)],
  ['instance_norm', 'F.instance_norm(X4)', ({ X4 }) => torch.instanceNorm(X4, null, null, null, null, true, 0.1, 1e-5, false)],
  ['linear', 'F.linear(A, M, V)', ({ A, M, V }) => torch.linear(A, M, V)],
  ['bilinear', 'F.bilinear(A, B, M.unsqueeze(0).expand(2, 3, 3).contiguous())', ({ A, B, M }) => torch.bilinear(A, B, M.unsqueeze(0).expand([2, 3, 3]).contiguous())],
  ['embedding', 'F.embedding(Idx, M)', ({ Idx, M }) => torch.embedding(M, Idx)],
  ['dropout', 'F.dropout(A, 0.5, training=False)', ({ A }) => torch.dropout(A, 0.5, false)],
  ['constant_pad_nd', 'F.pad(A, (1, 2), value=9.0)', ({ A }) => torch.constantPadNd(A, [1, 2], 9)],
  ['pixel_shuffle', 'F.pixel_shuffle(X4.reshape(1, 8, 2, 4)[:, :4], 2)', ({ X4 }) => torch.pixelShuffle(X4.reshape([1, 8, 2, 4]).narrow(1, 0, 4), 2)],
  ['upsample_nearest2d', 'F.interpolate(X4, scale_factor=2, mode="nearest")', ({ X4 }) => torch.upsampleNearest2d(X4, null, [2, 2])],
  ['mse_loss', 'F.mse_loss(A, B)', ({ A, B }) => torch.mseLoss(A, B)],
  ['l1_loss', 'F.l1_loss(A, B, reduction="sum")', ({ A, B }) => torch.l1Loss(A, B, 2)],
  ['smooth_l1_loss', 'F.smooth_l1_loss(A, B, beta=0.5)', ({ A, B }) => torch.smoothL1Loss(A, B, 1, 0.5)],
  ['huber_loss', 'F.huber_loss(A, B, delta=0.8)', ({ A, B }) => torch.huberLoss(A, B, 1, 0.8)],
  ['binary_cross_entropy', 'F.binary_cross_entropy(U.abs(), Bo.double())', ({ U, Bo }) => torch.binaryCrossEntropy(U.abs(), Bo.double())],
  ['binary_cross_entropy_with_logits', 'F.binary_cross_entropy_with_logits(A, Bo.double())', ({ A, Bo }) => torch.binaryCrossEntropyWithLogits(A, Bo.double())],
  ['cross_entropy_loss', 'F.cross_entropy(A, L, label_smoothing=0.1)', ({ A, L }) => torch.crossEntropyLoss(A, L, { labelSmoothing: 0.1 })],
  ['nll_loss', 'F.nll_loss(torch.log_softmax(A, 1), L)', ({ A, L }) => torch.nllLoss(torch.logSoftmax(A, 1), L)],
  ['kl_div', 'F.kl_div(torch.log_softmax(A, 1), torch.softmax(B, 1), reduction="batchmean")', ({ A, B }) => torch.klDiv(torch.logSoftmax(A, 1), torch.softmax(B, 1), 2).div(2)],
  ['cosine_similarity', 'F.cosine_similarity(A, B)', ({ A, B }) => torch.cosineSimilarity(A, B)],
  ['pairwise_distance', 'F.pairwise_distance(A, B)', ({ A, B }) => torch.pairwiseDistance(A, B)],
  ['cdist', 'torch.cdist(A, B)', ({ A, B }) => torch.cdist(A, B)],
  ['pdist', 'F.pdist(M)', ({ M }) => torch.pdist(M)],
  ['soft_margin_loss', 'F.soft_margin_loss(A, B.sign())', ({ A, B }) => torch.softMarginLoss(A, B.sign())],
  ['margin_ranking_loss', 'F.margin_ranking_loss(V, W, torch.tensor([1.0, -1.0, 1.0], dtype=f64), margin=0.1)', ({ V, W }) => torch.marginRankingLoss(V, W, torch.tensor([1, -1, 1], { dtype: 'float64' }), 0.1)],
  ['hinge_embedding_loss', 'F.hinge_embedding_loss(P, B.sign())', ({ P, B }) => torch.hingeEmbeddingLoss(P, B.sign())],
  ['cosine_embedding_loss', 'F.cosine_embedding_loss(A, B, torch.tensor([1.0, -1.0], dtype=f64))', ({ A, B }) => torch.cosineEmbeddingLoss(A, B, torch.tensor([1, -1], { dtype: 'float64' }))],
  ['triplet_margin_loss', 'F.triplet_margin_loss(A, B, P)', ({ A, B, P }) => torch.tripletMarginLoss(A, B, P)],
  ['poisson_nll_loss', 'F.poisson_nll_loss(A, P)', ({ A, P }) => torch.poissonNllLoss(A, P, true, false, 1e-8, 1)],
  ['glu', 'F.glu(T3, -1)', ({ T3 }) => torch.glu(T3, -1)],
  ['prelu', 'F.prelu(A, torch.tensor([0.25], dtype=f64))', ({ A }) => torch.prelu(A, torch.tensor([0.25], { dtype: 'float64' }))],
];

describe('op values against Python torch', () => {
  let expected: Record<string, unknown>;
  let t: Inputs;

  beforeAll(() => {
    // Encoded at once: a later case must not change an earlier result through a view.
    const body = CASES.map(([name, expr]) => `out[${JSON.stringify(name)}] = _enc(${expr})`).join('\n');
    expected = py<Record<string, unknown>>(`${PY_INPUTS}\nout = {}\n${body}`);
    t = inputs();
  });

  it('covers at least 150 distinct ops', () => {
    expect(new Set(CASES.map((c) => c[0])).size).toBeGreaterThanOrEqual(150);
  });

  const toJs = (v: unknown): unknown => {
    if (v instanceof torch.Tensor) return v.toArray();
    if (Array.isArray(v)) return v.map(toJs);
    return v;
  };

  for (const [name, , fn] of CASES) {
    it(name, () => {
      expectClose(toJs(fn(t)), expected[name], 1e-10, 1e-10);
    });
  }
});
