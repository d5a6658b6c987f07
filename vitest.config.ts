import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// One `vitest run` runs every project. The machine has 2 cores shared with DynamoDB Local's JVM,
// so workers are capped at 2 and the emulator-backed projects get generous timeouts.
export default defineConfig({
  test: {
    maxWorkers: 2,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["test/unit/**/*.test.ts"], environment: "node" },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts", "test/api/**/*.test.ts"],
          environment: "node",
          // One DynamoDB Local + one s3rver per run; a fresh table and buckets per file.
          globalSetup: ["test/support/global-emulators.ts"],
          setupFiles: ["test/support/per-file-env.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: { name: "infra", include: ["test/infra/**/*.test.ts"], environment: "node", testTimeout: 600_000, hookTimeout: 600_000 },
      },
      {
        extends: true,
        test: { name: "e2e", include: ["test/e2e/**/*.test.ts"], environment: "node", testTimeout: 300_000, hookTimeout: 300_000, globalSetup: ["test/support/global-chromium.ts"] },
      },
      {
        extends: true,
        plugins: [react()],
        test: { name: "web", include: ["frontend/src/**/*.test.{ts,tsx}"], environment: "happy-dom" },
      },
    ],
  },
});
