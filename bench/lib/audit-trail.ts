import { sealEvent, type AuditEvent } from "../../lambdas/domain/audit-event.ts";
import { keys } from "../../lambdas/store/keys.ts";

// A valid audit log of any length, sealed with the project's own sealEvent: the shapes and sizes of
// the events the workflow writes (application, document and licence events with small data objects),
// each with the key its item has in the table (its entity's partition, its n there).

const ACTIONS = [
  { action: "application.created", entityType: "application", data: { category: "BITCOIN_MINING", status: "DRAFT" } },
  { action: "document.declared", entityType: "application", data: { documentId: "d", type: "AML_CFT_POLICY", sizeBytes: 81 } },
  { action: "document.verified", entityType: "application", data: { documentId: "d", sha256: "a".repeat(64) } },
  { action: "application.submit", entityType: "application", data: { from: "DRAFT", to: "SUBMITTED" } },
  { action: "application.approve", entityType: "application", data: { licenceNumber: "PCC-BTC-2031-000001", approvedMw: 1, reason: "Meets every criterion" } },
] as const;

export interface TrailEvent {
  event: AuditEvent;
  key: { pk: string; sk: string };
  n: number;
}

export function* auditTrail(count: number, startMs = Date.UTC(2031, 0, 1)): Generator<TrailEvent> {
  for (let seq = 1; seq <= count; seq++) {
    const kind = ACTIONS[seq % ACTIONS.length];
    const entityId = `app${String(Math.floor(seq / 16)).padStart(26, "0")}`;
    // Entity k holds seqs 16k .. 16k+15, so its n-th event is seq 16k + n - 1 (entity 0 starts at seq 1).
    const n = seq < 16 ? seq : (seq % 16) + 1;
    const ms = startMs + seq * 1000;
    const event = sealEvent({
      seq,
      eventId: `${ms.toString(16).padStart(12, "0").slice(0, 8)}-${ms.toString(16).padStart(12, "0").slice(8)}-7000-8000-${String(seq).padStart(12, "0")}`,
      at: new Date(ms).toISOString(),
      actor: { sub: seq % 2 ? "applicant-a" : "reviewer-1", groups: [seq % 2 ? "applicant" : "reviewer"] },
      action: kind.action,
      entityType: kind.entityType,
      entityId,
      data: { ...kind.data },
    });
    yield { event, key: keys.auditEvent(kind.entityType, entityId, n), n };
  }
}
