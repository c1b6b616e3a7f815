import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { applicationPathSchema } from '../applications/application-id.ts';
import {
  type ApplicationRecord,
  type ApplicationRepository,
  VersionConflictError,
} from '../applications/repository.ts';
import { ClarificationRequested } from '../events/clarification-requested.ts';
import type { AuditTrail } from '../platform/dynamodb/audit-trail.ts';
import type { EventPublisher } from '../platform/events/publish.ts';
import type { Facilitator } from '../platform/http/facilitator-auth.ts';
import { parseBody, parsePath } from '../platform/http/parameters.ts';
import { header } from '../platform/http/request.ts';
import { errorResponse, type HttpResponse, jsonResponse } from '../platform/http/response.ts';
import { type Clarification, newClarificationId, publicView } from './model.ts';
import type { ClarificationRepository } from './repository.ts';
import { clarificationRequestSchema } from './schemas.ts';

export interface FacilitatorClarificationDependencies {
  readonly applications: ApplicationRepository;
  readonly clarifications: ClarificationRepository;
  readonly audit: AuditTrail;
  readonly publisher: EventPublisher;
  readonly now: () => Date;
}

const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,128}$/;

function created(clarification: Clarification, application: ApplicationRecord, replayed: boolean): HttpResponse {
  return jsonResponse(
    201,
    {
      applicationId: application.applicationId,
      ...publicView(clarification),
      requestedBy: clarification.requestedBy,
      applicationStatus: application.status,
      version: application.version,
    },
    {
      location: `/facilitator/applications/${application.applicationId}/clarifications`,
      ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
    },
  );
}

/**
 * Facilitator side of clarifications: ask an applicant a question (the email goes out
 * on the ClarificationRequested event), and read the questions and answers.
 */
export function facilitatorClarificationRoutes(deps: FacilitatorClarificationDependencies) {
  /**
   * Only a submitted application moves to clarification_requested: a decided one keeps its
   * decision (the question still goes out), and one already waiting stays so. The update
   * names the version read, so a concurrent change makes it a VersionConflictError.
   */
  async function markRequested(record: ApplicationRecord): Promise<ApplicationRecord> {
    return record.status === 'submitted'
      ? deps.applications.update(record, { status: 'clarification_requested' })
      : record;
  }

  async function announce(record: ApplicationRecord, clarification: Clarification): Promise<void> {
    await deps.publisher.publish(
      ClarificationRequested,
      {
        applicationId: record.applicationId,
        clarificationId: clarification.clarificationId,
        cohort: record.cohort,
        zone: record.zone,
        requestedAt: clarification.requestedAt,
      },
      deps.now(),
    );
  }

  /**
   * The same request again (same facilitator, same Idempotency-Key): finish whatever the first
   * attempt left undone (status, announcement; the email itself goes out once whatever
   * happens) and answer as it did. Another question under the same key is refused.
   */
  async function replay(record: ApplicationRecord, existing: Clarification, question: string): Promise<HttpResponse> {
    if (existing.question !== question) {
      return errorResponse(
        422,
        'IdempotencyKeyReused',
        'This Idempotency-Key was already used for a different question.',
      );
    }
    let current = record;
    if (existing.status === 'open') {
      try {
        current = await markRequested(record);
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
        return errorResponse(409, 'VersionConflict', 'The application changed while you asked; retry.', {
          currentVersion: error.currentVersion ?? null,
        });
      }
    }
    await announce(current, existing);
    return created(existing, current, true);
  }

  return {
    /**
     * POST /facilitator/applications/{applicationId}/clarifications {question}. Stores the
     * question, moves the application to clarification_requested, records it in the audit
     * trail and announces it; an Idempotency-Key header makes a retry safe.
     */
    async request(event: APIGatewayProxyEventV2, facilitator: Facilitator): Promise<HttpResponse> {
      const path = parsePath(event, applicationPathSchema);
      if (!path.ok) return path.response;
      const idempotencyKey = header(event, 'idempotency-key');
      if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) {
        return errorResponse(400, 'ValidationError', 'The Idempotency-Key header is invalid.', {
          errors: [{ field: 'Idempotency-Key', message: 'must be 1 to 128 printable ASCII characters' }],
        });
      }
      const body = parseBody(event, clarificationRequestSchema);
      if (!body.ok) return body.response;
      const { applicationId } = path.value;
      const record = await deps.applications.get(applicationId);
      if (!record) return errorResponse(404, 'NotFound', `No application ${applicationId}.`);

      const clarificationId = newClarificationId(
        applicationId,
        idempotencyKey === undefined ? undefined : { facilitatorId: facilitator.id, key: idempotencyKey },
      );
      if (idempotencyKey !== undefined) {
        const existing = await deps.clarifications.get(applicationId, clarificationId);
        if (existing) return replay(record, existing, body.value.question);
      }

      const at = deps.now().toISOString();
      const clarification: Clarification = {
        clarificationId,
        applicationId,
        question: body.value.question,
        requestedBy: facilitator.id,
        requestedAt: at,
        status: 'open',
        ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
      };
      if (!(await deps.clarifications.create(clarification))) {
        // The same key raced in from another request and got there first.
        const existing = await deps.clarifications.get(applicationId, clarificationId);
        if (!existing) throw new Error(`Clarification ${clarificationId} both exists and does not`);
        return replay(record, existing, body.value.question);
      }

      let updated: ApplicationRecord;
      try {
        updated = await markRequested(record);
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
        // Refused whole: nobody has heard of this question yet.
        await deps.clarifications.deleteUnannounced(applicationId, clarificationId);
        return errorResponse(
          409,
          'VersionConflict',
          'The application changed while you asked; read it again and retry.',
          { currentVersion: error.currentVersion ?? null },
        );
      }
      await deps.audit.record(applicationId, {
        at,
        actor: facilitator.id,
        action: 'clarification-requested',
        details: { clarificationId, previousStatus: record.status, status: updated.status, version: updated.version },
      });
      await announce(updated, clarification);
      return created(clarification, updated, false);
    },

    /** GET /facilitator/applications/{applicationId}/clarifications: every question and answer, oldest first. */
    async list(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
      const path = parsePath(event, applicationPathSchema);
      if (!path.ok) return path.response;
      const { applicationId } = path.value;
      const record = await deps.applications.get(applicationId);
      if (!record) return errorResponse(404, 'NotFound', `No application ${applicationId}.`);
      const items = await deps.clarifications.list(applicationId);
      return jsonResponse(200, {
        applicationId,
        applicationStatus: record.status,
        items: items.map((clarification) => ({ ...publicView(clarification), requestedBy: clarification.requestedBy })),
      });
    },
  };
}
