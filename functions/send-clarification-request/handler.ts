import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { applicantLinkKeySource } from '../../shared/applicant-links/key-source.ts';
import { ApplicantLinks } from '../../shared/applicant-links/links.ts';
import { ClarificationRepository } from '../../shared/clarifications/repository.ts';
import { sendClarificationRequest } from '../../shared/clarifications/send-request.ts';
import { documentClient } from '../../shared/clients/dynamodb.ts';
import { secretsManagerClient } from '../../shared/clients/secrets-manager.ts';
import { now } from '../../shared/clock.ts';
import { requireEnv } from '../../shared/config/env.ts';
import { ENV } from '../../shared/config/env-names.ts';
import { emailSenderFromEnvironment } from '../../shared/email/sender-from-environment.ts';
import { ClarificationRequested } from '../../shared/events/clarification-requested.ts';
import { logger } from '../../shared/logger.ts';
import { type ConsumerResult, consumeEvent } from '../../shared/middleware/event-consumer.ts';
import { ApplicationRepository } from '../../shared/repository/applications.ts';
import { AuditTrail } from '../../shared/repository/audit-trail.ts';
import { NotificationLedger } from '../../shared/repository/notification-ledger.ts';

const tableName = requireEnv(ENV.tableName);
const dependencies = {
  applications: new ApplicationRepository(documentClient, tableName),
  clarifications: new ClarificationRepository(documentClient, tableName),
  links: new ApplicantLinks(applicantLinkKeySource(secretsManagerClient), requireEnv(ENV.publicApiUrl)),
  ledger: new NotificationLedger(documentClient, tableName),
  email: emailSenderFromEnvironment(),
  audit: new AuditTrail(documentClient, tableName),
  now,
};

export const handler = middy<unknown, ConsumerResult>()
  .use(injectLambdaContext(logger))
  .handler(consumeEvent(ClarificationRequested, logger, (detail) => sendClarificationRequest(detail, dependencies)));
