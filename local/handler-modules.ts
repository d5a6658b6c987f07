import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { PROJECT_ROOT } from "./paths.ts";

// Loads lambdas/<kind>/<id>.ts on first use, the way a Lambda cold start would, and keeps the module:
// clients and env() are built once per "function", not per request.

export type LambdaHandler = (event: unknown, context: unknown) => unknown;

export class MissingHandler extends Error {
  override readonly name = "MissingHandler";
}

export function handlerPath(kind: "http" | "jobs", id: string): string {
  return join(PROJECT_ROOT, "lambdas", kind, `${id}.ts`);
}

export function createHandlerLoader(kind: "http" | "jobs"): (id: string) => Promise<LambdaHandler> {
  const cache = new Map<string, Promise<LambdaHandler>>();
  return (id) => {
    let pending = cache.get(id);
    if (!pending) {
      pending = load(kind, id);
      // A failed import (missing file, syntax error) is not cached, so fixing the file is enough.
      pending.catch(() => cache.delete(id));
      cache.set(id, pending);
    }
    return pending;
  };
}

async function load(kind: "http" | "jobs", id: string): Promise<LambdaHandler> {
  const file = handlerPath(kind, id);
  if (!existsSync(file)) throw new MissingHandler(`${file} does not exist`);
  const mod = (await import(pathToFileURL(file).href)) as { handler?: unknown };
  if (typeof mod.handler !== "function") throw new MissingHandler(`${file} does not export a handler function`);
  return mod.handler as LambdaHandler;
}
