import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { documentClient } from '../../shared/clients/dynamodb.ts';
import { now } from '../../shared/clock.ts';
import { requireEnv } from '../../shared/config/env.ts';
import { ENV } from '../../shared/config/env-names.ts';
import { ExtensionRepository } from '../../shared/extensions/repository.ts';
import { extensionRoutes } from '../../shared/extensions/routes.ts';
import { facilitatorRouter } from '../../shared/http/facilitator-router.ts';
import type { HttpResponse } from '../../shared/http/response.ts';
import { logger } from '../../shared/logger.ts';
import { httpErrorBoundary } from '../../shared/middleware/http-error-boundary.ts';

const routes = extensionRoutes({ extensions: new ExtensionRepository(documentClient, requireEnv(ENV.tableName)), now });

export const handler = middy<APIGatewayProxyEventV2, HttpResponse>()
  .use(injectLambdaContext(logger))
  .use(httpErrorBoundary(logger))
  .handler(
    facilitatorRouter({
      'POST /facilitator/extensions': routes.grant,
      'GET /facilitator/extensions': routes.list,
    }),
  );
