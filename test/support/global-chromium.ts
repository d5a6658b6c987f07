import { chromiumExecutable } from "./browser.ts";

// The e2e files run in parallel workers, and each would unpack the bundled Chromium to the temp dir
// on first use: on a fresh machine the second found the file half written and failed to start it
// (spawn ETXTBSY). Unpacked here once, before any worker starts.
export default async function setup(): Promise<void> {
  await chromiumExecutable();
}
