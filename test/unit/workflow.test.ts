import { describe, expect, it } from "vitest";
import type { Actor } from "../../lambdas/domain/actor.ts";
import { checkTransition, type ApplicationRecord } from "../../lambdas/domain/application.ts";
import { Conflict, Forbidden, Incomplete, InvalidTransition, NotFound } from "../../lambdas/domain/errors.ts";
import { changeLicenceStatus, issueLicence, type LicenceRecord, type LicenceRole } from "../../lambdas/domain/licence.ts";
import {
  APPLICATION_WORKFLOW,
  LICENCE_WORKFLOW,
  actionsFor,
  findLicenceTransition,
  findTransition,
  licenceActionsFor,
  type ApplicationAction,
  type LicenceAction,
} from "../../lambdas/domain/workflow.ts";
import { APPLICATION_STATUSES, REQUIRED_DOCUMENTS, type ApplicationStatus } from "../../lambdas/schemas/application.ts";
import { LICENCE_STATUSES, type LicenceStatus } from "../../lambdas/schemas/review.ts";

// The workflow table walked exhaustively: every (state, action) pair either is a row (and then the
// domain allows it to the right group with its guards satisfied) or is refused with InvalidTransition.
// The expected rows are written out here from docs/product.md "Workflow", independently of the table.

// Record<..., true> makes the compiler fail if an action is added to the type but not walked here.
const APP_ACTIONS = Object.keys({
  submit: true,
  assign: true,
  "request-info": true,
  respond: true,
  approve: true,
  "confirm-approval": true,
  return: true,
  reject: true,
  withdraw: true,
} satisfies Record<ApplicationAction, true>) as ApplicationAction[];

const LICENCE_ACTIONS = Object.keys({ suspend: true, reinstate: true, revoke: true, surrender: true, expire: true } satisfies Record<LicenceAction, true>) as LicenceAction[];

type Expected = { to: ApplicationStatus | "four-eyes"; group: "applicant" | "reviewer" };
const PRE_DECISION: ApplicationStatus[] = ["DRAFT", "SUBMITTED", "UNDER_REVIEW", "INFO_REQUESTED", "PENDING_SECOND_APPROVAL"];
const EXPECTED_APP: Record<string, Expected> = {
  "DRAFT submit": { to: "SUBMITTED", group: "applicant" },
  "SUBMITTED assign": { to: "UNDER_REVIEW", group: "reviewer" },
  "UNDER_REVIEW assign": { to: "UNDER_REVIEW", group: "reviewer" },
  "UNDER_REVIEW request-info": { to: "INFO_REQUESTED", group: "reviewer" },
  "INFO_REQUESTED respond": { to: "UNDER_REVIEW", group: "applicant" },
  "UNDER_REVIEW approve": { to: "four-eyes", group: "reviewer" },
  "UNDER_REVIEW reject": { to: "REJECTED", group: "reviewer" },
  "PENDING_SECOND_APPROVAL confirm-approval": { to: "APPROVED", group: "reviewer" },
  "PENDING_SECOND_APPROVAL return": { to: "UNDER_REVIEW", group: "reviewer" },
  ...Object.fromEntries(PRE_DECISION.map((s) => [`${s} withdraw`, { to: "WITHDRAWN", group: "applicant" }])),
};

const EXPECTED_LICENCE: Record<string, { to: LicenceStatus; role: LicenceRole; releasesMw: boolean }> = {
  "ACTIVE suspend": { to: "SUSPENDED", role: "reviewer", releasesMw: false },
  "SUSPENDED reinstate": { to: "ACTIVE", role: "reviewer", releasesMw: false },
  "ACTIVE revoke": { to: "REVOKED", role: "reviewer", releasesMw: true },
  "SUSPENDED revoke": { to: "REVOKED", role: "reviewer", releasesMw: true },
  "ACTIVE surrender": { to: "SURRENDERED", role: "applicant", releasesMw: true },
  "SUSPENDED surrender": { to: "SURRENDERED", role: "applicant", releasesMw: true },
  "ACTIVE expire": { to: "EXPIRED", role: "system", releasesMw: true },
  "SUSPENDED expire": { to: "EXPIRED", role: "system", releasesMw: true },
};

