import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { cohortsFromTable } from '../../shared/cohorts/cohorts-loaded.ts';
import { ExtensionRepository } from '../../shared/extensions/repository.ts';
import { extensionRoutes } from '../../shared/extensions/routes.ts';
import { documentClient } from '../../shared/platform/aws/dynamodb.ts';
import { requireEnv } from '../../shared/platform/config/env.ts';
import { ENV } from '../../shared/platform/config/env-names.ts';
import { facilitatorRouter } from '../../shared/platform/http/facilitator-router.ts';
import type { HttpResponse } from '../../shared/platform/http/response.ts';
import { logger } from '../../shared/platform/logger.ts';
import { httpErrorBoundary } from '../../shared/platform/middleware/http-error-boundary.ts';
import { now } from '../../shared/platform/time/clock.ts';

const routes = extensionRoutes({ extensions: new ExtensionRepository(documentClient, requireEnv(ENV.tableName)), now });

export const handler = middy<APIGatewayProxyEventV2, HttpResponse>()
  .use(injectLambdaContext(logger))
  .use(httpErrorBoundary(logger))
  .use(cohortsFromTable())
  .handler(
    facilitatorRouter({
      'POST /facilitator/extensions': routes.grant,
      'GET /facilitator/extensions': routes.list,
    }),
  );
