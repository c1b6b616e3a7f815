import { applicantLinkKeySource } from '../applicant-links/key-source.ts';
import { ApplicantLinks } from '../applicant-links/links.ts';
import { ApplicationRepository } from '../applications/repository.ts';
import { documentClient } from '../platform/aws/dynamodb.ts';
import { eventBridgeClient } from '../platform/aws/eventbridge.ts';
import { secretsManagerClient } from '../platform/aws/secrets-manager.ts';
import { requireEmailList, requireEnv } from '../platform/config/env.ts';
import { ENV } from '../platform/config/env-names.ts';
import { AuditTrail } from '../platform/dynamodb/audit-trail.ts';
import { NotificationLedger } from '../platform/email/notification-ledger.ts';
import { emailSenderFromEnvironment } from '../platform/email/sender-from-environment.ts';
import { EventPublisher } from '../platform/events/publish.ts';
import { now } from '../platform/time/clock.ts';
import type { ResultDependencies } from './deliver-result.ts';
import { ReleaseRepository } from './release-repository.ts';

/**
 * What sending results needs, from the function's environment: the release consumer and the facilitator routes share
 * it.
 */
export function resultDependenciesFromEnvironment(): ResultDependencies {
  const tableName = requireEnv(ENV.tableName);
  return {
    applications: new ApplicationRepository(documentClient, tableName),
    releases: new ReleaseRepository(documentClient, tableName),
    ledger: new NotificationLedger(documentClient, tableName),
    email: emailSenderFromEnvironment(),
    audit: new AuditTrail(documentClient, tableName),
    publisher: new EventPublisher(eventBridgeClient, requireEnv(ENV.eventBusName)),
    senderAddress: requireEnv(ENV.senderAddress),
    facilitatorEmails: requireEmailList(ENV.facilitatorEmails),
    // The roster link of a participant's result email; the key is read on first use.
    links: new ApplicantLinks(applicantLinkKeySource(secretsManagerClient), requireEnv(ENV.publicApiUrl)),
    now,
  };
}
