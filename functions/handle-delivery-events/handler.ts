import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { documentClient } from '../../shared/clients/dynamodb.ts';
import { sesClient } from '../../shared/clients/ses.ts';
import { now } from '../../shared/clock.ts';
import { requireEnv } from '../../shared/config/env.ts';
import { ENV } from '../../shared/config/env-names.ts';
import { deliveryFeedbackConsumer } from '../../shared/delivery/consumer.ts';
import { RosterContacts } from '../../shared/delivery/roster-contacts.ts';
import { EmailSender } from '../../shared/email/send.ts';
import { logger } from '../../shared/logger.ts';
import type { ConsumerResult } from '../../shared/middleware/event-consumer.ts';
import { ApplicationRepository } from '../../shared/repository/applications.ts';
import { AuditTrail } from '../../shared/repository/audit-trail.ts';
import { NotificationLedger } from '../../shared/repository/notification-ledger.ts';
import { SuppressionList } from '../../shared/repository/suppression-list.ts';

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
  .handler(deliveryFeedbackConsumer(logger, dependencies));
