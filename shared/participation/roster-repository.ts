import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CohortId } from '../domain/cohort/cohort-id.ts';
import type { ZoneCode } from '../domain/zones.ts';
import { isConditionalCheckFailure } from '../platform/dynamodb/conditional.ts';
import { keys } from '../platform/dynamodb/keys.ts';
import { queryItems } from '../platform/dynamodb/query-all.ts';
import { tableDesign } from '../platform/dynamodb/table-design.ts';
import type { Roster } from './model.ts';

/** Thrown when the roster changed between reading it and writing the next version. */
export class RosterConflictError extends Error {
  constructor(readonly applicationId: string) {
    super(`The roster of ${applicationId} changed meanwhile`);
    this.name = 'RosterConflictError';
  }
}

/** Rosters read per Query page of the index. */
const PAGE_SIZE = 100;

/**
 * Rosters live in their application's partition (sk `ROSTER`); the index lists a cohort's
 * rosters (gsi1pk `ROSTER#<cohort>`, gsi1sk `<zone>#<applicationId>`) with a Query, never a Scan.
 */
export class RosterRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(applicationId: string): Promise<Roster | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.roster(applicationId), ConsistentRead: true }),
    );
    return result.Item ? toRoster(result.Item) : undefined;
  }

  /**
   * Writes the next version of a roster in one conditional put: the first when none exists,
   * otherwise only while the stored version is still the one read.
   */
  async save(roster: Roster, readVersion: number | undefined): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.roster(roster.applicationId),
            gsi1pk: keys.rostersOf(roster.cohort),
            gsi1sk: `${roster.zone}#${roster.applicationId}`,
            type: 'Roster',
            ...roster,
          },
          ...(readVersion === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: '#version = :read',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':read': readVersion },
              }),
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailure(error)) throw new RosterConflictError(roster.applicationId);
      throw error;
    }
  }

  /** Records that a version's RosterChanged event went out (never moves back). */
  async markAnnounced(applicationId: string, version: number): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.roster(applicationId),
          UpdateExpression: 'SET announcedVersion = :version',
          ConditionExpression: 'attribute_exists(pk) AND announcedVersion < :version',
          ExpressionAttributeValues: { ':version': version },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
    }
  }

  /** Every roster of a cohort (optionally of one zone), by a Query on the index, page by page. */
  async *listByCohort(cohort: CohortId, zone?: ZoneCode): AsyncGenerator<Roster> {
    const items = queryItems(this.client, {
      TableName: this.tableName,
      IndexName: tableDesign.globalSecondaryIndexes[0].indexName,
      KeyConditionExpression: zone ? 'gsi1pk = :pk AND begins_with(gsi1sk, :zone)' : 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.rostersOf(cohort), ...(zone ? { ':zone': `${zone}#` } : {}) },
      Limit: PAGE_SIZE,
    });
    for await (const item of items) yield toRoster(item);
  }
}

function toRoster(item: Record<string, unknown>): Roster {
  const { pk: _pk, sk: _sk, gsi1pk: _gsi1pk, gsi1sk: _gsi1sk, type: _type, ...roster } = item;
  return roster as unknown as Roster;
}
