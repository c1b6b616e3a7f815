import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { applicationPathSchema } from '../applications/application-id.ts';
import {
  type ApplicationRecord,
  type ApplicationRepository,
  VersionConflictError,
} from '../applications/repository.ts';
import { publicView } from '../clarifications/model.ts';
import type { ClarificationRepository } from '../clarifications/repository.ts';
import { applicantDisplayName } from '../domain/applicant.ts';
import type { AuditTrail } from '../platform/dynamodb/audit-trail.ts';
import { keys } from '../platform/dynamodb/keys.ts';
import { decodeQueueToken, encodePageToken } from '../platform/dynamodb/page-token.ts';
import type { Facilitator } from '../platform/http/facilitator-auth.ts';
import { parseBody, parsePath, parseQuery } from '../platform/http/parameters.ts';
import { errorResponse, type HttpResponse, jsonResponse, validationErrorResponse } from '../platform/http/response.ts';
import { queueQuerySchema, reviewBodySchema } from './schemas.ts';

export interface ReviewRouteDependencies {
  readonly applications: ApplicationRepository;
  readonly audit: AuditTrail;
  readonly now: () => Date;
  /** When given, the application detail includes its clarifications (questions and answers). */
  readonly clarifications?: Pick<ClarificationRepository, 'list'>;
}

/** The queue line of an application: enough to pick it, no narrative. */
function summary(record: ApplicationRecord) {
  return {
    applicationId: record.applicationId,
    cohort: record.cohort,
    zone: record.zone,
    applicant: applicantDisplayName(record.application),
    status: record.status,
    submittedAt: record.submittedAt,
    version: record.version,
    decision: record.review?.decision ?? null,
    resultSent: record.resultSent ?? null,
    ...(record.rolledOverFrom ? { rolledOverFrom: record.rolledOverFrom } : {}),
  };
}

export function reviewRoutes(deps: ReviewRouteDependencies) {
  async function load(
    event: APIGatewayProxyEventV2,
  ): Promise<{ ok: true; record: ApplicationRecord } | { ok: false; response: HttpResponse }> {
    const path = parsePath(event, applicationPathSchema);
    if (!path.ok) return path;
    const record = await deps.applications.get(path.value.applicationId);
    return record
      ? { ok: true, record }
      : { ok: false, response: errorResponse(404, 'NotFound', `No application ${path.value.applicationId}.`) };
  }

  return {
    /** GET /facilitator/applications?cohort&zone&status&limit&nextToken: a Query on the queue index, paginated. */
    async listQueue(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
      const query = parseQuery(event, queueQuerySchema);
      if (!query.ok) return query.response;
      const startKey =
        query.value.nextToken === undefined
          ? undefined
          : decodeQueueToken(query.value.nextToken, {
              gsi1pk: keys.cohortZone(query.value.cohort, query.value.zone),
              ...(query.value.status ? { statusPrefix: `STATUS#${query.value.status}#` } : {}),
            });
      if (query.value.nextToken !== undefined && !startKey) {
        return validationErrorResponse([{ field: 'query.nextToken', message: 'is not a token this API issued' }]);
      }
      const page = await deps.applications.listQueue({
        cohort: query.value.cohort,
        zone: query.value.zone,
        limit: query.value.limit,
        ...(query.value.status ? { status: query.value.status } : {}),
        ...(startKey ? { startKey } : {}),
      });
      return jsonResponse(200, { items: page.items.map(summary), nextToken: encodePageToken(page.nextKey) ?? null });
    },

    /** GET /facilitator/applications/{applicationId}: the whole application, its review and its trail. */
    async getApplication(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
      const loaded = await load(event);
      if (!loaded.ok) return loaded.response;
      const { requestHash: _hash, idempotencyKey: _key, ...record } = loaded.record;
      const clarifications = deps.clarifications
        ? (await deps.clarifications.list(loaded.record.applicationId)).map((item) => ({
            ...publicView(item),
            requestedBy: item.requestedBy,
          }))
        : undefined;
      return jsonResponse(200, {
        ...record,
        audit: await deps.audit.list(loaded.record.applicationId),
        ...(clarifications ? { clarifications } : {}),
      });
    },

    /** GET /facilitator/applications/{applicationId}/audit */
    async getAudit(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
      const path = parsePath(event, applicationPathSchema);
      if (!path.ok) return path.response;
      return jsonResponse(200, {
        applicationId: path.value.applicationId,
        entries: await deps.audit.list(path.value.applicationId),
      });
    },

    /**
     * PUT /facilitator/applications/{applicationId}/review: rubric scores, notes and the
     * decision, accepted only if nobody changed the application since `expectedVersion`.
     */
    async recordReview(event: APIGatewayProxyEventV2, facilitator: Facilitator): Promise<HttpResponse> {
      const loaded = await load(event);
      if (!loaded.ok) return loaded.response;
      const body = parseBody(event, reviewBodySchema);
      if (!body.ok) return body.response;
      const record = loaded.record;
      if (record.zone === 'SDZ' && !record.rolledOverFrom && body.value.scores.evidence === undefined) {
        return validationErrorResponse([
          { field: 'scores.evidence', message: 'is required for a System Design Zone application' },
        ]);
      }
      if (record.zone !== 'SDZ' && body.value.scores.evidence !== undefined) {
        return validationErrorResponse([
          { field: 'scores.evidence', message: 'applies to System Design Zone applications only' },
        ]);
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
      const review = {
        scores: body.value.scores,
        notes: body.value.notes,
        decision: body.value.decision,
        reviewedBy: facilitator.id,
        reviewedAt: at,
      };
      let updated: ApplicationRecord;
      try {
        updated = await deps.applications.update(record, { review, status: body.value.decision });
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
        action: 'review-recorded',
        details: {
          decision: review.decision,
          previousDecision: record.review?.decision ?? null,
          version: updated.version,
        },
      });
      const correctionAvailable = updated.resultSent !== undefined && updated.resultSent.decision !== review.decision;
      return jsonResponse(200, { ...summary(updated), correctionAvailable });
    },
  };
}
