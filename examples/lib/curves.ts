// Helpers for the examples' loss curves.

/** The mean of each run of `width` values (a trailing partial run is dropped): a readable curve from noisy per-step losses. */
export function windowMeans(xs: readonly number[], width: number): number[] {
  return Array.from({ length: Math.floor(xs.length / width) }, (_, i) => xs.slice(i * width, (i + 1) * width).reduce((a, b) => a + b, 0) / width);
}
