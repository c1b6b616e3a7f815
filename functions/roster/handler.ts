import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { applicantLinkKeySource } from '../../shared/applicant-links/key-source.ts';
import { ApplicantLinks } from '../../shared/applicant-links/links.ts';
import { ApplicationRepository } from '../../shared/applications/repository.ts';
import { cohortsFromTable } from '../../shared/cohorts/cohorts-loaded.ts';
import { RosterRepository } from '../../shared/participation/roster-repository.ts';
import { rosterRoutes } from '../../shared/participation/roster-routes.ts';
import { documentClient } from '../../shared/platform/aws/dynamodb.ts';
import { eventBridgeClient } from '../../shared/platform/aws/eventbridge.ts';
import { secretsManagerClient } from '../../shared/platform/aws/secrets-manager.ts';
import { requireEnv } from '../../shared/platform/config/env.ts';
import { ENV } from '../../shared/platform/config/env-names.ts';
import { AuditTrail } from '../../shared/platform/dynamodb/audit-trail.ts';
import { EventPublisher } from '../../shared/platform/events/publish.ts';
import { facilitatorRouter } from '../../shared/platform/http/facilitator-router.ts';
import type { HttpResponse } from '../../shared/platform/http/response.ts';
import { logger } from '../../shared/platform/logger.ts';
import { httpErrorBoundary } from '../../shared/platform/middleware/http-error-boundary.ts';
import { now } from '../../shared/platform/time/clock.ts';

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
  .use(cohortsFromTable())
  .handler(async (event) => {
    const applicantRoute = applicantRoutes[event.routeKey];
    const response = applicantRoute ? await applicantRoute(event) : await facilitatorRoutes(event);
    logger.info('Roster request answered', { routeKey: event.routeKey, statusCode: response.statusCode });
    return response;
  });
