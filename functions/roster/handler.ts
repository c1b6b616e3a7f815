import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { applicantLinkKeySource } from '../../shared/applicant-links/key-source.ts';
import { ApplicantLinks } from '../../shared/applicant-links/links.ts';
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
import { RosterRepository } from '../../shared/participation/roster-repository.ts';
import { rosterRoutes } from '../../shared/participation/roster-routes.ts';
import { ApplicationRepository } from '../../shared/repository/applications.ts';
import { AuditTrail } from '../../shared/repository/audit-trail.ts';

const tableName = requireEnv(ENV.tableName);
const routes = rosterRoutes({
  applications: new ApplicationRepository(documentClient, tableName),
  rosters: new RosterRepository(documentClient, tableName),
  audit: new AuditTrail(documentClient, tableName),
  publisher: new EventPublisher(eventBridgeClient, requireEnv(ENV.eventBusName)),
  // The key is read on first use (one GetSecretValue per cold start).
  links: new ApplicantLinks(applicantLinkKeySource(secretsManagerClient), requireEnv(ENV.publicApiUrl)),
  now,
});

/** Public routes: authorized by the application's secret from the selection email, never by a facilitator token. */
const applicantRoutes: Readonly<Record<string, (event: APIGatewayProxyEventV2) => Promise<HttpResponse>>> = {
  'GET /applications/{applicationId}/roster': routes.get,
  'PUT /applications/{applicationId}/roster': routes.put,
};

const facilitatorRoutes = facilitatorRouter({
  'GET /facilitator/rosters': routes.list,
});

export const handler = middy<APIGatewayProxyEventV2, HttpResponse>()
  .use(injectLambdaContext(logger))
  .use(httpErrorBoundary(logger))
  .handler(async (event) => {
    const applicantRoute = applicantRoutes[event.routeKey];
    const response = applicantRoute ? await applicantRoute(event) : await facilitatorRoutes(event);
    logger.info('Roster request answered', { routeKey: event.routeKey, statusCode: response.statusCode });
    return response;
  });
