// `torch.autograd`: the functional autograd API.
export { grad, backward, type GradOptions } from './autograd.ts';
