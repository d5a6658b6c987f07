import "../lib/preamble.ts";
import { openContext } from "../lib/context.ts";
import { APPLICANT, applicationBody } from "../lib/journey.ts";
import { timedPool } from "../lib/pool.ts";
import { onInvocation, setCountsOnly } from "../lib/instrument.ts";
import { percentile } from "../lib/stats.ts";

const ctx = await openContext();
setCountsOnly(true);
const create = () => ctx.api.request("POST", "/api/applications", { token: APPLICANT, body: applicationBody() });
const handlerMs: number[] = [];
onInvocation((inv) => { if (inv.routeId === "create-application") handlerMs.push(inv.ms); });
for (const seq of [true, false, true, false]) {
  if (seq) await ctx.sequencer.start(); else await ctx.sequencer.stop();
  handlerMs.length = 0;
  await timedPool(20, 4, create);
  handlerMs.length = 0;
  const { ms } = await timedPool(200, 4, create);
  console.log(`sequencer ${seq ? "on " : "off"}: client p50 ${percentile(ms, 50).toFixed(1)} p99 ${percentile(ms, 99).toFixed(1)}; handler p50 ${percentile(handlerMs, 50).toFixed(1)} p99 ${percentile(handlerMs, 99).toFixed(1)}`);
}
await ctx.sequencer.start();
await ctx.close();
