import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type * as z from '../schemas/zod.ts';
import type { EventContract } from './contract.ts';

/** Publishes events of known contracts on the app's bus; the detail is validated first. */
export class EventPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly eventBusName: string,
  ) {}

  async publish<Schema extends z.ZodMiniType>(
    contract: EventContract<Schema>,
    detail: z.input<Schema>,
    time: Date,
  ): Promise<void> {
    const parsed = contract.detail.parse(detail);
    const result = await this.client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: this.eventBusName,
            Source: contract.source,
            DetailType: contract.detailType,
            Detail: JSON.stringify(parsed),
            Time: time,
          },
        ],
      }),
    );
    if ((result.FailedEntryCount ?? 0) > 0) {
      const failure = result.Entries?.find((entry) => entry.ErrorCode);
      throw new Error(
        (
          `PutEvents refused ${contract.detailType}: ${failure?.ErrorCode ?? 'unknown'} ` +
          `${failure?.ErrorMessage ?? ''}`
        ).trim(),
      );
    }
  }
}
