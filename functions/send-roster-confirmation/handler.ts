import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { documentClient } from '../../shared/clients/dynamodb.ts';
import { now } from '../../shared/clock.ts';
import { requireEnv } from '../../shared/config/env.ts';
import { ENV } from '../../shared/config/env-names.ts';
import { emailSenderFromEnvironment } from '../../shared/email/sender-from-environment.ts';
import { RosterChanged } from '../../shared/events/participation.ts';
import { logger } from '../../shared/logger.ts';
import { type ConsumerResult, consumeEvent } from '../../shared/middleware/event-consumer.ts';
import { confirmRoster } from '../../shared/participation/roster-confirmation.ts';
import { RosterRepository } from '../../shared/participation/roster-repository.ts';
import { ApplicationRepository } from '../../shared/repository/applications.ts';
import { AuditTrail } from '../../shared/repository/audit-trail.ts';
import { NotificationLedger } from '../../shared/repository/notification-ledger.ts';

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
  .handler(consumeEvent(RosterChanged, logger, (detail) => confirmRoster(detail, dependencies)));
