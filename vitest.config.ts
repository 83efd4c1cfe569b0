import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'renderer/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120000,
  },
});
