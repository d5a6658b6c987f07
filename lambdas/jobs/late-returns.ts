import { markLateReturns } from "../services/returns.ts";
import { logger } from "../middleware/logger.ts";
import { runJob } from "../observability/job.ts";

// Scheduled (JOBS "late-returns", daily): returns past due with nothing filed become LATE, each opening
// a LATE_RETURN case in the same transaction. Running it again opens nothing twice.
export const handler = runJob("late-returns", async function lateReturns() {
  const outcome = await markLateReturns();
  logger.info("late returns run", { marked: outcome.marked.length, failed: outcome.failed.length });
  if (outcome.failed.length) throw new Error(`${outcome.failed.length} return(s) could not be marked late; the next run retries them`);
  return outcome;
});
