// `torch.ops`: the raw operator path, for any schema in libtorch's dispatcher.
export { op, callOp, call, registeredOps, type OpHandle } from './op.ts';
export { verifyGenerated } from '../ops/dispatch.ts';
