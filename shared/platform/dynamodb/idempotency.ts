import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { epochSeconds, isExpired, keys } from './keys.ts';

/** How long a retry with the same Idempotency-Key gets the first answer. */
export const IDEMPOTENCY_RETENTION_HOURS = 24;

export interface StoredResponse {
  readonly requestHash: string;
  readonly statusCode: number;
  readonly body: string;
}

export class IdempotencyRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async find(idempotencyKey: string, now: Date): Promise<StoredResponse | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.idempotency(idempotencyKey), ConsistentRead: true }),
    );
    const item = result.Item as (StoredResponse & { expiresAt?: number }) | undefined;
    if (!item || isExpired(item, now)) return undefined;
    return { requestHash: item.requestHash, statusCode: item.statusCode, body: item.body };
  }

  async save(idempotencyKey: string, response: StoredResponse, now: Date): Promise<void> {
    const expiresAt = epochSeconds(now) + IDEMPOTENCY_RETENTION_HOURS * 3600;
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.idempotency(idempotencyKey), type: 'IdempotencyRecord', ...response, expiresAt },
      }),
    );
  }
}
