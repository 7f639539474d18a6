// The op_db samples that do not agree with Python, each with its reason.
// A key names an OpInfo ('to_sparse'), one kind of its samples
// ('to_sparse float32', 'as_strided_scatter grad') or one sample
// ('linalg.eig grad #0'). test/conformance.test.ts keeps the list honest:
// every failing sample must be covered, and every key must cover only
// failing samples, unless it is marked `varies` (Python's result is not
// deterministic, so the sample may agree by chance).
export interface KnownFailure {
  reason: string;
  varies?: true;
}

export const KNOWN_FAILURES: Record<string, KnownFailure> = {
  'as_strided_scatter grad': {
    reason:
      "Python's gradient with respect to the input is libtorch 1.13's uninitialized memory outside the view; " +
      "typed-torch composes the op from clone, as_strided and copy_ so that autograd's gradient is right " +
      '(test/python-api.test.ts checks it against finite differences)',
    varies: true,
  },
};
