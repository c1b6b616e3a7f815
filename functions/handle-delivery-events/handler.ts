import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { ApplicationRepository } from '../../shared/applications/repository.ts';
import { cohortsFromTable } from '../../shared/cohorts/cohorts-loaded.ts';
import { deliveryFeedbackConsumer } from '../../shared/delivery/consumer.ts';
import { RosterContacts } from '../../shared/delivery/roster-contacts.ts';
import { documentClient } from '../../shared/platform/aws/dynamodb.ts';
import { sesClient } from '../../shared/platform/aws/ses.ts';
import { requireEnv } from '../../shared/platform/config/env.ts';
import { ENV } from '../../shared/platform/config/env-names.ts';
import { AuditTrail } from '../../shared/platform/dynamodb/audit-trail.ts';
import { NotificationLedger } from '../../shared/platform/email/notification-ledger.ts';
import { EmailSender } from '../../shared/platform/email/send.ts';
import { SuppressionList } from '../../shared/platform/email/suppression-list.ts';
import { logger } from '../../shared/platform/logger.ts';
import type { ConsumerResult } from '../../shared/platform/middleware/event-consumer.ts';
import { now } from '../../shared/platform/time/clock.ts';

const tableName = requireEnv(ENV.tableName);
const suppressions = new SuppressionList(documentClient, tableName);
const dependencies = {
  applications: new ApplicationRepository(documentClient, tableName),
  suppressions,
  rosters: new RosterContacts(documentClient, tableName),
  ledger: new NotificationLedger(documentClient, tableName),
  email: new EmailSender(sesClient, {
    fromAddress: requireEnv(ENV.senderAddress),
    configurationSetName: requireEnv(ENV.configurationSet),
    suppression: suppressions,
  }),
  audit: new AuditTrail(documentClient, tableName),
  now,
};

/** SES's bounce, complaint, delivery and reject events, forwarded from the default bus. */
export const handler = middy<unknown, ConsumerResult>()
  .use(injectLambdaContext(logger))
  .use(cohortsFromTable())
  .handler(deliveryFeedbackConsumer(logger, dependencies));
