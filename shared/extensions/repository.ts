import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CohortId } from '../domain/cohort/cohort-id.ts';
import type { ZoneCode } from '../domain/zones.ts';
import { isConditionalCheckFailure } from '../platform/dynamodb/conditional.ts';
import { keys } from '../platform/dynamodb/keys.ts';
import { queryAll } from '../platform/dynamodb/query-all.ts';
import { tableDesign } from '../platform/dynamodb/table-design.ts';
import type { Extension, ExtensionGrant } from './model.ts';

/**
 * The grants an extension keeps, newest last: every grant adds one, and the item must stay
 * under DynamoDB's 400 KB limit (a 500 beyond it). A season needs a handful at most.
 */
export const MAX_KEPT_GRANTS = 20;

/** Extensions, one item per applicant of a cohort's zone, listed per zone through the index. */
export class ExtensionRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Grants (or re-grants) an extension in one write that also appends the grant to its history, then trims that
   * history.
   */
  async grant(
    target: { cohort: CohortId; zone: ZoneCode; applicantKey: string },
    grant: ExtensionGrant,
  ): Promise<Extension> {
    const result = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.extension(target.cohort, target.zone, target.applicantKey),
        UpdateExpression:
          'SET #type = :type, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk, cohort = :cohort, #zone = :zone, ' +
          'applicantKey = :applicantKey, #until = :until, grantedBy = :grantedBy, grantedAt = :grantedAt, ' +
          '#note = :note, grants = list_append(if_not_exists(grants, :none), :grant)',
        ExpressionAttributeNames: { '#type': 'type', '#zone': 'zone', '#until': 'until', '#note': 'note' },
        ExpressionAttributeValues: {
          ':type': 'Extension',
          ':gsi1pk': keys.extensionsOf(target.cohort, target.zone),
          ':gsi1sk': target.applicantKey,
          ':cohort': target.cohort,
          ':zone': target.zone,
          ':applicantKey': target.applicantKey,
          ':until': grant.until,
          ':grantedBy': grant.grantedBy,
          ':grantedAt': grant.grantedAt,
          ':note': grant.note ?? null,
          ':none': [],
          ':grant': [
            {
              until: grant.until,
              grantedBy: grant.grantedBy,
              grantedAt: grant.grantedAt,
              ...(grant.note !== undefined ? { note: grant.note } : {}),
            },
          ],
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    const extension = toExtension(result.Attributes ?? {});
    await this.forgetOldestGrants(target, extension.grants.length);
    return { ...extension, grants: extension.grants.slice(-MAX_KEPT_GRANTS) };
  }

  /**
   * Removes the grants before the newest MAX_KEPT_GRANTS, in a second write: one update cannot
   * both append to a list and remove from it. Only while the list has the length the grant left:
   * if another grant landed meanwhile, that grant's own call removes them.
   */
  private async forgetOldestGrants(
    target: { cohort: CohortId; zone: ZoneCode; applicantKey: string },
    length: number,
  ): Promise<void> {
    const excess = length - MAX_KEPT_GRANTS;
    if (excess <= 0) return;
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.extension(target.cohort, target.zone, target.applicantKey),
          UpdateExpression: `REMOVE ${Array.from({ length: excess }, (_, index) => `grants[${index}]`).join(', ')}`,
          ConditionExpression: 'size(grants) = :length',
          ExpressionAttributeValues: { ':length': length },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
    }
  }

  async find(cohort: CohortId, zone: ZoneCode, applicantKey: string): Promise<Extension | undefined> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.extension(cohort, zone, applicantKey),
        ConsistentRead: true,
      }),
    );
    return result.Item ? toExtension(result.Item) : undefined;
  }

  /** Every extension of a cohort's zone (a Query on the index, never a Scan), by applicant key. */
  async list(cohort: CohortId, zone: ZoneCode): Promise<Extension[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: tableDesign.globalSecondaryIndexes[0].indexName,
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.extensionsOf(cohort, zone) },
    });
    return items.map(toExtension);
  }
}

function toExtension(item: Record<string, unknown>): Extension {
  const { pk: _pk, sk: _sk, gsi1pk: _gsi1pk, gsi1sk: _gsi1sk, type: _type, note, ...rest } = item;
  return { ...(rest as unknown as Extension), ...(typeof note === 'string' ? { note } : {}) };
}
