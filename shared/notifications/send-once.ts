import type { EmailSender } from '../email/send.ts';
import type { EmailContent, EmailRecipients } from '../email/message.ts';
import { logger } from '../logger.ts';
import type { NotificationLedger } from '../repository/notification-ledger.ts';

export interface SendOnceDependencies {
  readonly ledger: NotificationLedger;
  readonly email: EmailSender;
  readonly now: () => Date;
}

export interface OnceEmail {
  /** Business key of the notification, e.g. "receipt#<applicationId>". */
  readonly key: string;
  readonly kind: string;
  readonly subjectId: string;
  readonly recipients: EmailRecipients;
  /** Rendered only when this call holds the claim. */
  readonly content: () => EmailContent;
  readonly tags: Record<string, string>;
}

export type SendOnceOutcome = 'sent' | 'already-sent';

/** Thrown while another delivery of the same notification holds the claim: retrying later settles it. */
export class NotificationInProgressError extends Error {
  constructor(notificationKey: string) {
    super(`Notification ${notificationKey} is being sent by another invocation`);
    this.name = 'NotificationInProgressError';
  }
}

/**
 * Sends an email exactly once per business key, however often its cause arrives:
 * claim in the ledger, send, then record the send. A failed send gives the claim back.
 */
export async function sendOnce(deps: SendOnceDependencies, email: OnceEmail): Promise<SendOnceOutcome> {
  const claim = await deps.ledger.claim(email.key, { kind: email.kind, subjectId: email.subjectId }, deps.now());
  if (claim.outcome === 'already-sent') return 'already-sent';
  if (claim.outcome === 'in-progress') throw new NotificationInProgressError(email.key);

  let messageId: string | undefined;
  try {
    ({ messageId } = await deps.email.send(email.recipients, email.content(), email.tags));
  } catch (error) {
    await deps.ledger.release(email.key, claim.token);
    throw error;
  }
  const recipientCount = email.recipients.to.length + (email.recipients.cc?.length ?? 0);
  await recordSent(deps, email.key, claim.token, { messageId, recipientCount });
  return 'sent';
}

/**
 * Once SES has accepted the email, failing the invocation would let a retry send it
 * again; so the ledger update is retried in place and, if it still fails, logged.
 */
async function recordSent(deps: SendOnceDependencies, key: string, token: string, sent: { messageId: string | undefined; recipientCount: number }): Promise<void> {
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
