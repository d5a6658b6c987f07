import { randomUUID } from "node:crypto";
import type { TestApi } from "./api.ts";
import { completeApplication } from "./applications.ts";
import { uploadAllRequired } from "./documents.ts";
import type { Actor } from "../../lambdas/domain/actor.ts";
import { dueAtFrom, historyEntry, type ApplicationRecord } from "../../lambdas/domain/application.ts";
import { REQUIRED_DOCUMENTS } from "../../lambdas/schemas/application.ts";
import type { PublishRound } from "../../lambdas/schemas/allocations.ts";
import type { Category, EnergyCategory, Region } from "../../lambdas/schemas/common.ts";
import { commit } from "../../lambdas/store/commit.ts";
import { historyItems, saveApplication } from "../../lambdas/store/applications.ts";
import { publishRound } from "../../lambdas/services/rounds.ts";

// Reusable steps of the review journey.
//  - API level (through the dev gateway): publish a round, take an application to SUBMITTED with real
//    verified documents, and walk it through the reviewer's actions.
//  - Store level (integration tests): seed rounds and applications in a given state directly, each
//    write still one audited commit, so the chain stays valid.

export interface RoundLine {
  region: Region;
  category: EnergyCategory;
  mw: number;
  maxPerApplicantMw?: number;
  minRequestMw?: number;
  monthlyAvailability?: number[];
}

/** A round body; lines default to a cap of the whole line and a 0.001 MW minimum. */
export function roundBody(lines: RoundLine[], window: { from: string; to: string } = { from: "2025-07-01", to: "2027-06-30" }, name = `Test round ${randomUUID().slice(0, 8)}`): PublishRound {
  return {
    name,
    effectiveFrom: window.from,
    effectiveTo: window.to,
    tariffUsdCentsPerKwh: 8,
    lines: lines.map((l) => ({ region: l.region, category: l.category, mw: l.mw, maxPerApplicantMw: l.maxPerApplicantMw ?? l.mw, minRequestMw: l.minRequestMw ?? 0.001, ...(l.monthlyAvailability ? { monthlyAvailability: l.monthlyAvailability } : {}) })),
  };
}

// --- API level ------------------------------------------------------------------------------------

