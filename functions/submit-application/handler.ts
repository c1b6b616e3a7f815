import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ApplicationRepository } from '../../shared/applications/repository.ts';
import { submitApplication } from '../../shared/applications/submit-application.ts';
import { cohortsFromTable } from '../../shared/cohorts/cohorts-loaded.ts';
import { ExtensionRepository } from '../../shared/extensions/repository.ts';
import { documentClient } from '../../shared/platform/aws/dynamodb.ts';
import { eventBridgeClient } from '../../shared/platform/aws/eventbridge.ts';
import { requireEnv } from '../../shared/platform/config/env.ts';
import { ENV } from '../../shared/platform/config/env-names.ts';
import { AuditTrail } from '../../shared/platform/dynamodb/audit-trail.ts';
import { IdempotencyRepository } from '../../shared/platform/dynamodb/idempotency.ts';
import { EventPublisher } from '../../shared/platform/events/publish.ts';
import type { HttpResponse } from '../../shared/platform/http/response.ts';
import { logger } from '../../shared/platform/logger.ts';
import { httpErrorBoundary } from '../../shared/platform/middleware/http-error-boundary.ts';
import { now } from '../../shared/platform/time/clock.ts';

const tableName = requireEnv(ENV.tableName);
const dependencies = {
  applications: new ApplicationRepository(documentClient, tableName),
  idempotency: new IdempotencyRepository(documentClient, tableName),
  audit: new AuditTrail(documentClient, tableName),
  extensions: new ExtensionRepository(documentClient, tableName),
  publisher: new EventPublisher(eventBridgeClient, requireEnv(ENV.eventBusName)),
  now,
};

export const handler = middy<APIGatewayProxyEventV2, HttpResponse>()
  .use(injectLambdaContext(logger))
  // A refused submission is taken back whole (see submitApplication), so the answer can say so.
  .use(httpErrorBoundary(logger, 'Something went wrong on our side; please retry. Nothing was stored.'))
  .use(cohortsFromTable())
  .handler(async (event) => {
    const response = await submitApplication(event, dependencies);
    logger.info('Application request answered', { statusCode: response.statusCode });
    return response;
  });
