import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { findCohort } from '../domain/cohort/registry.ts';
import { assetResponse } from '../platform/html/assets.ts';
import { htmlResponse } from '../platform/html/page.ts';
import type { HttpResponse } from '../platform/http/response.ts';
import { notFoundPage } from '../templates/pages/layout.ts';
import { formPage, windowNotOpenPage } from './form-page.ts';
import { startPage } from './start-page.ts';
import { zoneOfPath, zoneWindow } from './zone-window.ts';

export interface ApplicantPagesDependencies {
  readonly now: () => Date;
  /** Whom a closed zone's page tells applicants to write to. */
  readonly facilitatorEmails: readonly string[];
}

export type PageRoute = (event: APIGatewayProxyEventV2) => Promise<HttpResponse>;

/** A page for any address the routes do not know: an unknown or draft cohort, an unknown zone. */
export function notFound(event: APIGatewayProxyEventV2): HttpResponse {
  return htmlResponse(404, notFoundPage(), event);
}

/**
 * The public pages of applying: a cohort's start page, each zone's form, and the stylesheet.
 * A draft cohort is unknown here (the registry holds none), so its pages answer 404 like an
 * unknown one.
 */
export function applicantPageRoutes(deps: ApplicantPagesDependencies): Readonly<Record<string, PageRoute>> {
  return {
    'GET /apply/{cohortId}': async (event) => {
      const cohort = findCohort(event.pathParameters?.cohortId ?? '');
      if (!cohort) return notFound(event);
      return htmlResponse(200, startPage(cohort, deps.now()), event);
    },
    'GET /apply/{cohortId}/{zone}': async (event) => {
      const cohort = findCohort(event.pathParameters?.cohortId ?? '');
      const zone = zoneOfPath(event.pathParameters?.zone);
      if (!cohort || !zone) return notFound(event);
      const window = zoneWindow(cohort, zone, deps.now());
      return window.state === 'open'
        ? htmlResponse(200, formPage(cohort, zone, window), event)
        : htmlResponse(200, windowNotOpenPage(cohort, zone, window, deps.facilitatorEmails), event);
    },
    'GET /assets/{file}': async (event) => assetResponse(event.pathParameters?.file, event) ?? notFound(event),
  };
}
