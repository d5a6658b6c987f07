// The settings every function gets, in a module without aws-cdk-lib so the benchmark can import the
// same values the stack deploys (lib/route-function.ts) without loading CDK.

/** The package the SDK layer holds (lib/sdk-layer/build.ts), under /opt/nodejs/node_modules. */
export const SDK_LAYER_PACKAGE = "sandbox-aws-sdk";

/**
 * Every AWS SDK package the functions import, and the layer module that provides it. The layer is
 * the locked SDK pre-bundled into a few minified ES modules: a function's own bundle stays small
 * (bundled in, the SDK alone is 334 KB for the DynamoDB document client, over a route's 250 KB
 * budget), the version that runs is the one the tests ran against (the runtime's own copy is
 * whatever AWS ships), and a cold start loads a few files instead of the runtime copy's many
 * unminified ones (about 40 ms against 90 ms for the DynamoDB client here; docs/performance.md).
 */
export const SDK_LAYER_MODULES = Object.fromEntries(
  [
    "@aws-sdk/client-dynamodb",
    "@aws-sdk/lib-dynamodb",
    "@aws-sdk/util-dynamodb",
    "@aws-sdk/client-s3",
    "@aws-sdk/s3-request-presigner",
    "@aws-sdk/client-cognito-identity-provider",
    // The audit sequencer's checkpoint signer (KMS Sign / GetPublicKey).
    "@aws-sdk/client-kms",
    "@aws-sdk/client-sesv2",
    // One module per package: two packages can export the same name (QueryCommand is both the
    // client's and the document client's), and a module re-exporting both would export neither.
  ].map((pkg) => [pkg, `${SDK_LAYER_PACKAGE}/${pkg.slice("@aws-sdk/".length)}.mjs`]),
) as Readonly<Record<string, string>>;

export const FUNCTION_DEFAULTS = {
  memoryMb: 512,
  architecture: "arm64",
  esbuildTarget: "node24",
  // The SDK imports are rewritten to the layer's modules (SDK_LAYER_MODULES) and left out of the bundle.
  externalModules: [SDK_LAYER_PACKAGE],
  // Some dependencies still call require() for Node built-ins; give ESM output a real one.
  requireBanner: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
} as const;
