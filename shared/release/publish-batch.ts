import { type EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { EventContract } from '../platform/events/contract.ts';
import type * as z from '../platform/schemas/zod.ts';

/** PutEvents takes at most 10 entries per call. */
export const PUT_EVENTS_BATCH = 10;
const ATTEMPTS = 3;

/**
 * Publishes many events of one contract, 10 per PutEvents call; entries the bus refused
 * are sent again (up to 3 attempts), then the call fails so the caller's retry covers them.
 * Every detail is validated before anything is sent.
 */
export class BatchPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly eventBusName: string,
  ) {}

  async publishAll<Schema extends z.ZodMiniType>(
    contract: EventContract<Schema>,
    details: readonly z.input<Schema>[],
    time: Date,
  ): Promise<void> {
    const entries: PutEventsRequestEntry[] = details.map((detail) => ({
      EventBusName: this.eventBusName,
      Source: contract.source,
      DetailType: contract.detailType,
      Detail: JSON.stringify(contract.detail.parse(detail)),
      Time: time,
    }));
    for (let start = 0; start < entries.length; start += PUT_EVENTS_BATCH) {
      await this.putBatch(contract.detailType, entries.slice(start, start + PUT_EVENTS_BATCH));
    }
  }

  private async putBatch(detailType: string, batch: PutEventsRequestEntry[]): Promise<void> {
    let pending = batch;
    for (let attempt = 1; ; attempt += 1) {
      const result = await this.client.send(new PutEventsCommand({ Entries: pending }));
      if ((result.FailedEntryCount ?? 0) === 0) return;
      const failed = pending.filter((_entry, index) => result.Entries?.[index]?.ErrorCode !== undefined);
      if (attempt >= ATTEMPTS || failed.length === 0) {
        const failure = result.Entries?.find((entry) => entry.ErrorCode);
        throw new Error(
          (
            `PutEvents refused ${result.FailedEntryCount} ${detailType} event(s): ` +
            `${failure?.ErrorCode ?? 'unknown'} ${failure?.ErrorMessage ?? ''}`
          ).trim(),
        );
      }
      pending = failed;
    }
  }
}
