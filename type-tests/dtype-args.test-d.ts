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
