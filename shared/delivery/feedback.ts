import { createHash } from 'node:crypto';
import type { ApplicationRecord, ApplicationRepository } from '../applications/repository.ts';
import { applicantDisplayName, superintendentEmail } from '../domain/applicant.ts';
import { getCohort } from '../domain/cohort/registry.ts';
import type { AuditTrail } from '../platform/dynamodb/audit-trail.ts';
import type { NotificationLedger } from '../platform/email/notification-ledger.ts';
import type { EmailSender } from '../platform/email/send.ts';
import {
  NotificationInProgressError,
  recordSent,
  type SendOnceOutcome,
  sendOnce,
} from '../platform/email/send-once.ts';
import {
  type ContactRole,
  normalizeAddress,
  type SuppressedContactOf,
  type SuppressionList,
  type SuppressionReason,
} from '../platform/email/suppression-list.ts';
import { renderUndeliverableRosterMember } from '../templates/email/undeliverable-roster-member.ts';
import type { RosterContacts, RosterMember } from './roster-contacts.ts';
import type { SesBounceDetail, SesComplaintDetail, SesDeliveryDetail, SesRejectDetail } from './ses-events.ts';

export interface DeliveryFeedbackDependencies {
  readonly applications: ApplicationRepository;
  readonly suppressions: SuppressionList;
  readonly rosters: RosterContacts;
  readonly ledger: NotificationLedger;
  readonly email: EmailSender;
  readonly audit: AuditTrail;
  readonly now: () => Date;
}

export type FeedbackKind = 'bounce' | 'complaint' | 'delivery' | 'reject';

const AUDIT_ACTIONS: Record<FeedbackKind, string> = {
  bounce: 'email-bounced',
  complaint: 'email-complained',
  delivery: 'email-delivered',
  reject: 'email-rejected',
};

/** One SES event, reduced to what the app acts on. */
export interface DeliveryFeedback {
  readonly kind: FeedbackKind;
  readonly messageId: string;
  /** The `application` tag of the message, when it names an application id. */
  readonly applicationId: string | undefined;
  /** The `notification` tag of the message (e.g. "receipt"). */
  readonly notification: string | null;
  /** The message's own EmailTags (SES's `ses:*` tags left out), first value of each. */
  readonly tags: Readonly<Record<string, string>>;
  /** When SES says it happened (the bounce, complaint, delivery; the send for a reject). */
  readonly at: string;
  /** The recipients concerned, normalized. */
  readonly recipients: readonly string[];
  /** Set for hard bounces and complaints: the addresses must not be mailed again. */
  readonly suppress: SuppressionReason | undefined;
  /** What the audit entry adds to messageId, notification and recipients. */
  readonly details: Readonly<Record<string, unknown>>;
  readonly diagnosticCodes?: Readonly<Record<string, string>>;
}

const APPLICATION_ID = /^[a-z]+-\d{4}-\d{4}-[0-9a-f]{12}$/;

function tag(tags: Record<string, string[]> | undefined, name: string): string | undefined {
  return tags?.[name]?.[0];
}

function common(
  mail: SesBounceDetail['mail'],
): Pick<DeliveryFeedback, 'messageId' | 'applicationId' | 'notification' | 'tags'> {
  const application = tag(mail.tags, 'application');
  // Our own tags (not SES's), each with its value.
  const ours = Object.entries(mail.tags ?? {}).flatMap(([name, values]) => {
    const value = values[0];
    return !name.startsWith('ses:') && value !== undefined ? [[name, value] as const] : [];
  });
  return {
    messageId: mail.messageId,
    applicationId: application !== undefined && APPLICATION_ID.test(application) ? application : undefined,
    notification: tag(mail.tags, 'notification') ?? null,
    tags: Object.fromEntries(ours),
  };
}

const unique = (addresses: readonly string[]) => [...new Set(addresses.map(normalizeAddress))];

export function fromBounce(detail: SesBounceDetail): DeliveryFeedback {
  const { bounce } = detail;
  const diagnosticCodes: Record<string, string> = {};
  for (const recipient of bounce.bouncedRecipients) {
    if (recipient.diagnosticCode) diagnosticCodes[normalizeAddress(recipient.emailAddress)] = recipient.diagnosticCode;
  }
  return {
    ...common(detail.mail),
    kind: 'bounce',
    at: bounce.timestamp,
    recipients: unique(bounce.bouncedRecipients.map((recipient) => recipient.emailAddress)),
    // Only a hard bounce says the address is bad; a soft (or undetermined) one may pass.
    suppress: bounce.bounceType === 'Permanent' ? 'bounce' : undefined,
    details: { bounceType: bounce.bounceType, bounceSubType: bounce.bounceSubType },
    diagnosticCodes,
  };
}

