import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { cohortsFromTable } from '../../shared/cohorts/cohorts-loaded.ts';
import { ApplicationResultDue } from '../../shared/events/application-result-due.ts';
import { logger } from '../../shared/platform/logger.ts';
import { type ConsumerResult, consumeEvent } from '../../shared/platform/middleware/event-consumer.ts';
import { deliverReleasedResult } from '../../shared/release/deliver-result.ts';
import { resultDependenciesFromEnvironment } from '../../shared/release/result-dependencies.ts';

const dependencies = resultDependenciesFromEnvironment();

/** ApplicationResultDue: the application's result email, once (rolling it over first where the cohort says so). */
export const handler = middy<unknown, ConsumerResult>()
  .use(injectLambdaContext(logger))
  .use(cohortsFromTable())
  .handler(
    consumeEvent(ApplicationResultDue, logger, (detail) => deliverReleasedResult(detail.applicationId, dependencies)),
  );
