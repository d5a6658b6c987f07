import { createHash } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import type { APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { RouteDef } from "../route-def.ts";
import type { Actor } from "../domain/actor.ts";
import { IdempotencyInFlight, IdempotencyMismatch, ValidationError } from "../domain/errors.ts";
import { dynamo, tableName } from "../store/clients.ts";
import { keys } from "../store/keys.ts";
import { env } from "../env.ts";
import type { RouteMiddleware } from "./request-state.ts";
import { logger } from "./logger.ts";

const KEY_PATTERN = /^[A-Za-z0-9_\-:.]{1,128}$/;
/**
 * How long a claimed key stays "in flight". Longer than any function timeout, so a live request is never
 * run twice; short, so a request whose process died (no answer stored) does not lock its key for 24 h.
 */
const LEASE_SECONDS = 60;

/** What makes two requests "the same": the path (with its ids) and the exact body bytes. */
function fingerprint(event: { rawPath?: string; body?: string; isBase64Encoded?: boolean }): string {
  const body = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, "base64") : Buffer.from(event.body, "utf8")) : Buffer.alloc(0);
  return createHash("sha256").update(event.rawPath ?? "").update("\n").update(body).digest("hex");
}

/**
 * Idempotency-Key (docs/api.md), as the route stack's idempotency middleware, after validation (a
 * request that cannot run never claims a key): the same key and body within the window replays the
 * first answer and has one effect; another body gets 422; a request still in flight gets 409. Keys are
 * scoped to the caller and the route. The record is claimed before the work runs (conditional put),
 * so two concurrent requests with one key can never both run. Answers below 500, problem answers
 * included, are stored and replayed; a 5xx releases the key so the client can retry.
 *
 * Kept as our own middleware rather than @aws-lambda-powertools/idempotency: ours fingerprints the
 * exact body bytes and path, scopes keys per route and caller in the one table's key scheme, replays
 * problem answers, stores large answers gzipped and leases an in-flight claim for 60 s only; Powertools
 * would bring its own record shape and hashing of the parsed payload, and would need each of those
 * re-created around it for the same tested behaviour, with one more package in every bundle.
 */
export function idempotency(route: RouteDef): RouteMiddleware {
  const applies = route.writes && route.method === "POST";
  const settle = async (itemKey: Record<string, string>, response: APIGatewayProxyResultV2 | null | undefined) => {
    const structured = response as APIGatewayProxyStructuredResultV2 | undefined;
    if (!structured || (structured.statusCode ?? 200) >= 500) await release(itemKey);
    else await storeAnswer(itemKey, structured);
  };
  return {
    before: async (request) => {
      const key = request.internal.headers?.["idempotency-key"];
      if (!applies || key === undefined || key === "") return;
      const claim = await claimKey(route, request.internal.actor ?? null, key, request.event);
      if ("replay" in claim) request.internal.replay = claim.replay;
      else request.internal.idempotencyKey = claim.itemKey;
    },
    after: async (request) => {
      const itemKey = request.internal.idempotencyKey;
      if (!itemKey) return;
      request.internal.idempotencyKey = undefined;
      await settle(itemKey, request.response);
    },
    onError: async (request) => {
      const itemKey = request.internal.idempotencyKey;
      if (!itemKey) return;
      request.internal.idempotencyKey = undefined;
      try {
        await settle(itemKey, request.response);
      } catch (error) {
        // The lease runs out on its own; the answer the client gets stays the problem it has.
        logger.warn("idempotency record not settled", { error: error instanceof Error ? error.name : String(error) });
      }
    },
  };
}

async function release(itemKey: Record<string, string>): Promise<void> {
  await dynamo().send(new DeleteCommand({ TableName: tableName(), Key: itemKey }));
}

type Claim = { itemKey: Record<string, string> } | { replay: APIGatewayProxyResultV2 };

