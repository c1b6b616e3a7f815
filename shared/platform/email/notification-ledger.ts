import { randomUUID } from 'node:crypto';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { getAll, putAll, WriteNotAllowedError } from '../dynamodb/batch-requests.ts';
import { isConditionalCheckFailure } from '../dynamodb/conditional.ts';
import { epochSeconds, keys } from '../dynamodb/keys.ts';

/**
 * Keeps each notification's fate, keyed by its business key (e.g. "receipt#<applicationId>"),
 * far longer than EventBridge's 24 h retry window, so a duplicate or late retry sends nothing.
 */
export const LEDGER_RETENTION_DAYS = 400;

/** How long a claim blocks others; after it, a crashed sender's claim may be taken over. */
export const CLAIM_LEASE_SECONDS = 120;

/**
 * What a message said, in short (e.g. a result's decision), kept with its ledger entry: an
 * attempt that finds the message sent learns what went out, not what it would say now.
 */
export type MessageSummary = Readonly<Record<string, string>>;

export type Claim =
  | { outcome: 'claimed'; token: string }
  | { outcome: 'already-sent'; messageId: string | undefined; summary?: MessageSummary }
  | { outcome: 'in-progress' };

/** A send to record: the notification the caller claimed, and what SES answered. */
export interface SentRecord {
  readonly key: string;
  readonly kind: string;
  readonly subjectId: string;
  readonly messageId: string | undefined;
  readonly recipientCount: number;
}

/** One notification to claim, as for claim(). */
export interface ClaimRequest {
  readonly key: string;
  readonly kind: string;
  readonly subjectId: string;
}

export interface LedgerEntry {
  readonly status: 'claimed' | 'sent';
  readonly kind: string;
  readonly subjectId: string;
  readonly messageId?: string;
  readonly sentAt?: string;
  readonly summary?: MessageSummary;
}

/** A ledger entry saying `token` holds the right to send the notification, for CLAIM_LEASE_SECONDS. */
function claimedEntry(request: ClaimRequest, token: string, now: Date): Record<string, unknown> {
  return {
    ...keys.notification(request.key),
    type: 'Notification',
    kind: request.kind,
    subjectId: request.subjectId,
    status: 'claimed',
    claimToken: token,
    claimedUntil: epochSeconds(now) + CLAIM_LEASE_SECONDS,
    expiresAt: epochSeconds(now) + LEDGER_RETENTION_DAYS * 86400,
  };
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
          Item: claimedEntry({ key: notificationKey, ...details }, token, now),
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
    if (entry?.status === 'sent')
      return {
        outcome: 'already-sent',
        messageId: entry.messageId,
        ...(entry.summary ? { summary: entry.summary } : {}),
      };
    return { outcome: 'in-progress' };
  }

  /** Records the send (with its summary, if given); the token proves this caller still holds the claim. */
  async markSent(
    notificationKey: string,
    token: string,
    sent: { messageId: string | undefined; recipientCount: number; summary?: MessageSummary },
    now: Date,
  ): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.notification(notificationKey),
        UpdateExpression:
          'SET #status = :sent, messageId = :messageId, sentAt = :sentAt, recipientCount = ' +
          `:count${sent.summary ? ', summary = :summary' : ''} REMOVE claimToken, claimedUntil`,
        ConditionExpression: 'claimToken = :token',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':sent': 'sent',
          ':messageId': sent.messageId ?? 'unknown',
          ':sentAt': now.toISOString(),
          ':count': sent.recipientCount,
          ':token': token,
          ...(sent.summary ? { ':summary': sent.summary } : {}),
        },
      }),
    );
  }

  /**
   * Records many sends in one request per 25 (BatchWriteItem), for the bulk sender. The
   * writes carry no condition (a batch cannot): each replaces its entry with a 'sent' one,
   * which is the truth once SES accepted the email, whoever holds the claim by then; a
   * takeover after the lease (a stalled send) has sent too, and its own markSent then fails
   * and is logged, as before.
   */
  async recordSentMany(records: readonly SentRecord[], now: Date): Promise<void> {
    await putAll(
      this.client,
      this.tableName,
      records.map((record) => ({
        ...keys.notification(record.key),
        type: 'Notification',
        kind: record.kind,
        subjectId: record.subjectId,
        status: 'sent',
        messageId: record.messageId ?? 'unknown',
        sentAt: now.toISOString(),
        recipientCount: record.recipientCount,
        expiresAt: epochSeconds(now) + LEDGER_RETENTION_DAYS * 86400,
      })),
      'The ledger',
    );
  }

  /**
   * Claims many notifications in a read and a write per batch (BatchGetItem, consistently,
   * then BatchWriteItem), with the outcomes of claim(): sent → already-sent, claimed by
   * another and its lease not run out → in-progress, else claimed. The writes carry no
   * condition, so the caller must hold the lease on these keys' scope (bulk/scope-lease.ts),
   * and says so through `leaseHeld`, asked before each write: once it answers false nothing
   * more is written and the claims not made come back in-progress. A key asked for twice in
   * one call is claimed once (in-progress the second time).
   */
  async claimMany(requests: readonly ClaimRequest[], now: Date, leaseHeld: () => boolean): Promise<Claim[]> {
    const uniqueKeys = [...new Set(requests.map((request) => request.key))];
    const found = await getAll(
      this.client,
      this.tableName,
      uniqueKeys.map((key) => keys.notification(key)),
      { expression: 'pk, #status, messageId, claimedUntil', names: { '#status': 'status' } },
      'The ledger',
    );
    // Found entries by their partition key (`NOTIFICATION#<key>`).
    const entries = new Map(
      found.map((item) => [String(item.pk), item as unknown as LedgerEntry & { readonly claimedUntil?: number }]),
    );
    const token = randomUUID();
    const claimed = new Set<string>();
    const claims = requests.map((request): Claim => {
      const entry = entries.get(keys.notification(request.key).pk);
      if (entry?.status === 'sent') return { outcome: 'already-sent', messageId: entry.messageId };
      const heldByOther = entry?.status === 'claimed' && (entry.claimedUntil ?? 0) >= epochSeconds(now);
      if (heldByOther || claimed.has(request.key)) return { outcome: 'in-progress' };
      claimed.add(request.key);
      return { outcome: 'claimed', token };
    });
    const items = requests
      .filter((_, index) => claims[index]?.outcome === 'claimed')
      .map((request) => claimedEntry(request, token, now));
    try {
      await putAll(this.client, this.tableName, items, 'The ledger', leaseHeld);
    } catch (error) {
      if (!(error instanceof WriteNotAllowedError)) throw error;
      // Whatever was written is an unused claim: it runs out like a crashed sender's.
      return claims.map((claim) => (claim.outcome === 'claimed' ? { outcome: 'in-progress' } : claim));
    }
    return claims;
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
