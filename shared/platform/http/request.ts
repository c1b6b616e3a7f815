import { errorResponse, type HttpResponse } from './response.ts';

/** The parts of an HTTP API (payload v2) event that body reading needs. */
export interface HttpRequestLike {
  readonly headers?: Record<string, string | undefined>;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
}

export type BodyResult = { ok: true; value: unknown } | { ok: false; response: HttpResponse };

/** Header lookup that ignores case (API Gateway lower-cases, other callers may not). */
export function header(event: HttpRequestLike, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

/**
 * Reads a JSON object body. HTTP APIs validate nothing, so this is where the
 * content type (415), the size (413) and the syntax (400) are checked.
 */
export function readJsonObjectBody(event: HttpRequestLike, maxBytes: number): BodyResult {
  const contentType = header(event, 'content-type');
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    return { ok: false, response: errorResponse(415, 'UnsupportedMediaType', 'Send the body as application/json.') };
  }
  const raw =
    event.body === undefined ? Buffer.alloc(0) : Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
  if (raw.byteLength > maxBytes) {
    return {
      ok: false,
      response: errorResponse(413, 'PayloadTooLarge', `The body must be at most ${maxBytes} bytes.`, { maxBytes }),
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch {
    return {
      ok: false,
      response: errorResponse(400, 'ValidationError', 'The body is not valid JSON.', {
        errors: [{ field: 'body', message: 'must be valid JSON' }],
      }),
    };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {
      ok: false,
      response: errorResponse(400, 'ValidationError', 'The body must be a JSON object.', {
        errors: [{ field: 'body', message: 'must be a JSON object' }],
      }),
    };
  }
  return { ok: true, value };
}
