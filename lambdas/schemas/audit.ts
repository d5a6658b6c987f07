import * as z from "zod";
import { page } from "./common.ts";

// What the auditor routes answer (docs/api.md "Audit log"). Browser-safe: the web app's types come from here.

const hex64 = () => z.string().regex(/^[0-9a-f]{64}$/);

/** A sequenced event; `data` differs by action. */
export const AuditEventView = z.strictObject({
  seq: z.number().int().min(1),
  eventId: z.string(),
  at: z.string(),
  actor: z.strictObject({ sub: z.string(), groups: z.array(z.string()) }),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  data: z.record(z.string(), z.unknown()),
  leafHash: hex64(),
});
export type AuditEventView = z.output<typeof AuditEventView>;
export const EventsPage = page(AuditEventView);
export type EventsPage = z.output<typeof EventsPage>;

/** The latest signed checkpoint's size and root, and what it does not cover yet. */
export const EventsHead = z.strictObject({ seq: z.number().int().min(0), rootHash: hex64(), at: z.string().nullable(), pendingEvents: z.number().int().min(0), oldestPendingSeconds: z.number().min(0) });
export type EventsHead = z.output<typeof EventsHead>;

export const InclusionProof = z.strictObject({ seq: z.number().int().min(1), leafIndex: z.number().int().min(0), treeSize: z.number().int().min(0), leafHash: hex64(), hashes: z.array(hex64()) });
export const ConsistencyProof = z.strictObject({ from: z.number().int().min(0), to: z.number().int().min(0), hashes: z.array(hex64()) });
export const CheckpointKey = z.strictObject({ origin: z.string(), keyName: z.string(), vkey: z.string() });
export const CheckpointPage = page(z.strictObject({ treeSize: z.number().int().min(0), at: z.string(), note: z.string() }));

/** GET /api/health. */
export const Health = z.strictObject({ status: z.literal("ok") });
/** GET /api/openapi.json: an OpenAPI 3.1 document (its own schema is out of scope here). */
export const OpenApiDocument = z.looseObject({ openapi: z.string(), info: z.record(z.string(), z.unknown()), paths: z.record(z.string(), z.unknown()) });
