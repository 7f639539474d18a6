// A progress bar for long work: batches done, loss, throughput and ETA.
// On a terminal it redraws one line; elsewhere (CI logs) it prints a line
// every `every` steps.
export class Progress {
  private readonly started = performance.now();
  private done = 0;
  private readonly tty = process.stderr.isTTY === true;

  constructor(readonly label: string, readonly total: number, readonly every = 100) {}

  /** Records `n` more steps and redraws; `info` is shown after the counters (e.g. the loss). */
  tick(info = '', n = 1): void {
    this.done += n;
    const last = this.done === this.total;
    if (!this.tty && !last && this.done % this.every !== 0) return;
    const elapsed = (performance.now() - this.started) / 1000;
    const rate = this.done / Math.max(elapsed, 1e-9);
    const eta = (this.total - this.done) / Math.max(rate, 1e-9);
    const width = 24;
    const filled = Math.round((width * this.done) / this.total);
    const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
    const line = `${this.label} [${bar}] ${this.done}/${this.total} ${info} ${rate.toFixed(1)} it/s ETA ${eta.toFixed(0)}s`;
    if (this.tty) process.stderr.write(`\r${line}${last ? '\n' : ''}`);
    else process.stderr.write(`${line}\n`);
  }
}
