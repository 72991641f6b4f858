import { defineConfig } from "vitest/config";

// End-to-end tests: a real browser (Debian's Chromium, driven by playwright-core) against
// the real local stack, which e2e/stack.ts builds and starts on a free port.
export default defineConfig({
  test: {
    environment: "node",
    include: ["e2e/**/*.e2e.ts"],
    globalSetup: ["e2e/stack.ts"],
    // One journey through the product, step by step: the steps share the browser and run
    // in order, each on what the one before left.
    fileParallelism: false,
    sequence: { concurrent: false },
    testTimeout: 60_000,
    hookTimeout: 240_000,
  },
});
