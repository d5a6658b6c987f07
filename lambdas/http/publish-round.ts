import { route } from "../middleware/route.ts";
import { publishRoundRoute } from "../routes/admin.ts";
import { created, etagOf } from "../middleware/response.ts";
import { Unauthorized } from "../domain/errors.ts";
import { publishRound } from "../services/rounds.ts";

// 409 (naming the clashing round and line) when another published round covers the same region and category on a date.
export const handler = route(publishRoundRoute, async (req) => {
  if (!req.actor) throw new Unauthorized("Send Authorization: Bearer <token>.");
  const round = await publishRound(req.actor, req.body);
  return created(round, { location: `/api/allocations/${round.roundId}`, etag: etagOf(round.version) });
});
