import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** DynamoDB requests by operation (e.g. PutItem), counted as the client issues them. */
export interface RequestCount {
  readonly byOperation: Map<string, number>;
  total(): number;
  reset(): void;
}

export function countRequests(client: DynamoDBDocumentClient): RequestCount {
  const byOperation = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
      byOperation.set(operation, (byOperation.get(operation) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'benchCountRequests' },
  );
  return {
    byOperation,
    total: () => [...byOperation.values()].reduce((sum, count) => sum + count, 0),
    reset: () => byOperation.clear(),
  };
}
