import type { ApplicantLinks } from '../applicant-links/links.ts';
import type { ApplicationRepository } from '../applications/repository.ts';
import { superintendentEmail } from '../domain/applicant.ts';
import { getCohort } from '../domain/cohort/registry.ts';
import type { ClarificationRequestedDetail } from '../events/clarification-requested.ts';
import type { AuditTrail } from '../platform/dynamodb/audit-trail.ts';
import type { NotificationLedger } from '../platform/email/notification-ledger.ts';
import type { EmailSender } from '../platform/email/send.ts';
import { sendOnce } from '../platform/email/send-once.ts';
import { renderClarificationRequest } from '../templates/email/clarification-request.ts';
import { clarificationAnswerPath, clarificationViewPath } from './applicant-routes.ts';
import { clarificationEmailKey } from './model.ts';
import type { ClarificationRepository } from './repository.ts';

export interface ClarificationEmailDependencies {
  readonly applications: ApplicationRepository;
  readonly clarifications: ClarificationRepository;
  readonly links: ApplicantLinks;
  readonly ledger: NotificationLedger;
  readonly email: EmailSender;
  readonly audit: AuditTrail;
  readonly now: () => Date;
}

export type ClarificationEmailOutcome = 'sent' | 'already-sent' | 'application-not-found' | 'clarification-not-found';

/**
 * Emails a facilitator's question to the applicant's contact, copying the superintendent,
 * with the reply path carrying the application's secret: exactly once per clarification,
 * however often the event arrives.
 */
export async function sendClarificationRequest(
  detail: ClarificationRequestedDetail,
  deps: ClarificationEmailDependencies,
): Promise<ClarificationEmailOutcome> {
  const { applicationId, clarificationId } = detail;
  const record = await deps.applications.get(applicationId);
  if (!record) return 'application-not-found';
  const clarification = await deps.clarifications.get(applicationId, clarificationId);
  if (!clarification) return 'clarification-not-found';

  const secret = await deps.links.secretFor(applicationId);
  const reply = {
    viewUrl: deps.links.url(clarificationViewPath(applicationId, clarificationId), { secret }),
    answerUrl: deps.links.url(clarificationAnswerPath(applicationId, clarificationId)),
    secret,
  };
  const contact = record.application.contact.email;
  const superintendent = superintendentEmail(record.application);
  return sendOnce(deps, {
    key: clarificationEmailKey(clarificationId),
    kind: 'clarification-request',
    subjectId: applicationId,
    recipients: { to: [contact], cc: superintendent && superintendent !== contact ? [superintendent] : [] },
    content: () => renderClarificationRequest(record, clarification, getCohort(record.cohort), reply),
    tags: { notification: 'clarification-request', application: applicationId },
    auditApplicationId: applicationId,
  });
}
