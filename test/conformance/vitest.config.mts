import { defineConfig } from 'vitest/config';

/** `npm run conformance`: needs ../shared (peer fixtures, the SARIF schema, the corpus), so it is not in `npm test`. */
export default defineConfig({
  test: {
    include: ['test/conformance/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
