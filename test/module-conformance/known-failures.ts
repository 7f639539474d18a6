// The module_db samples that do not agree with Python, each with its reason.
// A key names a ModuleInfo ('nn.LSTM'), one kind of its samples
// ('nn.LSTM float32 train') or one sample ('nn.LSTM float32 train #3').
// test/module-conformance.test.ts keeps the list honest: every failing
// sample must be covered, and every key must cover only failing samples.
// Empty today: every sample of module_db agrees.
export interface KnownFailure {
  reason: string;
}

export const KNOWN_FAILURES: Record<string, KnownFailure> = {};
