import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { ApplicantLinks } from '../applicant-links/links.ts';
import { applicationPathSchema } from '../applications/application-id.ts';
import {
  type ApplicationRecord,
  type ApplicationRepository,
  type ApplicationStatus,
  VersionConflictError,
} from '../applications/repository.ts';
import { applicantDisplayName } from '../domain/applicant.ts';
import { zoneTitle } from '../domain/zones.ts';
import type { AuditTrail } from '../platform/dynamodb/audit-trail.ts';
import { parseBody, parsePath, parseQuery } from '../platform/http/parameters.ts';
import { errorResponse, type HttpResponse, jsonResponse } from '../platform/http/response.ts';
import { type Clarification, publicView } from './model.ts';
import type { ClarificationRepository } from './repository.ts';
import {
  applicantQuerySchema,
  clarificationAnswerSchema,
  clarificationPathSchema,
  MAX_ANSWER_BODY_BYTES,
} from './schemas.ts';

export interface ApplicantClarificationDependencies {
  readonly applications: ApplicationRepository;
  readonly clarifications: ClarificationRepository;
  readonly audit: AuditTrail;
  readonly links: ApplicantLinks;
  readonly now: () => Date;
}

/** How often the status update is retried when another change lands first. */
const STATUS_ATTEMPTS = 3;

/**
 * The same answer for a wrong secret and for an application that does not exist, so the
 * routes never tell a stranger whether an id is real.
 */
function forbidden(): HttpResponse {
  return errorResponse(403, 'Forbidden', 'This link is not valid for this application. Use the link from your email.');
}

/** The path of the applicant's view of one clarification (the link in the email). */
export function clarificationViewPath(applicationId: string, clarificationId: string): string {
  return `/applications/${applicationId}/clarifications/${clarificationId}`;
}

export function clarificationAnswerPath(applicationId: string, clarificationId: string): string {
  return `${clarificationViewPath(applicationId, clarificationId)}/answer`;
}

/**
 * Once no question is left open, an application waiting for clarification goes back to
 * review (submitted). A decided application keeps its status. Idempotent: it only acts on
 * clarification_requested, so a retried answer can run it again safely.
 */
export async function settleStatusAfterAnswer(
  deps: Pick<ApplicantClarificationDependencies, 'applications' | 'clarifications'>,
  applicationId: string,
): Promise<{ from: ApplicationStatus; to: ApplicationStatus; version: number } | undefined> {
  for (let attempt = 1; ; attempt += 1) {
    const record = await deps.applications.get(applicationId);
    if (record?.status !== 'clarification_requested') return undefined;
    const open = (await deps.clarifications.list(applicationId)).some(
      (clarification) => clarification.status === 'open',
    );
    if (open) return undefined;
    try {
      const updated = await deps.applications.update(record, { status: 'submitted' });
      return { from: record.status, to: updated.status, version: updated.version };
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt >= STATUS_ATTEMPTS) throw error;
    }
  }
}

/**
 * Applicant side of clarifications, authorized by the application's secret from the email:
 * read the questions, answer one.
 */
export function applicantClarificationRoutes(deps: ApplicantClarificationDependencies) {
  /** The application, when the secret is right for it and it exists; otherwise the same 403. */
  async function authorize(
    applicationId: string,
    secret: string,
  ): Promise<{ ok: true; record: ApplicationRecord } | { ok: false; response: HttpResponse }> {
    if (!(await deps.links.verify(applicationId, secret))) return { ok: false, response: forbidden() };
    const record = await deps.applications.get(applicationId);
    return record ? { ok: true, record } : { ok: false, response: forbidden() };
  }

  function view(record: ApplicationRecord, clarification: Clarification) {
    return {
      ...publicView(clarification),
      ...(clarification.status === 'open'
        ? {
            answerWith: {
              method: 'POST',
              url: deps.links.url(clarificationAnswerPath(record.applicationId, clarification.clarificationId)),
              contentType: 'application/json',
              body: { secret: 'the secret from your email', answer: 'your answer' },
            },
          }
        : {}),
    };
  }

  function applicationSummary(record: ApplicationRecord) {
    return {
      applicationId: record.applicationId,
      cohort: record.cohort,
      zone: zoneTitle(record.zone),
      applicant: applicantDisplayName(record.application),
    };
  }

  return {
    /** GET /applications/{applicationId}/clarifications?secret=: every question of the application. */
    async list(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
      const path = parsePath(event, applicationPathSchema);
      if (!path.ok) return path.response;
      const query = parseQuery(event, applicantQuerySchema);
      if (!query.ok) return query.response;
      const auth = await authorize(path.value.applicationId, query.value.secret);
      if (!auth.ok) return auth.response;
      const items = await deps.clarifications.list(auth.record.applicationId);
      return jsonResponse(200, {
        ...applicationSummary(auth.record),
        items: items.map((clarification) => view(auth.record, clarification)),
      });
    },

    /** GET /applications/{applicationId}/clarifications/{clarificationId}?secret=: the link in the email. */
    async get(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
      const path = parsePath(event, clarificationPathSchema);
      if (!path.ok) return path.response;
      const query = parseQuery(event, applicantQuerySchema);
      if (!query.ok) return query.response;
      const auth = await authorize(path.value.applicationId, query.value.secret);
      if (!auth.ok) return auth.response;
      const clarification = await deps.clarifications.get(path.value.applicationId, path.value.clarificationId);
      if (!clarification) return errorResponse(404, 'NotFound', 'This application has no such question.');
      return jsonResponse(200, { ...applicationSummary(auth.record), clarification: view(auth.record, clarification) });
    },

    /**
     * POST /applications/{applicationId}/clarifications/{clarificationId}/answer {secret, answer}:
     * records the answer once (a second answer is 409), then the application goes back to
     * review when no other question is open; the audit trail records it as the applicant's.
     */
    async answer(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
      const path = parsePath(event, clarificationPathSchema);
      if (!path.ok) return path.response;
      const body = parseBody(event, clarificationAnswerSchema, MAX_ANSWER_BODY_BYTES);
      if (!body.ok) return body.response;
      const { applicationId, clarificationId } = path.value;
      const auth = await authorize(applicationId, body.value.secret);
      if (!auth.ok) return auth.response;

      const at = deps.now().toISOString();
      const result = await deps.clarifications.answer(applicationId, clarificationId, body.value.answer, at);
      if (result.outcome === 'not-found')
        return errorResponse(404, 'NotFound', 'This application has no such question.');
      if (result.outcome === 'already-answered') {
        // A retry after a failure between the answer and the status change finishes the change.
        const change = await settleStatusAfterAnswer(deps, applicationId);
        if (change) {
          await deps.audit.record(applicationId, {
            at,
            actor: 'applicant',
            action: 'clarification-answered',
            details: { clarificationId, previousStatus: change.from, status: change.to, version: change.version },
          });
        }
        return errorResponse(409, 'AlreadyAnswered', 'This question was already answered.', {
          answeredAt: result.clarification.answeredAt ?? null,
        });
      }

      const change = await settleStatusAfterAnswer(deps, applicationId);
      const status = change?.to ?? (await deps.applications.get(applicationId))?.status ?? auth.record.status;
      await deps.audit.record(applicationId, {
        at,
        actor: 'applicant',
        action: 'clarification-answered',
        details: {
          clarificationId,
          previousStatus: change?.from ?? status,
          status,
          ...(change ? { version: change.version } : {}),
        },
      });
      return jsonResponse(200, { applicationId, ...publicView(result.clarification), applicationStatus: status });
    },
  };
}
