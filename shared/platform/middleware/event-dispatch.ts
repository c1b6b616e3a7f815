import type { Logger } from '@aws-lambda-powertools/logger';
import type { EventEnvelope } from '../events/consume.ts';
import type { ConsumerResult } from './event-consumer.ts';

export type EventConsumer<Result = ConsumerResult> = (event: unknown) => Promise<Result>;

/** An event no consumer in the table is for: its detail-type (whatever it is) and the types the table has. */
export interface StrayEvent {
  readonly detailType: unknown;
  readonly consumed: readonly string[];
}

/**
 * For a function that is the target of several event types: each event goes to the consumer
 * of its detail-type, any other to `otherwise`.
 */
export function dispatchByDetailType<Result, Otherwise = Result>(
  consumers: Readonly<Record<string, EventConsumer<Result>>>,
  otherwise: (stray: StrayEvent) => Promise<Otherwise>,
): EventConsumer<Result | Otherwise> {
  return async (event) => {
    const detailType =
      typeof event === 'object' && event !== null ? (event as EventEnvelope)['detail-type'] : undefined;
    const consumer =
      typeof detailType === 'string' && Object.hasOwn(consumers, detailType) ? consumers[detailType] : undefined;
    return consumer ? consumer(event) : otherwise({ detailType, consumed: Object.keys(consumers) });
  };
}

/**
 * The `otherwise` of a function that consumes only its listed types: logs the event and discards it (retrying cannot
 * fix it).
 */
export function discardUnconsumed(logger: Logger): (stray: StrayEvent) => Promise<ConsumerResult> {
  return async ({ detailType, consumed }) => {
    logger.error('Discarded an event of a type this function does not consume', { detailType: String(detailType) });
    return { status: 'discarded', reason: `detail-type: must be one of ${consumed.join(', ')}` };
  };
}
