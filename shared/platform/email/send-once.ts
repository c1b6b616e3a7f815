import type { AuditTrail } from '../dynamodb/audit-trail.ts';
import { logger } from '../logger.ts';
import type { EmailContent, EmailRecipients } from './message.ts';
import type { MessageSummary, NotificationLedger } from './notification-ledger.ts';
import type { EmailSender, SendResult } from './send.ts';
import { retryWhileThrottled } from './throttling.ts';

export interface SendOnceDependencies {
  readonly ledger: NotificationLedger;
  readonly email: EmailSender;
  readonly now: () => Date;
  readonly audit?: AuditTrail;
}

export interface OnceEmail {
  /** Business key of the notification, e.g. "receipt#<applicationId>". */
  readonly key: string;
  readonly kind: string;
  readonly subjectId: string;
  readonly recipients: EmailRecipients;
  /**
   * When given, each Cc address is copied only if this call claims the address's own key
   * (e.g. one per address and day, so a series of notifications writes to it once): an address
   * whose key was sent already, or is being sent by another call, is left out of this email.
   */
  readonly ccOncePer?: (address: string) => string;
  /**
   * Rendered only when this call holds the claim; work the message announces (a rollover's
   * place) belongs here too, so that a call finding the message sent does none of it. It is
   * told whom the email goes to (with ccOncePer, the Cc addresses left out are not among them).
   */
  readonly content: (recipients: EmailRecipients) => EmailContent | Promise<EmailContent>;
  /**
   * What the message says in short, kept with its ledger entry (MessageSummary); a function is asked once the content
   * is rendered.
   */
  readonly summary?: MessageSummary | (() => MessageSummary);
  readonly tags: Record<string, string>;
  /** The application whose audit trail records this email, if it concerns one. */
  readonly auditApplicationId?: string;
}

/**
 * 'sent': this call settled the notification: it went to every recipient not suppressed, or,
 * when every To address is suppressed, to nobody (the audit trail then says 'email-suppressed').
 * 'already-sent': an earlier call settled it.
 */
export type SendOnceOutcome = 'sent' | 'already-sent';

export interface SendOnceReport {
  readonly outcome: SendOnceOutcome;
  /**
   * The summary of what went out: this call's, or, when an earlier call sent it, the one recorded then (if it left
   * one).
   */
  readonly summary?: MessageSummary;
}

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
 * Suppressed recipients are left out (EmailSender); a notification whose every To address
 * is suppressed is settled without sending, so a replay does not try again.
 */
export async function sendOnce(deps: SendOnceDependencies, email: OnceEmail): Promise<SendOnceOutcome> {
  return (await sendOnceReporting(deps, email)).outcome;
}

/** sendOnce, also answering what went out (SendOnceReport). */
export async function sendOnceReporting(deps: SendOnceDependencies, email: OnceEmail): Promise<SendOnceReport> {
  const claim = await deps.ledger.claim(email.key, { kind: email.kind, subjectId: email.subjectId }, deps.now());
  if (claim.outcome === 'already-sent')
    return { outcome: 'already-sent', ...(claim.summary ? { summary: claim.summary } : {}) };
  if (claim.outcome === 'in-progress') throw new NotificationInProgressError(email.key);

  let result: SendResult;
  let content: EmailContent;
  let summary: MessageSummary | undefined;
  let copies: CopyClaims = { recipients: email.recipients, held: [], leftOut: [] };
  try {
    copies = await claimCopies(deps, email);
    content = await email.content(copies.recipients);
    summary = typeof email.summary === 'function' ? email.summary() : email.summary;
    result = await retryWhileThrottled(() => deps.email.send(copies.recipients, content, email.tags));
  } catch (error) {
    for (const copy of copies.held) await deps.ledger.release(copy.key, copy.token);
    await deps.ledger.release(email.key, claim.token);
    throw error;
  }
  // A stand-in sender (tests) may answer with the message id alone: it sent to everyone asked.
  const sentTo = result.sentTo ?? copies.recipients;
  const suppressed = result.suppressed ?? [];
  const messageId = result.messageId;
  const recipientCount = result.skipped ? 0 : sentTo.to.length + (sentTo.cc?.length ?? 0);
  await recordSent(deps, email.key, claim.token, { messageId, recipientCount, ...(summary ? { summary } : {}) });
  // A copy counts once it went out; an email sent to nobody leaves the addresses free.
  for (const copy of copies.held) {
    if (result.skipped) await deps.ledger.release(copy.key, copy.token);
    else await recordSent(deps, copy.key, copy.token, { messageId, recipientCount: 1 });
  }
  if (result.skipped) {
    logger.warn('Email not sent: every To address is suppressed', {
      notificationKey: email.key,
      kind: email.kind,
      suppressedCount: suppressed.length,
    });
  }
  if (deps.audit && email.auditApplicationId) {
    const details = {
      kind: email.kind,
      subject: content.subject,
      to: result.skipped ? copies.recipients.to : sentTo.to,
      cc: result.skipped ? (copies.recipients.cc ?? []) : (sentTo.cc ?? []),
      messageId: messageId ?? null,
      ...(suppressed.length > 0 ? { suppressed } : {}),
      ...(copies.leftOut.length > 0 ? { notCopied: copies.leftOut } : {}),
    };
    await recordInAudit(
      deps.audit,
      email.auditApplicationId,
      deps.now(),
      details,
      result.skipped ? 'email-suppressed' : 'email-sent',
    );
  }
  return { outcome: 'sent', ...(summary ? { summary } : {}) };
}

