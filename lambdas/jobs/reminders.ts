import { runReminders } from "../services/reminders.ts";
import { logger } from "../middleware/logger.ts";
import { runJob } from "../observability/job.ts";

// JOBS "reminders" (daily): licence expiry at 60/30/14/1 days, returns due at 14/1 days and overdue,
// each threshold once. The notices it writes are mailed by the notifier's next run.
export const handler = runJob("reminders", async function reminders() {
  const run = await runReminders();
  logger.info("reminders run", { ...run });
  return run;
});
