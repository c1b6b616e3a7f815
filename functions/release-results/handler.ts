import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { documentClient } from '../../shared/clients/dynamodb.ts';
import { eventBridgeClient } from '../../shared/clients/eventbridge.ts';
import { now } from '../../shared/clock.ts';
import { requireEmailList, requireEnv } from '../../shared/config/env.ts';
import { ENV } from '../../shared/config/env-names.ts';
import { emailSenderFromEnvironment } from '../../shared/email/sender-from-environment.ts';
import { ResultsReleaseDue } from '../../shared/events/season-milestones.ts';
import { logger } from '../../shared/logger.ts';
import { type ConsumerResult, consumeEvent } from '../../shared/middleware/event-consumer.ts';
import { BatchPublisher } from '../../shared/release/publish-batch.ts';
import { ReleaseRepository } from '../../shared/release/release-repository.ts';
import { releaseZone } from '../../shared/release/release-zone.ts';
import { ApplicationRepository } from '../../shared/repository/applications.ts';
import { NotificationLedger } from '../../shared/repository/notification-ledger.ts';

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
  .handler(consumeEvent(ResultsReleaseDue, logger, (detail) => releaseZone(detail, dependencies)));
