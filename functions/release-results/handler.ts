import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { ApplicationRepository } from '../../shared/applications/repository.ts';
import { cohortsFromTable } from '../../shared/cohorts/cohorts-loaded.ts';
import { ResultsReleaseDue } from '../../shared/events/results-release-due.ts';
import { documentClient } from '../../shared/platform/aws/dynamodb.ts';
import { eventBridgeClient } from '../../shared/platform/aws/eventbridge.ts';
import { requireEmailList, requireEnv } from '../../shared/platform/config/env.ts';
import { ENV } from '../../shared/platform/config/env-names.ts';
import { NotificationLedger } from '../../shared/platform/email/notification-ledger.ts';
import { emailSenderFromEnvironment } from '../../shared/platform/email/sender-from-environment.ts';
import { logger } from '../../shared/platform/logger.ts';
import { type ConsumerResult, consumeEvent } from '../../shared/platform/middleware/event-consumer.ts';
import { now } from '../../shared/platform/time/clock.ts';
import { BatchPublisher } from '../../shared/release/publish-batch.ts';
import { ReleaseRepository } from '../../shared/release/release-repository.ts';
import { releaseZone } from '../../shared/release/release-zone.ts';

const tableName = requireEnv(ENV.tableName);
const dependencies = {
  applications: new ApplicationRepository(documentClient, tableName),
  releases: new ReleaseRepository(documentClient, tableName),
  ledger: new NotificationLedger(documentClient, tableName),
  email: emailSenderFromEnvironment(),
  publisher: new BatchPublisher(eventBridgeClient, requireEnv(ENV.eventBusName)),
  facilitatorEmails: requireEmailList(ENV.facilitatorEmails),
  now,
};

/** ResultsReleaseDue (scheduled or a facilitator's release now): one ApplicationResultDue per decided application. */
export const handler = middy<unknown, ConsumerResult>()
  .use(injectLambdaContext(logger))
  .use(cohortsFromTable())
  .handler(consumeEvent(ResultsReleaseDue, logger, (detail) => releaseZone(detail, dependencies)));
