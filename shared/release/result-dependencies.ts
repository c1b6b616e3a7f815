import { applicantLinkKeySource } from '../applicant-links/key-source.ts';
import { ApplicantLinks } from '../applicant-links/links.ts';
import { documentClient } from '../clients/dynamodb.ts';
import { eventBridgeClient } from '../clients/eventbridge.ts';
import { secretsManagerClient } from '../clients/secrets-manager.ts';
import { now } from '../clock.ts';
import { requireEmailList, requireEnv } from '../config/env.ts';
import { ENV } from '../config/env-names.ts';
import { emailSenderFromEnvironment } from '../email/sender-from-environment.ts';
import { EventPublisher } from '../events/publish.ts';
import { ApplicationRepository } from '../repository/applications.ts';
import { AuditTrail } from '../repository/audit-trail.ts';
import { NotificationLedger } from '../repository/notification-ledger.ts';
import type { ResultDependencies } from './deliver-result.ts';
import { ReleaseRepository } from './release-repository.ts';

/** What sending results needs, from the function's environment: the release consumer and the facilitator routes share it. */
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
