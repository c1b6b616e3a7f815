import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Created once per process and reused across invocations. Endpoints come from the
 * SDK's own configuration (AWS_ENDPOINT_URL_DYNAMODB points it at dynalite locally);
 * tests replace it with aws-sdk-client-mock.
 */
export const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});
