import { JOBS, ROUTES } from "../../lambdas/routes.ts";
import { METRICS } from "../../lambdas/observability/metrics-catalogue.ts";
import { REGIONS } from "../../lambdas/schemas/common.ts";
import { FUNCTIONS_PER_ALARM } from "../../lib/constructs/monitoring.ts";

// A council's month on AWS, fixed costs included: the budget of the audit-log issue ("500 applications,
// 200 licences filing monthly returns and meter readings, 20 staff, 5 auditors pulling daily"). The
// per-request figures come from the measured journey (bench/cost.ts); the rest is counted from the
// stack (clients, alarms, metrics, keys, secrets) and from the workload below. Every assumption is a
// named number here, so a reader can change one and see the total move.

export const WORKLOAD = {
  applications: 500,
  licencesReporting: 200,
  staff: 20,
  auditors: 5,
  /** Requests a member of staff sends on a working day (queues, records, decisions). */
  staffRequestsPerDay: 150,
  workingDays: 21,
  /** An auditor's daily pull: a page of events per 100 new ones, the records changed, a checkpoint and proofs. */
  auditorRequestsPerDay: 60,
  /** A licence's month: file its return, read it twice, the reviewer reads and accepts it. */
  requestsPerLicenceReturn: 5,
  /** Public register, dashboard, eligibility and feed requests. */
  publicRequests: 50_000,
  /** People who sign in during the month: one applicant account per application, staff and auditors. */
  monthlyActiveUsers: 500 + 20 + 5,
  /** Machine clients' token requests: auditors' scripts daily, each region's meter posts a few times. */
  tokenRequests: 5 * 30 + REGIONS.length * 4,
  /** Mail: the applicants' notices and reminders. */
  mails: 500 * 6 + 200 * 3,
  /** Documents kept (MB): five a month's new applications, about 2 MB each. */
  documentsGb: (500 * 5 * 2) / 1024,
  tableGb: 1,
  /** JSON log lines per request, about this many KB each (request log, problem, metrics). */
  logKbPerRequest: 2,
};

/** AWS list prices, us-east-1, mid-2025, for what a month costs whatever the traffic. */
export const FIXED_PRICES = {
  asOf: "2025-06 list prices, us-east-1",
  cognitoPlusMau: 0.02,
  cognitoM2mClientMonth: 6,
  cognitoM2mTokenRequest: 2.25 / 1000,
  kmsKeyMonth: 1,
  kmsAsymmetricRequest: 0.15 / 10_000,
  secretMonth: 0.4,
  alarmMetricMonth: 0.1,
  dashboardMonth: 3,
  customMetricMonth: 0.3,
  logsIngestGb: 0.5,
  logsStoreGbMonth: 0.03,
  xrayTrace: 5 / 1e6,
  xrayFreeTraces: 100_000,
  s3StandardGbMonth: 0.023,
  dynamoStorageGbMonth: 0.25,
  sesMail: 0.1 / 1000,
} as const;

export interface MonthLine {
  name: string;
  usd: number;
  note: string;
}

/** What the stack holds that is billed by the month: from the manifest and the monitoring construct. */
export function stackInventory() {
  const deployedRoutes = ROUTES.filter((r) => !r.localOnly).length;
  const functions = deployedRoutes + JOBS.length + 2;
  // Alarmed one by one: the jobs, the sign-up trigger and the mail-feedback function (a route's
  // failures are the API's 5xx). The sequencer's errors-only alarm watches one metric; every other
  // alarmed function is in a grouped alarm of two metrics each.
  const alarmedFunctions = JOBS.length + 2;
  const alarmMetrics = 1 + 2 * (alarmedFunctions - 1) + (JOBS.length + 1) + 2 + JOBS.length + 3;
  // Each metric's stream per dimension value: regions, problem types (about 12), jobs x outcomes.
  const customMetrics = Object.values(METRICS).reduce((n, m) => {
    const dims = "dimensions" in m ? (m.dimensions as readonly string[]) : [];
    const values = dims.reduce((k, d) => k * ({ region: REGIONS.length, type: 12, job: JOBS.length, outcome: 3 }[d] ?? 1), 1);
    return n + values;
  }, 0) + 3; // the audit log's pending-event metrics
  return { deployedRoutes, functions, alarmMetrics, groupedAlarms: Math.ceil((alarmedFunctions - 1) / FUNCTIONS_PER_ALARM), customMetrics, m2mClients: 1 + REGIONS.length, secrets: 2, keys: 1 };
}

