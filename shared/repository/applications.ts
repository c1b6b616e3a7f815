import { DeleteCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CohortId } from '../cohort/registry.ts';
import type { ZoneCode } from '../domain/zones.ts';
import type { Application } from '../schemas/application.ts';
import { isConditionalCheckFailure } from './conditional.ts';
import { keys } from './keys.ts';
import { tableDesign } from './table-design.ts';

export type ApplicationStatus = 'submitted';

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
            gsi1sk: `STATUS#${record.status}#${record.submittedAt}#${record.applicationId}`,
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

  /** How many applications of a cohort's zone are in each status (a Query on the index, never a Scan). */
  async countByStatus(cohort: CohortId, zone: ZoneCode): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: tableDesign.globalSecondaryIndexes[0].indexName,
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.cohortZone(cohort, zone) },
          ProjectionExpression: 'gsi1sk',
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        const status = String(item.gsi1sk).split('#')[1] ?? 'unknown';
        counts[status] = (counts[status] ?? 0) + 1;
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
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
