import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

// The browser the e2e tests drive. A fresh machine has Node and Java and nothing else, so the default
// is the Chromium that `npm install` brings inside @sparticuz/chromium (unpacked to the temp dir on first
// use). CHROMIUM_PATH points at another build (e.g. Debian's /usr/bin/chromium) when one is wanted.
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"];

export async function chromiumExecutable(): Promise<string> {
  const chosen = process.env.CHROMIUM_PATH;
  if (chosen) {
    if (!existsSync(chosen)) throw new Error(`CHROMIUM_PATH=${chosen} does not exist`);
    return chosen;
  }
  const bundled = (await import("@sparticuz/chromium")).default;
  return bundled.executablePath();
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: await chromiumExecutable(), args: FLAGS });
}