/**
 * The month, line by line. `perRequestUsd` is the measured journey's mean variable cost of one API
 * request (Lambda, HTTP API, DynamoDB, S3 requests); `perApplicationUsd` the whole journey's.
 */
export function councilMonth(perApplicationUsd: number, perRequestUsd: number, callsPerApplication: number, w = WORKLOAD, p = FIXED_PRICES): { lines: MonthLine[]; total: number; requests: number } {
  const inv = stackInventory();
  const otherRequests = w.staff * w.staffRequestsPerDay * w.workingDays + w.auditors * w.auditorRequestsPerDay * 30 + w.licencesReporting * w.requestsPerLicenceReturn + REGIONS.length * 4 + w.publicRequests;
  const requests = otherRequests + w.applications * callsPerApplication;
  // One checkpoint signature per sequencer batch. At this traffic a batch seals about one write, and about
  // three requests in ten write.
  const signatures = requests * 0.3;
  const lines: MonthLine[] = [
    { name: "Cognito M2M app clients", usd: inv.m2mClients * p.cognitoM2mClientMonth, note: `${inv.m2mClients} clients (auditors + one per region's grid operator) x $${p.cognitoM2mClientMonth}` },
    { name: "Cognito M2M token requests", usd: w.tokenRequests * p.cognitoM2mTokenRequest, note: `${w.tokenRequests} tokens` },
    { name: "Cognito Plus MAUs", usd: w.monthlyActiveUsers * p.cognitoPlusMau, note: `${w.monthlyActiveUsers} MAU x $${p.cognitoPlusMau} (Plus: threat protection)` },
    { name: "CloudWatch custom metrics (EMF)", usd: inv.customMetrics * p.customMetricMonth, note: `${inv.customMetrics} metric streams` },
    { name: "CloudWatch alarms", usd: inv.alarmMetrics * p.alarmMetricMonth, note: `${inv.alarmMetrics} metrics in alarms (${inv.groupedAlarms} grouped function alarms of up to ${2 * FUNCTIONS_PER_ALARM})` },
    { name: "CloudWatch dashboard", usd: p.dashboardMonth, note: "one dashboard" },
    { name: "API requests (Lambda, HTTP API, DynamoDB, S3 requests)", usd: w.applications * perApplicationUsd + otherRequests * perRequestUsd, note: `${w.applications} journeys + ${otherRequests} other requests at the measured mean` },
    { name: "KMS", usd: inv.keys * p.kmsKeyMonth + signatures * p.kmsAsymmetricRequest, note: `${inv.keys} key + ${Math.round(signatures)} checkpoint signatures` },
    { name: "Secrets Manager", usd: inv.secrets * p.secretMonth, note: `${inv.secrets} secrets (cursor key, origin secret)` },
    { name: "CloudWatch Logs", usd: ((requests * w.logKbPerRequest) / 1024 / 1024) * (p.logsIngestGb + p.logsStoreGbMonth), note: `${w.logKbPerRequest} KB a request` },
    { name: "X-Ray", usd: Math.max(0, requests * 0.05 - p.xrayFreeTraces) * p.xrayTrace, note: "5 % sampled, first 100k traces free" },
    { name: "S3 storage", usd: w.documentsGb * p.s3StandardGbMonth, note: `${w.documentsGb.toFixed(1)} GB of a month's documents (grows by this each month under Object Lock)` },
    { name: "DynamoDB storage", usd: w.tableGb * p.dynamoStorageGbMonth, note: `${w.tableGb} GB` },
    { name: "SES", usd: w.mails * p.sesMail, note: `${w.mails} mails` },
  ];
  lines.sort((a, b) => b.usd - a.usd);
  return { lines, total: lines.reduce((n, l) => n + l.usd, 0), requests };
}
