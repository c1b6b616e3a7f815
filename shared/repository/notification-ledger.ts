import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailure } from './conditional.ts';
import { epochSeconds, keys } from './keys.ts';

/**
 * Keeps each notification's fate, keyed by its business key (e.g. "receipt#<applicationId>"),
 * far longer than EventBridge's 24 h retry window, so a duplicate or late retry sends nothing.
 */
export const LEDGER_RETENTION_DAYS = 400;

/** How long a claim blocks others; after it, a crashed sender's claim may be taken over. */
export const CLAIM_LEASE_SECONDS = 120;

export type Claim =
  | { outcome: 'claimed'; token: string }
  | { outcome: 'already-sent'; messageId: string | undefined }
  | { outcome: 'in-progress' };

export interface LedgerEntry {
  readonly status: 'claimed' | 'sent';
  readonly kind: string;
  readonly subjectId: string;
  readonly messageId?: string;
  readonly sentAt?: string;
}

export class NotificationLedger {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Takes the right to send a notification, unless it went out already or is being sent. */
  async claim(notificationKey: string, details: { kind: string; subjectId: string }, now: Date): Promise<Claim> {
    const token = randomUUID();
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.notification(notificationKey),
            type: 'Notification',
            kind: details.kind,
            subjectId: details.subjectId,
            status: 'claimed',
            claimToken: token,
            claimedUntil: epochSeconds(now) + CLAIM_LEASE_SECONDS,
            expiresAt: epochSeconds(now) + LEDGER_RETENTION_DAYS * 86400,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR (#status = :claimed AND claimedUntil < :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':claimed': 'claimed', ':now': epochSeconds(now) },
        }),
      );
      return { outcome: 'claimed', token };
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
    }
    const entry = await this.get(notificationKey);
    if (entry?.status === 'sent') return { outcome: 'already-sent', messageId: entry.messageId };
    return { outcome: 'in-progress' };
  }

  /** Records the send; the token proves this caller still holds the claim. */
  async markSent(notificationKey: string, token: string, sent: { messageId: string | undefined; recipientCount: number }, now: Date): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.notification(notificationKey),
        UpdateExpression: 'SET #status = :sent, messageId = :messageId, sentAt = :sentAt, recipientCount = :count REMOVE claimToken, claimedUntil',
        ConditionExpression: 'claimToken = :token',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':sent': 'sent',
          ':messageId': sent.messageId ?? 'unknown',
          ':sentAt': now.toISOString(),
          ':count': sent.recipientCount,
          ':token': token,
        },
      }),
    );
  }

  /** Gives the claim back after a failed send, so a retry can send. */
  async release(notificationKey: string, token: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.notification(notificationKey),
          ConditionExpression: 'claimToken = :token',
          ExpressionAttributeValues: { ':token': token },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
    }
  }

  async get(notificationKey: string): Promise<LedgerEntry | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.notification(notificationKey), ConsistentRead: true }),
    );
    return result.Item as LedgerEntry | undefined;
  }
}
