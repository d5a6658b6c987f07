import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { AssetHashType, DockerImage } from "aws-cdk-lib";
import { type ISource, Source } from "aws-cdk-lib/aws-s3-deployment";

/**
 * Where the web app's files come from, decided once per synth:
 * - `dist`: frontend/dist was built already (`npm run build:web`); ship it as it is.
 * - `build`: the frontend sources are there but not built; vite builds them into the asset directory
 *   during synth, hashed by output, since the app also imports shared schemas from lambdas/.
 * - `missing`: no frontend at all (a checkout of the API alone); a one-page notice ships instead and
 *   the synth carries a warning, so the stack still deploys and says what is missing.
 */
export type WebBundle =
  | { readonly kind: "dist"; readonly dir: string }
  | { readonly kind: "build"; readonly viteConfig: string }
  | { readonly kind: "missing" };

export function findWebBundle(projectRoot: string): WebBundle {
  const dist = join(projectRoot, "frontend", "dist");
  if (existsSync(join(dist, "index.html"))) return { kind: "dist", dir: dist };
  const viteConfig = join(projectRoot, "frontend", "vite.config.ts");
  if (existsSync(viteConfig)) return { kind: "build", viteConfig };
  return { kind: "missing" };
}

const MISSING_PAGE = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Sandbox registry</title>
<p>The web app was not part of this deployment. The API answers under <a href="/api/health">/api</a>.</p></html>`;

export function webBundleSource(projectRoot: string, bundle: WebBundle): ISource {
  switch (bundle.kind) {
    case "dist":
      return Source.asset(bundle.dir);
    case "missing":
      return Source.data("index.html", MISSING_PAGE);
    case "build":
      return Source.asset(join(projectRoot, "frontend"), {
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          // Only used if local bundling declined; it never does (it throws instead), so no Docker is needed.
          image: DockerImage.fromRegistry("public.ecr.aws/docker/library/node:22"),
          local: {
            tryBundle(outputDir: string): boolean {
              try {
                execFileSync(process.execPath, [viteBin(projectRoot), "build", "--config", bundle.viteConfig, "--outDir", outputDir, "--emptyOutDir"], {
                  cwd: projectRoot,
                  stdio: ["ignore", "ignore", "inherit"],
                });
              } catch (error) {
                throw new Error(`the web app did not build (vite build --config ${bundle.viteConfig}): ${(error as Error).message}`, { cause: error });
              }
              return true;
            },
          },
        },
      });
  }
}

function viteBin(projectRoot: string): string {
  return join(projectRoot, "node_modules", "vite", "bin", "vite.js");
}
