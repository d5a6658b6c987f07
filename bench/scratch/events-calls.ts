import "../lib/preamble.ts";
import { openContext } from "../lib/context.ts";
import { APPLICANT, applicationBody } from "../lib/journey.ts";
import { timedPool, runPool } from "../lib/pool.ts";
import { onInvocation, setCountsOnly } from "../lib/instrument.ts";
import { percentile } from "../lib/stats.ts";
import { dynamo } from "../../lambdas/store/clients.ts";

const ctx = await openContext();
setCountsOnly(true);
await runPool(700, 4, () => ctx.api.request("POST", "/api/applications", { token: APPLICANT, body: applicationBody() }));
await new Promise((r) => setTimeout(r, 3000));
const durations = new Map<string, number[]>();
dynamo().middlewareStack.add((next, context) => async (args) => {
  const t = performance.now();
  try { return await next(args); } finally {
    const k = `${(context as any).commandName}`;
    if (!durations.has(k)) durations.set(k, []);
    durations.get(k)!.push(performance.now() - t);
  }
}, { step: "initialize", name: "scratchTiming" });
const handlerMs = new Map<string, number[]>();
onInvocation((inv) => { if (!handlerMs.has(inv.routeId)) handlerMs.set(inv.routeId, []); handlerMs.get(inv.routeId)!.push(inv.ms); });
const events = (i: number) => ctx.api.request("GET", `/api/audit/events?afterSeq=${(i * 7) % 500}&limit=25`, { token: "auditor" });
const cp = () => ctx.api.request("GET", "/api/audit/checkpoint", { token: "auditor" });
await timedPool(50, 4, events); await timedPool(50, 4, cp);
for (let r = 0; r < 2; r++) {
  for (const [name, f] of [["events", events], ["checkpoint", cp]] as const) {
    handlerMs.clear(); durations.clear();
    const { ms } = await timedPool(200, 4, f as any);
    console.log(`${name}: client p50 ${percentile(ms, 50).toFixed(1)}; handler ${[...handlerMs].map(([k, v]) => `${k} p50 ${percentile(v, 50).toFixed(1)}`)}`);
    for (const [k, v] of durations) console.log(`  ${k}: n=${v.length} p50 ${percentile(v, 50).toFixed(1)} p99 ${percentile(v, 99).toFixed(1)}`);
  }
}
await ctx.close();
