// THE route manifest. Every route exists exactly once here; the CDK stack makes one function per
// entry with exactly the grants in `touches`, and the local dev gateway serves the same handler
// modules. Deny by default: a route must name its access rule, and a test walks this list.
// Each route is defined once, in lambdas/routes/<group>.ts; this module collects them in order.

import { W, type RouteDef, type Touches } from "./route-def.ts";
import { publicRoutes } from "./routes/public.ts";
import { applicantRoutes } from "./routes/applicant.ts";
import { reviewRoutes } from "./routes/review.ts";
import { supervisionRoutes } from "./routes/supervision.ts";
import { adminRoutes } from "./routes/admin.ts";
import { curtailmentRoutes } from "./routes/curtailment.ts";
import { energyRoutes } from "./routes/energy.ts";
import { auditRoutes } from "./routes/audit.ts";

// The route vocabulary (RouteDef, Access, the access rules, scopes) lives in route-def.ts.
export * from "./route-def.ts";

export const ROUTES: readonly RouteDef[] = [
  ...publicRoutes,
  ...applicantRoutes,
  ...reviewRoutes,
  ...supervisionRoutes,
  ...adminRoutes,
  ...curtailmentRoutes,
  ...energyRoutes,
  ...auditRoutes,
];

/** Scheduled (not HTTP) functions, deployed by CDK and run by timers in the local runtime. */
export interface JobDef {
  readonly id: string;
  readonly schedule: string;
  readonly touches: Touches;
  readonly summary: string;
  /**
   * Also woken by the table's stream whenever a change commits an audit event, one run at a time
   * (reserved concurrency 1); the schedule is then the sweep for missed wake-ups.
   */
  readonly onAuditEvents?: boolean;
}
export const JOBS: readonly JobDef[] = [
  { id: "expire-licences", schedule: "rate(1 hour)", touches: { table: W }, summary: "Expire licences past expiresAt, releasing MW" },
  {
    id: "audit-sequencer",
    schedule: "rate(1 minute)",
    touches: { table: W, logKey: "sign" },
    onAuditEvents: true,
    summary: "Number pending audit events, extend the Merkle log and sign its checkpoint",
  },
  { id: "audit-checkpoint", schedule: "rate(1 day)", touches: { table: W, checkpoints: W }, summary: "Archive the latest signed checkpoint to the Object Lock bucket" },
  { id: "late-returns", schedule: "rate(1 day)", touches: { table: W }, summary: "Mark returns past due and unfiled LATE, opening a LATE_RETURN case" },
  { id: "notifier", schedule: "rate(1 minute)", touches: { table: W, mail: true }, summary: "Notices and register-feed entries from the sequenced events; sends the mail" },
  { id: "reminders", schedule: "rate(1 day)", touches: { table: W }, summary: "Expiry and return reminders, once per threshold" },
];

export function routeById(id: string): RouteDef {
  const route = ROUTES.find((r) => r.id === id);
  if (!route) throw new Error(`route ${id} is not in the manifest`);
  return route;
}
