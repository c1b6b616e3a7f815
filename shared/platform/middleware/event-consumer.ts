import type { Logger } from '@aws-lambda-powertools/logger';
import { parseEvent } from '../events/consume.ts';
import type { EventContract } from '../events/contract.ts';
import type * as z from '../schemas/zod.ts';

export type ConsumerResult = { status: 'processed'; outcome: string } | { status: 'discarded'; reason: string };

/**
 * Wraps the domain work of an event target. An event that does not match its contract
 * is logged and discarded (retrying cannot fix it); any other failure is rethrown so
 * EventBridge retries and finally dead-letters it.
 */
export function consumeEvent<Schema extends z.ZodMiniType>(
  contract: EventContract<Schema>,
  logger: Logger,
  work: (detail: z.output<Schema>) => Promise<string>,
): (event: unknown) => Promise<ConsumerResult> {
  return async (event) => {
    const parsed = parseEvent(contract, event);
    if (!parsed.ok) {
      logger.error(`Discarded an invalid ${contract.detailType} event`, { errors: parsed.errors });
      return {
        status: 'discarded',
        reason: parsed.errors.map((error) => `${error.field}: ${error.message}`).join('; '),
      };
    }
    const outcome = await work(parsed.detail);
    logger.info(`${contract.detailType} handled`, { eventId: parsed.eventId, outcome });
    return { status: 'processed', outcome };
  };
}
