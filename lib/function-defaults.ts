// The settings every function gets, in a module without aws-cdk-lib so the benchmark can import the
// same values the stack deploys (lib/route-function.ts) without loading CDK.
export const FUNCTION_DEFAULTS = {
  memoryMb: 512,
  architecture: "arm64",
  esbuildTarget: "node24",
  // CDK's default for Node.js 18+ runtimes: the AWS SDK v3 comes from the Lambda runtime, which can
  // import it from ES modules. Bundled, the SDK alone (334 KB for the DynamoDB document client) is more
  // than a route's 250 KB budget and most of its import time; docs/performance.md has the figures.
  externalModules: ["@aws-sdk/*"],
  // Some dependencies still call require() for Node built-ins; give ESM output a real one.
  requireBanner: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
} as const;
