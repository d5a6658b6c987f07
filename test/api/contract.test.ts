import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { startTestApi, type ApiResponse, type RequestOptions, type TestApi } from "../support/api.ts";
import { completeApplication } from "../support/applications.ts";
import { uploadAllRequired } from "../support/documents.ts";
import { roundBody } from "../support/journey.ts";
import { clock } from "../../lambdas/store/clock.ts";
import { runNotifier } from "../../lambdas/services/notifications.ts";
import type { Mailer } from "../../lambdas/store/mailer.ts";

// The contract: a whole journey through the dev gateway, every answer (status, media type and body)
// validated against the document GET /api/openapi.json serves: the response schema of that path,
// method and status, or the Problem schema for errors. Every request goes through `checked`, also the
// shared journey helpers', so no answer escapes.

type Schema = Record<string, unknown>;
type Operation = { operationId: string; responses: Record<string, { content?: Record<string, { schema: Schema }> }> };
interface Doc {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

let api: TestApi;
let checked: TestApi;
let doc: Doc;
const ajv = new Ajv2020({ strict: false, allErrors: true });
// ajv-formats is CommonJS (module.exports is the plugin); its types describe the ESM default export.
const addFormats = addFormatsModule as unknown as (instance: Ajv2020) => Ajv2020;
addFormats(ajv);
const compiled = new WeakMap<Schema, ValidateFunction>();
const validatorOf = (schema: Schema) => compiled.get(schema) ?? (compiled.set(schema, ajv.compile(schema)), compiled.get(schema)!);
/** operationId -> statuses answered in this run. */
const seen = new Map<string, Set<number>>();
const realNow = clock.now;

/** The path template of the document matching a concrete path. */
function templateOf(path: string): string {
  const bare = path.split("?")[0];
  const match = Object.keys(doc.paths).find((t) => new RegExp(`^${t.replace(/\{[^}]+\}/g, "[^/]+")}$`).test(bare) && !(t.includes("{") && Object.keys(doc.paths).some((o) => o === bare)));
  if (!match) throw new Error(`${path} is not in the OpenAPI document`);
  return match;
}

/** The schema the document gives this answer; throws naming what the document lacks. */
function schemaFor(method: string, path: string, res: Pick<ApiResponse, "status" | "headers">): { op: Operation; schema: Schema; text: boolean } {
  const op = doc.paths[templateOf(path)][method.toLowerCase()];
  if (!op) throw new Error(`${method} ${path}: no such operation in the document`);
  const response = op.responses[String(res.status)];
  if (!response) throw new Error(`${op.operationId}: status ${res.status} is not documented (${Object.keys(op.responses).join(", ")})`);
  const media = (res.headers.get("content-type") ?? "").split(";")[0].trim();
  const entry = Object.entries(response.content ?? {}).find(([m]) => m.split(";")[0].trim() === media);
  if (!entry) throw new Error(`${op.operationId} ${res.status}: media type ${media} is not documented`);
  const schema = entry[1].schema.$ref === "#/components/schemas/Problem" ? doc.components.schemas.Problem : entry[1].schema;
  return { op, schema, text: !media.endsWith("json") };
}

/** Validates one answer; the message names the operation, the status and each schema error. */
function validate(method: string, path: string, res: ApiResponse): void {
  const { op, schema, text } = schemaFor(method, path, res);
  const check = validatorOf(schema);
  const body = text ? res.text : res.json;
  if (!check(body)) throw new Error(`${op.operationId} ${res.status} does not match the document: ${ajv.errorsText(check.errors)} ${JSON.stringify(check.errors?.map((e) => e.params))}\n${res.text.slice(0, 2000)}`);
  (seen.get(op.operationId) ?? seen.set(op.operationId, new Set()).get(op.operationId)!).add(res.status);
}

/** A request through the gateway whose answer must match the document; asserts the status. */
async function call(method: string, path: string, status: number, options: RequestOptions = {}) {
  const res = await checked.request(method, path, options);
  expect(res.status, `${method} ${path}: ${res.text.slice(0, 500)}`).toBe(status);
  return res;
}

const quietMailer: Mailer = { send: async () => `contract-${Math.random().toString(36).slice(2)}` };
const HOUR = 3600_000;
const setClock = (iso: string) => api.request("POST", "/api/dev/clock", { body: { now: iso } });
const filing = (kpis: Record<string, number>, extra: Record<string, unknown> = {}) => ({ kpis, complaints: 0, safeguardsMet: true, attestation: { name: "Ayesha Khan", title: "Chief Executive" }, ...extra });

beforeAll(async () => {
  api = await startTestApi();
  checked = {
    ...api,
    request: async (method, path, options) => {
      const res = await api.request(method, path, options);
      if (!path.startsWith("/api/dev/")) validate(method, path, res);
      return res;
    },
  };
  doc = (await api.request("GET", "/api/openapi.json")).json as Doc;
});
afterAll(async () => {
  clock.now = realNow;
  await api?.close();
});

/** A complete application of `category` taken to SUBMITTED, through the checked gateway. */
async function submitted(persona: "applicantA" | "applicantB", category: "BITCOIN_MINING" | "VIRTUAL_ASSET_SERVICE", overrides: Record<string, unknown> = {}) {
  const token = await api.token(persona);
  const created = await call("POST", "/api/applications", 201, { token, body: completeApplication(category, overrides) });
  await uploadAllRequired(checked, token, created.json.id, category);
  await call("POST", `/api/applications/${created.json.id}/submit`, 200, { token });
  return created.json.id as string;
}

/** Assign and approve by one reviewer (below the four-eyes threshold): the licence number. */
async function licensed(persona: "applicantA" | "applicantB", category: "BITCOIN_MINING" | "VIRTUAL_ASSET_SERVICE", overrides: Record<string, unknown> = {}) {
  const id = await submitted(persona, category, overrides);
  await call("POST", `/api/review/applications/${id}/assign`, 200, { token: "reviewer1" });
  const approved = await call("POST", `/api/review/applications/${id}/decision`, 200, { token: "reviewer1", body: { decision: "approve", reason: "Meets the sandbox criteria." } });
  return approved.json.licenceNumber as string;
}

describe("the API answers as its OpenAPI document says", () => {
  let roundId = "";
  let applicationId = "";
  let documentId = "";
  let licenceNumber = "";

  it("public reads and the admin's rounds", async () => {
    await call("GET", "/api/health", 200);
    await call("GET", "/api/openapi.json", 200);
    const round = await call("POST", "/api/allocations", 201, { token: "admin", body: roundBody([{ region: "KE", category: "BITCOIN_MINING", mw: 200 }]) });
    roundId = round.json.roundId;
    await call("POST", `/api/allocations/${roundId}/amendments`, 200, { token: "admin", body: { region: "KE", category: "BITCOIN_MINING", deltaMw: 10, reason: "More capacity." } });
    await call("GET", "/api/allocations", 200);
    await call("GET", `/api/allocations/${roundId}`, 200);
    await call("POST", "/api/eligibility", 200, { body: { category: "BITCOIN_MINING", region: "KE", requestedMw: 5, startDate: "2026-03-01" } });
    await call("POST", "/api/eligibility", 400, { body: { category: "BITCOIN_MINING" } });
    await call("GET", "/api/allocations/nosuchround", 404);
  });

  it("the applicant drafts, edits, uploads and submits", async () => {
    const token = await api.token("applicantA");
    const energy = { region: "KE", requestedMw: 60, startDate: "2026-03-01", curtailable: true };
    const created = await call("POST", "/api/applications", 201, { token, body: completeApplication("BITCOIN_MINING", { energy }) });
    applicationId = created.json.id;
    await call("GET", "/api/applications", 200, { token });
    const read = await call("GET", `/api/applications/${applicationId}`, 200, { token });
    await call("PATCH", `/api/applications/${applicationId}`, 428, { token, body: { energy } });
    await call("PATCH", `/api/applications/${applicationId}`, 412, { token, body: { energy }, headers: { "if-match": '"99"' } });
    await call("PATCH", `/api/applications/${applicationId}`, 200, { token, body: { energy: { ...energy, requestedMw: 70 } }, headers: { "if-match": read.headers.get("etag")! } });
    await call("GET", `/api/applications/${applicationId}/eligibility`, 200, { token });
    await call("POST", `/api/applications/${applicationId}/submit`, 409, { token });
    await uploadAllRequired(checked, token, applicationId, "BITCOIN_MINING");
    documentId = (await call("GET", `/api/applications/${applicationId}`, 200, { token })).json.documents[0].documentId;
    await call("GET", `/api/applications/${applicationId}/documents/${documentId}`, 200, { token });
    await call("POST", `/api/applications/${applicationId}/submit`, 200, { token });
    await call("GET", `/api/applications/${applicationId}`, 404, { token: "applicantB" });
    await call("GET", "/api/applications", 401);
    await call("GET", "/api/applications", 403, { token: "reviewer1" });

    const withdrawn = await call("POST", "/api/applications", 201, { token, body: completeApplication("VIRTUAL_ASSET_SERVICE") });
    await call("POST", `/api/applications/${withdrawn.json.id}/withdraw`, 200, { token, body: { reason: "Not this year." } });
  });

  it("reviewers assign, ask for information, and two of them approve", async () => {
    await call("GET", "/api/review/queue", 200, { token: "reviewer1" });
    await call("GET", `/api/review/applications/${applicationId}`, 200, { token: "reviewer1" });
    await call("GET", `/api/review/applications/${applicationId}/documents/${documentId}`, 200, { token: "reviewer1" });
    await call("POST", `/api/review/applications/${applicationId}/assign`, 200, { token: "reviewer1" });
    await call("POST", `/api/review/applications/${applicationId}/request-info`, 200, { token: "reviewer1", body: { message: "Send the grid study's annex B." } });
    await call("POST", `/api/applications/${applicationId}/respond`, 200, { token: "applicantA", body: { message: "Uploaded annex B." } });
    const decision = {
      decision: "approve",
      reason: "Meets the sandbox criteria.",
      approvedMw: 60,
      conditions: ["Report monthly."],
      testPlan: { reporting: "MONTHLY", limits: {}, milestones: [{ title: "Site energised", dueDate: "2027-02-01" }] },
    };
    const first = await call("POST", `/api/review/applications/${applicationId}/decision`, 200, { token: "reviewer1", body: decision });
    expect(first.json.status).toBe("PENDING_SECOND_APPROVAL");
    await call("POST", `/api/review/applications/${applicationId}/decision`, 403, { token: "reviewer1", body: { decision: "approve", reason: "Again." } });
    const second = await call("POST", `/api/review/applications/${applicationId}/decision`, 200, { token: "reviewer2", body: { decision: "approve", reason: "Agreed." } });
    licenceNumber = second.json.licenceNumber;
    expect(licenceNumber).toMatch(/^PCC-BTC-/);
  });

  it("the licence, the public register, the feed and the notices", async () => {
    await call("GET", `/api/licences/${licenceNumber}`, 200, { token: "applicantA" });
    await call("GET", `/api/licences/${licenceNumber}`, 200, { token: "reviewer2" });
    await call("GET", `/api/applications/${applicationId}`, 200, { token: "applicantA" });
    await call("GET", "/api/register", 200);
    const csv = await call("GET", "/api/register?format=csv", 200);
    expect(csv.text).toContain(licenceNumber);
    await call("GET", `/api/register/${licenceNumber}`, 200);
    await call("GET", "/api/register/PCC-BTC-2001-000001", 404);
    await call("GET", "/api/register?limit=0", 400);

    for (let i = 0; i < 20 && (await api.request("GET", "/api/notifications", { token: "applicantA" })).json.items.length < 3; i++) {
      await runNotifier(undefined, quietMailer);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const notices = await call("GET", "/api/notifications", 200, { token: "applicantA" });
    expect(notices.json.items.length).toBeGreaterThan(0);
    const feed = await call("GET", "/api/register/feed.atom", 200);
    expect(feed.text).toContain("<feed");
  });

  it("licence actions: suspend, reinstate, revoke, surrender", async () => {
    const vasp = await licensed("applicantB", "VIRTUAL_ASSET_SERVICE");
    await call("POST", `/api/licences/${vasp}/suspend`, 200, { token: "reviewer1", body: { reason: "Inspection." } });
    await call("POST", `/api/licences/${vasp}/suspend`, 409, { token: "reviewer1", body: { reason: "Again." } });
    await call("POST", `/api/licences/${vasp}/reinstate`, 200, { token: "reviewer1", body: { reason: "Inspected." } });
    await call("POST", `/api/licences/${vasp}/revoke`, 200, { token: "reviewer1", body: { reason: "Breaches." } });
    const other = await licensed("applicantB", "VIRTUAL_ASSET_SERVICE");
    await call("POST", `/api/licences/${other}/surrender`, 200, { token: "applicantB", body: { reason: "Leaving the sandbox." } });
    await call("POST", `/api/licences/${other}/surrender`, 403, { token: "reviewer1", body: { reason: "Not mine." } });
  });

  it("supervision: returns, incidents, milestones, cases, variation", async () => {
    const n = licenceNumber;
    const returns = await call("GET", `/api/licences/${n}/returns`, 200, { token: "applicantA" });
    const period = returns.json.items[0].period as string;
    await call("PUT", `/api/licences/${n}/returns/${period}`, 409, { token: "applicantA", body: filing({ energyMwh: 100 }) });
    expect((await setClock(new Date(clock.now().getTime() + 40 * 24 * HOUR).toISOString())).status).toBe(200);
    const filed = await call("PUT", `/api/licences/${n}/returns/${period}`, 200, { token: "applicantA", body: filing({ energyMwh: 4000, peakMw: 70 }) });
    const breach = filed.json.casesOpened[0].caseId as string;
    await call("PUT", `/api/licences/${n}/returns/${period}`, 428, { token: "applicantA", body: filing({ energyMwh: 4000, peakMw: 50 }) });
    await call("POST", `/api/licences/${n}/returns/${period}/query`, 200, { token: "reviewer1", body: { message: "Explain the peak." } });
    await call("PUT", `/api/licences/${n}/returns/${period}`, 200, { token: "applicantA", body: filing({ energyMwh: 4000, peakMw: 50 }, { narrative: "A meter fault." }), headers: { "if-match": '"2"' } });
    await call("POST", `/api/licences/${n}/returns/${period}/accept`, 200, { token: "reviewer1", body: { note: "Thank you." } });
    await call("GET", `/api/licences/${n}/returns`, 200, { token: "reviewer1" });

    const incident = await call("POST", `/api/licences/${n}/incidents`, 201, { token: "applicantA", body: { occurredAt: clock.now().toISOString(), kind: "OUTAGE", severity: "HIGH", description: "Feeder trip." } });
    const incidentCase = incident.json.caseId as string;
    const licence = await call("GET", `/api/licences/${n}`, 200, { token: "reviewer1" });
    const milestoneId = licence.json.testPlan.milestones[0].milestoneId as string;
    await call("POST", `/api/licences/${n}/milestones/${milestoneId}`, 200, { token: "reviewer1", body: { status: "MET", reason: "Energised on time." } });

    await call("GET", `/api/licences/${n}/cases`, 200, { token: "applicantA" });
    await call("GET", "/api/supervision/queue", 200, { token: "reviewer1" });
    await call("GET", "/api/cases", 200, { token: "reviewer1" });
    await call("GET", `/api/cases/${breach}`, 200, { token: "reviewer1" });
    await call("POST", `/api/cases/${breach}/resolve`, 200, { token: "reviewer1", body: { reason: "Meter fixed." } });
    await call("POST", `/api/cases/${breach}/resolve`, 409, { token: "reviewer1", body: { reason: "Again." } });
    await call("POST", `/api/cases/${incidentCase}/escalate`, 200, { token: "reviewer1", body: { reason: "Serious outage." } });
    await call("POST", `/api/licences/${n}/reinstate`, 200, { token: "reviewer2", body: { reason: "Outage addressed." } });
    await call("POST", `/api/licences/${n}/vary`, 200, { token: "reviewer1", body: { approvedMw: 55, reason: "Use it or lose it." } });
  });

  it("energy operations: a curtailment declared, acknowledged and answered", async () => {
    const curtailable = await licensed("applicantB", "BITCOIN_MINING", { energy: { region: "KE", requestedMw: 5, startDate: "2026-03-01", curtailable: true } });
    const grid = { sub: "ke-grid-operator", groups: [], scope: "sandbox/meter.KE" };
    const startsAt = new Date(clock.now().getTime() + HOUR).toISOString();
    const endsAt = new Date(clock.now().getTime() + 4 * HOUR).toISOString();
    const declared = await call("POST", "/api/curtailments", 201, { token: grid, body: { region: "KE", startsAt, endsAt, reductionPercent: 50, reason: "Evening peak." } });
    const id = declared.json.curtailmentId as string;
    expect(declared.json.targets).toContain(curtailable);
    await call("GET", "/api/curtailments?region=KE", 200, { token: grid });
    await call("GET", `/api/curtailments/${id}`, 200, { token: "reviewer1" });
    await call("POST", `/api/curtailments/${id}/ack`, 200, { token: "applicantB", body: { licenceNumber: curtailable } });
    await call("GET", `/api/licences/${curtailable}/curtailments`, 200, { token: "applicantB" });
    await call("POST", `/api/curtailments/${id}/responses`, 409, { token: grid, body: { responses: [{ licenceNumber: curtailable, averageMw: 2 }] } });
    expect((await setClock(new Date(Date.parse(endsAt) + HOUR).toISOString())).status).toBe(200);
    await call("POST", `/api/curtailments/${id}/responses`, 200, { token: grid, body: { responses: [{ licenceNumber: curtailable, averageMw: 2 }] } });
    await call("GET", "/api/audit/curtailments", 200, { token: "auditor" });

    // Metering: the licence's month of issue, once it has ended.
    const issued = (await call("GET", `/api/licences/${curtailable}`, 200, { token: "applicantB" })).json.issuedAt as string;
    const month = issued.slice(0, 7);
    const after = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 2)).toISOString();
    expect((await setClock(after)).status).toBe(200);
    const posted = await call("POST", "/api/meter-readings", 200, { token: grid, body: { readings: [{ licenceNumber: curtailable, period: month, energyMwh: 100, peakMw: 6 }] } });
    expect(posted.json).toMatchObject({ stored: 1, casesOpened: [{ kind: "OVERDRAW", licenceNumber: curtailable }] });
    await call("POST", "/api/meter-readings", 400, { token: grid, body: { readings: [{ licenceNumber: curtailable, period: after.slice(0, 7), energyMwh: 100, peakMw: 6 }] } });
    const energy = await call("GET", `/api/licences/${curtailable}/energy`, 200, { token: "applicantB" });
    expect(energy.json.items[0]).toMatchObject({ period: month, status: "OVERDRAW" });
    await call("GET", `/api/energy/usage?roundId=${roundId}`, 200);
    await call("GET", "/api/energy/usage?roundId=nosuchround", 404);
    await call("GET", `/api/audit/meter-readings?licenceNumber=${curtailable}`, 200, { token: "auditor" });
  });

  it("extension and exit near the end of the term", async () => {
    const n = licenceNumber;
    const licence = await call("GET", `/api/licences/${n}`, 200, { token: "applicantA" });
    expect((await setClock(new Date(Date.parse(licence.json.expiresAt) - 80 * 24 * HOUR).toISOString())).status).toBe(200);
    await call("POST", `/api/licences/${n}/extension`, 201, { token: "applicantA", body: { months: 3, reason: "Commissioning slipped." } });
    await call("POST", `/api/licences/${n}/extension`, 409, { token: "applicantA", body: { months: 3, reason: "Again." } });
    await call("POST", `/api/licences/${n}/extension/decision`, 200, { token: "reviewer1", body: { decision: "approve", reason: "Reasonable." } });
    await call("POST", `/api/licences/${n}/exit-report`, 201, { token: "applicantA", body: { outcomesAchieved: true, summary: "Ran as planned.", customersTransitioned: "None to move.", early: true } });
    await call("POST", `/api/licences/${n}/exit`, 200, { token: "reviewer1", body: { outcome: "GRADUATED", reason: "Met its outcomes." } });
  });

  it("the auditor reads everything, the log and its proofs", async () => {
    const token = "auditor";
    await call("GET", "/api/audit/applications", 200, { token });
    await call("GET", `/api/audit/applications/${applicationId}`, 200, { token });
    await call("GET", "/api/audit/licences", 200, { token });
    await call("GET", "/api/audit/returns", 200, { token });
    await call("GET", "/api/audit/cases", 200, { token });
    await call("GET", `/api/audit/documents/${documentId}`, 200, { token });
    let head = (await call("GET", "/api/audit/events/head", 200, { token })).json;
    while (head.pendingEvents > 0) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      head = (await call("GET", "/api/audit/events/head", 200, { token })).json;
    }
    const events = await call("GET", "/api/audit/events?limit=100", 200, { token });
    expect(events.json.items.length).toBeGreaterThan(0);
    await call("GET", "/api/audit/checkpoint", 200, { token });
    await call("GET", "/api/audit/checkpoint/key", 200, { token });
    await call("GET", `/api/audit/events/1/proof`, 200, { token });
    await call("GET", `/api/audit/events/${head.seq + 1}/proof`, 404, { token });
    await call("GET", `/api/audit/consistency?from=1&to=${head.seq}`, 200, { token });
    expect((await api.request("POST", "/api/dev/jobs/audit-checkpoint")).status).toBe(200);
    const archived = await call("GET", "/api/audit/checkpoints", 200, { token });
    expect(archived.json.items.length).toBe(1);
    await call("POST", `/api/licences/${licenceNumber}/suspend`, 403, { token, body: { reason: "Auditors only read." } });
  });

