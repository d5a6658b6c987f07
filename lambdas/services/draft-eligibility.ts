import type { Actor } from "../domain/actor.ts";
import { Incomplete } from "../domain/errors.ts";
import { isEnergyCategory } from "../schemas/common.ts";
import { checkEligibility } from "../store/rounds.ts";
import { getOwnApplication } from "./applications.ts";

/** The eligibility check on an applicant's own draft: the same rules as the public pre-check. */
export async function draftEligibility(id: string, actor: Actor) {
  const record = await getOwnApplication(id, actor);
  const energy = record.energy ?? {};
  if (!isEnergyCategory(record.category)) {
    return checkEligibility({ category: record.category, region: "PESCO", requestedMw: 1, startDate: "2000-01-01" });
  }
  const missing = (["region", "requestedMw", "startDate"] as const).filter((f) => energy[f] === undefined);
  if (missing.length) {
    throw new Incomplete("Fill in the energy request first.", missing.map((f) => ({ path: `energy.${f}`, message: "required" })));
  }
  return checkEligibility({ category: record.category, region: energy.region!, requestedMw: energy.requestedMw!, startDate: energy.startDate! });
}
