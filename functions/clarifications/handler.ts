import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { applicantLinkKeySource } from '../../shared/applicant-links/key-source.ts';
import { ApplicantLinks } from '../../shared/applicant-links/links.ts';
import { applicantClarificationRoutes } from '../../shared/clarifications/applicant-routes.ts';
import { facilitatorClarificationRoutes } from '../../shared/clarifications/facilitator-routes.ts';
import { ClarificationRepository } from '../../shared/clarifications/repository.ts';
import { documentClient } from '../../shared/clients/dynamodb.ts';
import { eventBridgeClient } from '../../shared/clients/eventbridge.ts';
import { secretsManagerClient } from '../../shared/clients/secrets-manager.ts';
import { now } from '../../shared/clock.ts';
import { requireEnv } from '../../shared/config/env.ts';
import { ENV } from '../../shared/config/env-names.ts';
import { EventPublisher } from '../../shared/events/publish.ts';
import { facilitatorRouter } from '../../shared/http/facilitator-router.ts';
import type { HttpResponse } from '../../shared/http/response.ts';
import { logger } from '../../shared/logger.ts';
import { httpErrorBoundary } from '../../shared/middleware/http-error-boundary.ts';
import { ApplicationRepository } from '../../shared/repository/applications.ts';
import { AuditTrail } from '../../shared/repository/audit-trail.ts';

const tableName = requireEnv(ENV.tableName);
const applications = new ApplicationRepository(documentClient, tableName);
const clarifications = new ClarificationRepository(documentClient, tableName);
const audit = new AuditTrail(documentClient, tableName);
// The key is read on first use (one GetSecretValue per cold start), and only by applicant routes.
const links = new ApplicantLinks(applicantLinkKeySource(secretsManagerClient), requireEnv(ENV.publicApiUrl));

const facilitator = facilitatorClarificationRoutes({
  applications,
  clarifications,
  audit,
  publisher: new EventPublisher(eventBridgeClient, requireEnv(ENV.eventBusName)),
  now,
});
const applicant = applicantClarificationRoutes({ applications, clarifications, audit, links, now });

/** Public routes: authorized by the application's secret, never by a facilitator token. */
const applicantRoutes: Readonly<Record<string, (event: APIGatewayProxyEventV2) => Promise<HttpResponse>>> = {
  'GET /applications/{applicationId}/clarifications': applicant.list,
  'GET /applications/{applicationId}/clarifications/{clarificationId}': applicant.get,
  'POST /applications/{applicationId}/clarifications/{clarificationId}/answer': applicant.answer,
};

const facilitatorRoutes = facilitatorRouter({
  'POST /facilitator/applications/{applicationId}/clarifications': facilitator.request,
  'GET /facilitator/applications/{applicationId}/clarifications': facilitator.list,
});

export const handler = middy<APIGatewayProxyEventV2, HttpResponse>()
  .use(injectLambdaContext(logger))
  .use(httpErrorBoundary(logger))
  .handler(async (event) => {
    const applicantRoute = applicantRoutes[event.routeKey];
    const response = applicantRoute ? await applicantRoute(event) : await facilitatorRoutes(event);
    logger.info('Clarification request answered', { routeKey: event.routeKey, statusCode: response.statusCode });
    return response;
  });
