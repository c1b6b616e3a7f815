import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { applicantLinkKeySource } from '../../shared/applicant-links/key-source.ts';
import { ApplicantLinks } from '../../shared/applicant-links/links.ts';
import { ApplicationRepository } from '../../shared/applications/repository.ts';
import { ClarificationRepository } from '../../shared/clarifications/repository.ts';
import { sendClarificationRequest } from '../../shared/clarifications/send-request.ts';
import { cohortsFromTable } from '../../shared/cohorts/cohorts-loaded.ts';
import { ClarificationRequested } from '../../shared/events/clarification-requested.ts';
import { documentClient } from '../../shared/platform/aws/dynamodb.ts';
import { secretsManagerClient } from '../../shared/platform/aws/secrets-manager.ts';
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
  clarifications: new ClarificationRepository(documentClient, tableName),
  links: new ApplicantLinks(applicantLinkKeySource(secretsManagerClient), requireEnv(ENV.publicApiUrl)),
  ledger: new NotificationLedger(documentClient, tableName),
  email: emailSenderFromEnvironment(),
  audit: new AuditTrail(documentClient, tableName),
  now,
};

export const handler = middy<unknown, ConsumerResult>()
  .use(injectLambdaContext(logger))
  .use(cohortsFromTable())
  .handler(consumeEvent(ClarificationRequested, logger, (detail) => sendClarificationRequest(detail, dependencies)));
