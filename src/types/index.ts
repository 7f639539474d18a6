// The type-level algebra: shapes, dtypes and devices (pure types).
export type { Dim, Shape } from './shape.ts';
export type { DType, Device } from './dtype.ts';
export type { ShapeError, OrMsg, IsError, Ok } from './errors.ts';
export type { Add, Sub, Mul, FloorDiv, Mod, LessThan, Product, Sum, IsNat } from './arith.ts';
export type { ShowShape, ShowDim, NormDim, IsUnknownRank, DimsAgree, Mutable } from './dims.ts';
export type { Broadcast, BroadcastAll } from './broadcast.ts';
export type { Matmul, Mm, Bmm, Mv, Dot, Linear } from './matmul.ts';
export type { Reshape, Flatten, Squeeze, Unsqueeze, Transpose, Permute, T, Expand, Repeat } from './views.ts';
export type { Reduce } from './reduce.ts';
export type { Cat, Stack, Select, Resize, IndexLength, Gather, Slice, SliceSize } from './join.ts';
export type { Conv, ConvSize, ConvTranspose2d, Pool, AdaptivePool, Embedding, PerDim } from './conv.ts';
export type { Promote, FloatOf, PromoteScalar } from './promote.ts';
export type { SameDevice } from './device.ts';
