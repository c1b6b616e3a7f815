import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { FieldError } from '../schemas/validation-errors.ts';

export type HttpResponse = APIGatewayProxyStructuredResultV2 & { statusCode: number; body: string };

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

export function jsonResponse(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { statusCode, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}

/** An error answer: a stable machine code, a sentence for people, and details where useful. */
export function errorResponse(
  statusCode: number,
  code: string,
  message: string,
  details: Record<string, unknown> = {},
): HttpResponse {
  return jsonResponse(statusCode, { error: code, message, ...details });
}

export function validationErrorResponse(errors: readonly FieldError[]): HttpResponse {
  return errorResponse(400, 'ValidationError', 'The request is invalid: see errors for each field.', { errors });
}
