import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { documentClient } from '../../shared/clients/dynamodb.ts';
import { eventBridgeClient } from '../../shared/clients/eventbridge.ts';
import { now } from '../../shared/clock.ts';
import { requireEnv } from '../../shared/config/env.ts';
import { ENV } from '../../shared/config/env-names.ts';
import { EventPublisher } from '../../shared/events/publish.ts';
import { facilitatorRouter } from '../../shared/http/facilitator-router.ts';
import type { HttpResponse } from '../../shared/http/response.ts';
import { InviteeRepository } from '../../shared/invitations/repository.ts';
import { inviteeRoutes } from '../../shared/invitations/routes.ts';
import { logger } from '../../shared/logger.ts';
import { httpErrorBoundary } from '../../shared/middleware/http-error-boundary.ts';

const routes = inviteeRoutes({
  invitees: new InviteeRepository(documentClient, requireEnv(ENV.tableName)),
  publisher: new EventPublisher(eventBridgeClient, requireEnv(ENV.eventBusName)),
  now,
});

export const handler = middy<APIGatewayProxyEventV2, HttpResponse>()
  .use(injectLambdaContext(logger))
  .use(httpErrorBoundary(logger))
  .handler(
    facilitatorRouter({
      'POST /facilitator/invitees': routes.importCsv,
      'GET /facilitator/invitees': routes.list,
    }),
  );
