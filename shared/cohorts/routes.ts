import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type CohortDefinition, cohortDefinitionSchema } from '../domain/cohort/definition.ts';
import type { SessionRepository } from '../participation/session-repository.ts';
import { parsePath } from '../platform/http/parameters.ts';
import { errorResponse, type HttpResponse, jsonResponse } from '../platform/http/response.ts';
import type { AudienceCounter } from './audiences.ts';
import { buildCalendar, cohortMilestones } from './calendar.ts';
import type { CohortRepository, StoredCohort } from './cohort-repository.ts';
import { cohortSummary } from './cohort-view.ts';
import { milestoneRecords } from './milestone-records.ts';
import { cohortPathSchema } from './schemas.ts';

export interface CohortRouteDependencies {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly sessions: SessionRepository;
  readonly cohorts: CohortRepository;
  readonly audiences: AudienceCounter;
  readonly now: () => Date;
}

/** The cohort a path names, drafts included: 400 naming path.cohortId for a malformed id, 404 for one no cohort has. */
async function cohortOfPath(
  cohorts: CohortRepository,
  event: APIGatewayProxyEventV2,
): Promise<{ ok: true; stored: StoredCohort; cohort: CohortDefinition } | { ok: false; response: HttpResponse }> {
  const path = parsePath(event, cohortPathSchema);
  if (!path.ok) return path;
  const stored = await cohorts.get(path.value.cohortId);
  if (!stored) return { ok: false, response: errorResponse(404, 'NotFound', `No cohort ${path.value.cohortId}.`) };
  return { ok: true, stored, cohort: cohortDefinitionSchema.parse(stored.definition) };
}

export function cohortRoutes(deps: CohortRouteDependencies) {
  return {
    /** GET /facilitator/cohorts: every cohort, drafts included, by id. */
    async list(): Promise<HttpResponse> {
      const cohorts = (await deps.cohorts.list()).sort((left, right) => left.id.localeCompare(right.id));
      const items = cohorts.map((stored) => ({
        ...cohortSummary(cohortDefinitionSchema.parse(stored.definition)),
        state: stored.state,
        version: stored.version,
      }));
      return jsonResponse(200, { items });
    },

    /** GET /facilitator/cohorts/{cohortId}: state, version and the whole definition. */
    async show(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
      const found = await cohortOfPath(deps.cohorts, event);
      if (!found.ok) return found.response;
      return jsonResponse(200, found.stored);
    },

    /**
     * GET /facilitator/cohorts/{cohortId}/calendar: every milestone, mailing and meeting in
     * time order, planned as the dispatcher plans them, each with its state from the ledger.
     */
    async calendar(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
      const found = await cohortOfPath(deps.cohorts, event);
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
        // A draft's milestones are what it would send once scheduled: until then, nothing.
        state: found.stored.state,
        timeZone: cohort.timeZone,
        now: now.toISOString(),
        items: buildCalendar({ cohort, overrides, records, audiences, now }),
      });
    },
  };
}
