import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { cohortsFromTable } from '../../shared/cohorts/cohorts-loaded.ts';
import { undeliverableRoutes } from '../../shared/delivery/undeliverable-routes.ts';
import { documentClient } from '../../shared/platform/aws/dynamodb.ts';
import { requireEnv } from '../../shared/platform/config/env.ts';
import { ENV } from '../../shared/platform/config/env-names.ts';
import { SuppressionList } from '../../shared/platform/email/suppression-list.ts';
import { facilitatorRouter } from '../../shared/platform/http/facilitator-router.ts';
import type { HttpResponse } from '../../shared/platform/http/response.ts';
import { logger } from '../../shared/platform/logger.ts';
import { httpErrorBoundary } from '../../shared/platform/middleware/http-error-boundary.ts';

const routes = undeliverableRoutes({ suppressions: new SuppressionList(documentClient, requireEnv(ENV.tableName)) });

export const handler = middy<APIGatewayProxyEventV2, HttpResponse>()
  .use(injectLambdaContext(logger))
  .use(httpErrorBoundary(logger))
  .use(cohortsFromTable())
  .handler(
    facilitatorRouter({
      'GET /facilitator/undeliverable': routes.list,
    }),
  );
