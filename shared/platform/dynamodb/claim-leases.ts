import { DeleteCommand, type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailure } from './conditional.ts';
import { epochSeconds, keys } from './keys.ts';

/** How long a lease lasts unless renewed; after it, a crashed holder's lease may be taken over. */
export const SCOPE_LEASE_SECONDS = 120;
/** A lease item outlives its last holder by a day at most (time to live). */
const LEASE_RETENTION_SECONDS = 86_400;

/**
 * Leases on a scope of notification keys (e.g. one bulk job's, or a cohort's invitations).
 * Only the holder claims keys of its scope, so its claims need no condition each and can be
 * written many per request. One conditional write per acquisition or renewal.
 */
export class ClaimLeaseRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Takes the scope's lease for `token` (or extends it, if `token` holds it) until
   * SCOPE_LEASE_SECONDS after `now`; false when another holder's lease has not run out.
   */
  async acquire(scope: string, token: string, now: Date): Promise<boolean> {
    return this.write(
      scope,
      token,
      now,
      'attribute_not_exists(leaseToken) OR leaseToken = :token OR leaseUntil < :now',
    );
  }

  /** Extends a lease `token` holds; false when it was taken over meanwhile. */
  async renew(scope: string, token: string, now: Date): Promise<boolean> {
    return this.write(scope, token, now, 'leaseToken = :token');
  }

  /** Gives the lease up, if `token` still holds it. */
  async release(scope: string, token: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.claimLease(scope),
          ConditionExpression: 'leaseToken = :token',
          ExpressionAttributeValues: { ':token': token },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
    }
  }

  private async write(scope: string, token: string, now: Date, condition: string): Promise<boolean> {
    const nowSeconds = epochSeconds(now);
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.claimLease(scope),
          UpdateExpression: 'SET #type = :type, leaseToken = :token, leaseUntil = :until, expiresAt = :expires',
          ConditionExpression: condition,
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: {
            ':type': 'ClaimLease',
            ':token': token,
            ':until': nowSeconds + SCOPE_LEASE_SECONDS,
            ':expires': nowSeconds + LEASE_RETENTION_SECONDS,
            ...(condition.includes(':now') ? { ':now': nowSeconds } : {}),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailure(error)) return false;
      throw error;
    }
  }
}
