import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { close, ensureTable, startDynamoDb } from '../../infra/local/local-services.ts';
import { writeSeedCohorts } from '../../infra/local/seed/seed-cohorts.ts';

export interface DynaliteTable {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  stop(): Promise<void>;
}

/** dynalite in memory on a free port with the app's table (its cohorts seeded), and a document client for it. */
export async function startDynaliteTable(tableName: string): Promise<DynaliteTable> {
  const dynamo = await startDynamoDb({ host: '127.0.0.1', port: 0 });
  const endpoint = `http://127.0.0.1:${dynamo.port}`;
  await ensureTable(endpoint, tableName);
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } }),
  );
  // The cohorts the code under test reads, as the local runtime seeds them.
  await writeSeedCohorts(client, tableName, new Date('2022-08-01T00:00:00Z'));
  return {
    client,
    tableName,
    async stop() {
      client.destroy();
      await close(dynamo.server);
    },
  };
}
