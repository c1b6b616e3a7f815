import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';

/** True when a write was refused by its condition expression (the item already existed, etc.). */
export function isConditionalCheckFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error instanceof Error && error.name === 'ConditionalCheckFailedException')
  );
}
