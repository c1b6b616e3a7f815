import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { CohortDefinition } from '../domain/cohort/definition.ts';
import { allCohorts, findCohort } from '../domain/cohort/registry.ts';
import type { SessionRepository } from '../participation/session-repository.ts';
import { parsePath } from '../platform/http/parameters.ts';
import { errorResponse, type HttpResponse, jsonResponse } from '../platform/http/response.ts';
import type { AudienceCounter } from './audiences.ts';
import { buildCalendar, cohortMilestones } from './calendar.ts';
import { cohortSummary } from './cohort-view.ts';
import { milestoneRecords } from './milestone-records.ts';
import { cohortPathSchema } from './schemas.ts';

export interface CohortRouteDependencies {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly sessions: SessionRepository;
  readonly audiences: AudienceCounter;
  readonly now: () => Date;
}

/** The cohort a path names: 400 naming path.cohortId for a malformed id, 404 for one no cohort has. */
function cohortOfPath(
  event: APIGatewayProxyEventV2,
): { ok: true; cohort: CohortDefinition } | { ok: false; response: HttpResponse } {
  const path = parsePath(event, cohortPathSchema);
  if (!path.ok) return path;
  const cohort = findCohort(path.value.cohortId);
  if (!cohort) return { ok: false, response: errorResponse(404, 'NotFound', `No cohort ${path.value.cohortId}.`) };
  return { ok: true, cohort };
}

export function cohortRoutes(deps: CohortRouteDependencies) {
  return {
    /** GET /facilitator/cohorts */
    async list(): Promise<HttpResponse> {
      return jsonResponse(200, { items: allCohorts().map(cohortSummary) });
    },

    /** GET /facilitator/cohorts/{cohortId}: the whole definition. */
    async show(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
      const found = cohortOfPath(event);
      if (!found.ok) return found.response;
      return jsonResponse(200, found.cohort);
    },

    /**
     * GET /facilitator/cohorts/{cohortId}/calendar: every milestone, mailing and meeting in
     * time order, planned as the dispatcher plans them, each with its state from the ledger.
     */
    async calendar(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
      const found = cohortOfPath(event);
      if (!found.ok) return found.response;
      const { cohort } = found;
      const now = deps.now();
      const { overrides } = await deps.sessions.listCohort(cohort.id);
      const { planned, superseded } = cohortMilestones(cohort, overrides);
      const records = await milestoneRecords(
        deps.client,
        deps.tableName,
        [...planned, ...superseded].map((milestone) => milestone.id),
      );
      const audiences = await deps.audiences.count(cohort, now);
      return jsonResponse(200, {
        cohort: cohort.id,
        timeZone: cohort.timeZone,
        now: now.toISOString(),
        items: buildCalendar({ cohort, overrides, records, audiences, now }),
      });
    },
  };
}
