import { GENESIS_HASH, sealEvent, type AuditEvent } from "../../lambdas/domain/audit-chain.ts";

// A valid audit trail of any length, sealed with the project's own sealEvent: the shapes and sizes of
// the events the workflow writes (application, document and licence events with small data objects).

const ACTIONS = [
  { action: "application.created", entityType: "application", data: { category: "BITCOIN_MINING", status: "DRAFT" } },
  { action: "document.declared", entityType: "application", data: { documentId: "d", type: "AML_CFT_POLICY", sizeBytes: 81 } },
  { action: "document.verified", entityType: "application", data: { documentId: "d", sha256: "a".repeat(64) } },
  { action: "application.submit", entityType: "application", data: { from: "DRAFT", to: "SUBMITTED" } },
  { action: "application.approve", entityType: "application", data: { licenceNumber: "PCC-BTC-2031-000001", approvedMw: 1, reason: "Meets every criterion" } },
] as const;

export function* auditTrail(count: number, startMs = Date.UTC(2031, 0, 1)): Generator<AuditEvent> {
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const kind = ACTIONS[seq % ACTIONS.length];
    const event = sealEvent({
      seq,
      at: new Date(startMs + seq * 1000).toISOString(),
      actor: { sub: seq % 2 ? "applicant-a" : "reviewer-1", groups: [seq % 2 ? "applicant" : "reviewer"] },
      action: kind.action,
      entityType: kind.entityType,
      entityId: `app${String(Math.floor(seq / 16)).padStart(26, "0")}`,
      data: { ...kind.data },
      prevHash,
    });
    prevHash = event.hash;
    yield event;
  }
}
