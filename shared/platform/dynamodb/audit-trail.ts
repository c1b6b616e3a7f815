import { randomUUID } from 'node:crypto';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { putAll } from './batch-requests.ts';
import { keys } from './keys.ts';
import { queryAll } from './query-all.ts';

/** Who did it: a facilitator's id, "applicant", or "system" for scheduled and automatic work. */
export type AuditActor = string;

export interface AuditEntry {
  readonly at: string;
  readonly actor: AuditActor;
  /** What happened, e.g. "submitted", "review-recorded", "email-sent". */
  readonly action: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** DynamoDB BatchWriteItem takes at most this many writes per request. */

let sequence = 0;

/**
 * Sorts by the entry's time, then by when it was really written: the local virtual clock
 * stands still, so entries of one instant keep the order they happened in.
 */
function auditSortKey(at: string): string {
  sequence = (sequence + 1) % 1_000_000;
  const writtenAt = String(Date.now()).padStart(14, '0');
  const order = String(sequence).padStart(6, '0');
  return `AUDIT#${at}#${writtenAt}#${order}#${randomUUID().slice(0, 4)}`;
}

function auditItem(applicationId: string, entry: AuditEntry): Record<string, unknown> {
  return { pk: keys.application(applicationId).pk, sk: auditSortKey(entry.at), type: 'AuditEntry', ...entry };
}

/**
 * Every state change of an application and every email about it, kept in the
 * application's own partition so one Query reads the whole trail in time order.
 */
export class AuditTrail {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(applicationId: string, entry: AuditEntry): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: auditItem(applicationId, entry) }));
  }

  /** Records entries of many applications in one request per 25 (BatchWriteItem), for bulk sends. */
  async recordMany(
    entries: ReadonlyArray<{ readonly applicationId: string; readonly entry: AuditEntry }>,
  ): Promise<void> {
    await putAll(
      this.client,
      this.tableName,
      entries.map(({ applicationId, entry }) => auditItem(applicationId, entry)),
      'The audit trail',
    );
  }

  async list(applicationId: string): Promise<AuditEntry[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
      ExpressionAttributeValues: { ':pk': keys.application(applicationId).pk, ':audit': 'AUDIT#' },
    });
    return items.map((item) => ({ at: item.at, actor: item.actor, action: item.action, details: item.details ?? {} }));
  }
}