const OWNER = "applicant-owner";
const applicant: Actor = { sub: OWNER, groups: ["applicant"], scopes: [] };
const otherApplicant: Actor = { sub: "applicant-other", groups: ["applicant"], scopes: [] };
const reviewer1: Actor = { sub: "reviewer-1", groups: ["reviewer"], scopes: [] };
const reviewer2: Actor = { sub: "reviewer-2", groups: ["reviewer"], scopes: [] };
const admin: Actor = { sub: "admin-1", groups: ["admin"], scopes: [] };
const auditor: Actor = { sub: "auditor-1", groups: ["auditor"], scopes: ["sandbox/audit.read"] };

const NOW = "2026-03-01T10:00:00.000Z";

/** A complete VASP application (every field and verified document), in the given state. */
function application(status: ApplicationStatus, extra: Partial<ApplicationRecord> = {}): ApplicationRecord {
  return {
    id: "app1",
    ownerSub: OWNER,
    category: "VIRTUAL_ASSET_SERVICE",
    organisation: { legalName: "Firm Ltd", registrationNumber: "R-1", taxNumber: "T-1", address: "1 Road, Lahore", contactEmail: "c@firm.example" },
    beneficialOwners: [{ name: "Owner One", idNumber: "35202-1234567-1", ownershipPercent: 100 }],
    vasp: { services: ["EXCHANGE"], paidUpCapitalUsd: 1_000_000, complianceOfficerEmail: "co@firm.example" },
    status,
    version: 3,
    createdAt: NOW,
    updatedAt: NOW,
    documents: REQUIRED_DOCUMENTS.VIRTUAL_ASSET_SERVICE.map((type, i) => ({
      documentId: `d${i}`,
      type,
      fileName: `${type}.pdf`,
      contentType: "application/pdf",
      sizeBytes: 100,
      sha256: "a".repeat(64),
      status: "VERIFIED",
      createdAt: NOW,
      objectKey: `applications/app1/d${i}`,
    })),
    history: [],
    infoRequests: [],
    ...(status === "UNDER_REVIEW" ? { assignedTo: reviewer1.sub } : {}),
    ...(status === "PENDING_SECOND_APPROVAL" ? { firstApproval: { by: reviewer1.sub, at: NOW, conditions: [], termMonths: 12, reason: "ok" } } : {}),
    ...extra,
  };
}

const actorFor = (group: "applicant" | "reviewer", status: ApplicationStatus) =>
  group === "applicant" ? applicant : status === "PENDING_SECOND_APPROVAL" ? reviewer2 : reviewer1;

