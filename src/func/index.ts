// torch.func: function transforms over libtorch's functorch (grad, vjp, jvp,
// vmap, jacobians) and the functional view of modules.
export { grad, gradAndValue, valueAndGrad, vjp, type Argnums, type GradOptions, type GradsOf, type VjpFn } from './grad.ts';
export { jvp, type JvpOptions } from './jvp.ts';
export { vmap, type VmapOptions, type InDim, type BatchedTree, type BatchedArgs } from './vmap.ts';
export { jacrev, jacfwd, hessian, type JacobianOf } from './jacobian.ts';
export { functionalCall, parametersOf, buffersOf, tensorsOf, stackModuleState, type NamedTensors, type TensorsOf, type TensorAt } from './functional-call.ts';
export { leaves, mapTree, type TensorTree } from './tree.ts';
