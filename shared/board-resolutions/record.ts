import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { applicationPathSchema } from '../applications/application-id.ts';
import {
  type ApplicationRecord,
  type ApplicationRepository,
  VersionConflictError,
} from '../applications/repository.ts';
import { getCohort } from '../domain/cohort/registry.ts';
import type { BoardResolution } from '../domain/review.ts';
import type { AuditTrail } from '../platform/dynamodb/audit-trail.ts';
import type { Facilitator } from '../platform/http/facilitator-auth.ts';
import { parseBody, parsePath } from '../platform/http/parameters.ts';
import { errorResponse, type HttpResponse, jsonResponse, validationErrorResponse } from '../platform/http/response.ts';
import { localDateOf } from '../platform/time/zoned.ts';
import { boardResolutionBodySchema } from './schemas.ts';

export interface RecordBoardResolutionDependencies {
  readonly applications: ApplicationRepository;
  readonly audit: AuditTrail;
  readonly now: () => Date;
}

/** What the route answers about the application after recording. */
function summary(record: ApplicationRecord, alreadyRecorded: boolean) {
  return {
    applicationId: record.applicationId,
    cohort: record.cohort,
    zone: record.zone,
    status: record.status,
    version: record.version,
    boardResolution: record.boardResolution ?? null,
    alreadyRecorded,
  };
}

/**
 * POST /facilitator/applications/{applicationId}/board-resolution: records that the
 * board of education of a selected System Design Zone district adopted its resolution.
 *
 * - Only an SDZ application whose decision is "selected" takes one (else 409).
 * - Recorded once: the same adoptedOn and reference again answer 200 with
 *   `alreadyRecorded: true` and change nothing (a retried request is safe, whatever
 *   version it names); different values answer 409 `BoardResolutionAlreadyRecorded`.
 * - Otherwise an optimistic update on `expectedVersion` (409 on a concurrent change),
 *   then an audit entry naming the facilitator.
 */
export function recordBoardResolutionRoute(deps: RecordBoardResolutionDependencies) {
  return async function recordBoardResolution(
    event: APIGatewayProxyEventV2,
    facilitator: Facilitator,
  ): Promise<HttpResponse> {
    const path = parsePath(event, applicationPathSchema);
    if (!path.ok) return path.response;
    const record = await deps.applications.get(path.value.applicationId);
    if (!record) return errorResponse(404, 'NotFound', `No application ${path.value.applicationId}.`);
    const body = parseBody(event, boardResolutionBodySchema);
    if (!body.ok) return body.response;

    const cohort = getCohort(record.cohort);
    const today = localDateOf(deps.now(), cohort.timeZone);
    if (body.value.adoptedOn > today) {
      return validationErrorResponse([
        { field: 'adoptedOn', message: `must not be after today (${today}, ${cohort.timeZone})` },
      ]);
    }
    if (record.zone !== 'SDZ') {
      return errorResponse(
        409,
        'NotSystemDesignZone',
        'A board resolution is recorded only for a System Design Zone (SDZ) application; ' +
          `${record.applicationId} is a ${record.zone} application.`,
      );
    }
    if (record.review?.decision !== 'selected') {
      const decision = record.review?.decision ?? 'none yet';
      return errorResponse(
        409,
        'NotSelected',
        'A board resolution is recorded only for a district selected for the System Design Zone (SDZ); the ' +
          `decision on ${record.applicationId} is ${decision}.`,
        {
          decision: record.review?.decision ?? null,
        },
      );
    }
    const existing = record.boardResolution;
    if (existing) {
      if (existing.adoptedOn === body.value.adoptedOn && existing.reference === body.value.reference) {
        return jsonResponse(200, summary(record, true));
      }
      return errorResponse(
        409,
        'BoardResolutionAlreadyRecorded',
        `A board resolution adopted on ${existing.adoptedOn} is already recorded for ${record.applicationId}.`,
        {
          boardResolution: existing,
        },
      );
    }
    if (body.value.expectedVersion !== record.version) {
      return errorResponse(
        409,
        'VersionConflict',
        'The application changed since you read it; read it again and retry.',
        { currentVersion: record.version },
      );
    }

    const at = deps.now().toISOString();
    const boardResolution: BoardResolution = {
      adoptedOn: body.value.adoptedOn,
      reference: body.value.reference,
      recordedBy: facilitator.id,
      recordedAt: at,
    };
    let updated: ApplicationRecord;
    try {
      updated = await deps.applications.update(record, { boardResolution });
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
      return errorResponse(
        409,
        'VersionConflict',
        'Another facilitator changed the application first; read it again and retry.',
        { currentVersion: error.currentVersion ?? null },
      );
    }
    await deps.audit.record(record.applicationId, {
      at,
      actor: facilitator.id,
      action: 'board-resolution-recorded',
      details: { adoptedOn: boardResolution.adoptedOn, reference: boardResolution.reference, version: updated.version },
    });
    return jsonResponse(200, summary(updated, false));
  };
}
