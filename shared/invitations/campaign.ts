import { applicationWindow, endedWith, windowState } from '../domain/cohort/calendar.ts';
import type { CohortId } from '../domain/cohort/cohort-id.ts';
import type { CohortDefinition } from '../domain/cohort/definition.ts';
import { getCohort } from '../domain/cohort/registry.ts';
import { zonesFor } from '../domain/invitees.ts';
import type { ZoneCode } from '../domain/zones.ts';
import type { BulkSender } from '../platform/bulk/bulk-sender.ts';
import type { BulkMessage, BulkReport } from '../platform/bulk/paced-sender.ts';
import { renderDeadlineReminder } from '../templates/email/deadline-reminder.ts';
import { renderInvitation } from '../templates/email/invitation.ts';
import { deadlineReminderKey, type Invitee, invitationKey, invitationsDueAt } from './model.ts';
import type { InviteeRepository } from './repository.ts';

export interface CampaignDependencies {
  readonly invitees: InviteeRepository;
  /** Resolved on first use: the paced sender needs the account's send rate. */
  readonly sender: () => Promise<BulkSender>;
  readonly senderAddress: string;
  readonly facilitatorEmails: readonly string[];
  /** Full URL of POST /applications, when the API's address is configured. */
  readonly applyUrl: string | undefined;
  readonly now: () => Date;
}

/**
 * Thrown after a bulk run that left some recipients unsent (a failed send, or a claim
 * held by another run): the event is retried, and the ledger makes the retry send only
 * what is missing. Counts and ledger keys only: no address reaches the logs.
 */
export class CampaignIncompleteError extends Error {
  constructor(readonly report: BulkReport) {
    super(
      `Bulk job ${report.jobId} incomplete: ${report.failed} failed, ${report.inProgress} held by another run; ` +
        'a retry sends only what is missing',
    );
    this.name = 'CampaignIncompleteError';
  }
}

function summary(report: BulkReport, extra = ''): string {
  return (
    `${report.jobId}: sent ${report.sent}, already-sent ${report.alreadySent}, suppressed ` +
    `${report.suppressed}${extra}`
  );
}

async function* mapInvitees(
  source: AsyncIterable<Invitee>,
  toMessage: (invitee: Invitee) => BulkMessage | undefined,
): AsyncGenerator<BulkMessage> {
  for await (const invitee of source) {
    const message = toMessage(invitee);
    if (message) yield message;
  }
}

/** The bulk job of the cohort's invitations: the milestone's run, or a late import's. */
export const invitationJobId = (cohort: string, importId?: string) =>
  importId ? `invitation#${cohort}#import#${importId}` : `invitation#${cohort}`;
/** Every invitation job of a cohort sends under one ledger key each invitee: one scope, one job at a time. */
const invitationClaimScope = (cohort: string) => `invitation#${cohort}`;

/**
 * Invites every invitee of the cohort, once each (ledger key `invitation#<cohort>#<invitee>`),
 * at the account's send rate. Run by InvitationsDue, and again by each import made after the
 * invitation date (InviteesImported), when only invitees never invited get it. Before the
 * invitation date it sends nothing: the milestone will; once the cohort has ended, nothing either.
 */
export async function sendInvitations(
  trigger: { cohort: CohortId; importId?: string },
  deps: CampaignDependencies,
): Promise<string> {
  const cohort = getCohort(trigger.cohort);
  const dueAt = invitationsDueAt(cohort);
  const now = deps.now();
  if (!dueAt || now < dueAt)
    return `${trigger.cohort}: before the invitation date (${dueAt?.toISOString() ?? 'none'}), nothing sent`;
  // An ended cohort invites no one, even an invitee stored earlier whose zone never closes (a late run, an event
  // replayed years later): nothing of it is left to take part in. Imports into it are refused too (routes.ts).
  const ended = endedWith(cohort, now);
  if (ended) return `${trigger.cohort}: the cohort ended with its last monthly session on ${ended.date}, nothing sent`;

  const invitationMessage = (invitee: Invitee): BulkMessage => ({
    key: invitationKey(trigger.cohort, invitee.inviteeId),
    kind: 'invitation',
    subjectId: invitee.inviteeId,
    recipients: { to: [invitee.contactEmail] },
    content: () =>
      renderInvitation({
        cohort,
        invitee,
        senderAddress: deps.senderAddress,
        facilitatorEmails: deps.facilitatorEmails,
        applyUrl: deps.applyUrl,
        now: deps.now(),
      }),
    tags: { notification: 'invitation', cohort: trigger.cohort, invitee: invitee.inviteeId },
  });
  // An invitee stored earlier but invited only now (a late tick) whose zones have all closed is not invited:
  // the invitation would name no window to apply to. An import refuses such invitees (closed-windows.ts).
  let windowsClosed = 0;
  const messages = mapInvitees(deps.invitees.each(trigger.cohort), (invitee) => {
    if (zonesFor(invitee).every((zone) => windowState(cohort, zone, now) === 'closed')) {
      windowsClosed += 1;
      return undefined;
    }
    return invitationMessage(invitee);
  });
  const sender = await deps.sender();
  const report = await sender.run(invitationJobId(trigger.cohort, trigger.importId), 'invitation', messages, {
    claimScope: invitationClaimScope(trigger.cohort),
  });
  if (!report.complete) throw new CampaignIncompleteError(report);
  return summary(report, windowsClosed > 0 ? `, windows closed ${windowsClosed}` : '');
}

