import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { CohortId } from '../domain/cohort/cohort-id.ts';
import type { ApplicationStatus, BoardResolution, ResultSent, Review } from '../domain/review.ts';
import type { ZoneCode } from '../domain/zones.ts';
import { isConditionalCheckFailure } from '../platform/dynamodb/conditional.ts';
import { keys } from '../platform/dynamodb/keys.ts';
import { queryItems } from '../platform/dynamodb/query-all.ts';
import { tableDesign } from '../platform/dynamodb/table-design.ts';
import type { Application } from './schemas.ts';

export type { ApplicationStatus } from '../domain/review.ts';

export interface ApplicationRecord {
  readonly applicationId: string;
  readonly cohort: CohortId;
  readonly zone: ZoneCode;
  readonly applicantKey: string;
  readonly status: ApplicationStatus;
  readonly submittedAt: string;
  readonly application: Application;
  /** Hash of the submitted body, to tell a retry from a different request. */
  readonly requestHash: string;
  readonly idempotencyKey?: string;
  /** Optimistic concurrency: every change names the version it read. */
  readonly version: number;
  /** Set on an ILDZ place created by rolling over an SDZ application that was not selected. */
  readonly rolledOverFrom?: string;
  readonly review?: Review;
  readonly resultSent?: ResultSent;
  readonly boardResolution?: BoardResolution;
}

/** Thrown when a change names a version that is no longer current: someone else changed it first. */
export class VersionConflictError extends Error {
  constructor(
    readonly applicationId: string,
    readonly expectedVersion: number,
    readonly currentVersion: number | undefined,
  ) {
    super(`Application ${applicationId} is at version ${currentVersion ?? 'none'}, not ${expectedVersion}`);
    this.name = 'VersionConflictError';
  }
}

export type ApplicationChanges = Partial<
  Pick<ApplicationRecord, 'status' | 'review' | 'resultSent' | 'boardResolution' | 'rolledOverFrom'>
>;

export function queueSortKey(record: Pick<ApplicationRecord, 'status' | 'submittedAt' | 'applicationId'>): string {
  return `STATUS#${record.status}#${record.submittedAt}#${record.applicationId}`;
}

export type CreateResult = { created: true } | { created: false; existing: ApplicationRecord };

export class ApplicationRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Stores a new application in one conditional write. The id derives from
   * (cohort, zone, applicant), so a second application of the same applicant collides here.
   */
  async create(record: ApplicationRecord): Promise<CreateResult> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.application(record.applicationId),
            gsi1pk: keys.cohortZone(record.cohort, record.zone),
            gsi1sk: queueSortKey(record),
            type: 'Application',
            ...record,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { created: true };
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
      const existing = await this.get(record.applicationId);
      if (!existing) throw error;
      return { created: false, existing };
    }
  }

  async get(applicationId: string): Promise<ApplicationRecord | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.application(applicationId), ConsistentRead: true }),
    );
    return result.Item ? toRecord(result.Item) : undefined;
  }

  /**
   * Applies a change to the record as the caller read it, if nobody changed it since
   * (its version is unchanged), in one conditional update that also moves it in the
   * review queue; returns the new record.
   */
  async update(
    read: Pick<ApplicationRecord, 'applicationId' | 'version' | 'submittedAt'>,
    changes: ApplicationChanges,
    removes: ReadonlyArray<keyof ApplicationChanges> = [],
  ): Promise<ApplicationRecord> {
    const names: Record<string, string> = { '#version': 'version' };
    const values: Record<string, unknown> = { ':expected': read.version, ':next': read.version + 1 };
    const sets = ['#version = :next'];
    for (const [field, value] of Object.entries(changes)) {
      if (value === undefined) continue;
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      sets.push(`#${field} = :${field}`);
    }
    if (changes.status !== undefined) {
      names['#gsi1sk'] = 'gsi1sk';
      values[':gsi1sk'] = queueSortKey({
        status: changes.status,
        submittedAt: read.submittedAt,
        applicationId: read.applicationId,
      });
      sets.push('#gsi1sk = :gsi1sk');
    }
    for (const field of removes) names[`#${field}`] = field;
    const removal = removes.length > 0 ? ` REMOVE ${removes.map((field) => `#${field}`).join(', ')}` : '';
    try {
      const result = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.application(read.applicationId),
          UpdateExpression: `SET ${sets.join(', ')}${removal}`,
          ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toRecord(result.Attributes ?? {});
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
      const current = await this.get(read.applicationId);
      throw new VersionConflictError(read.applicationId, read.version, current?.version);
    }
  }

  /** One page of a zone's review queue, optionally of one status, oldest submission first. */
  async listQueue(query: {
    cohort: CohortId;
    zone: ZoneCode;
    status?: ApplicationStatus;
    limit: number;
    startKey?: Record<string, unknown>;
  }): Promise<{ items: ApplicationRecord[]; nextKey: Record<string, unknown> | undefined }> {
    const page = await this.client.send(
      new QueryCommand({
        ...this.queueQuery(query),
        Limit: query.limit,
        ...(query.startKey ? { ExclusiveStartKey: query.startKey } : {}),
      }),
    );
    return { items: (page.Items ?? []).map(toRecord), nextKey: page.LastEvaluatedKey };
  }

  /** Every application of a zone's queue (optionally one status), page after page of `pageSize`. */
  async *queueItems(query: {
    cohort: CohortId;
    zone: ZoneCode;
    status?: ApplicationStatus;
    pageSize: number;
  }): AsyncGenerator<ApplicationRecord> {
    const items = queryItems(this.client, { ...this.queueQuery(query), Limit: query.pageSize });
    for await (const item of items) yield toRecord(item);
  }

  /** A zone's review queue on the index, optionally of one status, oldest submission first. */
  private queueQuery(query: { cohort: CohortId; zone: ZoneCode; status?: ApplicationStatus }): QueryCommandInput {
    return {
      TableName: this.tableName,
      IndexName: tableDesign.globalSecondaryIndexes[0].indexName,
      KeyConditionExpression: query.status ? 'gsi1pk = :pk AND begins_with(gsi1sk, :status)' : 'gsi1pk = :pk',
      ExpressionAttributeValues: {
        ':pk': keys.cohortZone(query.cohort, query.zone),
        ...(query.status ? { ':status': `STATUS#${query.status}#` } : {}),
      },
    };
  }

  /** How many applications of a cohort's zone are in each status (a Query on the index, never a Scan). */
  async countByStatus(cohort: CohortId, zone: ZoneCode): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    const items = queryItems(this.client, {
      TableName: this.tableName,
      IndexName: tableDesign.globalSecondaryIndexes[0].indexName,
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.cohortZone(cohort, zone) },
      ProjectionExpression: 'gsi1sk',
    });
    for await (const item of items) {
      const status = String(item.gsi1sk).split('#')[1] ?? 'unknown';
      counts[status] = (counts[status] ?? 0) + 1;
    }
    return counts;
  }

  /** Undoes a create whose announcement failed, so a refused request leaves nothing stored. */
  async deleteUnannounced(applicationId: string, requestHash: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.application(applicationId),
          ConditionExpression: 'requestHash = :hash',
          ExpressionAttributeValues: { ':hash': requestHash },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
    }
  }
}

function toRecord(item: Record<string, unknown>): ApplicationRecord {
  const { pk: _pk, sk: _sk, gsi1pk: _gsi1pk, gsi1sk: _gsi1sk, type: _type, ...record } = item;
  return record as unknown as ApplicationRecord;
}
