import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { cohortsFromTable } from '../../shared/cohorts/cohorts-loaded.ts';
import { SessionRepository } from '../../shared/participation/session-repository.ts';
import { sessionRoutes } from '../../shared/participation/session-routes.ts';
import { documentClient } from '../../shared/platform/aws/dynamodb.ts';
import { eventBridgeClient } from '../../shared/platform/aws/eventbridge.ts';
import { requireEnv } from '../../shared/platform/config/env.ts';
import { ENV } from '../../shared/platform/config/env-names.ts';
import { EventPublisher } from '../../shared/platform/events/publish.ts';
import { facilitatorRouter } from '../../shared/platform/http/facilitator-router.ts';
import type { HttpResponse } from '../../shared/platform/http/response.ts';
import { logger } from '../../shared/platform/logger.ts';
import { httpErrorBoundary } from '../../shared/platform/middleware/http-error-boundary.ts';
import { now } from '../../shared/platform/time/clock.ts';

const routes = sessionRoutes({
  sessions: new SessionRepository(documentClient, requireEnv(ENV.tableName)),
  publisher: new EventPublisher(eventBridgeClient, requireEnv(ENV.eventBusName)),
  now,
});

export const handler = middy<APIGatewayProxyEventV2, HttpResponse>()
  .use(injectLambdaContext(logger))
  .use(httpErrorBoundary(logger))
  .use(cohortsFromTable())
  .handler(
    facilitatorRouter({
      'GET /facilitator/sessions': routes.list,
      'PUT /facilitator/sessions/{sessionDate}': routes.move,
      'POST /facilitator/sessions/{sessionDate}/cancel': routes.cancel,
      'POST /facilitator/sessions/{sessionDate}/materials': routes.postMaterials,
    }),
  );
