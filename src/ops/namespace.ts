// `torch.ops`: the raw operator surface. `torch.ops.aten.add_Tensor(a, b)`
// calls any schema of the untyped generated layer (every argument in schema
// order, no shape types, no checks beyond libtorch's own: internal kernels
// such as *_backward are reachable here, and only here); `torch.ops.call`
// and `torch.ops.op` reach any schema registered in libtorch by name.
export * as aten from './generated/aten.ts';
export { op, callOp, call, registeredOps, type OpHandle } from '../core/op.ts';
export { verifyGenerated } from './schema.ts';
