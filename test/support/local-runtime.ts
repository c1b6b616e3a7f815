import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { type LocalRuntime, type LocalRuntimeOptions, startLocalRuntime } from '../../infra/local/runtime.ts';
import { keys } from '../../shared/platform/dynamodb/keys.ts';
import { recordLog } from './logs.ts';

export interface InboxEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  attachments: Array<{ filename?: string; contentType: string; content: string }>;
}

/**
 * The local runtime's own lines (a failed API request, a failed delivery attempt, a dead letter) are
 * kept with the system's logs (test/support/logs.ts), so a test asserts them and an unexpected one is seen.
 */
const runtimeLog = (line: string) => recordLog({ level: 'WARN', message: line, service: 'local-runtime' });

/** A running local runtime on free ports, with the probes integration tests need. */
export class RuntimeHarness {
  private constructor(readonly runtime: LocalRuntime) {}

  static async start(options: LocalRuntimeOptions = {}): Promise<RuntimeHarness> {
    const runtime = await startLocalRuntime({ retryBaseMs: 5, retryMaxMs: 50, log: runtimeLog, ...options });
    return new RuntimeHarness(runtime);
  }

  get api(): string {
    return this.runtime.urls.api;
  }

  async post(
    path: string,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: any }> {
    return this.request('POST', path, body, headers);
  }

  /** Any method; a body is sent as JSON unless it is already a string. */
  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: any }> {
    const response = await fetch(`${this.api}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  /** A facilitator call with one of the documented local dev tokens. */
  async asFacilitator(
    method: string,
    path: string,
    body?: unknown,
    token = 'dev-facilitator',
  ): Promise<{ status: number; body: any }> {
    const result = await this.request(method, path, body, { authorization: `Bearer ${token}` });
    await this.runtime.bus.whenIdle();
    return result;
  }

  /** Submits and then waits until every event the submission caused has been handled. */
  async submit(body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
    const result = await this.post('/applications', body, headers);
    await this.runtime.bus.whenIdle();
    return result;
  }

  async inbox(): Promise<InboxEmail[]> {
    const response = await fetch(`${this.runtime.urls.inbox}/store`);
    return ((await response.json()) as { emails: InboxEmail[] }).emails;
  }

  async clearInbox(): Promise<void> {
    await fetch(`${this.runtime.urls.inbox}/clear-store`, { method: 'POST' });
  }

  /**
   * Every item of the table (the local table is small) but the cohorts' partition, which the
   * runtime seeds at start: what the system stored since. Unmarshalled just enough to read pk/sk.
   */
  async items(): Promise<Array<Record<string, any>>> {
    return (await this.allItems()).filter((item) => item.pk !== keys.cohortsIndex);
  }

  /** Every item of the table, the seeded cohorts included. */
  async allItems(): Promise<Array<Record<string, any>>> {
    const client = new DynamoDBClient({
      endpoint: this.runtime.urls.dynamodb,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    try {
      const items: Array<Record<string, any>> = [];
      let start: Record<string, any> | undefined;
      do {
        const page = await client.send(
          new ScanCommand({ TableName: this.runtime.tableName, ...(start ? { ExclusiveStartKey: start } : {}) }),
        );
        for (const item of page.Items ?? []) {
          items.push(
            Object.fromEntries(Object.entries(item).map(([key, value]) => [key, value.S ?? value.N ?? value])),
          );
        }
        start = page.LastEvaluatedKey;
      } while (start);
      return items;
    } finally {
      client.destroy();
    }
  }

  async setClock(now: string): Promise<{ status: number; body: any }> {
    return this.post('/_local/clock', { now });
  }

  stop(): Promise<void> {
    return this.runtime.stop();
  }
}
