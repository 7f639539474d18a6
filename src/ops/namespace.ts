// `torch.ops`: the raw operator surface. `torch.ops.call` and `torch.ops.op`
// reach any schema registered in libtorch by name. The untyped generated
// layer is its own entry point, 'typed-torch/aten' (`aten.add_Tensor(a, b)`:
// every argument in schema order, no shape types, no checks beyond
// libtorch's own; internal kernels such as *_backward are reachable there,
// and only there), so that a program that does not use it does not pay for
// its 2,383 declarations when it type-checks.
export { op, callOp, call, registeredOps, type OpHandle } from '../core/op.ts';
export { verifyGenerated } from './schema.ts';
