// Domain errors. Each carries the HTTP status and problem `type` it maps to; the one mapping to
// problem+json lives in middleware/problem.ts. Anything that is not a DomainError is a 500 there.
import type { FieldError } from "../schemas/field-errors.ts";
export type { FieldError };

export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly type: string;
  abstract readonly title: string;
  readonly errors?: FieldError[];
  /** Extra members for the problem document (e.g. remainingMw). */
  readonly extra?: Record<string, unknown>;
  constructor(detail: string, errors?: FieldError[], extra?: Record<string, unknown>) {
    super(detail);
    this.errors = errors;
    this.extra = extra;
  }
}

export class ValidationError extends DomainError {
  override readonly name = "ValidationError";
  readonly status = 400;
  readonly type = "validation";
  readonly title = "The request is not valid";
}

export class Unauthorized extends DomainError {
  override readonly name = "Unauthorized";
  readonly status = 401;
  readonly type = "unauthorized";
  readonly title = "A valid bearer token is required";
}

export class Forbidden extends DomainError {
  override readonly name = "Forbidden";
  readonly status = 403;
  readonly type = "forbidden";
  readonly title = "Your role may not do this";
}

export class NotFound extends DomainError {
  override readonly name = "NotFound";
  readonly status = 404;
  readonly type = "not-found";
  readonly title = "Not found";
}

export class InvalidTransition extends DomainError {
  override readonly name = "InvalidTransition";
  readonly status = 409;
  readonly type = "invalid-transition";
  readonly title = "Not allowed in the current state";
}

export class Incomplete extends DomainError {
  override readonly name = "Incomplete";
  readonly status = 409;
  readonly type = "incomplete";
  readonly title = "Something required is missing";
}

export class Conflict extends DomainError {
  override readonly name = "Conflict";
  readonly status = 409;
  readonly type = "conflict";
  readonly title = "Conflicts with the current state";
}

export class DocumentMismatch extends DomainError {
  override readonly name = "DocumentMismatch";
  readonly status = 409;
  readonly type = "document-mismatch";
  readonly title = "The uploaded file does not match what was declared";
}

export class InsufficientSurplus extends DomainError {
  override readonly name = "InsufficientSurplus";
  readonly status = 409;
  readonly type = "insufficient-surplus";
  readonly title = "Not enough surplus MW remain on this allocation line";
}

export class IdempotencyInFlight extends DomainError {
  override readonly name = "IdempotencyInFlight";
  readonly status = 409;
  readonly type = "idempotency-in-flight";
  readonly title = "A request with this Idempotency-Key is still being processed";
}

export class PreconditionFailed extends DomainError {
  override readonly name = "PreconditionFailed";
  readonly status = 412;
  readonly type = "precondition-failed";
  readonly title = "The record has changed since you read it";
}

export class PayloadTooLarge extends DomainError {
  override readonly name = "PayloadTooLarge";
  readonly status = 413;
  readonly type = "payload-too-large";
  readonly title = "The request body is too large";
}

export class UnsupportedMediaType extends DomainError {
  override readonly name = "UnsupportedMediaType";
  readonly status = 415;
  readonly type = "unsupported-media-type";
  readonly title = "Send application/json";
}

export class IdempotencyMismatch extends DomainError {
  override readonly name = "IdempotencyMismatch";
  readonly status = 422;
  readonly type = "idempotency-key-reused";
  readonly title = "This Idempotency-Key was used with a different request";
}

export class PreconditionRequired extends DomainError {
  override readonly name = "PreconditionRequired";
  readonly status = 428;
  readonly type = "precondition-required";
  readonly title = "Send If-Match with the record's ETag";
}

export class ServiceUnavailable extends DomainError {
  override readonly name = "ServiceUnavailable";
  readonly status = 503;
  readonly type = "service-unavailable";
  readonly title = "A dependency is unavailable; nothing was changed, retry later";
}
