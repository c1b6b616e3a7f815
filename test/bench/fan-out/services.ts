import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const HOST = '127.0.0.1';
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export interface BenchServices {
  readonly tableName: string;
  readonly documentClient: DynamoDBDocumentClient;
  /** A new SES client configured as the app's (shared/platform/aws/ses.ts: one attempt per call). */
  sesClient(): SESv2Client;
  close(): Promise<void>;
}

/**
 * dynalite (in memory, with the app's table) and aws-ses-v2-local, each in a child process
 * of its own (services-process.ts) on a free port, and clients configured as the functions'
 * own (shared/platform/aws/*) pointed at them.
 */
export async function startBenchServices(tableName = 'srsn-fan-out-bench'): Promise<BenchServices> {
  const children = [startService(['dynamodb', tableName]), startService(['ses'])];
  const [dynamo, ses] = await Promise.all(children.map((child) => portOf(child)));
  const documentClient = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: `http://${HOST}:${dynamo}`, region: 'us-east-1', credentials: LOCAL_CREDENTIALS }),
    {
      marshallOptions: { removeUndefinedValues: true },
    },
  );
  const sesClients: SESv2Client[] = [];
  return {
    tableName,
    documentClient,
    sesClient() {
      const client = new SESv2Client({
        maxAttempts: 1,
        endpoint: `http://${HOST}:${ses}`,
        region: 'us-east-1',
        credentials: LOCAL_CREDENTIALS,
      });
      sesClients.push(client);
      return client;
    },
    async close() {
      for (const client of sesClients) client.destroy();
      documentClient.destroy();
      await Promise.all(
        children.map(async (child) => {
          const exited = once(child, 'exit');
          if (child.connected) child.disconnect();
          await exited;
        }),
      );
    },
  };
}

function startService(args: string[]): ChildProcess {
  return fork(new URL('./services-process.ts', import.meta.url), args, {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

async function portOf(child: ChildProcess): Promise<number> {
  const failed = once(child, 'exit').then(([code]) => {
    throw new Error(`A local service process exited (${String(code)}) before it was ready`);
  });
  const ready = once(child, 'message').then(([message]) => (message as { port: number }).port);
  return Promise.race([ready, failed]);
}