describe("application workflow table", () => {
  it("only the assignee decides (409 for another reviewer); the second approval is any reviewer but the first approver", () => {
    for (const action of ["approve", "reject"] as const) {
      expect(() => checkTransition(application("UNDER_REVIEW"), action, reviewer2)).toThrow(Conflict);
      expect(checkTransition(application("UNDER_REVIEW"), action, reviewer1).action).toBe(action);
    }
    expect(checkTransition(application("PENDING_SECOND_APPROVAL", { assignedTo: reviewer1.sub }), "confirm-approval", reviewer2).next).toBe("APPROVED");
    expect(() => checkTransition(application("PENDING_SECOND_APPROVAL", { assignedTo: reviewer1.sub }), "confirm-approval", reviewer1)).toThrow(Forbidden);
  });

  it("holds exactly the rows docs/product.md describes", () => {
    const actual = Object.fromEntries(APPLICATION_WORKFLOW.map((t) => [`${t.from} ${t.action}`, { to: t.next, group: t.roles.join(",") }]));
    expect(actual).toEqual(Object.fromEntries(Object.entries(EXPECTED_APP).map(([k, v]) => [k, { to: v.to, group: v.group }])));
    // One row per (state, action): findTransition is never ambiguous.
    expect(new Set(APPLICATION_WORKFLOW.map((t) => `${t.from} ${t.action}`)).size).toBe(APPLICATION_WORKFLOW.length);
  });

  for (const status of APPLICATION_STATUSES) {
    for (const action of APP_ACTIONS) {
      const expected = EXPECTED_APP[`${status} ${action}`];
      if (expected) {
        it(`${status} + ${action} -> ${expected.to} for ${expected.group}`, () => {
          const row = checkTransition(application(status), action, actorFor(expected.group, status));
          expect(row.next).toBe(expected.to);
          expect(findTransition(status, action)).toBe(row);
        });
        it(`${status} + ${action} is refused to every other role (403) or non-owner (404)`, () => {
          const record = application(status);
          const others = [applicant, reviewer1, admin, auditor].filter((a) => !a.groups.includes(expected.group));
          for (const actor of others) expect(() => checkTransition(record, action, actor)).toThrow(Forbidden);
          if (expected.group === "applicant") expect(() => checkTransition(record, action, otherApplicant)).toThrow(NotFound);
        });
      } else {
        it(`${status} + ${action} is refused with InvalidTransition (409) for everyone`, () => {
          for (const actor of [applicant, reviewer1, reviewer2, admin, auditor]) {
            expect(() => checkTransition(application(status), action, actor)).toThrow(InvalidTransition);
          }
          expect(findTransition(status, action)).toBeUndefined();
        });
      }
    }
  }

  it("APPROVED, REJECTED and WITHDRAWN are final: no action leaves them", () => {
    for (const status of ["APPROVED", "REJECTED", "WITHDRAWN"] as const) {
      expect(actionsFor(status, "applicant")).toEqual([]);
      expect(actionsFor(status, "reviewer")).toEqual([]);
    }
  });

  it("actionsFor lists what the UI offers each group", () => {
    expect(actionsFor("UNDER_REVIEW", "reviewer").sort()).toEqual(["approve", "assign", "reject", "request-info"]);
    expect(actionsFor("PENDING_SECOND_APPROVAL", "reviewer").sort()).toEqual(["confirm-approval", "return"]);
    expect(actionsFor("INFO_REQUESTED", "applicant").sort()).toEqual(["respond", "withdraw"]);
    expect(actionsFor("SUBMITTED", "admin")).toEqual([]);
  });
});

describe("workflow guards", () => {
  it("submit needs every field and verified document (409 Incomplete naming each gap)", () => {
    const record = application("DRAFT", { documents: [], vasp: undefined });
    try {
      checkTransition(record, "submit", applicant);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(Incomplete);
      const paths = (error as Incomplete).errors!.map((e) => e.path);
      expect(paths).toContain("vasp");
      for (const type of REQUIRED_DOCUMENTS.VIRTUAL_ASSET_SERVICE) expect(paths).toContain(`documents.${type}`);
    }
  });

  it("a reviewer never assigns, asks, approves, rejects, confirms or returns on an application they submitted", () => {
    const both: Actor = { sub: OWNER, groups: ["applicant", "reviewer"], scopes: [] };
    const cases: [ApplicationStatus, ApplicationAction][] = [
      ["SUBMITTED", "assign"],
      ["UNDER_REVIEW", "assign"],
      ["UNDER_REVIEW", "request-info"],
      ["UNDER_REVIEW", "approve"],
      ["UNDER_REVIEW", "reject"],
      ["PENDING_SECOND_APPROVAL", "confirm-approval"],
      ["PENDING_SECOND_APPROVAL", "return"],
    ];
    for (const [status, action] of cases) expect(() => checkTransition(application(status), action, both)).toThrow(Forbidden);
  });

  it("four eyes: the first approver cannot confirm their own approval; another reviewer can", () => {
    const pending = application("PENDING_SECOND_APPROVAL");
    expect(() => checkTransition(pending, "confirm-approval", reviewer1)).toThrow(/different reviewer/);
    expect(checkTransition(pending, "confirm-approval", reviewer2).next).toBe("APPROVED");
    // Returning it for review needs no second pair of eyes: the first approver may take it back.
    expect(checkTransition(pending, "return", reviewer1).next).toBe("UNDER_REVIEW");
  });
});

