import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { documentClient } from '../../shared/clients/dynamodb.ts';
import { eventBridgeClient } from '../../shared/clients/eventbridge.ts';
import { now } from '../../shared/clock.ts';
import { requireEnv } from '../../shared/config/env.ts';
import { ENV } from '../../shared/config/env-names.ts';
import { EventPublisher } from '../../shared/events/publish.ts';
import { ExtensionRepository } from '../../shared/extensions/repository.ts';
import type { HttpResponse } from '../../shared/http/response.ts';
import { submitApplication } from '../../shared/intake/submit-application.ts';
import { logger } from '../../shared/logger.ts';
import { httpErrorBoundary } from '../../shared/middleware/http-error-boundary.ts';
import { ApplicationRepository } from '../../shared/repository/applications.ts';
import { AuditTrail } from '../../shared/repository/audit-trail.ts';
import { IdempotencyRepository } from '../../shared/repository/idempotency.ts';

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
  .handler(async (event) => {
    const response = await submitApplication(event, dependencies);
    logger.info('Application request answered', { statusCode: response.statusCode });
    return response;
  });
