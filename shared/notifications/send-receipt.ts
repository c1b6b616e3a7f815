import { getCohort } from '../cohort/registry.ts';
import { superintendentEmail } from '../domain/applicant.ts';
import type { EmailSender } from '../email/send.ts';
import { logger } from '../logger.ts';
import { renderReceipt } from '../email/templates/receipt.ts';
import type { ApplicationRepository } from '../repository/applications.ts';
import type { NotificationLedger } from '../repository/notification-ledger.ts';

export interface ReceiptDependencies {
  readonly applications: ApplicationRepository;
  readonly ledger: NotificationLedger;
  readonly email: EmailSender;
  readonly now: () => Date;
}

export type ReceiptOutcome = 'sent' | 'already-sent' | 'application-not-found';

/** Thrown while another delivery of the same event holds the claim: retrying later settles it. */
export class NotificationInProgressError extends Error {
  constructor(notificationKey: string) {
    super(`Notification ${notificationKey} is being sent by another invocation`);
    this.name = 'NotificationInProgressError';
  }
}

/**
 * Once SES has accepted the email, failing the invocation would let a retry send it
 * again; so the ledger update is retried in place and, if it still fails, logged.
 */
async function recordSent(deps: ReceiptDependencies, key: string, token: string, sent: { messageId: string | undefined; recipientCount: number }): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await deps.ledger.markSent(key, token, sent, deps.now());
      return;
    } catch (error) {
      if (attempt >= 3) {
        logger.error('Email sent but not recorded in the ledger', { notificationKey: key, messageId: sent.messageId, error: error as Error });
        return;
      }
    }
  }
}

export const receiptKey = (applicationId: string) => `receipt#${applicationId}`;

/**
 * Sends an application's receipt exactly once, however often the event arrives:
 * claim in the ledger, send, then record the send. A failed send gives the claim back.
 */
export async function sendReceipt(applicationId: string, deps: ReceiptDependencies): Promise<ReceiptOutcome> {
  const record = await deps.applications.get(applicationId);
  if (!record) return 'application-not-found';

  const key = receiptKey(applicationId);
  const claim = await deps.ledger.claim(key, { kind: 'receipt', subjectId: applicationId }, deps.now());
  if (claim.outcome === 'already-sent') return 'already-sent';
  if (claim.outcome === 'in-progress') throw new NotificationInProgressError(key);

  const contact = record.application.contact.email;
  const superintendent = superintendentEmail(record.application);
  const recipients = { to: [contact], cc: superintendent && superintendent !== contact ? [superintendent] : [] };
  const content = renderReceipt(record, getCohort(record.cohort));

  let messageId: string | undefined;
  try {
    ({ messageId } = await deps.email.send(recipients, content, { notification: 'receipt', application: applicationId }));
  } catch (error) {
    await deps.ledger.release(key, claim.token);
    throw error;
  }
  await recordSent(deps, key, claim.token, { messageId, recipientCount: recipients.to.length + recipients.cc.length });
  return 'sent';
}
