// torch.optim: optimizers, schedulers (torch.optim.lrScheduler) and gradient clipping.
export { Optimizer, type ParamGroup, type OptimizerState } from './optimizer.ts';
export { SGD, type SGDOptions } from './sgd.ts';
export { Adam, AdamW, type AdamOptions } from './adam.ts';
export { RMSprop, type RMSpropOptions } from './rmsprop.ts';
export { Adagrad, type AdagradOptions } from './adagrad.ts';
export { Adadelta, type AdadeltaOptions } from './adadelta.ts';
export { clipGradNorm, clipGradValue } from './clip-grad.ts';
export * as lrScheduler from './lr-scheduler.ts';