export function fromComplaint(detail: SesComplaintDetail): DeliveryFeedback {
  const { complaint } = detail;
  return {
    ...common(detail.mail),
    kind: 'complaint',
    at: complaint.timestamp,
    recipients: unique(complaint.complainedRecipients.map((recipient) => recipient.emailAddress)),
    suppress: 'complaint',
    details: { complaintFeedbackType: complaint.complaintFeedbackType ?? null },
  };
}

export function fromDelivery(detail: SesDeliveryDetail): DeliveryFeedback {
  return {
    ...common(detail.mail),
    kind: 'delivery',
    at: detail.delivery.timestamp,
    recipients: unique(detail.delivery.recipients),
    suppress: undefined,
    details: {},
  };
}

export function fromReject(detail: SesRejectDetail): DeliveryFeedback {
  return {
    ...common(detail.mail),
    kind: 'reject',
    at: detail.mail.timestamp,
    recipients: unique(detail.mail.destination),
    suppress: undefined,
    details: { reason: detail.reject.reason },
  };
}

/** A roster naming a failed address, with its application. */
interface RosterEntry {
  readonly record: ApplicationRecord;
  readonly member: RosterMember;
}

/** The ledger key that makes the audit entry of one SES event once-only (a replay finds it). */
export function deliveryAuditKey(feedback: DeliveryFeedback): string {
  const digest = createHash('sha256')
    .update(`${feedback.kind}|${feedback.at}|${[...feedback.recipients].sort().join(',')}`)
    .digest('hex')
    .slice(0, 16);
  return `delivery-audit#${feedback.messageId}#${feedback.kind}#${digest}`;
}

export const undeliverableNoticeKey = (applicationId: string, address: string) =>
  `undeliverable#${applicationId}#${address}`;

function instantOf(value: string, fallback: Date): Date {
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? fallback : parsed;
}

/**
 * The consumer of SES's events. A hard bounce or a complaint suppresses each address (once:
 * the first wins); when the address is on a participant's roster, that organization's other
 * contacts are told, once per application and address. Every event of a message tagged with
 * an application gets one audit entry on it. Replaying an event changes nothing.
 */
export async function handleDeliveryFeedback(
  feedback: DeliveryFeedback,
  deps: DeliveryFeedbackDependencies,
): Promise<string> {
  const record = feedback.applicationId ? await deps.applications.get(feedback.applicationId) : undefined;
  const counts = { suppressed: 0, alreadySuppressed: 0, told: 0 };
  const at = instantOf(feedback.at, deps.now());

  if (feedback.suppress) {
    const taggedRoster = record ? await deps.rosters.membersOf(record.applicationId) : [];
    for (const address of feedback.recipients) {
      const rosters = await rostersNaming(address, record, taggedRoster, deps);
      const outcome = await deps.suppressions.suppress({
        address,
        reason: feedback.suppress,
        at: at.toISOString(),
        recordedAt: deps.now().toISOString(),
        source: {
          messageId: feedback.messageId,
          notification: feedback.notification,
          ...(typeof feedback.details.bounceSubType === 'string'
            ? { bounceSubType: feedback.details.bounceSubType }
            : {}),
          ...(typeof feedback.details.complaintFeedbackType === 'string'
            ? { complaintFeedbackType: feedback.details.complaintFeedbackType }
            : {}),
          ...(feedback.diagnosticCodes?.[address] ? { diagnosticCode: feedback.diagnosticCodes[address] } : {}),
          tags: feedback.tags,
        },
        applications: attribution(address, record, taggedRoster, rosters),
      });
      counts[outcome === 'suppressed' ? 'suppressed' : 'alreadySuppressed'] += 1;
      for (const entry of rosters) {
        if ((await tellOrganization(entry, address, feedback.suppress, at, deps)) === 'sent') counts.told += 1;
      }
    }
  }

  const audit = record ? await recordDeliveryInAudit(feedback, record.applicationId, at, deps) : 'no-application';
  return (
    `${feedback.kind}${feedback.kind === 'bounce' ? ` (${String(feedback.details.bounceType)})` : ''}: ` +
    `suppressed ${counts.suppressed}, already suppressed ${counts.alreadySuppressed}, organizations told ` +
    `${counts.told}, audit ${audit}`
  );
}

/** The rosters naming the address: the tagged application's, then any other (a lead facilitator of two). */
async function rostersNaming(
  address: string,
  record: ApplicationRecord | undefined,
  taggedRoster: readonly RosterMember[],
  deps: DeliveryFeedbackDependencies,
): Promise<RosterEntry[]> {
  const entries: RosterEntry[] = [];
  const onTagged = taggedRoster.find((member) => member.email === address);
  if (record && onTagged) entries.push({ record, member: onTagged });
  for (const found of await deps.rosters.rostersNaming(address)) {
    if (entries.some((entry) => entry.record.applicationId === found.applicationId)) continue;
    const other = await deps.applications.get(found.applicationId);
    if (other) entries.push({ record: other, member: found.member });
  }
  return entries;
}

