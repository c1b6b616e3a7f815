import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ApplicationRepository } from '../../shared/applications/repository.ts';
import { AudienceCounter } from '../../shared/cohorts/audiences.ts';
import { cohortsFromTable } from '../../shared/cohorts/cohorts-loaded.ts';
import { cohortRoutes } from '../../shared/cohorts/routes.ts';
import { InviteeRepository } from '../../shared/invitations/repository.ts';
import { RosterRepository } from '../../shared/participation/roster-repository.ts';
import { SessionRepository } from '../../shared/participation/session-repository.ts';
import { documentClient } from '../../shared/platform/aws/dynamodb.ts';
import { requireEnv } from '../../shared/platform/config/env.ts';
import { ENV } from '../../shared/platform/config/env-names.ts';
import { facilitatorRouter } from '../../shared/platform/http/facilitator-router.ts';
import type { HttpResponse } from '../../shared/platform/http/response.ts';
import { logger } from '../../shared/platform/logger.ts';
import { httpErrorBoundary } from '../../shared/platform/middleware/http-error-boundary.ts';
import { now } from '../../shared/platform/time/clock.ts';

const tableName = requireEnv(ENV.tableName);
const routes = cohortRoutes({
  client: documentClient,
  tableName,
  sessions: new SessionRepository(documentClient, tableName),
  audiences: new AudienceCounter(documentClient, tableName, new InviteeRepository(documentClient, tableName), {
    applications: new ApplicationRepository(documentClient, tableName),
    rosters: new RosterRepository(documentClient, tableName),
  }),
  now,
});

export const handler = middy<APIGatewayProxyEventV2, HttpResponse>()
  .use(injectLambdaContext(logger))
  .use(httpErrorBoundary(logger))
  .use(cohortsFromTable())
  .handler(
    facilitatorRouter({
      'GET /facilitator/cohorts': routes.list,
      'GET /facilitator/cohorts/{cohortId}': routes.show,
      'GET /facilitator/cohorts/{cohortId}/calendar': routes.calendar,
    }),
  );
