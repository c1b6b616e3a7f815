import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { applicantPageRoutes, notFound } from '../../shared/applicant-pages/routes.ts';
import { cohortsFromTable } from '../../shared/cohorts/cohorts-loaded.ts';
import { requireEmailList } from '../../shared/platform/config/env.ts';
import { ENV } from '../../shared/platform/config/env-names.ts';
import type { HttpResponse } from '../../shared/platform/http/response.ts';
import { logger } from '../../shared/platform/logger.ts';
import { pageErrorBoundary } from '../../shared/platform/middleware/page-error-boundary.ts';
import { now } from '../../shared/platform/time/clock.ts';
import { serverErrorPage } from '../../shared/templates/pages/layout.ts';

const routes = applicantPageRoutes({ now, facilitatorEmails: requireEmailList(ENV.facilitatorEmails) });

/** The applicant pages (public): a cohort's start page, each zone's form, the stylesheet. */
export const handler = middy<APIGatewayProxyEventV2, HttpResponse>()
  .use(injectLambdaContext(logger))
  .use(pageErrorBoundary(logger, serverErrorPage))
  .use(cohortsFromTable())
  .handler(async (event) => {
    const route = routes[event.routeKey];
    const response = route ? await route(event) : notFound(event);
    logger.info('Page served', { routeKey: event.routeKey, statusCode: response.statusCode });
    return response;
  });
