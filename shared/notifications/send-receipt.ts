import { getCohort } from '../cohort/registry.ts';
import { superintendentEmail } from '../domain/applicant.ts';
import type { EmailSender } from '../email/send.ts';
import { renderReceipt } from '../email/templates/receipt.ts';
import type { ApplicationRepository } from '../repository/applications.ts';
import type { AuditTrail } from '../repository/audit-trail.ts';
import type { NotificationLedger } from '../repository/notification-ledger.ts';
import { sendOnce } from './send-once.ts';

export { NotificationInProgressError } from './send-once.ts';

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
