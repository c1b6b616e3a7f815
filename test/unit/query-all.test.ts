import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { queryAll, queryCount, queryItems } from '../../shared/platform/dynamodb/query-all.ts';

const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const ddb = mockClient(DynamoDBDocumentClient);

const INPUT: QueryCommandInput = {
  TableName: 'table',
  KeyConditionExpression: 'pk = :pk',
  ExpressionAttributeValues: { ':pk': 'COHORT#2022-2023' },
};
const FIRST_END = { pk: 'COHORT#2022-2023', sk: 'A#2' };
const SECOND_END = { pk: 'COHORT#2022-2023', sk: 'A#2b' };

/** The inputs of the Queries sent, in order. */
const sentInputs = () => ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);

beforeEach(() => ddb.reset());

describe('queryAll', () => {
  it('follows LastEvaluatedKey through three pages, an empty one among them, and returns every item in order', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [{ sk: 'A#1' }, { sk: 'A#2' }], LastEvaluatedKey: FIRST_END })
      // DynamoDB may answer a page with no item and a key (a filter, or the 1 MB limit): not the end.
      .resolvesOnce({ Items: [], LastEvaluatedKey: SECOND_END })
      .resolvesOnce({ Items: [{ sk: 'A#3' }] });

    const items = await queryAll(client, INPUT);

    expect(items).toEqual([{ sk: 'A#1' }, { sk: 'A#2' }, { sk: 'A#3' }]);
    expect(sentInputs()).toStrictEqual([
      INPUT,
      { ...INPUT, ExclusiveStartKey: FIRST_END },
      { ...INPUT, ExclusiveStartKey: SECOND_END },
    ]);
  });

  it('sends one Query, with no ExclusiveStartKey, when the first page is the last', async () => {
    ddb.on(QueryCommand).resolvesOnce({ Items: [{ sk: 'A#1' }] });

    expect(await queryAll(client, INPUT)).toEqual([{ sk: 'A#1' }]);
    expect(sentInputs()).toStrictEqual([INPUT]);
  });

  it('answers no item for a page without Items', async () => {
    ddb.on(QueryCommand).resolvesOnce({});

    expect(await queryAll(client, INPUT)).toEqual([]);
    expect(sentInputs()).toHaveLength(1);
  });

  it('keeps a Limit on every Query, as the size of each page', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [{ sk: 'A#1' }, { sk: 'A#2' }], LastEvaluatedKey: FIRST_END })
      .resolvesOnce({ Items: [{ sk: 'A#3' }] });

    const items = await queryAll(client, { ...INPUT, Limit: 2 });

    expect(items).toHaveLength(3);
    expect(sentInputs()).toStrictEqual([
      { ...INPUT, Limit: 2 },
      { ...INPUT, Limit: 2, ExclusiveStartKey: FIRST_END },
    ]);
  });

  it('starts at the caller’s ExclusiveStartKey, and leaves the caller’s input as it was', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [{ sk: 'A#3' }], LastEvaluatedKey: SECOND_END })
      .resolvesOnce({ Items: [] });
    const input = { ...INPUT, ExclusiveStartKey: FIRST_END };

    await queryAll(client, input);

    expect(input).toStrictEqual({ ...INPUT, ExclusiveStartKey: FIRST_END });
    expect(sentInputs()).toStrictEqual([
      { ...INPUT, ExclusiveStartKey: FIRST_END },
      { ...INPUT, ExclusiveStartKey: SECOND_END },
    ]);
  });

  it('fails with the Query’s error', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [{ sk: 'A#1' }], LastEvaluatedKey: FIRST_END })
      .rejectsOnce(new Error('throttled'));

    await expect(queryAll(client, INPUT)).rejects.toThrow('throttled');
  });
});

describe('queryItems', () => {
  it('yields every item of every page, in order', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [{ sk: 'A#1' }], LastEvaluatedKey: FIRST_END })
      .resolvesOnce({ Items: [], LastEvaluatedKey: SECOND_END })
      .resolvesOnce({ Items: [{ sk: 'A#2' }, { sk: 'A#3' }] });

    const items = [];
    for await (const item of queryItems(client, INPUT)) items.push(item);

    expect(items).toEqual([{ sk: 'A#1' }, { sk: 'A#2' }, { sk: 'A#3' }]);
    expect(sentInputs()).toHaveLength(3);
  });

  it('reads a page only when its items are asked for, so a caller that stops early reads no further', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [{ sk: 'A#1' }, { sk: 'A#2' }], LastEvaluatedKey: FIRST_END })
      .resolvesOnce({ Items: [{ sk: 'A#3' }] });

    const items = queryItems(client, { ...INPUT, Limit: 2 });
    expect(sentInputs()).toHaveLength(0);
    const first = await items.next();
    expect(first.value).toEqual({ sk: 'A#1' });
    await items.next();
    expect(sentInputs()).toHaveLength(1);
    await items.return();

    expect(sentInputs()).toStrictEqual([{ ...INPUT, Limit: 2 }]);
  });
});

describe('queryCount', () => {
  it('asks for counts only and sums every page, the input left as it was', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Count: 2, LastEvaluatedKey: FIRST_END })
      // A page whose items the filter all dropped counts 0 and still has a next page.
      .resolvesOnce({ Count: 0, LastEvaluatedKey: SECOND_END })
      .resolvesOnce({ Count: 5 });
    const input = { ...INPUT };

    expect(await queryCount(client, input)).toBe(7);
    expect(sentInputs()).toStrictEqual([
      { ...INPUT, Select: 'COUNT' },
      { ...INPUT, Select: 'COUNT', ExclusiveStartKey: FIRST_END },
      { ...INPUT, Select: 'COUNT', ExclusiveStartKey: SECOND_END },
    ]);
    expect(input).toStrictEqual(INPUT);
  });
});
