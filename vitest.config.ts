import { defineConfig } from 'vitest/config';
import { yamlData } from './scripts/vite-yaml';

// Unit tests: the engine and the stores, in Node. End-to-end tests have their own config
// (vitest.e2e.config.ts) because they drive a real Chromium with the built extension.
export default defineConfig({
  plugins: [yamlData()],
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx'],
    environment: 'node',
  },
});
