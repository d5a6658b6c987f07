import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { findWebBundle } from "../../lib/web-bundle.ts";
import { resourcesOfType, type Synthed, synthSandbox } from "./support/synth.ts";

let root: string | undefined;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

function project(files: string[]): string {
  root = mkdtempSync(join(tmpdir(), "web-bundle-"));
  for (const file of files) {
    mkdirSync(join(root, file, ".."), { recursive: true });
    writeFileSync(join(root, file), "");
  }
  return root;
}

describe("where the web app comes from", () => {
  it("ships frontend/dist as it is when it was built already", () => {
    const dir = project(["frontend/vite.config.ts", "frontend/dist/index.html"]);
    expect(findWebBundle(dir)).toEqual({ kind: "dist", dir: join(dir, "frontend/dist") });
  });

  it("builds with vite during synth when there are sources but no build", () => {
    const dir = project(["frontend/vite.config.ts", "frontend/index.html"]);
    expect(findWebBundle(dir)).toEqual({ kind: "build", viteConfig: join(dir, "frontend/vite.config.ts") });
  });

  it("does not trust a dist directory without its index.html", () => {
    const dir = project(["frontend/vite.config.ts", "frontend/dist/assets/app.js"]);
    expect(findWebBundle(dir).kind).toBe("build");
  });

  it("ships a notice page when there is no frontend at all", () => {
    expect(findWebBundle(project(["lambdas/routes.ts"]))).toEqual({ kind: "missing" });
  });
});

describe("a stack without the web app", () => {
  let s: Synthed | undefined;
  afterAll(() => s?.dispose());

  it("still synthesises, cdk-nag clean, and deploys a notice page plus config.json", () => {
    s = synthSandbox({ webBundle: { kind: "missing" }, bundle: false });
    expect(s.findings).toEqual([]);
    const [, deployment] = resourcesOfType(s.resources, "Custom::CDKBucketDeployment")[0];
    const keys: string[] = deployment.Properties!.SourceObjectKeys;
    expect(keys).toHaveLength(2);
    const notice = readFileSync(join(s.assetDir(keys[0]), "index.html"), "utf8");
    expect(notice).toContain("The web app was not part of this deployment");
  });
});
