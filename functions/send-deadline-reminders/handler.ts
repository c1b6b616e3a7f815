import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { DeadlineReminderDue } from '../../shared/events/season-milestones.ts';
import { remindDeadline } from '../../shared/invitations/campaign.ts';
import { campaignDependenciesFromEnvironment } from '../../shared/invitations/campaign-dependencies.ts';
import { logger } from '../../shared/logger.ts';
import { consumeEvent, type ConsumerResult } from '../../shared/middleware/event-consumer.ts';

const dependencies = campaignDependenciesFromEnvironment();

/** Some days before a zone's due date: the invitees who have not applied to it get a reminder, once each. */
export const handler = middy<unknown, ConsumerResult>()
  .use(injectLambdaContext(logger))
  .handler(consumeEvent(DeadlineReminderDue, logger, (detail) => remindDeadline(detail, dependencies)));
