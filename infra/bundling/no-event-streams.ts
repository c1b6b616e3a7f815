/**
 * Stands in for `@smithy/core/event-streams` in the Lambda bundles only (see lambda-bundle.ts).
 *
 * The SDK's HTTP protocols import event-stream support lazily, for operations that stream
 * events (none of ours: DynamoDB, SES v2 SendEmail/GetAccount, EventBridge PutEvents,
 * Secrets Manager GetSecretValue). A bundle holds every lazily imported module anyway, so
 * this keeps ~14 KB out of each one; an operation that did stream would fail loudly here.
 */
function unsupported(): never {
  throw new Error('AWS SDK event streams are left out of this Lambda bundle (infra/bundling/no-event-streams.ts)');
}

export const eventStreamSerdeProvider = unsupported;

export class EventStreamSerde {
  constructor() {
    unsupported();
  }
}
