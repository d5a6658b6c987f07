import "../lib/preamble.ts";
import { openContext } from "../lib/context.ts";
import { APPLICANT, applicationBody } from "../lib/journey.ts";
import { timedPool } from "../lib/pool.ts";
import { onInvocation, setCountsOnly } from "../lib/instrument.ts";
import { percentile } from "../lib/stats.ts";
import { dynamo } from "../../lambdas/store/clients.ts";

const ctx = await openContext();
setCountsOnly(true);
const durations = new Map<string, number[]>();
dynamo().middlewareStack.add((next, context) => async (args) => {
  const t = performance.now();
  try { return await next(args); } finally {
    const k = `${(context as any).commandName}`;
    if (!durations.has(k)) durations.set(k, []);
    durations.get(k)!.push(performance.now() - t);
  }
}, { step: "initialize", name: "scratchTiming" });
const create = () => ctx.api.request("POST", "/api/applications", { token: APPLICANT, body: applicationBody() });
const handlerMs: number[] = [];
onInvocation((inv) => { if (inv.routeId === "create-application") handlerMs.push(inv.ms); });
await timedPool(100, 4, create);
for (let r = 0; r < 2; r++) {
  handlerMs.length = 0; durations.clear();
  const { ms } = await timedPool(200, 4, create);
  console.log(`client p50 ${percentile(ms, 50).toFixed(1)}; handler p50 ${percentile(handlerMs, 50).toFixed(1)}`);
  for (const [k, v] of durations) console.log(`  ${k}: n=${v.length} p50 ${percentile(v, 50).toFixed(1)} p99 ${percentile(v, 99).toFixed(1)}`);
}
await ctx.close();
