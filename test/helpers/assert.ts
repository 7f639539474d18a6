import { expect } from 'vitest';

type Nested = number | boolean | Nested[];

/** Element-wise closeness of nested arrays: |a - b| <= atol + rtol * |b|. */
export function expectClose(actual: unknown, expected: unknown, atol = 1e-5, rtol = 1e-5, path = ''): void {
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), `${path} should be an array`).toBe(true);
    const a = actual as Nested[];
    expect(a.length, `${path} length`).toBe(expected.length);
    expected.forEach((e, i) => expectClose(a[i], e, atol, rtol, `${path}[${i}]`));
    return;
  }
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Number.isNaN(expected)) {
      expect(Number.isNaN(actual), `${path} should be NaN`).toBe(true);
      return;
    }
    const tol = atol + rtol * Math.abs(expected);
    if (Math.abs(actual - expected) > tol) {
      expect.fail(`${path}: ${actual} differs from ${expected} by more than ${tol}`);
    }
    return;
  }
  expect(actual, path).toEqual(expected);
}