export interface DeadlineReminderTrigger {
  readonly cohort: CohortId;
  readonly zone: ZoneCode;
  readonly daysBefore: number;
}

/** The zones whose applications count as having applied to `zone`: itself, and the zone that rolls over into it. */
export function zonesCountingFor(zone: ZoneCode, cohort: CohortDefinition): ZoneCode[] {
  return cohort.rollover.to === zone ? [zone, cohort.rollover.from] : [zone];
}

/**
 * Reminds the invitees who have not applied to a zone, some days before its due date: once
 * per cohort, zone, reminder and invitee (ledger key
 * `deadline-reminder#<cohort>#<zone>#<daysBefore>#<invitee>`). Who is reminded:
 * - invitees the zone is open to (districts: SDZ, ILDZ; partners: CNZ), narrowed by the
 *   zone_interest they were imported with;
 * - with no application of their applicant key (district:<code>, organization:<name>) in the
 *   zone, whatever its status. An application to the zone that rolls over into this one
 *   (SDZ for the ILDZ) counts too: not selected there, the district is placed here anyway.
 * A zone with no due date gets no reminder; neither does one whose window has closed.
 */
export async function remindDeadline(trigger: DeadlineReminderTrigger, deps: CampaignDependencies): Promise<string> {
  const cohort = getCohort(trigger.cohort);
  const closesAt = applicationWindow(cohort, trigger.zone).closesAt;
  const now = deps.now();
  if (closesAt === null) return `${trigger.cohort} ${trigger.zone}: no due date, no reminder`;
  if (now >= closesAt)
    return `${trigger.cohort} ${trigger.zone}: the window closed at ${closesAt.toISOString()}, no reminder`;

  const applied = new Set<string>();
  for (const zone of zonesCountingFor(trigger.zone, cohort)) {
    for (const key of await deps.invitees.applicantKeysOf(trigger.cohort, zone)) applied.add(key);
  }
  let notOwed = 0;
  const messages = mapInvitees(deps.invitees.each(trigger.cohort), (invitee) => {
    if (!zonesFor(invitee).includes(trigger.zone) || applied.has(invitee.applicantKey)) {
      notOwed += 1;
      return undefined;
    }
    return {
      key: deadlineReminderKey(trigger.cohort, trigger.zone, trigger.daysBefore, invitee.inviteeId),
      kind: 'deadline-reminder',
      subjectId: invitee.inviteeId,
      recipients: { to: [invitee.contactEmail] },
      content: () =>
        renderDeadlineReminder({
          cohort,
          zone: trigger.zone,
          daysBefore: trigger.daysBefore,
          invitee,
          facilitatorEmails: deps.facilitatorEmails,
          applyUrl: deps.applyUrl,
          now: deps.now(),
        }),
      tags: {
        notification: 'deadline-reminder',
        cohort: trigger.cohort,
        zone: trigger.zone,
        invitee: invitee.inviteeId,
      },
    };
  });
  const sender = await deps.sender();
  const report = await sender.run(
    `deadline-reminder#${trigger.cohort}#${trigger.zone}#${trigger.daysBefore}`,
    'deadline-reminder',
    messages,
  );
  if (!report.complete) throw new CampaignIncompleteError(report);
  return summary(report, `, not owed ${notOwed}`);
}
