import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CohortId } from '../domain/cohort/cohort-id.ts';
import { isConditionalCheckFailure } from '../platform/dynamodb/conditional.ts';
import { keys } from '../platform/dynamodb/keys.ts';
import { queryItems } from '../platform/dynamodb/query-all.ts';
import type { SessionMaterials, SessionOverride } from './model.ts';

/** Thrown when a session (or its materials) changed between reading and writing. */
export class SessionConflictError extends Error {
  constructor(readonly sessionDate: string) {
    super(`Session ${sessionDate} changed meanwhile`);
    this.name = 'SessionConflictError';
  }
}

/**
 * A cohort's session changes and materials, in one partition (`SESSION#<cohort>`, sk
 * `SESSION#<date>` and `MATERIALS#<date>`): one Query reads the whole season's.
 */
export class SessionRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getOverride(cohort: CohortId, sessionDate: string): Promise<SessionOverride | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.session(cohort, sessionDate), ConsistentRead: true }),
    );
    return result.Item ? (strip(result.Item) as unknown as SessionOverride) : undefined;
  }

  async getMaterials(cohort: CohortId, sessionDate: string): Promise<SessionMaterials | undefined> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.sessionMaterials(cohort, sessionDate),
        ConsistentRead: true,
      }),
    );
    return result.Item ? (strip(result.Item) as unknown as SessionMaterials) : undefined;
  }

  /** Every change and every materials post of a cohort's sessions, by their scheduled date. */
  async listCohort(
    cohort: CohortId,
  ): Promise<{ overrides: Map<string, SessionOverride>; materials: Map<string, SessionMaterials> }> {
    const overrides = new Map<string, SessionOverride>();
    const materials = new Map<string, SessionMaterials>();
    const items = queryItems(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.sessionsOf(cohort) },
      ConsistentRead: true,
    });
    for await (const item of items) {
      const sk = String(item.sk);
      if (sk.startsWith('SESSION#'))
        overrides.set(sk.slice('SESSION#'.length), strip(item) as unknown as SessionOverride);
      if (sk.startsWith('MATERIALS#'))
        materials.set(sk.slice('MATERIALS#'.length), strip(item) as unknown as SessionMaterials);
    }
    return { overrides, materials };
  }

  /** Stores the next change of a session, only while the stored sequence is the one read (none: 0). */
  async saveOverride(override: SessionOverride, readSequence: number): Promise<void> {
    await this.conditionalPut(
      { ...keys.session(override.cohort, override.sessionDate), type: 'SessionOverride', ...override },
      'sequence',
      readSequence,
      override.sessionDate,
    );
  }

  async saveMaterials(materials: SessionMaterials, readRevision: number): Promise<void> {
    await this.conditionalPut(
      { ...keys.sessionMaterials(materials.cohort, materials.sessionDate), type: 'SessionMaterials', ...materials },
      'revision',
      readRevision,
      materials.sessionDate,
    );
  }

  async markOverrideAnnounced(cohort: CohortId, sessionDate: string, sequence: number): Promise<void> {
    await this.markAnnounced(keys.session(cohort, sessionDate), 'announcedSequence', sequence);
  }

  async markMaterialsAnnounced(cohort: CohortId, sessionDate: string, revision: number): Promise<void> {
    await this.markAnnounced(keys.sessionMaterials(cohort, sessionDate), 'announcedRevision', revision);
  }

  private async conditionalPut(
    item: Record<string, unknown>,
    counter: 'sequence' | 'revision',
    read: number,
    sessionDate: string,
  ): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ...(read === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: '#counter = :read',
                ExpressionAttributeNames: { '#counter': counter },
                ExpressionAttributeValues: { ':read': read },
              }),
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailure(error)) throw new SessionConflictError(sessionDate);
      throw error;
    }
  }

  private async markAnnounced(
    key: { pk: string; sk: string },
    field: 'announcedSequence' | 'announcedRevision',
    value: number,
  ): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'SET #field = :value',
          ConditionExpression: 'attribute_exists(pk) AND #field < :value',
          ExpressionAttributeNames: { '#field': field },
          ExpressionAttributeValues: { ':value': value },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
    }
  }
}

function strip(item: Record<string, unknown>): Record<string, unknown> {
  const { pk: _pk, sk: _sk, type: _type, ...rest } = item;
  return rest;
}
