import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { recordBoardResolutionRoute } from '../../shared/board-resolutions/record.ts';
import { documentClient } from '../../shared/clients/dynamodb.ts';
import { now } from '../../shared/clock.ts';
import { requireEnv } from '../../shared/config/env.ts';
import { ENV } from '../../shared/config/env-names.ts';
import { facilitatorRouter } from '../../shared/http/facilitator-router.ts';
import type { HttpResponse } from '../../shared/http/response.ts';
import { logger } from '../../shared/logger.ts';
import { httpErrorBoundary } from '../../shared/middleware/http-error-boundary.ts';
import { ApplicationRepository } from '../../shared/repository/applications.ts';
import { AuditTrail } from '../../shared/repository/audit-trail.ts';

const tableName = requireEnv(ENV.tableName);
const recordBoardResolution = recordBoardResolutionRoute({
  applications: new ApplicationRepository(documentClient, tableName),
  audit: new AuditTrail(documentClient, tableName),
  now,
});

export const handler = middy<APIGatewayProxyEventV2, HttpResponse>()
  .use(injectLambdaContext(logger))
  .use(httpErrorBoundary(logger))
  .handler(
    facilitatorRouter({
      'POST /facilitator/applications/{applicationId}/board-resolution': recordBoardResolution,
    }),
  );
