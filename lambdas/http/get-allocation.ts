import { route } from "../middleware/route.ts";
import { getAllocationRoute } from "../routes/public.ts";
import { okVersioned } from "../middleware/response.ts";
import { NotFound } from "../domain/errors.ts";
import { getRound } from "../store/rounds.ts";

export const handler = route(getAllocationRoute, async (req) => {
  const round = await getRound(req.params.roundId);
  if (!round) throw new NotFound(`There is no allocation round ${req.params.roundId}.`);
  return okVersioned(round);
});
