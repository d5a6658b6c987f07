import type * as z from "zod";
import { ValidationError } from "../domain/errors.ts";
import { zodFieldErrors } from "../schemas/field-errors.ts";
import type { RouteMiddleware } from "./request-state.ts";

export interface Schemas<P, Q, B> {
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
}

function parseWith<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return value as T;
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(`The ${where} is not valid.`, zodFieldErrors(result.error));
  return result.data;
}

/** The route's zod schemas over path, query string and the parsed body: 400 naming each field. */
export function validate(schemas: Schemas<unknown, unknown, unknown>): RouteMiddleware {
  return {
    before: (request) => {
      request.internal.input = {
        params: parseWith(schemas.params, request.event.pathParameters ?? {}, "path"),
        query: parseWith(schemas.query, request.event.queryStringParameters ?? {}, "query string"),
        body: parseWith(schemas.body, request.internal.json, "body"),
      };
    },
  };
}
