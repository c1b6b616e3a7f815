import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ApplicationRepository } from '../../shared/applications/repository.ts';
import { AudienceCounter } from '../../shared/cohorts/audiences.ts';
import { CohortRepository } from '../../shared/cohorts/cohort-repository.ts';
import { cohortsFromTable } from '../../shared/cohorts/cohorts-loaded.ts';
import { cohortRoutes } from '../../shared/cohorts/routes.ts';
import { cohortWriteRoutes } from '../../shared/cohorts/write-routes.ts';
import { InviteeRepository } from '../../shared/invitations/repository.ts';
import { RosterRepository } from '../../shared/participation/roster-repository.ts';
import { SessionRepository } from '../../shared/participation/session-repository.ts';
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

const tableName = requireEnv(ENV.tableName);
const cohorts = new CohortRepository(documentClient, tableName);
const writes = cohortWriteRoutes({
  repository: cohorts,
  publisher: new EventPublisher(eventBridgeClient, requireEnv(ENV.eventBusName)),
  now,
});
const routes = cohortRoutes({
  client: documentClient,
  tableName,
  cohorts,
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
      'POST /facilitator/cohorts': writes.create,
      'POST /facilitator/cohorts/{cohortId}/copies': writes.copy,
      'PATCH /facilitator/cohorts/{cohortId}': writes.change,
      'POST /facilitator/cohorts/{cohortId}/schedule': writes.schedule,
      'POST /facilitator/cohorts/{cohortId}/close': writes.close,
      'DELETE /facilitator/cohorts/{cohortId}': writes.remove,
    }),
  );
