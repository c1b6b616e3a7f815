import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { getAll } from '../dynamodb/batch-requests.ts';
import { isConditionalCheckFailure } from '../dynamodb/conditional.ts';
import { keys } from '../dynamodb/keys.ts';
import { queryAll } from '../dynamodb/query-all.ts';
import { tableDesign } from '../dynamodb/table-design.ts';

/** Why an address is no longer mailed. */
export type SuppressionReason = 'bounce' | 'complaint';

/**
 * How an address relates to an application, as found when it was suppressed; 'recipient'
 * when it only received a message tagged with the application (e.g. a copy).
 */
export type ContactRole =
  | 'contact'
  | 'superintendent'
  | 'lead-facilitator'
  | 'representative'
  | 'alternate'
  | 'roster-member'
  | 'recipient';

export interface SuppressedContactOf {
  readonly applicationId: string;
  readonly cohort: string;
  /** The application's zone code, e.g. "SDZ". */
  readonly zone: string;
  readonly organization: string;
  readonly roles: readonly ContactRole[];
}

/** The SES message whose bounce or complaint suppressed the address. */
export interface SuppressionSource {
  readonly messageId: string;
  /** Our `notification` tag of that message (e.g. "receipt"), when it had one. */
  readonly notification: string | null;
  readonly bounceSubType?: string;
  readonly complaintFeedbackType?: string;
  readonly diagnosticCode?: string;
  /** The message's own EmailTags (not SES's `ses:*` ones), e.g. `invitee` and `cohort` of an invitation. */
  readonly tags?: Readonly<Record<string, string>>;
}

export interface Suppression {
  /** Lower case. */
  readonly address: string;
  readonly reason: SuppressionReason;
  /** When SES reported the bounce or complaint. */
  readonly at: string;
  /** When the app recorded it. */
  readonly recordedAt: string;
  readonly source: SuppressionSource;
  /** The applications the address belonged to when it was suppressed (none when unknown). */
  readonly applications: readonly SuppressedContactOf[];
}

/**
 * The form addresses are compared in: the bare address (of `Name <address>`), trimmed and in
 * lower case. Mailbox names are case-insensitive at every provider our applicants use, and
 * the application schema already stores addresses in lower case.
 */
export function normalizeAddress(address: string): string {
  const bare = /<([^<>]+)>\s*$/.exec(address)?.[1];
  return (bare ?? address).trim().toLowerCase();
}

/**
 * The app's own suppression list: one item per address (`SUPPRESSED#<address>`), written once
 * (the first hard bounce or complaint wins; later ones change nothing), listed through the
 * index partition `SUPPRESSED` by time. Every send checks it (shared/platform/email/send.ts).
 */
export class SuppressionList {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Suppresses an address unless it already is: idempotent, so a replayed SES event changes nothing. */
  async suppress(suppression: Suppression): Promise<'suppressed' | 'already-suppressed'> {
    const address = normalizeAddress(suppression.address);
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.suppression(address),
            gsi1pk: keys.suppressionsIndex,
            gsi1sk: `${suppression.at}#${address}`,
            type: 'Suppression',
            ...suppression,
            address,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'suppressed';
    } catch (error) {
      if (isConditionalCheckFailure(error)) return 'already-suppressed';
      throw error;
    }
  }

  /** The suppressed ones among some addresses (normalized), in one consistent batch read per 100. */
  async suppressedAmong(addresses: readonly string[]): Promise<ReadonlySet<string>> {
    const unique = [...new Set(addresses.map(normalizeAddress))];
    const items = await getAll(
      this.client,
      this.tableName,
      unique.map((address) => keys.suppression(address)),
      { expression: '#address', names: { '#address': 'address' } },
      'The suppression list',
    );
    const found = new Set<string>();
    for (const item of items) {
      if (typeof item.address === 'string') found.add(item.address);
    }
    return found;
  }

  /** The check the paced bulk sender takes (shared/platform/bulk/paced-sender.ts). */
  async isSuppressed(address: string): Promise<boolean> {
    return (await this.suppressedAmong([address])).size > 0;
  }

  /** Every suppressed address, newest first (a Query on the index, never a Scan). */
  async list(): Promise<Suppression[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: tableDesign.globalSecondaryIndexes[0].indexName,
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.suppressionsIndex },
      ScanIndexForward: false,
    });
    return items.map(toSuppression);
  }
}

function toSuppression(item: Record<string, unknown>): Suppression {
  const { pk: _pk, sk: _sk, gsi1pk: _gsi1pk, gsi1sk: _gsi1sk, type: _type, ...suppression } = item;
  return suppression as unknown as Suppression;
}
