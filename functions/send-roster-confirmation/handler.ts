import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { ApplicationRepository } from '../../shared/applications/repository.ts';
import { cohortsFromTable } from '../../shared/cohorts/cohorts-loaded.ts';
import { RosterChanged } from '../../shared/events/roster-changed.ts';
import { confirmRoster } from '../../shared/participation/roster-confirmation.ts';
import { RosterRepository } from '../../shared/participation/roster-repository.ts';
import { documentClient } from '../../shared/platform/aws/dynamodb.ts';
import { requireEnv } from '../../shared/platform/config/env.ts';
import { ENV } from '../../shared/platform/config/env-names.ts';
import { AuditTrail } from '../../shared/platform/dynamodb/audit-trail.ts';
import { NotificationLedger } from '../../shared/platform/email/notification-ledger.ts';
import { emailSenderFromEnvironment } from '../../shared/platform/email/sender-from-environment.ts';
import { logger } from '../../shared/platform/logger.ts';
import { type ConsumerResult, consumeEvent } from '../../shared/platform/middleware/event-consumer.ts';
import { now } from '../../shared/platform/time/clock.ts';

const tableName = requireEnv(ENV.tableName);
const dependencies = {
  applications: new ApplicationRepository(documentClient, tableName),
  rosters: new RosterRepository(documentClient, tableName),
  ledger: new NotificationLedger(documentClient, tableName),
  email: emailSenderFromEnvironment(),
  audit: new AuditTrail(documentClient, tableName),
  now,
};

/** RosterChanged: the roster confirmation email, once per version. */
export const handler = middy<unknown, ConsumerResult>()
  .use(injectLambdaContext(logger))
  .use(cohortsFromTable())
  .handler(consumeEvent(RosterChanged, logger, (detail) => confirmRoster(detail, dependencies)));
