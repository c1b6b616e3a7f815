import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { applicantLinkKeySource } from '../../shared/applicant-links/key-source.ts';
import { ApplicantLinks } from '../../shared/applicant-links/links.ts';
import { documentClient } from '../../shared/clients/dynamodb.ts';
import { eventBridgeClient } from '../../shared/clients/eventbridge.ts';
import { secretsManagerClient } from '../../shared/clients/secrets-manager.ts';
import { sesClient } from '../../shared/clients/ses.ts';
import { now } from '../../shared/clock.ts';
import { requireEnv } from '../../shared/config/env.ts';
import { ENV } from '../../shared/config/env-names.ts';
import { EmailSender } from '../../shared/email/send.ts';
import { EventPublisher } from '../../shared/events/publish.ts';
import { ApplicationResultDue } from '../../shared/events/results.ts';
import { logger } from '../../shared/logger.ts';
import { consumeEvent, type ConsumerResult } from '../../shared/middleware/event-consumer.ts';
import { deliverReleasedResult } from '../../shared/release/deliver-result.ts';
import { ReleaseRepository } from '../../shared/release/release-repository.ts';
import { ApplicationRepository } from '../../shared/repository/applications.ts';
import { AuditTrail } from '../../shared/repository/audit-trail.ts';
import { NotificationLedger } from '../../shared/repository/notification-ledger.ts';

const tableName = requireEnv(ENV.tableName);
const senderAddress = requireEnv(ENV.senderAddress);
const dependencies = {
  applications: new ApplicationRepository(documentClient, tableName),
  releases: new ReleaseRepository(documentClient, tableName),
  ledger: new NotificationLedger(documentClient, tableName),
  email: new EmailSender(sesClient, { fromAddress: senderAddress, configurationSetName: requireEnv(ENV.configurationSet) }),
  audit: new AuditTrail(documentClient, tableName),
  publisher: new EventPublisher(eventBridgeClient, requireEnv(ENV.eventBusName)),
  senderAddress,
  // The roster link of a participant's result email; the key is read on first use.
  links: new ApplicantLinks(applicantLinkKeySource(secretsManagerClient), requireEnv(ENV.publicApiUrl)),
  now,
};

/** ApplicationResultDue: the application's result email, once (rolling it over first where the cohort says so). */
export const handler = middy<unknown, ConsumerResult>()
  .use(injectLambdaContext(logger))
  .handler(consumeEvent(ApplicationResultDue, logger, (detail) => deliverReleasedResult(detail.applicationId, dependencies)));
