import { expireDueLicences } from "../services/licences.ts";
import { logger } from "../middleware/logger.ts";
import { runJob } from "../observability/job.ts";

// Scheduled (JOBS "expire-licences"): every licence whose term has ended becomes EXPIRED, its MW released.
export const handler = runJob("expire-licences", async function expireLicences() {
  const outcome = await expireDueLicences();
  logger.info("licence expiry run", { expired: outcome.expired.length, failed: outcome.failed.length });
  if (outcome.failed.length) throw new Error(`${outcome.failed.length} licence(s) could not be expired; the next run retries them`);
  return outcome;
});
