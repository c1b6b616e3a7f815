/**
 * The local services the measured processes call: dynalite (in memory), the local SES, and
 * an EventBridge endpoint that accepts every PutEvents. The local runtime's own bus would
 * run the triggered functions in this process while the next one is timed; nothing here
 * needs them to run.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import {
  BatchWriteItemCommand,
  DeleteTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { readBody, sendJson } from '../../../infra/local/http-util.ts';
import { close, ensureTable, listen, startDynamoDb, startSes } from '../../../infra/local/local-services.ts';
import type { Item } from './seed.ts';

const HOST = '127.0.0.1';
export const BENCH_TABLE = 'srsn-bench';
export const BENCH_BUS = 'srsn-bench';

export interface BenchServices {
  readonly urls: { readonly dynamodb: string; readonly ses: string; readonly events: string };
  /** Empties the table and the SES store, then writes `items`: the state every run starts from. */
  restore(items: readonly Item[]): Promise<void>;
  stop(): Promise<void>;
}

/** PutEvents (AWS JSON 1.1): every entry accepted with a fresh id. */
function acceptingEventBridge(): Server {
  return createServer((request, response) => {
    void readBody(request, 1024 * 1024).then((body) => {
      const entries = (JSON.parse(body.toString('utf8')) as { Entries?: unknown[] }).Entries ?? [];
      sendJson(
        response,
        200,
        { FailedEntryCount: 0, Entries: entries.map(() => ({ EventId: randomUUID() })) },
        'application/x-amz-json-1.1',
      );
    });
  });
}

export async function startBenchServices(): Promise<BenchServices> {
  const dynamo = await startDynamoDb({ host: HOST, port: 0 });
  const ses = await startSes({ host: HOST, port: 0 });
  const events = acceptingEventBridge();
  const eventsPort = await listen(events, 0, HOST);
  const urls = {
    dynamodb: `http://${HOST}:${dynamo.port}`,
    ses: `http://${HOST}:${ses.port}`,
    events: `http://${HOST}:${eventsPort}`,
  };
  const client = new DynamoDBClient({
    endpoint: urls.dynamodb,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

  return {
    urls,
    async restore(items) {
      try {
        await client.send(new DeleteTableCommand({ TableName: BENCH_TABLE }));
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) throw error;
      }
      await ensureTable(urls.dynamodb, BENCH_TABLE);
      for (let start = 0; start < items.length; start += 25) {
        const requests = items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
        const result = await client.send(new BatchWriteItemCommand({ RequestItems: { [BENCH_TABLE]: requests } }));
        if (Object.keys(result.UnprocessedItems ?? {}).length > 0)
          throw new Error('dynalite left items of the seed unwritten');
      }
      await fetch(`${urls.ses}/clear-store`, { method: 'POST' });
    },
    async stop() {
      client.destroy();
      await Promise.all([close(dynamo.server), close(ses.server), close(events)]);
    },
  };
}
