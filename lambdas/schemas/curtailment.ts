import * as z from "zod";
import { Id, LIMITS, Page, Region, message, toKw, toMw } from "./common.ts";

// Curtailment events (docs/curtailment.md): declared by a region's grid operator or an admin, aimed at
// the region's ACTIVE curtailable energy licences, acknowledged by the licensees, answered by the grid
// operator after the end. Browser-safe: the web app's forms use these for their messages.

export const CURTAILMENT_STATUSES = ["UPCOMING", "IN_PROGRESS", "ENDED"] as const;
export type CurtailmentStatus = (typeof CURTAILMENT_STATUSES)[number];
export const CURTAILMENT_OUTCOMES = ["PENDING", "COMPLIED", "FAILED"] as const;
export type CurtailmentOutcome = (typeof CURTAILMENT_OUTCOMES)[number];

/** Most responses one request may carry: validated whole, then stored in chunks (docs/curtailment.md). */
export const MAX_RESPONSES = 500;

const dateTime = () => z.iso.datetime({ offset: true, message: "an ISO 8601 date-time" });
const licenceNumber = z.string().regex(/^PCC-(BTC|AIDC|VASP)-\d{4}-\d{6}$/, "a licence number like PCC-BTC-2026-000017");

/** An average draw: 0 (fully curtailed) or more, in whole kW like every MW figure. */
const averageMw = () =>
  z
    .number({ error: "must be a number" })
    .refine((v) => Number.isFinite(v), "must be a finite number")
    .refine((v) => v >= 0, "must not be negative")
    .refine((v) => !Number.isFinite(v) || toMw(toKw(v)) === v, "whole kW: at most 3 decimals")
    .refine((v) => v <= LIMITS.maxLineMw, `at most ${LIMITS.maxLineMw}`);

export const DeclareCurtailment = z
  .strictObject({
    region: Region,
    startsAt: dateTime(),
    endsAt: dateTime(),
    reductionPercent: z.number({ error: "must be a number" }).int("a whole number").min(1, "at least 1").max(100, "at most 100"),
    reason: message(),
  })
  .superRefine((b, ctx) => {
    if (Date.parse(b.startsAt) >= Date.parse(b.endsAt)) ctx.addIssue({ code: "custom", path: ["endsAt"], message: "must be after startsAt" });
  });
export type DeclareCurtailment = z.infer<typeof DeclareCurtailment>;

export const CurtailmentParams = z.strictObject({ id: Id });
export const CurtailmentsQuery = Page.extend({ region: Region.optional(), status: z.enum(CURTAILMENT_STATUSES).optional() });
export const LicenceCurtailmentsQuery = Page;
export const AuditCurtailmentsQuery = Page.extend({ region: Region.optional(), status: z.enum(CURTAILMENT_STATUSES).optional() });

/** Optional: needed only when the firm holds several of the targeted licences. */
export const AckCurtailment = z.strictObject({ licenceNumber: licenceNumber.optional() }).optional();

export const RespondCurtailment = z.strictObject({
  responses: z
    .array(z.strictObject({ licenceNumber, averageMw: averageMw() }))
    .min(1, "at least one response")
    .max(MAX_RESPONSES, `at most ${MAX_RESPONSES} responses a request`)
    .superRefine((responses, ctx) => {
      const seen = new Set<string>();
      responses.forEach((r, i) => {
        if (seen.has(r.licenceNumber)) ctx.addIssue({ code: "custom", path: [i, "licenceNumber"], message: "given twice in this request" });
        seen.add(r.licenceNumber);
      });
    }),
});
export type RespondCurtailment = z.infer<typeof RespondCurtailment>;

// --- Responses (for the OpenAPI document) ----------------------------------------------------------

const Header = {
  curtailmentId: z.string(),
  region: Region,
  startsAt: z.string(),
  endsAt: z.string(),
  reductionPercent: z.number().int(),
  reason: z.string(),
  /** Derived from the product's clock when answered. */
  status: z.enum(CURTAILMENT_STATUSES),
  declaredAt: z.string(),
  /** The grid operator's machine client or the admin who declared it (a pseudonymous sub). */
  declaredBy: z.string(),
  targetCount: z.number().int(),
  version: z.number().int(),
};

/** One targeted licence as the grid operator, admins and reviewers see it. */
export const CurtailmentTarget = z.object({
  licenceNumber: z.string(),
  legalName: z.string(),
  /** The licence's approved MW when the event was declared: what the outcome is measured against. */
  approvedMw: z.number(),
  /** approvedMw x (1 - reductionPercent / 100), to whole kW: the most the licence may draw on average. */
  limitMw: z.number(),
  acknowledgedAt: z.string().nullable(),
  /** The event has started and the licence had not acknowledged it before its start (late or never). */
  notAcknowledgedBeforeStart: z.boolean(),
  averageMw: z.number().nullable(),
  outcome: z.enum(CURTAILMENT_OUTCOMES),
  respondedAt: z.string().nullable(),
  /** The CURTAILMENT_FAILURE case a FAILED outcome opened. */
  caseId: z.string().nullable(),
});

export const CurtailmentSummary = z.object(Header);
export const CurtailmentView = z.object({ ...Header, targets: z.array(CurtailmentTarget) });
export const CurtailmentDeclared = z.object({ ...Header, targets: z.array(z.string()) });
export const CurtailmentPage = z.object({ items: z.array(CurtailmentSummary), nextCursor: z.string().nullable() });
export const AuditCurtailmentPage = z.object({ items: z.array(CurtailmentView), nextCursor: z.string().nullable() });

/** The event as one targeted licensee sees it: its own licence only, never the other targets (nor how many). */
const { targetCount: _count, declaredBy: _by, ...LicenseeHeader } = Header;
export const LicenceCurtailmentView = z.object({ ...LicenseeHeader, ...CurtailmentTarget.shape });
export const LicenceCurtailmentPage = z.object({ items: z.array(LicenceCurtailmentView), nextCursor: z.string().nullable() });
