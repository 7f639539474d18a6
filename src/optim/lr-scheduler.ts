// Learning-rate schedules, as torch.optim.lr_scheduler computes them. Each
// scheduler sets every parameter group's lr; call step() once per epoch (or
// per batch for OneCycleLR), after the optimizer's step().

/** What a scheduler needs of an optimizer: its groups' learning rates. */
export interface HasParamGroups {
  groups: { lr: number }[];
}

export abstract class LRScheduler {
  /** The learning rates the groups started with. */
  protected readonly baseLrs: number[];
  /** Steps taken so far (PyTorch's last_epoch). */
  epoch = 0;

  constructor(protected readonly optimizer: HasParamGroups) {
    this.baseLrs = optimizer.groups.map((g) => g.lr);
  }

  /** The current learning rate of each group. */
  get lrs(): number[] {
    return this.optimizer.groups.map((g) => g.lr);
  }

  step(): void {
    this.epoch++;
    this.apply();
  }

  protected apply(): void {
    this.optimizer.groups.forEach((g, i) => {
      g.lr = this.lrAt(this.epoch, this.baseLrs[i]!);
    });
  }

  protected abstract lrAt(epoch: number, base: number): number;
}

/** lr × gamma every `stepSize` epochs. */
export class StepLR extends LRScheduler {
  constructor(optimizer: HasParamGroups, readonly stepSize: number, readonly gamma = 0.1) {
    super(optimizer);
  }
  protected lrAt(epoch: number, base: number): number {
    return base * this.gamma ** Math.floor(epoch / this.stepSize);
  }
}

/** Cosine from the base lr down to etaMin over tMax epochs. */
export class CosineAnnealingLR extends LRScheduler {
  constructor(optimizer: HasParamGroups, readonly tMax: number, readonly etaMin = 0) {
    super(optimizer);
  }
  protected lrAt(epoch: number, base: number): number {
    return this.etaMin + ((base - this.etaMin) * (1 + Math.cos((Math.PI * epoch) / this.tMax))) / 2;
  }
}

/** Linear warm-up: the factor goes from startFactor to endFactor over totalIters epochs (PyTorch's LinearLR). */
export class LinearLR extends LRScheduler {
  constructor(optimizer: HasParamGroups, readonly startFactor = 1 / 3, readonly endFactor = 1, readonly totalIters = 5) {
    super(optimizer);
    this.apply();
  }
  protected lrAt(epoch: number, base: number): number {
    return base * (this.startFactor + ((this.endFactor - this.startFactor) * Math.min(epoch, this.totalIters)) / this.totalIters);
  }
}

/** Linear warm-up (an alias of LinearLR with a start factor). */
export class LinearWarmup extends LinearLR {}

export interface OneCycleOptions {
  pctStart?: number;
  annealStrategy?: 'cos' | 'linear';
  divFactor?: number;
  finalDivFactor?: number;
  threePhase?: boolean;
}

/**
 * The 1cycle policy over totalSteps batches: up from maxLr / divFactor to
 * maxLr, then down to that / finalDivFactor. (Learning rate only: momentum is
 * not cycled, as PyTorch's OneCycleLR with cycle_momentum=False.)
 */
export class OneCycleLR extends LRScheduler {
  private readonly phases: { end: number; from: 'initial' | 'max' | 'min'; to: 'initial' | 'max' | 'min' }[];
  private readonly anneal: (start: number, end: number, pct: number) => number;
  private readonly maxLrs: number[];

  constructor(optimizer: HasParamGroups, maxLr: number | number[], readonly totalSteps: number, readonly options: OneCycleOptions = {}) {
    super(optimizer);
    const pct = options.pctStart ?? 0.3;
    this.maxLrs = optimizer.groups.map((_, i) => (Array.isArray(maxLr) ? maxLr[i]! : maxLr));
    this.phases = options.threePhase
      ? [
          { end: pct * totalSteps - 1, from: 'initial', to: 'max' },
          { end: 2 * pct * totalSteps - 2, from: 'max', to: 'initial' },
          { end: totalSteps - 1, from: 'initial', to: 'min' },
        ]
      : [
          { end: pct * totalSteps - 1, from: 'initial', to: 'max' },
          { end: totalSteps - 1, from: 'max', to: 'min' },
        ];
    this.anneal =
      (options.annealStrategy ?? 'cos') === 'cos'
        ? (start, end, p) => end + ((start - end) / 2) * (Math.cos(Math.PI * p) + 1)
        : (start, end, p) => (end - start) * p + start;
    this.apply();
  }

  protected lrAt(epoch: number, _base: number): number {
    throw new Error('unused');
  }

  protected override apply(): void {
    if (this.epoch > this.totalSteps) {
      throw new RangeError(`OneCycleLR: stepped ${this.epoch} times, more than totalSteps (${this.totalSteps})`);
    }
    this.optimizer.groups.forEach((g, i) => {
      const max = this.maxLrs[i]!;
      const initial = max / (this.options.divFactor ?? 25);
      const levels = { initial, max, min: initial / (this.options.finalDivFactor ?? 1e4) };
      let start = 0;
      for (const [k, phase] of this.phases.entries()) {
        if (this.epoch <= phase.end || k === this.phases.length - 1) {
          g.lr = this.anneal(levels[phase.from], levels[phase.to], (this.epoch - start) / (phase.end - start));
          break;
        }
        start = phase.end;
      }
    });
  }
}
