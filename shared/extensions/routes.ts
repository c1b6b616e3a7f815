import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { applicationWindow } from '../cohort/calendar.ts';
import { getCohort } from '../cohort/registry.ts';
import { zoneTitle } from '../domain/zones.ts';
import type { Facilitator } from '../http/facilitator-auth.ts';
import { parseBody, parseQuery } from '../http/parameters.ts';
import { jsonResponse, validationErrorResponse, type HttpResponse } from '../http/response.ts';
import { formatDateTime } from '../time/zoned.ts';
import type { Extension } from './model.ts';
import type { ExtensionRepository } from './repository.ts';
import { extensionListQuerySchema, extensionRequestSchema } from './schemas.ts';

export interface ExtensionRouteDependencies {
  readonly extensions: ExtensionRepository;
  readonly now: () => Date;
}

function view(extension: Extension, closedAt: Date | null) {
  return {
    cohort: extension.cohort,
    zone: extension.zone,
    applicantKey: extension.applicantKey,
    until: extension.until,
    closedAt: closedAt?.toISOString() ?? null,
    grantedBy: extension.grantedBy,
    grantedAt: extension.grantedAt,
    note: extension.note ?? null,
    grants: extension.grants,
  };
}

/** Facilitators extend a zone's window for one applicant, and list the extensions of a zone. */
export function extensionRoutes(deps: ExtensionRouteDependencies) {
  return {
    /**
     * POST /facilitator/extensions {cohort, zone, applicantKey, until, note?}: until `until`,
     * that applicant's submission to the zone is accepted although the window has closed.
     * `until` must be after the window closes and in the future; granting again replaces it.
     * 201 for a first grant, 200 for a replaced one.
     */
    async grant(event: APIGatewayProxyEventV2, facilitator: Facilitator): Promise<HttpResponse> {
      const body = parseBody(event, extensionRequestSchema);
      if (!body.ok) return body.response;
      const { cohort: cohortId, zone, applicantKey, note } = body.value;
      const cohort = getCohort(cohortId);
      const closesAt = applicationWindow(cohort, zone).closesAt;
      if (closesAt === null) {
        return validationErrorResponse([{ field: 'zone', message: `the ${zoneTitle(zone)} window has no closing date in the ${cohortId} cohort, so it needs no extension` }]);
      }
      const until = new Date(body.value.until);
      const now = deps.now();
      if (until <= closesAt) {
        return validationErrorResponse([{ field: 'until', message: `must be after the ${zoneTitle(zone)} window closes (${closesAt.toISOString()}, ${formatDateTime(closesAt, cohort.timeZone)})` }]);
      }
      if (until <= now) {
        return validationErrorResponse([{ field: 'until', message: `must be in the future (now is ${now.toISOString()})` }]);
      }
      const extension = await deps.extensions.grant(
        { cohort: cohortId, zone, applicantKey },
        { until: until.toISOString(), grantedBy: facilitator.id, grantedAt: now.toISOString(), ...(note !== undefined ? { note } : {}) },
      );
      return jsonResponse(extension.grants.length === 1 ? 201 : 200, view(extension, closesAt));
    },

    /** GET /facilitator/extensions?cohort&zone */
    async list(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
      const query = parseQuery(event, extensionListQuerySchema);
      if (!query.ok) return query.response;
      const { cohort, zone } = query.value;
      const closesAt = applicationWindow(getCohort(cohort), zone).closesAt;
      const items = await deps.extensions.list(cohort, zone);
      return jsonResponse(200, { cohort, zone, closedAt: closesAt?.toISOString() ?? null, items: items.map((extension) => view(extension, closesAt)) });
    },
  };
}
