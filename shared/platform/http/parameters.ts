import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { requiredFieldMessages, toFieldErrors } from '../schemas/validation-errors.ts';
import type * as z from '../schemas/zod.ts';
import { readJsonObjectBody } from './request.ts';
import { type HttpResponse, validationErrorResponse } from './response.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; response: HttpResponse };

/** Parses the query string with a zod schema; errors name the parameter. */
export function parseQuery<Schema extends z.ZodMiniType>(
  event: APIGatewayProxyEventV2,
  schema: Schema,
): Parsed<z.output<Schema>> {
  const result = schema.safeParse(event.queryStringParameters ?? {}, { error: requiredFieldMessages });
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, response: validationErrorResponse(toFieldErrors(result.error, 'query')) };
}

/** Parses a path parameter with a zod schema; errors name the parameter. */
export function parsePath<Schema extends z.ZodMiniType>(
  event: APIGatewayProxyEventV2,
  schema: Schema,
): Parsed<z.output<Schema>> {
  const result = schema.safeParse(event.pathParameters ?? {}, { error: requiredFieldMessages });
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, response: validationErrorResponse(toFieldErrors(result.error, 'path')) };
}

/** Reads and parses a JSON body (415/413/400 as for submissions); errors name the field. */
export function parseBody<Schema extends z.ZodMiniType>(
  event: APIGatewayProxyEventV2,
  schema: Schema,
  maxBytes = 32 * 1024,
): Parsed<z.output<Schema>> {
  const body = readJsonObjectBody(event, maxBytes);
  if (!body.ok) return body;
  const result = schema.safeParse(body.value, { error: requiredFieldMessages });
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, response: validationErrorResponse(toFieldErrors(result.error)) };
}
