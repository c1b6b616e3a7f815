import { superintendentEmail } from '../domain/applicant.ts';
import { getCohort } from '../domain/cohort/registry.ts';
import type { AuditTrail } from '../platform/dynamodb/audit-trail.ts';
import type { NotificationLedger } from '../platform/email/notification-ledger.ts';
import type { EmailSender } from '../platform/email/send.ts';
import { sendOnce } from '../platform/email/send-once.ts';
import { renderReceipt } from '../templates/email/receipt.ts';
import type { ApplicationRepository } from './repository.ts';

export { NotificationInProgressError } from '../platform/email/send-once.ts';

export interface ReceiptDependencies {
  readonly applications: ApplicationRepository;
  readonly ledger: NotificationLedger;
  readonly email: EmailSender;
  readonly now: () => Date;
  readonly audit: AuditTrail;
}

export type ReceiptOutcome = 'sent' | 'already-sent' | 'application-not-found';

export const receiptKey = (applicationId: string) => `receipt#${applicationId}`;

/** Sends an application's receipt to its contact, copying the superintendent, exactly once. */
export async function sendReceipt(applicationId: string, deps: ReceiptDependencies): Promise<ReceiptOutcome> {
  const record = await deps.applications.get(applicationId);
  if (!record) return 'application-not-found';

  const contact = record.application.contact.email;
  const superintendent = superintendentEmail(record.application);
  return sendOnce(deps, {
    key: receiptKey(applicationId),
    kind: 'receipt',
    subjectId: applicationId,
    recipients: { to: [contact], cc: superintendent && superintendent !== contact ? [superintendent] : [] },
    content: () => renderReceipt(record, getCohort(record.cohort)),
    tags: { notification: 'receipt', application: applicationId },
    auditApplicationId: applicationId,
  });
}
