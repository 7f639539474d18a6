// Result dtypes that depend on an argument: a dtype given to softmax or cumsum, clamp's
// bounds as JS numbers (promoted as Python promotes them), square of bool; and the
// functions of torch.linalg, torch.fft and torch.special under Python's names. Each
// expectation is what Python's torch 1.13 computes (test/gen/pointwise-rules.test.ts runs them).
import { expectType, expectError } from 'tsd';
import * as torch from 'typed-torch';

type T<S extends torch.Shape, D extends torch.DType> = torch.Tensor<S, D, 'cpu'>;
declare const x: T<[2, 3], 'float32'>;
declare const i: T<[2, 3], 'int64'>;
declare const b: T<[2, 3], 'bool'>;
declare const i32: T<[2, 3], 'int32'>;

// A dtype argument names the result's dtype; without one the op's own rule holds.
expectType<T<[2, 3], 'float64'>>(x.softmax(1, 'float64'));
expectType<T<[2, 3], 'float64'>>(torch.softmax(x, 1, { dtype: 'float64' }));
expectType<T<[2, 3], 'float32'>>(x.softmax(1));
expectType<T<[2, 3], 'float64'>>(x.logSoftmax(-1, { dtype: 'float64' }));
expectType<T<[2, 3], 'int64'>>(i.cumsum(0));
expectType<T<[2, 3], 'float32'>>(i.cumsum(0, { dtype: 'float32' }));
expectType<T<[2, 3], 'int32'>>(x.cumprod(1, { dtype: 'int32' }));
expectError(x.softmax(2, 'float64')); // the dim is still checked

// clamp promotes with its bounds: a fraction makes integers float32, an integer makes bool int64.
expectType<T<[2, 3], 'float32'>>(i.clamp(0.5));
expectType<T<[2, 3], 'int64'>>(i.clamp(1));
expectType<T<[2, 3], 'int64'>>(i.clamp(null, 2));
expectType<T<[2, 3], 'float32'>>(i.clamp(1, 2.5));
expectType<T<[2, 3], 'float32'>>(i.clamp({ min: 0.5 }));
expectType<T<[2, 3], 'float32'>>(i.clamp(null, 0.5));
// Only max in the options object: TS falls back to min's constraint, so the dtype is left to the run time.
expectType<torch.Tensor<[2, 3], torch.DType, 'cpu'>>(i.clamp({ max: 0.5 }));
expectType<T<[2, 3], 'int64'>>(b.clamp(1));
expectType<T<[2, 3], 'float32'>>(x.clamp(-1, 1));
expectType<T<[2, 3], 'float32'>>(torch.clampMin(i32, 0.5));
expectType<T<[2, 3], 'int32'>>(torch.clampMax(i32, 3));
expectType<T<[2, 3], 'float32'>>(torch.clip(i, -0.5, 0.5));
declare const n: number;
expectType<torch.Tensor<[2, 3], torch.DType, 'cpu'>>(i.clamp(n)); // integer or not: known at run time

// square is pow(self, 2).
expectType<T<[2, 3], 'int64'>>(b.square());
expectType<T<[2, 3], 'int32'>>(i32.square());
expectType<T<[2, 3], 'float32'>>(torch.square(x));

// Python's submodules: the flat functions under Python's names, with their types.
expectType<T<[2, 3], 'float32'>>(torch.special.erf(i));
expectType<T<[2, 3], 'float64'>>(torch.special.softmax(x, 0, 'float64'));
expectType<T<[2, 3], 'float32'>>(torch.special.xlogy(i, 0.5));
expectType<T<[2, 3], 'float32'>>(torch.special.round(x));
expectError(torch.special.logSoftmax(x, 2));
expectType<typeof torch.linalgSvd>(torch.linalg.svd);
expectType<typeof torch.fftRfft>(torch.fft.rfft);
const [L, info] = torch.linalg.choleskyEx(x);
expectType<torch.Tensor>(L);
expectType<torch.Tensor>(info);

// Reductions: nansum accumulates as sum does; all and any keep uint8 (PyTorch's exception).
declare const u8: T<[2, 3], 'uint8'>;
expectType<T<[], 'int64'>>(i32.nansum());
expectType<T<[2], 'int64'>>(b.nansum(1));
expectType<T<[], 'bool'>>(i.all());
expectType<T<[2], 'uint8'>>(u8.any(1));
expectType<T<[], 'uint8'>>(u8.all());
declare const anyDtype: torch.Tensor<[2, 3], torch.DType, 'cpu'>;
expectType<torch.Tensor<[], torch.DType, 'cpu'>>(anyDtype.all()); // bool or uint8: known at run time

