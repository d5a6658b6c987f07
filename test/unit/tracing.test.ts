import { afterEach, describe, expect, it, vi } from "vitest";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";

// Tracing is a no-op off Lambda (tests, the local runtime) and captures the SDK clients on Lambda.

const load = async () => {
  vi.resetModules();
  return import("../../lambdas/observability/tracing.ts");
};
const middlewareNames = (client: DynamoDBClient) => client.middlewareStack.identify().join(" ");

afterEach(() => vi.unstubAllEnvs());

describe("tracing", () => {
  it("is off in tests and locally: the client is returned untouched", async () => {
    const { traced, getTracer, tracingEnabled } = await load();
    expect(tracingEnabled()).toBe(false);
    expect(getTracer()).toBeUndefined();
    const client = new DynamoDBClient({ region: "ap-south-1" });
    const before = middlewareNames(client);
    expect(traced(client)).toBe(client);
    expect(middlewareNames(client)).toBe(before);
  });

  it("on Lambda, captures the client with Powertools Tracer (X-Ray subsegments per call)", async () => {
    vi.stubEnv("AWS_LAMBDA_FUNCTION_NAME", "sandbox-registry-get-application");
    vi.stubEnv("AWS_EXECUTION_ENV", "AWS_Lambda_nodejs24.x");
    const { traced, getTracer } = await load();
    expect(getTracer()?.isTracingEnabled()).toBe(true);
    const client = new DynamoDBClient({ region: "ap-south-1" });
    const before = middlewareNames(client);
    traced(client);
    expect(middlewareNames(client)).not.toBe(before);
  });

  it("POWERTOOLS_TRACE_ENABLED=false turns it off on Lambda too", async () => {
    vi.stubEnv("AWS_LAMBDA_FUNCTION_NAME", "sandbox-registry-get-application");
    vi.stubEnv("POWERTOOLS_TRACE_ENABLED", "false");
    const { getTracer, tracingEnabled } = await load();
    expect(tracingEnabled()).toBe(false);
    expect(getTracer()).toBeUndefined();
  });
});
