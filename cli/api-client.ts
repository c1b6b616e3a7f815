/**
 * The CLI's HTTP client: one request per call (a JSON body, or a file as is) to the local
 * runtime or a deployed API Gateway HTTP API, with the facilitator's bearer token.
 */

/** The API answered with a 4xx or 5xx. */
export class ApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    /** The parsed JSON body, or the raw text when the body was not JSON. */
    readonly body: unknown,
    /**
     * What the command calls each API field it filled from something other than a fixed option (a `--set` path, a
     * line of the file it sent): a refusal names that instead of the field (labelFields in commands.ts).
     */
    readonly fieldLabels: Readonly<Record<string, string>> = {},
  ) {
    super(`${method} ${path} answered ${status}`);
    this.name = 'ApiError';
  }
}

/** No answer at all: nothing listening, DNS or TLS failure, connection reset. */
export class ApiUnreachableError extends Error {
  constructor(
    readonly baseUrl: string,
    readonly reason: string,
  ) {
    super(`The API is not reachable at ${baseUrl} (${reason})`);
    this.name = 'ApiUnreachableError';
  }
}

export type Fetch = typeof fetch;

export interface RequestOptions {
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Sent as is, with its media type, instead of a JSON body: a CSV file's bytes, say. */
  readonly content?: { readonly type: string; readonly data: Uint8Array | string };
}

/** Why fetch failed, from undici's error chain: "ECONNREFUSED", "ENOTFOUND", or the message. */
function reasonOf(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    if (current.cause === undefined) return current.message;
    current = current.cause;
  }
  return String(error);
}

export class ApiClient {
  readonly baseUrl: string;

  constructor(
    baseUrl: string,
    private readonly token: string | undefined,
    private readonly fetchImpl: Fetch = fetch,
  ) {
    // The stack's ApiUrl output ends with a slash; a named stage adds a path prefix.
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  /** The parsed JSON answer of a 2xx (undefined when empty); throws ApiError or ApiUnreachableError. */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<unknown> {
    const url = new URL(this.baseUrl + path);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.token) headers.authorization = /^Bearer\s/i.test(this.token) ? this.token : `Bearer ${this.token}`;
    if (options.content !== undefined) headers['content-type'] = options.content.type;
    else if (options.body !== undefined) headers['content-type'] = 'application/json';
    const payload =
      options.content !== undefined
        ? options.content.data
        : options.body === undefined
          ? undefined
          : JSON.stringify(options.body);

    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(url, {
        method,
        headers,
        ...(payload === undefined ? {} : { body: payload }),
      });
      text = await response.text();
    } catch (error) {
      throw new ApiUnreachableError(this.baseUrl, reasonOf(error));
    }
    let body: unknown = text === '' ? undefined : text;
    if (text !== '') {
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        // Not JSON (a proxy's HTML page, say): keep the text for the error message.
      }
    }
    if (!response.ok) throw new ApiError(method, path, response.status, body);
    return body;
  }
}
