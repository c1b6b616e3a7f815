/** The notification ledger's batched requests as a mocked document client sees them. */
import {
  BatchGetCommand,
  type BatchGetCommandInput,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { AwsClientStub } from 'aws-sdk-client-mock';

type DocumentClientStub = AwsClientStub<DynamoDBDocumentClient>;

/** Every item a handler wrote with BatchWriteItem, in order. */
export function batchWrittenItems(ddb: DocumentClientStub): Record<string, unknown>[] {
  return ddb
    .commandCalls(BatchWriteCommand)
    .flatMap((call) => Object.values(call.args[0].input.RequestItems ?? {}).flat())
    .flatMap((write) => (write.PutRequest?.Item ? [write.PutRequest.Item] : []));
}

/** The notifications a bulk job claimed (claims are written in batches under the job's lease). */
export function claimedNotifications(ddb: DocumentClientStub): Record<string, unknown>[] {
  return batchWrittenItems(ddb).filter((item) => item.status === 'claimed');
}

/** Makes the ledger answer that these notification keys (default: every one asked for) went out already. */
export function givenAlreadySent(
  ddb: DocumentClientStub,
  options: { keys?: readonly string[]; messageId?: string } = {},
): void {
  const sent = (pk: string) =>
    pk.startsWith('NOTIFICATION#') &&
    (options.keys === undefined || options.keys.includes(pk.slice('NOTIFICATION#'.length)));
  ddb.on(BatchGetCommand).callsFake((input: BatchGetCommandInput) => ({
    Responses: Object.fromEntries(
      Object.entries(input.RequestItems ?? {}).map(([table, request]) => [
        table,
        (request.Keys ?? [])
          .filter((key) => sent(String(key.pk)))
          .map((key) => ({ ...key, status: 'sent', messageId: options.messageId ?? 'ses-earlier' })),
      ]),
    ),
  }));
}
