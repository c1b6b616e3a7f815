/**
 * Reading a whole Query: DynamoDB returns at most 1 MB (or `Limit` items) per call, and the
 * next call starts at the previous one's LastEvaluatedKey. Each command is the caller's input,
 * with `ExclusiveStartKey` only from the second page on (or when the caller starts at a key);
 * the input itself is never changed.
 *
 * Not the SDK's paginateQuery: it writes the token into the caller's input object, which every
 * command it sends shares, and sets `ExclusiveStartKey` and `Limit` to undefined on the first.
 */
import {
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';

/** An item as the document client returns it (attribute values unmarshalled). */
export type QueriedItem = NonNullable<QueryCommandOutput['Items']>[number];

/**
 * Every page of a Query, in order, read as the caller asks for it: a caller that stops early
 * reads no further page. A `Limit` in the input is the size of each page, not of the whole.
 */
async function* queryPages(
  client: DynamoDBDocumentClient,
  input: QueryCommandInput,
): AsyncGenerator<QueryCommandOutput, void, undefined> {
  let startKey = input.ExclusiveStartKey;
  do {
    const page = await client.send(
      new QueryCommand(startKey ? { ...input, ExclusiveStartKey: startKey } : { ...input }),
    );
    yield page;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}

/** Every item of a Query, page after page, as the caller reads them (it may stop early). */
export async function* queryItems(
  client: DynamoDBDocumentClient,
  input: QueryCommandInput,
): AsyncGenerator<QueriedItem, void, undefined> {
  for await (const page of queryPages(client, input)) yield* page.Items ?? [];
}

/** Every item of a Query, all pages read. */
export async function queryAll(client: DynamoDBDocumentClient, input: QueryCommandInput): Promise<QueriedItem[]> {
  const items: QueriedItem[] = [];
  for await (const page of queryPages(client, input)) items.push(...(page.Items ?? []));
  return items;
}

/**
 * How many items a Query matches (after its filter), all pages read: with Select COUNT,
 * DynamoDB returns each page's count and no item.
 */
export async function queryCount(client: DynamoDBDocumentClient, input: QueryCommandInput): Promise<number> {
  let count = 0;
  for await (const page of queryPages(client, { ...input, Select: 'COUNT' })) count += page.Count ?? 0;
  return count;
}