// cat and stack promote across their tensors, as Python's result_type does.
declare const f64: T<[2, 3], 'float64'>;
expectType<T<[4, 3], 'float32'>>(torch.cat([i, x]));
expectType<T<[2, 2, 3], 'float64'>>(torch.stack([x, f64]));
expectType<T<[6, 3], 'float64'>>(torch.cat([i, x, f64]));
expectType<T<[4, 3], 'int64'>>(torch.cat([i, b]));
declare const many: T<[2, 3], 'int32'>[];
expectType<torch.Tensor<number[], 'int32', 'cpu'>>(torch.cat(many));

// A 0-d tensor meets one with dims: it counts only where its category is higher (result_type).
declare const u8v: T<[3], 'uint8'>;
declare const i16s: T<[], 'int16'>;
declare const f64s: T<[], 'float64'>;
declare const c128s: T<[], 'complex128'>;
declare const i64v: T<[3], 'int64'>;
expectType<T<[3], 'uint8'>>(u8v.add(i16s));
expectType<T<[3], 'float64'>>(i64v.add(f64s));
expectType<T<[3], 'complex128'>>(i64v.mul(c128s));
expectType<T<[3], 'float32'>>(torch.ones([3]).add(f64s));
expectType<T<[3], 'complex64'>>(torch.ones([3]).add(c128s));
expectType<T<[], 'int16'>>(i16s.add(i16s));
expectType<T<[2, 3], 'complex128'>>(f64.add(torch.zeros([2, 3], { dtype: 'complex64' })));
declare const unknownRank: torch.Tensor<number[], 'int16', 'cpu'>;
expectType<torch.Tensor<number[], torch.DType, 'cpu'>>(u8v.add(unknownRank)); // 0-d or not: known at run time
declare const c64: T<[2, 3], 'complex64'>;
expectType<T<[2, 3], 'complex64'>>(c64.sub(1e30)); // a number keeps a complex dtype

// Complex to real: abs, angle, std and norm of complex64 are float32.
expectType<T<[2, 3], 'float32'>>(c64.abs());
expectType<T<[2, 3], 'float32'>>(c64.angle());
expectType<T<[2, 3], 'float32'>>(i.angle());
expectType<T<[], 'float32'>>(c64.std());

// Matrix products do not promote: one dtype gives it, two are unknown (an error unless empty).
expectType<T<[2, 2], 'float32'>>(x.matmul(x.t()));
expectType<torch.Tensor<[2, 2], torch.DType, 'cpu'>>(x.matmul(f64.t()));

// In-place ops that change self's shape return a dynamic shape.
expectType<torch.Tensor<number[], 'float32', 'cpu'>>(x.unsqueeze_(0));
expectType<torch.Tensor<number[], 'float32', 'cpu'>>(x.t_());

// masked_fill broadcasts self with its mask.
expectType<T<[2, 3], 'uint8'>>(torch.maskedFill(torch.zeros([3], { dtype: 'uint8' }), b, 255));

// 0-d tensors take dim 0 and -1, as in PyTorch.
declare const s0: T<[], 'float32'>;
expectType<T<[], 'float32'>>(s0.sum(0));
expectType<T<[], 'float32'>>(s0.sum(-1, true));
expectType<T<[], 'float32'>>(s0.squeeze(0));
expectType<T<[], 'float32'>>(s0.transpose(0, -1));
expectError(s0.sum(1));

// A factory takes one size for a 1-D tensor, and refuses options it does not have.
expectType<T<[3], 'float32'>>(torch.zeros(3));
expectType<T<[4], 'float64'>>(torch.randn(4, { dtype: 'float64' }));
expectError(torch.zeros([2], { layout: 'sparse_coo' }));

// clamp with a tensor bound needs only the bounds it uses, as in Python.
expectType<torch.Tensor>(x.clamp(torch.zeros([3])));
expectType<torch.Tensor>(torch.clamp(x, null, torch.ones([2, 3])));

// torch.nn.functional's floating activations make integers float32.
expectType<T<[2, 3], 'float32'>>(torch.nn.functional.tanh(i));
expectType<T<[2, 3], 'float32'>>(torch.nn.functional.sigmoid(b));
expectType<T<[2, 3], 'float64'>>(torch.nn.functional.softsign(f64));
