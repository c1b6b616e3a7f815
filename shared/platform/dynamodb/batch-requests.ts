import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  BatchWriteCommand,
  type BatchWriteCommandOutput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';

/** DynamoDB BatchWriteItem takes at most this many writes per request. */
export const BATCH_WRITE_LIMIT = 25;
/** DynamoDB BatchGetItem reads at most this many keys per request. */
export const BATCH_GET_LIMIT = 100;
/** Rounds of retrying what DynamoDB leaves unprocessed (it does so when throttling) before giving up. */
const UNPROCESSED_ATTEMPTS = 5;

type Item = Record<string, unknown>;

function backOff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
}

/** A batch write not attempted because its caller's `stillAllowed` said no. */
export class WriteNotAllowedError extends Error {
  override name = 'WriteNotAllowedError';
}

/**
 * Writes whole items, 25 per BatchWriteItem, retrying what DynamoDB leaves unprocessed;
 * throws naming `what` when some stay unwritten. With `stillAllowed`, each request (retries
 * included) is made only while it answers true, else WriteNotAllowedError.
 */
export async function putAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Item[],
  what: string,
  stillAllowed?: () => boolean,
): Promise<void> {
  for (let start = 0; start < items.length; start += BATCH_WRITE_LIMIT) {
    let pending: NonNullable<BatchWriteCommandOutput['UnprocessedItems']>[string] | undefined = items
      .slice(start, start + BATCH_WRITE_LIMIT)
      .map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 1; pending && pending.length > 0; attempt += 1) {
      if (attempt > UNPROCESSED_ATTEMPTS)
        throw new Error(`${what} could not be written: DynamoDB kept writes unprocessed`);
      if (attempt > 1) await backOff(attempt);
      if (stillAllowed && !stillAllowed()) throw new WriteNotAllowedError(`${what}: write no longer allowed`);
      const result: BatchWriteCommandOutput | undefined = await client.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: pending } }),
      );
      pending = result?.UnprocessedItems?.[tableName];
    }
  }
}

/**
 * Reads items by key consistently, 100 keys per BatchGetItem, retrying what DynamoDB leaves
 * unprocessed; the items found, in no particular order (only their projected attributes).
 */
export async function getAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  itemKeys: readonly Item[],
  projection: { readonly expression: string; readonly names?: Record<string, string> },
  what: string,
): Promise<Item[]> {
  const found: Item[] = [];
  for (let start = 0; start < itemKeys.length; start += BATCH_GET_LIMIT) {
    let pending: Item[] | undefined = itemKeys.slice(start, start + BATCH_GET_LIMIT);
    for (let attempt = 1; pending && pending.length > 0; attempt += 1) {
      if (attempt > UNPROCESSED_ATTEMPTS) throw new Error(`${what} could not be read: DynamoDB kept keys unprocessed`);
      if (attempt > 1) await backOff(attempt);
      const result: BatchGetCommandOutput | undefined = await client.send(
        new BatchGetCommand({
          RequestItems: {
            [tableName]: {
              Keys: pending,
              ConsistentRead: true,
              ProjectionExpression: projection.expression,
              ...(projection.names ? { ExpressionAttributeNames: projection.names } : {}),
            },
          },
        }),
      );
      found.push(...(result?.Responses?.[tableName] ?? []));
      pending = result?.UnprocessedKeys?.[tableName]?.Keys;
    }
  }
  return found;
}