/** Claims the key for this request, or answers why not: the stored first answer, 422 or 409. */
async function claimKey(route: RouteDef, actor: Actor | null, key: string, event: { rawPath?: string; body?: string; isBase64Encoded?: boolean }): Promise<Claim> {
  if (!KEY_PATTERN.test(key)) {
    throw new ValidationError("The Idempotency-Key header is not valid.", [{ path: "Idempotency-Key", message: "1 to 128 letters, digits, or - _ : ." }]);
  }
  const itemKey = keys.idempotency(route.id, actor?.sub ?? "anonymous", key);
  const hash = fingerprint(event);
  const nowSec = Math.floor(Date.now() / 1000);
  const ttl = nowSec + env().idempotencySeconds;
  try {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...itemKey, state: "IN_FLIGHT", fingerprint: hash, ttl, leaseUntil: nowSec + LEASE_SECONDS, createdAt: new Date().toISOString() },
        // TTL deletion is lazy: an expired record still present counts as absent; so does an abandoned claim.
        ConditionExpression: "attribute_not_exists(pk) OR #ttl < :now OR (#state = :inFlight AND leaseUntil < :now)",
        ExpressionAttributeNames: { "#ttl": "ttl", "#state": "state" },
        ExpressionAttributeValues: { ":now": nowSec, ":inFlight": "IN_FLIGHT" },
      }),
    );
    return { itemKey };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: itemKey, ConsistentRead: true }));
  if (!Item) throw new IdempotencyInFlight("Retry in a moment.");
  if (Item.fingerprint !== hash) throw new IdempotencyMismatch("Use a new Idempotency-Key for a different request.");
  if (Item.state !== "DONE") throw new IdempotencyInFlight("The first request with this key has not finished yet.");
  const stored = replayOf(Item);
  return { replay: { ...stored, headers: { ...(stored.headers ?? {}), "idempotent-replayed": "true" } } };
}

/**
 * Answers above this many bytes are kept gzipped; DynamoDB's item limit is 400 KB and the record also
 * holds its key, fingerprint and lease.
 */
const COMPRESS_ABOVE_BYTES = 32 * 1024;
const MAX_STORED_BYTES = 300 * 1024;

/**
 * Keeps the answer for replays. The change it answers is already committed, so nothing here may turn
 * that answer into an error: a large body is stored gzipped; one still too large is not stored, and a
 * replay then answers the first answer's status and headers with a short JSON note instead of the body
 * (the effect stays single). Should even that write fail, the key's lease simply runs out.
 */
async function storeAnswer(itemKey: Record<string, string>, answer: APIGatewayProxyStructuredResultV2): Promise<void> {
  const body = answer.body ?? "";
  let values: Record<string, unknown> = { ":response": answer };
  if (Buffer.byteLength(body, "utf8") > COMPRESS_ABOVE_BYTES) {
    const packed = gzipSync(Buffer.from(body, "utf8"));
    values =
      packed.length <= MAX_STORED_BYTES
        ? { ":response": { ...answer, body: "" }, ":packed": packed }
        : { ":response": { ...answer, body: "" }, ":omitted": true };
  }
  const sets = ["#state = :done", "#response = :response", ...(":packed" in values ? ["packedBody = :packed"] : []), ...(":omitted" in values ? ["bodyOmitted = :omitted"] : [])];
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: itemKey,
        UpdateExpression: `SET ${sets.join(", ")}`,
        ExpressionAttributeNames: { "#state": "state", "#response": "response" },
        ExpressionAttributeValues: { ":done": "DONE", ...values },
      }),
    );
  } catch (error) {
    logger.warn("idempotent answer not stored; the change stands and is answered", { error: error instanceof Error ? error.name : String(error) });
  }
}

function replayOf(item: Record<string, unknown>): APIGatewayProxyStructuredResultV2 {
  const stored = item.response as APIGatewayProxyStructuredResultV2;
  if (item.packedBody instanceof Uint8Array) return { ...stored, body: gunzipSync(item.packedBody).toString("utf8") };
  if (item.bodyOmitted === true) {
    return {
      ...stored,
      headers: { ...(stored.headers ?? {}), "content-type": "application/json" },
      body: JSON.stringify({ replayed: true, detail: "The first request with this key succeeded; its answer was too large to keep. GET the record to read it." }),
    };
  }
  return stored;
}
