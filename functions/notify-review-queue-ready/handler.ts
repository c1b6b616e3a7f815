import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { documentClient } from '../../shared/clients/dynamodb.ts';
import { now } from '../../shared/clock.ts';
import { requireEmailList, requireEnv } from '../../shared/config/env.ts';
import { ENV } from '../../shared/config/env-names.ts';
import { emailSenderFromEnvironment } from '../../shared/email/sender-from-environment.ts';
import { ApplicationWindowClosed } from '../../shared/events/season-milestones.ts';
import { logger } from '../../shared/logger.ts';
import { type ConsumerResult, consumeEvent } from '../../shared/middleware/event-consumer.ts';
import { ApplicationRepository } from '../../shared/repository/applications.ts';
import { NotificationLedger } from '../../shared/repository/notification-ledger.ts';
import { notifyReviewQueueReady } from '../../shared/season/notify-review-queue-ready.ts';

const tableName = requireEnv(ENV.tableName);
const dependencies = {
  applications: new ApplicationRepository(documentClient, tableName),
  ledger: new NotificationLedger(documentClient, tableName),
  email: emailSenderFromEnvironment(),
  facilitatorEmails: requireEmailList(ENV.facilitatorEmails),
  now,
};

export const handler = middy<unknown, ConsumerResult>()
  .use(injectLambdaContext(logger))
  .handler(consumeEvent(ApplicationWindowClosed, logger, (detail) => notifyReviewQueueReady(detail, dependencies)));
