import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { cohortsFromTable } from '../../shared/cohorts/cohorts-loaded.ts';
import { InviteeRepository } from '../../shared/invitations/repository.ts';
import { inviteeRoutes } from '../../shared/invitations/routes.ts';
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

const routes = inviteeRoutes({
  invitees: new InviteeRepository(documentClient, requireEnv(ENV.tableName)),
  publisher: new EventPublisher(eventBridgeClient, requireEnv(ENV.eventBusName)),
  now,
});

export const handler = middy<APIGatewayProxyEventV2, HttpResponse>()
  .use(injectLambdaContext(logger))
  .use(httpErrorBoundary(logger))
  .use(cohortsFromTable())
  .handler(
    facilitatorRouter({
      'POST /facilitator/invitees': routes.importCsv,
      'GET /facilitator/invitees': routes.list,
    }),
  );
