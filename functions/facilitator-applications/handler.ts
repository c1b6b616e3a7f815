import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ApplicationRepository } from '../../shared/applications/repository.ts';
import { ClarificationRepository } from '../../shared/clarifications/repository.ts';
import { cohortsFromTable } from '../../shared/cohorts/cohorts-loaded.ts';
import { documentClient } from '../../shared/platform/aws/dynamodb.ts';
import { requireEnv } from '../../shared/platform/config/env.ts';
import { ENV } from '../../shared/platform/config/env-names.ts';
import { AuditTrail } from '../../shared/platform/dynamodb/audit-trail.ts';
import { facilitatorRouter } from '../../shared/platform/http/facilitator-router.ts';
import type { HttpResponse } from '../../shared/platform/http/response.ts';
import { logger } from '../../shared/platform/logger.ts';
import { httpErrorBoundary } from '../../shared/platform/middleware/http-error-boundary.ts';
import { now } from '../../shared/platform/time/clock.ts';
import { reviewRoutes } from '../../shared/review/routes.ts';

const tableName = requireEnv(ENV.tableName);
const routes = reviewRoutes({
  applications: new ApplicationRepository(documentClient, tableName),
  audit: new AuditTrail(documentClient, tableName),
  clarifications: new ClarificationRepository(documentClient, tableName),
  now,
});

export const handler = middy<APIGatewayProxyEventV2, HttpResponse>()
  .use(injectLambdaContext(logger))
  .use(httpErrorBoundary(logger))
  .use(cohortsFromTable())
  .handler(
    facilitatorRouter({
      'GET /facilitator/applications': routes.listQueue,
      'GET /facilitator/applications/{applicationId}': routes.getApplication,
      'GET /facilitator/applications/{applicationId}/audit': routes.getAudit,
      'PUT /facilitator/applications/{applicationId}/review': routes.recordReview,
    }),
  );
