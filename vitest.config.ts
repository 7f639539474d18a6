import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // libtorch's global state (tensor table, grad mode) is per process:
    // run test files in forked processes, never in worker threads.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
  esbuild: {
    // Node 20 has no native `using`; esbuild lowers it.
    target: 'node20',
  },
});
