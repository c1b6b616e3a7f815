import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { documentClient } from '../../shared/clients/dynamodb.ts';
import { requireEnv } from '../../shared/config/env.ts';
import { ENV } from '../../shared/config/env-names.ts';
import { undeliverableRoutes } from '../../shared/delivery/undeliverable-routes.ts';
import { facilitatorRouter } from '../../shared/http/facilitator-router.ts';
import type { HttpResponse } from '../../shared/http/response.ts';
import { logger } from '../../shared/logger.ts';
import { httpErrorBoundary } from '../../shared/middleware/http-error-boundary.ts';
import { SuppressionList } from '../../shared/repository/suppression-list.ts';

const routes = undeliverableRoutes({ suppressions: new SuppressionList(documentClient, requireEnv(ENV.tableName)) });

export const handler = middy<APIGatewayProxyEventV2, HttpResponse>()
  .use(injectLambdaContext(logger))
  .use(httpErrorBoundary(logger))
  .handler(
    facilitatorRouter({
      'GET /facilitator/undeliverable': routes.list,
    }),
  );
