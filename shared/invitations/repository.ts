import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { CohortId } from '../domain/cohort/cohort-id.ts';
import type { ZoneCode } from '../domain/zones.ts';
import { keys } from '../platform/dynamodb/keys.ts';
import { queryItems } from '../platform/dynamodb/query-all.ts';
import { tableDesign } from '../platform/dynamodb/table-design.ts';
import type { Invitee } from './model.ts';

/** Items per BatchWriteItem call: DynamoDB's maximum. */
export const BATCH_WRITE_SIZE = 25;
/** Attempts at writing what BatchWriteItem left unprocessed (throttling) before giving up. */
const UNPROCESSED_ATTEMPTS = 8;

/** What one import changed, kept beside the invitees so facilitators can see who imported what. */
export interface InviteeImportRecord {
  readonly cohort: CohortId;
  readonly importId: string;
  readonly importedAt: string;
  readonly importedBy: string;
  readonly rows: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
}

export type InviteePage = { items: Invitee[]; nextKey: Record<string, unknown> | undefined };

/** One invitee an import writes, with the version it replaces (undefined: the import creates it). */
export interface InviteeChange {
  readonly invitee: Invitee;
  readonly before: Invitee | undefined;
}

/** Thrown when BatchWriteItem kept leaving items unprocessed: the import can simply be sent again. */
export class InviteeWriteIncompleteError extends Error {
  constructor(readonly unwritten: number) {
    super(`${unwritten} invitee(s) could not be written after ${UNPROCESSED_ATTEMPTS} attempts`);
    this.name = 'InviteeWriteIncompleteError';
  }
}

/**
 * Thrown by putAll when a batch failed (an error, a timeout, or items left unprocessed): the
 * invitees of every batch sent so far, the failed one included (BatchWriteItem is not atomic,
 * so any of them may be stored), are in `attempted`; the later ones were never sent.
 */
export class InviteeWriteFailedError extends Error {
  constructor(
    readonly attempted: number,
    options: { cause: unknown },
  ) {
    super(`writing invitees failed in the batch ending at invitee ${attempted}`, options);
    this.name = 'InviteeWriteFailedError';
  }
}

/**
 * The invitees of a cohort, all in one partition (`INVITEE#<cohort>`, sort key
 * `INVITEE#<inviteeId>`), so one paged Query lists them: never a Scan.
 */
export class InviteeRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  /** One page of a cohort's invitees in id order; consistent, so an import just made is seen. */
  async page(
    cohort: CohortId,
    options: { limit?: number; startKey?: Record<string, unknown> } = {},
  ): Promise<InviteePage> {
    const page = await this.client.send(
      new QueryCommand({
        ...this.inviteesQuery(cohort),
        ...(options.limit !== undefined ? { Limit: options.limit } : {}),
        ...(options.startKey ? { ExclusiveStartKey: options.startKey } : {}),
      }),
    );
    return { items: (page.Items ?? []).map(toInvitee), nextKey: page.LastEvaluatedKey };
  }

  /** Every invitee of the cohort, page by page, as they are read. */
  async *each(cohort: CohortId): AsyncGenerator<Invitee> {
    for await (const item of queryItems(this.client, this.inviteesQuery(cohort))) yield toInvitee(item);
  }

  /** A cohort's invitees in id order; consistent, so an import just made is seen. */
  private inviteesQuery(cohort: CohortId): QueryCommandInput {
    return {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :invitee)',
      ExpressionAttributeValues: { ':pk': keys.inviteesOf(cohort), ':invitee': 'INVITEE#' },
      ConsistentRead: true,
    };
  }

  async all(cohort: CohortId): Promise<Invitee[]> {
    const invitees: Invitee[] = [];
    for await (const invitee of this.each(cohort)) invitees.push(invitee);
    return invitees;
  }

  /**
   * Writes invitees (new or changed) in batches of 25. Each item is a whole put keyed by
   * cohort and invitee id, so writing the same invitees again changes nothing: a request
   * interrupted halfway is completed by sending it again. On a failed batch, throws
   * InviteeWriteFailedError telling how many invitees (from the first) may have been written.
   */
  async putAll(invitees: readonly Invitee[]): Promise<void> {
    for (let start = 0; start < invitees.length; start += BATCH_WRITE_SIZE) {
      const batch = invitees.slice(start, start + BATCH_WRITE_SIZE);
      try {
        await this.writeBatch(
          batch.map((invitee) => ({ PutRequest: { Item: toItem(invitee) } })),
          invitees.length - start - batch.length,
        );
      } catch (error) {
        throw new InviteeWriteFailedError(start + batch.length, { cause: error });
      }
    }
  }

  /**
   * Undoes what putAll may have written of `changes`: deletes the invitees they created and
   * puts back the previous version of those they updated. Undoing a write that never happened
   * changes nothing (the item is already absent, or already the previous version).
   */
  async undo(changes: readonly InviteeChange[]): Promise<void> {
    for (let start = 0; start < changes.length; start += BATCH_WRITE_SIZE) {
      const batch = changes.slice(start, start + BATCH_WRITE_SIZE);
      await this.writeBatch(
        batch.map(({ invitee, before }) =>
          before
            ? { PutRequest: { Item: toItem(before) } }
            : { DeleteRequest: { Key: keys.invitee(invitee.cohort, invitee.inviteeId) } },
        ),
        changes.length - start - batch.length,
      );
    }
  }

  /** One BatchWriteItem of at most 25 requests, retrying what it leaves unprocessed (throttling). */
  private async writeBatch(requests: Record<string, unknown>[], after: number): Promise<void> {
    let pending = requests;
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      if (attempt > UNPROCESSED_ATTEMPTS) throw new InviteeWriteIncompleteError(pending.length + after);
      if (attempt > 1) await this.sleep(Math.min(2000, 50 * 2 ** attempt));
      const result = await this.client.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: pending } }));
      pending = (result.UnprocessedItems?.[this.tableName] ?? []) as Record<string, unknown>[];
    }
  }

  async recordImport(record: InviteeImportRecord): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.inviteeImport(record.cohort, record.importedAt, record.importId),
          type: 'InviteeImport',
          ...record,
        },
      }),
    );
  }

  /**
   * The applicant keys that have an application in a cohort's zone, whatever its status
   * (a Query on the review-queue index, reading only the key).
   */
  async applicantKeysOf(cohort: CohortId, zone: ZoneCode): Promise<Set<string>> {
    const found = new Set<string>();
    const items = queryItems(this.client, {
      TableName: this.tableName,
      IndexName: tableDesign.globalSecondaryIndexes[0].indexName,
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.cohortZone(cohort, zone) },
      ProjectionExpression: 'applicantKey',
    });
    for await (const item of items) if (typeof item.applicantKey === 'string') found.add(item.applicantKey);
    return found;
  }
}

function toItem(invitee: Invitee): Record<string, unknown> {
  return { ...keys.invitee(invitee.cohort, invitee.inviteeId), type: 'Invitee', ...invitee };
}

function toInvitee(item: Record<string, unknown>): Invitee {
  const { pk: _pk, sk: _sk, type: _type, ...invitee } = item;
  return invitee as unknown as Invitee;
}
