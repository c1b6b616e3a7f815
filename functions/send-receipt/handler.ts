import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { documentClient } from '../../shared/clients/dynamodb.ts';
import { now } from '../../shared/clock.ts';
import { requireEnv } from '../../shared/config/env.ts';
import { ENV } from '../../shared/config/env-names.ts';
import { emailSenderFromEnvironment } from '../../shared/email/sender-from-environment.ts';
import { ApplicationSubmitted } from '../../shared/events/application-submitted.ts';
import { logger } from '../../shared/logger.ts';
import { type ConsumerResult, consumeEvent } from '../../shared/middleware/event-consumer.ts';
import { sendReceipt } from '../../shared/notifications/send-receipt.ts';
import { ApplicationRepository } from '../../shared/repository/applications.ts';
import { AuditTrail } from '../../shared/repository/audit-trail.ts';
import { NotificationLedger } from '../../shared/repository/notification-ledger.ts';

const tableName = requireEnv(ENV.tableName);
const dependencies = {
  applications: new ApplicationRepository(documentClient, tableName),
  ledger: new NotificationLedger(documentClient, tableName),
  email: emailSenderFromEnvironment(),
  audit: new AuditTrail(documentClient, tableName),
  now,
};

export const handler = middy<unknown, ConsumerResult>()
  .use(injectLambdaContext(logger))
  .handler(consumeEvent(ApplicationSubmitted, logger, (detail) => sendReceipt(detail.applicationId, dependencies)));
