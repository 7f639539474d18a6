import { defineConfig } from 'vitest/config';

// Code that imports the package by name ('typed-torch', as the examples do)
// runs on the sources in a checkout: the package's exports map this
// condition to src/index.ts.
const conditions = ['typed-torch-source'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
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
