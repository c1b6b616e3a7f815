import { createHash } from 'node:crypto';
import { applicantKey, applicationIdFor } from '../domain/applicant.ts';
import { applicationWindow, windowState } from '../domain/cohort/calendar.ts';
import { getCohort } from '../domain/cohort/registry.ts';
import { zoneTitle } from '../domain/zones.ts';
import { ApplicationSubmitted } from '../events/application-submitted.ts';
import { type Extension, extensionAllows } from '../extensions/model.ts';
import type { ExtensionRepository } from '../extensions/repository.ts';
import type { AuditTrail } from '../platform/dynamodb/audit-trail.ts';
import type { IdempotencyRepository } from '../platform/dynamodb/idempotency.ts';
import type { EventPublisher } from '../platform/events/publish.ts';
import { type HttpRequestLike, header, readJsonObjectBody } from '../platform/http/request.ts';
import { errorResponse, type HttpResponse, jsonResponse, validationErrorResponse } from '../platform/http/response.ts';
import { logger } from '../platform/logger.ts';
import { requiredFieldMessages, toFieldErrors } from '../platform/schemas/validation-errors.ts';
import { formatDateTime } from '../platform/time/zoned.ts';
import type { ApplicationRecord, ApplicationRepository } from './repository.ts';
import { applicationSchema } from './schemas.ts';

/** Largest accepted body; the longest valid application is well under it. */
export const MAX_APPLICATION_BYTES = 100 * 1024;

const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,128}$/;

export interface SubmitDependencies {
  readonly applications: ApplicationRepository;
  readonly audit: AuditTrail;
  readonly idempotency: IdempotencyRepository;
  readonly publisher: EventPublisher;
  /** Window extensions facilitators granted to single applicants. */
  readonly extensions: Pick<ExtensionRepository, 'find'>;
  readonly now: () => Date;
}

export type SubmitRequest = HttpRequestLike;

function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/**
 * POST /applications. A refused request stores nothing and emits nothing; a retry
 * with the same Idempotency-Key gets the first answer.
 */
export async function submitApplication(request: SubmitRequest, deps: SubmitDependencies): Promise<HttpResponse> {
  const idempotencyKey = header(request, 'idempotency-key');
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) {
    return errorResponse(400, 'ValidationError', 'The Idempotency-Key header is invalid.', {
      errors: [{ field: 'Idempotency-Key', message: 'must be 1 to 128 printable ASCII characters' }],
    });
  }

  const body = readJsonObjectBody(request, MAX_APPLICATION_BYTES);
  if (!body.ok) return body.response;

  const parsed = applicationSchema.safeParse(body.value, { error: requiredFieldMessages });
  if (!parsed.success) return validationErrorResponse(toFieldErrors(parsed.error));
  const application = parsed.data;
  const requestHash = hashOf(application);
  const now = deps.now();

  if (idempotencyKey !== undefined) {
    const stored = await deps.idempotency.find(idempotencyKey, now);
    if (stored) {
      if (stored.requestHash !== requestHash) {
        return errorResponse(
          422,
          'IdempotencyKeyReused',
          'This Idempotency-Key was already used for a different application.',
        );
      }
      return {
        statusCode: stored.statusCode,
        headers: { 'content-type': 'application/json; charset=utf-8', 'idempotent-replayed': 'true' },
        body: stored.body,
      };
    }
  }

  const cohort = getCohort(application.cohort);
  const state = windowState(cohort, application.zone, now);
  // A closed window still admits an applicant a facilitator granted an extension, until it ends.
  let extension: Extension | undefined;
  if (state === 'closed')
    extension = await deps.extensions.find(application.cohort, application.zone, applicantKey(application));
  if (state !== 'open' && !(state === 'closed' && extensionAllows(extension, now))) {
    const window = applicationWindow(cohort, application.zone);
    const zone = zoneTitle(application.zone);
    if (state === 'not_open') {
      return errorResponse(
        409,
        'WindowNotOpen',
        `Applications for the ${zone} open ${formatDateTime(window.opensAt, cohort.timeZone)}.`,
        { opensAt: window.opensAt.toISOString() },
      );
    }
    // windowState answers 'closed' only for a window that has a closing date.
    const closesAt = window.closesAt;
    if (closesAt === null)
      throw new Error(`The ${application.zone} window of ${application.cohort} closed without a date`);
    const closed = `Applications for the ${zone} closed ${formatDateTime(closesAt, cohort.timeZone)}.`;
    return extension === undefined
      ? errorResponse(409, 'WindowClosed', closed, { closedAt: closesAt.toISOString() })
      : errorResponse(
          409,
          'WindowClosed',
          `${closed} Your extension ended ${formatDateTime(new Date(extension.until), cohort.timeZone)}.`,
          { closedAt: closesAt.toISOString(), extensionEndedAt: extension.until },
        );
  }
  const lateUnder = state === 'closed' ? extension : undefined;

  const record: ApplicationRecord = {
    applicationId: applicationIdFor(application),
    cohort: application.cohort,
    zone: application.zone,
    applicantKey: applicantKey(application),
    status: 'submitted',
    version: 1,
    submittedAt: now.toISOString(),
    application,
    requestHash,
    ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
  };

  const created = await deps.applications.create(record);
  let stored = record;
  if (!created.created) {
    // Our own earlier attempt (same key, same body) that did not finish: carry on with it.
    const isOwnRetry =
      idempotencyKey !== undefined &&
      created.existing.idempotencyKey === idempotencyKey &&
      created.existing.requestHash === requestHash;
    if (!isOwnRetry) {
      return errorResponse(
        409,
        'DuplicateApplication',
        `An application from this applicant to the ${zoneTitle(application.zone)} of the ${application.cohort} ` +
          'cohort already exists.',
        {
          applicationId: created.existing.applicationId,
        },
      );
    }
    stored = created.existing;
  }

  try {
    await deps.publisher.publish(
      ApplicationSubmitted,
      {
        applicationId: stored.applicationId,
        cohort: stored.cohort,
        zone: stored.zone,
        submittedAt: stored.submittedAt,
      },
      now,
    );
  } catch (error) {
    // Nobody would ever hear of it: take it back so the request is refused whole.
    if (created.created) await deps.applications.deleteUnannounced(stored.applicationId, requestHash);
    throw error;
  }
  if (created.created) {
    await deps.audit.record(stored.applicationId, {
      at: stored.submittedAt,
      actor: 'applicant',
      action: 'submitted',
      details: {
        zone: stored.zone,
        cohort: stored.cohort,
        ...(lateUnder ? { extension: { until: lateUnder.until, grantedBy: lateUnder.grantedBy } } : {}),
      },
    });
  }

  const response = jsonResponse(
    201,
    {
      applicationId: stored.applicationId,
      status: stored.status,
      cohort: stored.cohort,
      zone: stored.zone,
      submittedAt: stored.submittedAt,
    },
    { location: `/applications/${stored.applicationId}` },
  );
  if (idempotencyKey !== undefined) {
    try {
      await deps.idempotency.save(
        idempotencyKey,
        { requestHash, statusCode: response.statusCode, body: response.body },
        now,
      );
    } catch (error) {
      // The application is stored and announced: answer 201. A retry with this key finds
      // its own application and answers the same.
      logger.error('Could not save the idempotency record', {
        applicationId: stored.applicationId,
        error: error as Error,
      });
    }
  }
  return response;
}
