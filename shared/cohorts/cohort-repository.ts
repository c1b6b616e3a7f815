import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CohortId } from '../domain/cohort/cohort-id.ts';
import type { CohortDefinition } from '../domain/cohort/definition.ts';
import type { CohortState } from '../domain/cohort/registry.ts';
import { isConditionalCheckFailure } from '../platform/dynamodb/conditional.ts';
import { keys } from '../platform/dynamodb/keys.ts';
import { queryItems } from '../platform/dynamodb/query-all.ts';

/** A cohort as the table holds it. */
export interface StoredCohort {
  readonly id: CohortId;
  readonly state: CohortState;
  /** 1 when created; each change adds one. A write names the version it read. */
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly definition: CohortDefinition;
}

/** What one write did, kept beside the cohort (sk CHANGE#<id>#<version>) as its history. */
export interface CohortChangeRecord {
  readonly at: string;
  readonly actor: string;
  readonly action: 'created' | 'changed' | 'scheduled' | 'closed';
  /** The dotted paths a change set, empty for the others. */
  readonly paths: readonly string[];
}

/** The cohort was written by someone else since it was read, or it exists already. */
export class CohortWriteConflict extends Error {
  constructor(
    readonly cohortId: string,
    readonly reason: 'exists' | 'version',
  ) {
    super(reason === 'exists' ? `Cohort ${cohortId} exists` : `Cohort ${cohortId} changed meanwhile`);
    this.name = 'CohortWriteConflict';
  }
}

function fromItem(item: Record<string, unknown>): StoredCohort {
  const { id, state, version, createdAt, updatedAt, definition } = item;
  return { id, state, version, createdAt, updatedAt, definition } as StoredCohort;
}

/** Every cohort in one partition (`COHORTS`): a handful of items a year, read by one Query. */
export class CohortRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async list(): Promise<StoredCohort[]> {
    const cohorts: StoredCohort[] = [];
    const items = queryItems(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :cohort)',
      ExpressionAttributeValues: { ':pk': keys.cohortsIndex, ':cohort': 'COHORT#' },
      ConsistentRead: true,
    });
    for await (const item of items) cohorts.push(fromItem(item));
    return cohorts;
  }

  async get(id: string): Promise<StoredCohort | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.cohort(id), ConsistentRead: true }),
    );
    return result.Item ? fromItem(result.Item) : undefined;
  }

  /** Stores a new cohort; CohortWriteConflict('exists') when one of its id exists. */
  async create(cohort: StoredCohort, change: CohortChangeRecord): Promise<void> {
    await this.write(cohort, change, { condition: 'attribute_not_exists(pk)', values: {} }, 'exists');
  }

  /** Stores the next version of a cohort, only while the stored one is `readVersion`. */
  async update(cohort: StoredCohort, readVersion: number, change: CohortChangeRecord): Promise<void> {
    await this.write(cohort, change, { condition: 'version = :read', values: { ':read': readVersion } }, 'version');
  }

  /** Deletes a draft read at `readVersion`; CohortWriteConflict('version') when it changed or is no longer a draft. */
  async deleteDraft(id: string, readVersion: number): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.cohort(id),
          ConditionExpression: 'version = :read AND #state = :draft',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':read': readVersion, ':draft': 'draft' },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailure(error)) throw new CohortWriteConflict(id, 'version');
      throw error;
    }
  }

  /**
   * The cohort under its condition, then its change record (keyed by version, so a retry
   * rewrites the same item). Two writes, not a transaction: dynalite, the local engine, has no
   * TransactWriteItems; a crash between them loses one history line, never the cohort's state.
   */
  private async write(
    cohort: StoredCohort,
    change: CohortChangeRecord,
    guard: { condition: string; values: Record<string, unknown> },
    conflict: CohortWriteConflict['reason'],
  ): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.cohort(cohort.id), type: 'Cohort', ...cohort },
          ConditionExpression: guard.condition,
          ...(Object.keys(guard.values).length > 0 ? { ExpressionAttributeValues: guard.values } : {}),
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailure(error)) throw new CohortWriteConflict(cohort.id, conflict);
      throw error;
    }
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.cohortChange(cohort.id, cohort.version),
          type: 'CohortChange',
          cohort: cohort.id,
          version: cohort.version,
          ...change,
        },
      }),
    );
  }
}
