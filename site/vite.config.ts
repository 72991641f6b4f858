import { defineConfig } from "vitest/config";

// Preact's JSX is compiled by Vite's own transformer (oxc), so no Babel preset is needed.
// There is no dev server: the local stack serves site/dist on the same origin as the API
// and the sign-in, so `npm run watch` rebuilds dist and a reload shows the change.
export default defineConfig({
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  // The manifest lets scripts/budget.mjs find what the first screen loads.
  build: { target: "es2022", manifest: true },
  test: {
    // Pure logic runs in Node; files that need a DOM name happy-dom in their first line.
    environment: "node",
    include: ["src/**/*.test.{ts,tsx}", "scripts/**/*.test.ts"],
  },
});