describe("licence workflow table", () => {
  const licence = (status: LicenceStatus): LicenceRecord => ({
    ...issueLicence(
      { licenceNumber: "PCC-BTC-2026-000001", applicationId: "a", holderSub: OWNER, legalName: "Firm", category: "BITCOIN_MINING", region: "KE", approvedMw: 10, roundId: "r", conditions: [], termMonths: 12, issuedBy: "reviewer-1", reason: "ok" },
      NOW,
    ),
    status,
  });

  it("holds exactly the rows docs/product.md describes", () => {
    const actual = Object.fromEntries(LICENCE_WORKFLOW.map((t) => [`${t.from} ${t.action}`, { to: t.next, role: t.roles.join(","), releasesMw: t.releasesMw }]));
    expect(actual).toEqual(EXPECTED_LICENCE);
  });

  for (const status of LICENCE_STATUSES) {
    for (const action of LICENCE_ACTIONS) {
      const expected = EXPECTED_LICENCE[`${status} ${action}`];
      if (expected) {
        it(`${status} + ${action} -> ${expected.to} for ${expected.role}, with a reason in the history`, () => {
          // The licensee acts as itself; a reviewer or the job is anyone else.
          const sub = expected.role === "applicant" ? OWNER : "x";
          const { row, next } = changeLicenceStatus(licence(status), action, { sub, roles: [expected.role] }, "because", NOW);
          expect(row).toBe(findLicenceTransition(status, action));
          expect(next.status).toBe(expected.to);
          expect(next.version).toBe(2);
          expect(next.statusHistory.at(-1)).toEqual({ at: NOW, from: status, to: expected.to, by: sub, reason: "because" });
          const others: LicenceRole[] = (["applicant", "reviewer", "admin", "auditor", "system"] as const).filter((r) => r !== expected.role);
          for (const role of others) expect(() => changeLicenceStatus(licence(status), action, { sub, roles: [role] }, "r", NOW)).toThrow(Forbidden);
        });
      } else {
        it(`${status} + ${action} is refused with InvalidTransition (409)`, () => {
          for (const role of ["applicant", "reviewer", "system"] as const) {
            expect(() => changeLicenceStatus(licence(status), action, { sub: "x", roles: [role] }, "r", NOW)).toThrow(InvalidTransition);
          }
        });
      }
    }
  }

  it("guards: only the licensee surrenders (404 for anyone else), a reviewer never acts on its own licence, the history is bounded", () => {
    expect(() => changeLicenceStatus(licence("ACTIVE"), "surrender", { sub: "someone-else", roles: ["applicant"] }, "r", NOW)).toThrow(NotFound);
    expect(() => changeLicenceStatus(licence("ACTIVE"), "suspend", { sub: OWNER, roles: ["reviewer"] }, "r", NOW)).toThrow(Forbidden);
    const full = { ...licence("ACTIVE"), statusHistory: Array.from({ length: 100 }, () => licence("ACTIVE").statusHistory[0]) };
    expect(() => changeLicenceStatus(full, "suspend", { sub: "x", roles: ["reviewer"] }, "r", NOW)).toThrow(/100 status changes/);
    // Ending the licence stays possible.
    expect(changeLicenceStatus(full, "revoke", { sub: "x", roles: ["reviewer"] }, "r", NOW).next.status).toBe("REVOKED");
  });

  it("REVOKED, EXPIRED and SURRENDERED are final", () => {
    for (const status of ["REVOKED", "EXPIRED", "SURRENDERED"] as const) {
      expect(licenceActionsFor(status, "reviewer")).toEqual([]);
      expect(licenceActionsFor(status, "applicant")).toEqual([]);
    }
  });
});
