// torch.optim: optimizers, schedulers (torch.optim.lrScheduler) and gradient clipping.
export * from './optim.ts';
export * as lrScheduler from './lr-scheduler.ts';
