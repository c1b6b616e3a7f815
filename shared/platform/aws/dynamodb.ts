import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { sdkSettings } from './sdk-settings.ts';

/**
 * Created once per process and reused across invocations. AWS_ENDPOINT_URL_DYNAMODB points
 * it at dynalite locally; tests replace it with aws-sdk-client-mock.
 */
export const documentClient = DynamoDBDocumentClient.from(
  // The DynamoDB client's own defaults, given like those of sdk-settings.ts.
  new DynamoDBClient({ ...sdkSettings, maxAttempts: 4, accountIdEndpointMode: 'preferred' }),
  { marshallOptions: { removeUndefinedValues: true } },
);
