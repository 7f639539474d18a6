// Where Integrated Gradients evaluates the path from baseline to input, and
// with what weights: captum's approximation methods. Gauss-Legendre nodes come
// from Newton's method on the Legendre polynomial P_n (numpy's leggauss gives
// the same nodes and weights), mapped from [-1, 1] to [0, 1].

export type IntegrationMethod = 'gausslegendre' | 'riemann_left' | 'riemann_right' | 'riemann_middle' | 'riemann_trapezoid';

/** P_n(x) and P_n'(x) by the three-term recurrence. */
function legendre(n: number, x: number): [number, number] {
  let p0 = 1;
  let p1 = x;
  for (let k = 2; k <= n; k++) [p0, p1] = [p1, ((2 * k - 1) * x * p1 - (k - 1) * p0) / k];
  const value = n === 0 ? 1 : p1;
  const derivative = n === 0 ? 0 : (n * (x * p1 - p0)) / (x * x - 1);
  return [value, derivative];
}

/** Gauss-Legendre nodes and weights on [-1, 1], nodes ascending. */
export function gaussLegendre(n: number): { nodes: number[]; weights: number[] } {
  const nodes: number[] = [];
  const weights: number[] = [];
  for (let i = 1; i <= n; i++) {
    // Chebyshev-like first guess for the i-th largest root, then Newton.
    let x = Math.cos((Math.PI * (i - 0.25)) / (n + 0.5));
    for (let iter = 0; iter < 100; iter++) {
      const [p, dp] = legendre(n, x);
      const dx = p / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    const [, dp] = legendre(n, x);
    nodes.push(x);
    weights.push(2 / ((1 - x * x) * dp * dp));
  }
  return { nodes: nodes.reverse(), weights: weights.reverse() };
}

/** The path points alpha in [0, 1] and their weights, as captum's approximation_parameters gives them. */
export function pathPoints(method: IntegrationMethod, n: number): { alphas: number[]; weights: number[] } {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`integratedGradients: nSteps must be a positive integer, got ${n}`);
  const linspace = (a: number, b: number) => Array.from({ length: n }, (_, i) => (n === 1 ? a : a + ((b - a) * i) / (n - 1)));
  switch (method) {
    case 'gausslegendre': {
      const { nodes, weights } = gaussLegendre(n);
      return { alphas: nodes.map((x) => 0.5 * (x + 1)), weights: weights.map((w) => 0.5 * w) };
    }
    case 'riemann_left':
      return { alphas: linspace(0, 1 - 1 / n), weights: new Array(n).fill(1 / n) };
    case 'riemann_right':
      return { alphas: linspace(1 / n, 1), weights: new Array(n).fill(1 / n) };
    case 'riemann_middle':
      return { alphas: linspace(1 / (2 * n), 1 - 1 / (2 * n)), weights: new Array(n).fill(1 / n) };
    case 'riemann_trapezoid': {
      if (n < 2) throw new RangeError('integratedGradients: the trapezoid rule needs nSteps >= 2');
      const w = Array.from({ length: n }, (_, i) => (i === 0 || i === n - 1 ? 1 / (2 * (n - 1)) : 1 / (n - 1)));
      return { alphas: linspace(0, 1), weights: w };
    }
    default:
      throw new RangeError(`integratedGradients: method must be gausslegendre, riemann_left, riemann_right, riemann_middle or riemann_trapezoid, got ${JSON.stringify(method)}`);
  }
}
