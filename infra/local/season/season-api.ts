/**
 * The replay's only way into the system: the public and facilitator HTTP API and the local
 * clock route, as an applicant, a facilitator (dev tokens) or an operator would use them.
 */

/** The fields of a JSON object, read one by one by the scenario. */
export type JsonFields = Readonly<Record<string, unknown>>;

export interface ApiAnswer {
  readonly status: number;
  /** The API's answer: parsed JSON, the text when it is not JSON, undefined when empty. */
  readonly body: unknown;
  /** The body's fields when it is a JSON object; none otherwise. */
  readonly fields: JsonFields;
}

/** The fields of `value` when it is a JSON object; none otherwise. */
export function fieldsOf(value: unknown): JsonFields {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonFields) : {};
}

export const FACILITATOR_TOKENS = ['dev-facilitator', 'dev-facilitator-2'] as const;

export class SeasonApi {
  /** Requests made, by "METHOD /route-pattern". */
  readonly requests = new Map<string, number>();

  constructor(readonly baseUrl: string) {}

  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiAnswer> {
    const route = `${method} ${path
      .replace(/\?.*$/, '')
      .replace(/\/(sdz|ildz|cnz)-[^/]+/g, '/{applicationId}')
      .replace(/\/clarifications\/[^/]+/, '/clarifications/{clarificationId}')
      .replace(/\/sessions\/\d{4}-\d{2}-\d{2}/, '/sessions/{sessionDate}')}`;
    this.requests.set(route, (this.requests.get(route) ?? 0) + 1);
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: response.status, body: parsed, fields: fieldsOf(parsed) };
  }

  submit(body: unknown, idempotencyKey?: string): Promise<ApiAnswer> {
    return this.request('POST', '/applications', body, idempotencyKey ? { 'idempotency-key': idempotencyKey } : {});
  }

  asFacilitator(
    method: string,
    path: string,
    body?: unknown,
    token: string = FACILITATOR_TOKENS[0],
  ): Promise<ApiAnswer> {
    return this.request(method, path, body, { authorization: `Bearer ${token}` });
  }

  importInvitees(cohort: string, csv: string): Promise<ApiAnswer> {
    return this.request('POST', `/facilitator/invitees?cohort=${cohort}`, csv, {
      'content-type': 'text/csv',
      authorization: `Bearer ${FACILITATOR_TOKENS[0]}`,
    });
  }

  /** Moves the virtual clock; the runtime runs every schedule tick on the way. */
  setClock(instant: Date): Promise<ApiAnswer> {
    return this.request('POST', '/_local/clock', { now: instant.toISOString() });
  }
}
