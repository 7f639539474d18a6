// The examples' progress bar: cli-progress, showing steps done, a metric
// (the loss), throughput and the time left. On a terminal it redraws one
// line; in logs (CI) it prints a line every few seconds.
import { Presets, SingleBar } from 'cli-progress';

export class Progress {
  private readonly bar: SingleBar;
  private done = 0;

  constructor(readonly label: string, readonly total: number) {
    this.bar = new SingleBar(
      {
        format: `${label} [{bar}] {value}/{total} {info} | {rate} it/s | ETA {eta_formatted}`,
        noTTYOutput: true,
        notTTYSchedule: 5000,
        hideCursor: true,
        etaBuffer: 50,
      },
      Presets.rect,
    );
    this.bar.start(total, 0, { info: '', rate: '-' });
  }

  private readonly started = performance.now();

  /** Records `n` more steps; `info` is shown after the counters (e.g. the loss). Stops at the total. */
  tick(info = '', n = 1): void {
    this.done += n;
    const rate = (this.done / Math.max((performance.now() - this.started) / 1000, 1e-9)).toFixed(1);
    this.bar.update(this.done, { info, rate });
    if (this.done >= this.total) this.bar.stop();
  }

  /** Ends the bar early (a loop that stopped before the total). */
  stop(): void {
    this.bar.stop();
  }
}
