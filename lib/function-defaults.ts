// The settings every function gets, in a module without aws-cdk-lib so the benchmark can import the
// same values the stack deploys (lib/route-function.ts) without loading CDK.
export const FUNCTION_DEFAULTS = {
  memoryMb: 512,
  architecture: "arm64",
  esbuildTarget: "node24",
  // Some dependencies still call require() for Node built-ins; give ESM output a real one.
  requireBanner: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
} as const;
