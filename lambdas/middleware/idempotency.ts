import { createHash } from "node:crypto";
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import type { APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { RouteDef } from "../routes.ts";
import type { Actor } from "../domain/actor.ts";
import { IdempotencyInFlight, IdempotencyMismatch, ValidationError } from "../domain/errors.ts";
import { dynamo, tableName } from "../store/clients.ts";
import { keys } from "../store/keys.ts";
import { env } from "../env.ts";
import { problemResponse, toProblem } from "./problem.ts";

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
 * Idempotency-Key (API.md): the same key and body within the window replays the first answer and has
 * one effect; another body gets 422; a request still in flight gets 409. Keys are scoped to the caller
 * and the route. The record is claimed before the work runs (conditional put), so two concurrent
 * requests with one key can never both run. Answers below 500 are stored and replayed; a 5xx releases
 * the key so the client can retry.
 */
export async function withIdempotency(
  route: RouteDef,
  actor: Actor | null,
  key: string | undefined,
  event: { rawPath?: string; body?: string; isBase64Encoded?: boolean },
  run: () => Promise<APIGatewayProxyResultV2>,
): Promise<APIGatewayProxyResultV2> {
  if (key === undefined || key === "") return run();
  try {
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
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: itemKey, ConsistentRead: true }));
      if (!Item) throw new IdempotencyInFlight("Retry in a moment.");
      if (Item.fingerprint !== hash) throw new IdempotencyMismatch("Use a new Idempotency-Key for a different request.");
      if (Item.state !== "DONE") throw new IdempotencyInFlight("The first request with this key has not finished yet.");
      const stored = Item.response as APIGatewayProxyStructuredResultV2;
      return { ...stored, headers: { ...(stored.headers ?? {}), "idempotent-replayed": "true" } };
    }

    let response: APIGatewayProxyResultV2;
    try {
      response = await run();
    } catch (error) {
      await dynamo().send(new DeleteCommand({ TableName: tableName(), Key: itemKey }));
      throw error;
    }
    const structured = response as APIGatewayProxyStructuredResultV2;
    if ((structured.statusCode ?? 200) >= 500) {
      await dynamo().send(new DeleteCommand({ TableName: tableName(), Key: itemKey }));
    } else {
      await dynamo().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: itemKey,
          UpdateExpression: "SET #state = :done, #response = :response",
          ExpressionAttributeNames: { "#state": "state", "#response": "response" },
          ExpressionAttributeValues: { ":done": "DONE", ":response": structured },
        }),
      );
    }
    return response;
  } catch (error) {
    return problemResponse(toProblem(error));
  }
}
