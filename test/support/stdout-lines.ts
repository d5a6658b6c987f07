import { vi } from "vitest";

// Powertools Logger and Metrics write JSON lines to process.stdout through their own Console; the
// tests read those lines back (EMF metrics are recognisable by their `_aws` block).

export interface Captured {
  lines(): Record<string, unknown>[];
  metrics(): Record<string, unknown>[];
  restore(): void;
}

export function captureStdout(): Captured {
  const written: string[] = [];
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    written.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
    return true;
  });
  const lines = () =>
    written
      .join("")
      .split("\n")
      .filter((l) => l.trim().startsWith("{"))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { lines, metrics: () => lines().filter((l) => "_aws" in l), restore: () => spy.mockRestore() };
}

/** The EMF lines that carry metric `name`, as { value, dimensions } (the dimension names of the line). */
export function metricValues(lines: Record<string, unknown>[], name: string): { value: unknown; dimensions: Record<string, unknown> }[] {
  return lines
    .filter((l) => {
      const aws = l._aws as { CloudWatchMetrics: { Metrics: { Name: string }[] }[] };
      return aws.CloudWatchMetrics.some((m) => m.Metrics.some((x) => x.Name === name));
    })
    .map((l) => {
      const aws = l._aws as { CloudWatchMetrics: { Namespace: string; Dimensions: string[][] }[] };
      const dims = Object.fromEntries(aws.CloudWatchMetrics[0].Dimensions.flat().map((d) => [d, l[d]]));
      return { value: l[name], dimensions: { ...dims, namespace: aws.CloudWatchMetrics[0].Namespace } };
    });
}