/** The Cc addresses a call may copy (ccOncePer), the claims it holds for them, and those left out. */
interface CopyClaims {
  readonly recipients: EmailRecipients;
  readonly held: ReadonlyArray<{ readonly key: string; readonly token: string }>;
  readonly leftOut: readonly string[];
}

/**
 * Claims each Cc address's key, one conditional write each (so two notifications racing for
 * one address copy it once); without ccOncePer, every Cc address stays. A claim that fails
 * on something else than its condition gives back those already taken, then throws.
 */
async function claimCopies(deps: SendOnceDependencies, email: OnceEmail): Promise<CopyClaims> {
  const copyKey = email.ccOncePer;
  if (!copyKey) return { recipients: email.recipients, held: [], leftOut: [] };
  const held: Array<{ key: string; token: string }> = [];
  const cc: string[] = [];
  const leftOut: string[] = [];
  try {
    for (const address of email.recipients.cc ?? []) {
      const key = copyKey(address);
      const claim = await deps.ledger.claim(
        key,
        { kind: `${email.kind}-copy`, subjectId: email.subjectId },
        deps.now(),
      );
      if (claim.outcome === 'claimed') {
        held.push({ key, token: claim.token });
        cc.push(address);
      } else {
        leftOut.push(address);
      }
    }
  } catch (error) {
    for (const copy of held) await deps.ledger.release(copy.key, copy.token);
    throw error;
  }
  return { recipients: { to: email.recipients.to, cc }, held, leftOut };
}

/**
 * Once SES has accepted the email (or the event went out), failing the invocation would let
 * a retry do it again; so the ledger update is retried in place and, if it still fails, logged.
 */
export async function recordSent(
  deps: Pick<SendOnceDependencies, 'ledger' | 'now'>,
  key: string,
  token: string,
  sent: { messageId: string | undefined; recipientCount: number; summary?: MessageSummary },
): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await deps.ledger.markSent(key, token, sent, deps.now());
      return;
    } catch (error) {
      if (attempt >= 3) {
        logger.error('Sent but not recorded in the ledger', {
          notificationKey: key,
          messageId: sent.messageId,
          error: error as Error,
        });
        return;
      }
    }
  }
}

/** The trail is a record, not the send: a failure to write it is logged, never retried into a resend. */
export async function recordInAudit(
  audit: AuditTrail,
  applicationId: string,
  at: Date,
  details: Record<string, unknown>,
  action: 'email-sent' | 'email-suppressed' = 'email-sent',
): Promise<void> {
  try {
    await audit.record(applicationId, { at: at.toISOString(), actor: 'system', action, details });
  } catch (error) {
    logger.error('Email sent but not recorded in the audit trail', { applicationId, error: error as Error });
  }
}
