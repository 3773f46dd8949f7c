import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["spec/**/*.test.ts", "reference/**/*.test.ts", "conformance/**/*.test.ts", "cli/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    coverage: {
      provider: "v8",
      include: ["spec/**/*.ts", "reference/**/*.ts", "conformance/**/*.ts", "cli/**/*.ts"],
      exclude: ["**/*.test.ts"],
      reporter: ["html", "json-summary"],
      reportsDirectory: "reports/coverage",
    },
  },
});
