import { runNotifier } from "../services/notifications.ts";
import { logger } from "../middleware/logger.ts";
import { runJob } from "../observability/job.ts";

// JOBS "notifier": derives notices and register-feed entries from the sequenced audit events, then sends
// the mail (SES on AWS, SMTP locally). Every minute on AWS; the local runtime runs it every second.
export const handler = runJob("notifier", async function notifier() {
  const run = await runNotifier();
  if (run.failed) logger.warn("notifier: mail failed for good", { failed: run.failed });
  return run;
}, { partial: (run) => Boolean(run.failed) });