  it("answered every operation in the document with a 2xx", () => {
    const all = Object.values(doc.paths).flatMap((byMethod) => Object.values(byMethod).map((op) => op.operationId));
    const missed = all.filter((id) => ![...(seen.get(id) ?? [])].some((s) => s >= 200 && s < 300));
    expect(missed).toEqual([]);
  });
});

describe("the validator bites", () => {
  it("refuses an answer with a field the schema does not allow, or without a required one", async () => {
    const res = await api.request("GET", "/api/allocations");
    const round = (res.json as { items: Record<string, unknown>[] }).items[0];
    expect(round).toBeDefined();
    const schemaOf = (body: unknown) => ({ ...res, json: body, text: JSON.stringify(body) });
    expect(() => validate("GET", "/api/allocations", schemaOf(res.json))).not.toThrow();
    expect(() => validate("GET", "/api/allocations", schemaOf({ items: [{ ...round, applicantSub: "someone" }], nextCursor: null }))).toThrow(/must NOT have additional properties/);
    const { roundId: _missing, ...withoutId } = round;
    expect(() => validate("GET", "/api/allocations", schemaOf({ items: [withoutId], nextCursor: null }))).toThrow(/must have required property 'roundId'/);
    expect(() => validate("GET", "/api/allocations", { ...res, status: 299 })).toThrow(/status 299 is not documented/);
  });
});
