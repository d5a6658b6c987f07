import { route } from "../middleware/route.ts";
import { registerFeedRoute } from "../routes/public.ts";
import { text } from "../middleware/response.ts";
import { registerFeed } from "../services/register-feed.ts";

// Public: the latest 100 register changes as Atom 1.0, for any feed reader.
export const handler = route(registerFeedRoute, async () => text(await registerFeed(), "application/atom+xml; charset=utf-8"));
