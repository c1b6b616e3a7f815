import type { Logger } from '@aws-lambda-powertools/logger';
import { type ConsumerResult, consumeEvent } from '../platform/middleware/event-consumer.ts';
import { dispatchByDetailType, type EventConsumer } from '../platform/middleware/event-dispatch.ts';
import {
  type DeliveryFeedbackDependencies,
  fromBounce,
  fromComplaint,
  fromDelivery,
  fromReject,
  handleDeliveryFeedback,
} from './feedback.ts';
import {
  SesEmailBounced,
  SesEmailComplaintReceived,
  SesEmailDelivered,
  SesEmailRejected,
  sesDeliveryEvents,
} from './ses-events.ts';

/**
 * One consumer for SES's four sending events: each is parsed with its own contract, reduced to
 * a DeliveryFeedback and handled alike. Any other event is discarded (retrying cannot fix it).
 */
export function deliveryFeedbackConsumer(
  logger: Logger,
  deps: DeliveryFeedbackDependencies,
): (event: unknown) => Promise<ConsumerResult> {
  const consumers: Record<string, EventConsumer> = {
    [SesEmailBounced.detailType]: consumeEvent(SesEmailBounced, logger, (detail) =>
      handleDeliveryFeedback(fromBounce(detail), deps),
    ),
    [SesEmailComplaintReceived.detailType]: consumeEvent(SesEmailComplaintReceived, logger, (detail) =>
      handleDeliveryFeedback(fromComplaint(detail), deps),
    ),
    [SesEmailDelivered.detailType]: consumeEvent(SesEmailDelivered, logger, (detail) =>
      handleDeliveryFeedback(fromDelivery(detail), deps),
    ),
    [SesEmailRejected.detailType]: consumeEvent(SesEmailRejected, logger, (detail) =>
      handleDeliveryFeedback(fromReject(detail), deps),
    ),
  };
  return dispatchByDetailType(consumers, async ({ detailType }) => {
    const expected = sesDeliveryEvents.map((contract) => contract.detailType).join(', ');
    logger.error('Discarded an event that is not an SES sending event', {
      detailType: typeof detailType === 'string' ? detailType : null,
    });
    return { status: 'discarded', reason: `detail-type: must be one of ${expected} from aws.ses` };
  });
}
