import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { ApplicationRepository } from '../../shared/applications/repository.ts';
import { cohortsFromTable } from '../../shared/cohorts/cohorts-loaded.ts';
import { ApplicationWindowClosed } from '../../shared/events/application-window-closed.ts';
import { documentClient } from '../../shared/platform/aws/dynamodb.ts';
import { requireEmailList, requireEnv } from '../../shared/platform/config/env.ts';
import { ENV } from '../../shared/platform/config/env-names.ts';
import { NotificationLedger } from '../../shared/platform/email/notification-ledger.ts';
import { emailSenderFromEnvironment } from '../../shared/platform/email/sender-from-environment.ts';
import { logger } from '../../shared/platform/logger.ts';
import { type ConsumerResult, consumeEvent } from '../../shared/platform/middleware/event-consumer.ts';
import { now } from '../../shared/platform/time/clock.ts';
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
  .use(cohortsFromTable())
  .handler(consumeEvent(ApplicationWindowClosed, logger, (detail) => notifyReviewQueueReady(detail, dependencies)));