/** Which applications the address belongs to, and as what, for the facilitators' list. */
function attribution(
  address: string,
  record: ApplicationRecord | undefined,
  taggedRoster: readonly RosterMember[],
  rosters: readonly RosterEntry[],
): SuppressedContactOf[] {
  const byApplication = new Map<string, { record: ApplicationRecord; roles: Set<ContactRole> }>();
  const add = (of: ApplicationRecord, role: ContactRole | undefined) => {
    const entry = byApplication.get(of.applicationId) ?? { record: of, roles: new Set<ContactRole>() };
    if (role) entry.roles.add(role);
    byApplication.set(of.applicationId, entry);
  };
  if (record) {
    add(record, undefined);
    if (normalizeAddress(record.application.contact.email) === address) add(record, 'contact');
    const superintendent = superintendentEmail(record.application);
    if (superintendent && normalizeAddress(superintendent) === address) add(record, 'superintendent');
    for (const member of taggedRoster) if (member.email === address) add(record, member.role);
  }
  for (const entry of rosters) add(entry.record, entry.member.role);
  return [...byApplication.values()].map(({ record: of, roles }) => ({
    applicationId: of.applicationId,
    cohort: of.cohort,
    zone: of.zone,
    organization: applicantDisplayName(of.application),
    roles: roles.size > 0 ? [...roles] : ['recipient'],
  }));
}

/**
 * Tells an organization that a person on its roster can no longer be emailed: to the
 * application's contact, copying the superintendent, leaving out the failed address itself
 * and any suppressed one (the superintendent alone when the contact is). Once per application
 * and address.
 */
async function tellOrganization(
  entry: RosterEntry,
  address: string,
  reason: SuppressionReason,
  at: Date,
  deps: DeliveryFeedbackDependencies,
): Promise<SendOnceOutcome | 'nobody-to-tell'> {
  const { record, member } = entry;
  const candidates = [record.application.contact.email, superintendentEmail(record.application)]
    .filter((candidate): candidate is string => candidate !== undefined)
    .map(normalizeAddress)
    .filter((candidate, index, all) => candidate !== address && all.indexOf(candidate) === index);
  // A suppressed contact is skipped here, so the superintendent is told instead of copied on nothing.
  const suppressed = await deps.suppressions.suppressedAmong(candidates);
  const [to, ...cc] = candidates.filter((candidate) => !suppressed.has(candidate));
  if (to === undefined) return 'nobody-to-tell';
  const addressee = to === normalizeAddress(record.application.contact.email) ? 'contact' : 'superintendent';
  return sendOnce(deps, {
    key: undeliverableNoticeKey(record.applicationId, address),
    kind: 'undeliverable-roster-member',
    subjectId: record.applicationId,
    recipients: { to: [to], cc },
    content: () =>
      renderUndeliverableRosterMember({ record, cohort: getCohort(record.cohort), member, reason, at, addressee }),
    tags: { notification: 'undeliverable-roster-member', application: record.applicationId },
    auditApplicationId: record.applicationId,
  });
}

/**
 * One audit entry per SES event on the tagged application, made once-only with the
 * notification ledger: claim, write the entry, mark it done. A replay finds it done.
 */
async function recordDeliveryInAudit(
  feedback: DeliveryFeedback,
  applicationId: string,
  at: Date,
  deps: DeliveryFeedbackDependencies,
): Promise<'recorded' | 'already-recorded'> {
  const key = deliveryAuditKey(feedback);
  const claim = await deps.ledger.claim(key, { kind: 'delivery-audit', subjectId: applicationId }, deps.now());
  if (claim.outcome === 'already-sent') return 'already-recorded';
  if (claim.outcome === 'in-progress') throw new NotificationInProgressError(key);
  try {
    await deps.audit.record(applicationId, {
      at: at.toISOString(),
      actor: 'system',
      action: AUDIT_ACTIONS[feedback.kind],
      details: {
        messageId: feedback.messageId,
        notification: feedback.notification,
        recipients: feedback.recipients,
        ...feedback.details,
        ...(feedback.suppress ? { suppressed: true } : {}),
      },
    });
  } catch (error) {
    await deps.ledger.release(key, claim.token);
    throw error;
  }
  await recordSent(deps, key, claim.token, {
    messageId: feedback.messageId,
    recipientCount: feedback.recipients.length,
  });
  return 'recorded';
}
