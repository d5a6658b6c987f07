import type { Actor } from "../domain/actor.ts";
import { Incomplete } from "../domain/errors.ts";
import { isEnergyCategory } from "../schemas/common.ts";
import { checkEligibility, findCoveringLine } from "./rounds.ts";
import { readHeldKw } from "../store/firms.ts";
import { firmKey } from "../domain/firm.ts";
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
  const question = { category: record.category, region: energy.region!, requestedMw: energy.requestedMw!, startDate: energy.startDate! };
  // The per-applicant cap counts what the company already holds on the covering line, under any account.
  const firm = firmKey(record.organisation?.registrationNumber);
  const covering = firm ? await findCoveringLine(question) : undefined;
  const heldKw = covering && firm ? await readHeldKw({ roundId: covering.round.roundId, region: question.region, category: question.category, firm }) : 0;
  return checkEligibility({ ...question, heldKw });
}
