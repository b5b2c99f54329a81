import { defineConfig } from 'vitest/config';

// End-to-end: the built extension (.output/chrome-mv3) in the system Chromium. One file
// at a time: each launches its own browser and the machines here have two cores.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    maxConcurrency: 1,
  },
});