async function expectStatus(res: { status: number; text: string }, status: number, what: string) {
  if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status} ${res.text}`);
}

export async function publishRoundApi(api: TestApi, lines: RoundLine[], window?: { from: string; to: string }) {
  const res = await api.request("POST", "/api/allocations", { token: "admin", body: roundBody(lines, window) });
  await expectStatus(res, 201, "publish round");
  return res.json as { roundId: string; lines: { region: string; category: string; mw: number; approvedMw: number; remainingMw: number }[] };
}

export async function lineApi(api: TestApi, roundId: string, region: Region, category: EnergyCategory) {
  const res = await api.request("GET", `/api/allocations/${roundId}`);
  await expectStatus(res, 200, "get round");
  return (res.json.lines as { region: string; category: string; mw: number; approvedMw: number; remainingMw: number }[]).find((l) => l.region === region && l.category === category)!;
}

/** Creates a complete application, uploads and verifies every required document (real bytes), submits it. */
export async function submitApplicationApi(api: TestApi, token: string, category: Category = "BITCOIN_MINING", overrides: Record<string, unknown> = {}) {
  const created = await api.request("POST", "/api/applications", { token, body: completeApplication(category, overrides) });
  await expectStatus(created, 201, "create application");
  const id = created.json.id as string;
  await uploadAllRequired(api, token, id, category);
  const submitted = await api.request("POST", `/api/applications/${id}/submit`, { token });
  await expectStatus(submitted, 200, "submit");
  return submitted.json as { id: string; status: string; dueAt: string; submittedAt: string };
}

/** A reviewer's action through the gateway; returns the raw response so tests can assert on failures. */
export function reviewerAction(api: TestApi, token: string, id: string, action: "assign" | "request-info" | "decision", body?: unknown, headers?: Record<string, string>) {
  return api.request("POST", `/api/review/applications/${id}/${action}`, { token, body, headers });
}

/** SUBMITTED -> UNDER_REVIEW (assigned to the reviewer) -> approve with the given terms. */
export async function assignAndApproveApi(api: TestApi, reviewerToken: string, id: string, terms: Record<string, unknown> = {}) {
  await expectStatus(await reviewerAction(api, reviewerToken, id, "assign"), 200, "assign");
  const res = await reviewerAction(api, reviewerToken, id, "decision", { decision: "approve", reason: "Meets the sandbox criteria.", ...terms });
  await expectStatus(res, 200, "approve");
  return res.json;
}

// --- Store level ----------------------------------------------------------------------------------

export const ADMIN: Actor = { sub: "admin-seed", groups: ["admin"], scopes: [] };
export const REVIEWER_1: Actor = { sub: "reviewer-1", groups: ["reviewer"], scopes: [] };
export const REVIEWER_2: Actor = { sub: "reviewer-2", groups: ["reviewer"], scopes: [] };
export const applicantActor = (sub: string): Actor => ({ sub, groups: ["applicant"], scopes: [] });

export function seedRound(lines: RoundLine[], window?: { from: string; to: string }) {
  return publishRound(ADMIN, roundBody(lines, window));
}

export interface SeedApplication {
  ownerSub?: string;
  category?: Category;
  status?: "SUBMITTED" | "UNDER_REVIEW";
  region?: Region;
  requestedMw?: number;
  startDate?: string;
  legalName?: string;
  /** Personal data the register must never show. */
  idNumber?: string;
  ownerName?: string;
  contactEmail?: string;
  submittedAt?: string;
}

/**
 * Writes a complete application straight into SUBMITTED or UNDER_REVIEW (as if submitted with every
 * document verified), in one audited commit. For integration tests about what happens after submission.
 */
export async function seedApplication(seed: SeedApplication = {}): Promise<ApplicationRecord> {
  const category = seed.category ?? "BITCOIN_MINING";
  const owner = applicantActor(seed.ownerSub ?? `applicant-${randomUUID().slice(0, 8)}`);
  const id = randomUUID().replace(/-/g, "");
  const body = completeApplication(category) as ReturnType<typeof completeApplication> & { energy?: Record<string, unknown> };
  const { result } = await commit(owner, async (now) => {
    const submittedAt = seed.submittedAt ?? now;
    const status = seed.status ?? "SUBMITTED";
    const record: ApplicationRecord = {
      id,
      ownerSub: owner.sub,
      category,
      organisation: {
        ...body.organisation,
        ...(seed.legalName ? { legalName: seed.legalName } : {}),
        ...(seed.contactEmail ? { contactEmail: seed.contactEmail } : {}),
      },
      beneficialOwners: [{ name: seed.ownerName ?? "Ayesha Khan", idNumber: seed.idNumber ?? "35202-1234567-1", ownershipPercent: 100 }],
      ...(body.energy
        ? { energy: { ...body.energy, region: seed.region ?? "PESCO", requestedMw: seed.requestedMw ?? 20, startDate: seed.startDate ?? "2026-01-01", curtailable: true } as ApplicationRecord["energy"] }
        : { vasp: (body as { vasp: ApplicationRecord["vasp"] }).vasp }),
      status,
      version: 1,
      createdAt: submittedAt,
      updatedAt: now,
      submittedAt,
      dueAt: dueAtFrom(submittedAt, 60),
      ...(status === "UNDER_REVIEW" ? { assignedTo: REVIEWER_1.sub } : {}),
      documents: REQUIRED_DOCUMENTS[category].map((type, i) => ({
        documentId: `${id}d${i}`,
        type,
        fileName: `${type.toLowerCase()}.pdf`,
        contentType: "application/pdf" as const,
        sizeBytes: 100,
        sha256: "0".repeat(64),
        status: "VERIFIED" as const,
        createdAt: now,
        objectKey: `applications/${id}/${id}d${i}`,
      })),
      history: [historyEntry(owner, now, "create", null, "DRAFT"), historyEntry(owner, now, "submit", "DRAFT", "SUBMITTED")],
      infoRequests: [],
    };
    return { items: [saveApplication(record), ...historyItems(id, record.version, record.history)], event: { action: "test.seeded", entityType: "application", entityId: id, data: { status } }, result: record };
  });
  return result;
}
