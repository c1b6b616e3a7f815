import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
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
import { facilitatorRouter } from '../../shared/http/facilitator-router.ts';
import type { HttpResponse } from '../../shared/http/response.ts';
import { logger } from '../../shared/logger.ts';
import { httpErrorBoundary } from '../../shared/middleware/http-error-boundary.ts';
import { ReleaseRepository } from '../../shared/release/release-repository.ts';
import { releaseRoutes } from '../../shared/release/release-routes.ts';
import { ApplicationRepository } from '../../shared/repository/applications.ts';
import { AuditTrail } from '../../shared/repository/audit-trail.ts';
import { NotificationLedger } from '../../shared/repository/notification-ledger.ts';

const tableName = requireEnv(ENV.tableName);
const senderAddress = requireEnv(ENV.senderAddress);
const routes = releaseRoutes({
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
});

export const handler = middy<APIGatewayProxyEventV2, HttpResponse>()
  .use(injectLambdaContext(logger))
  .use(httpErrorBoundary(logger))
  .handler(
    facilitatorRouter({
      'GET /facilitator/releases': routes.listReleases,
      'POST /facilitator/releases': routes.releaseNow,
      'GET /facilitator/releases/preview': routes.preview,
      'POST /facilitator/applications/{applicationId}/send-result': routes.sendResult,
    }),
  );
