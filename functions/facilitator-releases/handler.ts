import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { cohortsFromTable } from '../../shared/cohorts/cohorts-loaded.ts';
import { facilitatorRouter } from '../../shared/platform/http/facilitator-router.ts';
import type { HttpResponse } from '../../shared/platform/http/response.ts';
import { logger } from '../../shared/platform/logger.ts';
import { httpErrorBoundary } from '../../shared/platform/middleware/http-error-boundary.ts';
import { releaseRoutes } from '../../shared/release/release-routes.ts';
import { resultDependenciesFromEnvironment } from '../../shared/release/result-dependencies.ts';

const routes = releaseRoutes(resultDependenciesFromEnvironment());

export const handler = middy<APIGatewayProxyEventV2, HttpResponse>()
  .use(injectLambdaContext(logger))
  .use(httpErrorBoundary(logger))
  .use(cohortsFromTable())
  .handler(
    facilitatorRouter({
      'GET /facilitator/releases': routes.listReleases,
      'POST /facilitator/releases': routes.releaseNow,
      'GET /facilitator/releases/preview': routes.preview,
      'POST /facilitator/applications/{applicationId}/send-result': routes.sendResult,
    }),
  );
