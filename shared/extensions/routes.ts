import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { applicationWindow } from '../domain/cohort/calendar.ts';
import { getCohort } from '../domain/cohort/registry.ts';
import { APPLICANT_KINDS_OF_ZONE, type ZoneCode, zoneTitle } from '../domain/zones.ts';
import type { Facilitator } from '../platform/http/facilitator-auth.ts';
import { parseBody, parseQuery } from '../platform/http/parameters.ts';
import { type HttpResponse, jsonResponse, validationErrorResponse } from '../platform/http/response.ts';
import type { FieldError } from '../platform/schemas/validation-errors.ts';
import { formatDateTime } from '../platform/time/zoned.ts';
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

/** Refuses the key of an applicant who can never apply to the zone (an organization in the SDZ, say). */
function applicantKindError(zone: ZoneCode, applicantKey: string): FieldError | undefined {
  const kinds: readonly string[] = APPLICANT_KINDS_OF_ZONE[zone];
  const kind = applicantKey.slice(0, applicantKey.indexOf(':'));
  if (kinds.includes(kind)) return undefined;
  const taken = kinds.map((each) => `${each}s`);
  const takenList = taken.length === 1 ? taken[0] : `${taken.slice(0, -1).join(', ')} or ${taken.at(-1)}`;
  return {
    field: 'applicantKey',
    message: `names ${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}, but the ${zoneTitle(zone)} takes ${takenList} only`,
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
        return validationErrorResponse([
          {
            field: 'zone',
            message:
              `the ${zoneTitle(zone)} window has no closing date in the ${cohortId} cohort, so it needs no ` +
              'extension',
          },
        ]);
      }
      const kindError = applicantKindError(zone, applicantKey);
      if (kindError) return validationErrorResponse([kindError]);
      const until = new Date(body.value.until);
      const now = deps.now();
      if (until <= closesAt) {
        return validationErrorResponse([
          {
            field: 'until',
            message:
              `must be after the ${zoneTitle(zone)} window closes (${closesAt.toISOString()}, ` +
              `${formatDateTime(closesAt, cohort.timeZone)})`,
          },
        ]);
      }
      if (until <= now) {
        return validationErrorResponse([
          { field: 'until', message: `must be in the future (now is ${now.toISOString()})` },
        ]);
      }
      const extension = await deps.extensions.grant(
        { cohort: cohortId, zone, applicantKey },
        {
          until: until.toISOString(),
          grantedBy: facilitator.id,
          grantedAt: now.toISOString(),
          ...(note !== undefined ? { note } : {}),
        },
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
      return jsonResponse(200, {
        cohort,
        zone,
        closedAt: closesAt?.toISOString() ?? null,
        items: items.map((extension) => view(extension, closesAt)),
      });
    },
  };
}
