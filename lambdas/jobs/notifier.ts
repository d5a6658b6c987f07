import { runNotifier } from "../services/notifications.ts";
import { logger } from "../middleware/logger.ts";

// JOBS "notifier": derives notices and register-feed entries from the sequenced audit events, then sends
// the mail (SES on AWS, SMTP locally). Every minute on AWS; the local runtime runs it every second.
export async function handler() {
  const run = await runNotifier();
  if (run.failed) logger.warn("notifier: mail failed for good", { failed: run.failed });
  return run;
}
