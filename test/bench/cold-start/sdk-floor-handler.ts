/**
 * The floor under every function's cold start: one DynamoDB read through the project's
 * document client (shared/platform/aws/dynamodb.ts), nothing else. Every function reads or writes
 * the table at least once, so each pays at least this: loading the SDK client with Node's
 * https, and the client's first request. Both the shipped and the straightforward bundles
 * carry it.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../../shared/platform/aws/dynamodb.ts';
import { requireEnv } from '../../../shared/platform/config/env.ts';
import { ENV } from '../../../shared/platform/config/env-names.ts';

const tableName = requireEnv(ENV.tableName);

export const handler = async () => {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: tableName, Key: { pk: 'COLD-START#floor', sk: 'FLOOR' } }),
  );
  return { status: Item === undefined ? 'read' : 'found' };
};
