import type { RouteDef } from "../lambdas/routes.ts";

// API Gateway HTTP API route selection over the manifest: a request matches a route when every
// segment is equal or fills a {param}; among matches the most specific wins (a literal segment
// beats a parameter at the first place they differ), so /api/audit/events/head is never taken for
// /api/audit/events/{id}. Greedy {proxy+} parameters are not used by the manifest.

type Segment = { literal: string } | { param: string };

interface Compiled {
  route: RouteDef;
  segments: Segment[];
}

export type Match =
  | { kind: "route"; route: RouteDef; pathParameters: Record<string, string> | undefined }
  | { kind: "method-not-allowed"; allow: string[] }
  | { kind: "not-found" }
  | { kind: "bad-path" };

export function compileRoutes(routes: readonly RouteDef[]): (method: string, rawPath: string) => Match {
  const compiled: Compiled[] = routes.map((route) => ({ route, segments: parseTemplate(route.path) }));

  return (method, rawPath) => {
    const parts = rawPath.split("/").slice(1);
    const candidates: { c: Compiled; params: Record<string, string> }[] = [];
    for (const c of compiled) {
      const params = matchSegments(c.segments, parts);
      if (params === "bad") return { kind: "bad-path" };
      if (params) candidates.push({ c, params });
    }
    if (candidates.length === 0) return { kind: "not-found" };
    candidates.sort((a, b) => specificity(b.c.segments, a.c.segments));
    const best = candidates.find((x) => x.c.route.method === method);
    if (!best) return { kind: "method-not-allowed", allow: [...new Set(candidates.map((x) => x.c.route.method))].sort() };
    const hasParams = Object.keys(best.params).length > 0;
    return { kind: "route", route: best.c.route, pathParameters: hasParams ? best.params : undefined };
  };
}

function parseTemplate(path: string): Segment[] {
  return path
    .split("/")
    .slice(1)
    .map((s) => (s.startsWith("{") && s.endsWith("}") ? { param: s.slice(1, -1) } : { literal: s }));
}

/** Path parameters are handed to the integration URL-decoded, as API Gateway does. */
function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | undefined | "bad" {
  if (segments.length !== parts.length) return undefined;
  const fits = segments.every((segment, i) => ("literal" in segment ? segment.literal === parts[i] : parts[i] !== ""));
  if (!fits) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if ("literal" in segment) continue;
    try {
      params[segment.param] = decodeURIComponent(parts[i]);
    } catch {
      return "bad";
    }
  }
  return params;
}

/** Positive when `a` is more specific than `b`. */
function specificity(a: Segment[], b: Segment[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const la = "literal" in a[i];
    const lb = "literal" in b[i];
    if (la !== lb) return la ? 1 : -1;
  }
  return 0;
}
