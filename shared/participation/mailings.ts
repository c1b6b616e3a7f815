import type { ApplicationRepository } from '../applications/repository.ts';
import { planningMeeting } from '../domain/cohort/calendar.ts';
import type { CohortId } from '../domain/cohort/cohort-id.ts';
import type { CohortDefinition } from '../domain/cohort/definition.ts';
import { sessionReminderMilestoneId } from '../domain/cohort/milestones.ts';
import { getCohort } from '../domain/cohort/registry.ts';
import type { SessionChangedDetail } from '../events/session-changed.ts';
import type { SessionMaterialsPostedDetail } from '../events/session-materials-posted.ts';
import type { BulkSender } from '../platform/bulk/bulk-sender.ts';
import type { BulkMessage, BulkReport } from '../platform/bulk/paced-sender.ts';
import type { EmailContent } from '../platform/email/message.ts';
import { renderMaterialsPosted } from '../templates/email/materials-posted.ts';
import { renderSessionChange } from '../templates/email/session-change.ts';
import { renderPlanningMeetingReminder } from '../templates/email/session-planning-meeting.ts';
import { renderSessionReminder } from '../templates/email/session-reminder.ts';
import { type Addressee, participationJobs, participationKeys } from './model.ts';
import { listParticipants, planningMeetingAddressees, sessionAddressees } from './participants.ts';
import type { RosterRepository } from './roster-repository.ts';
import type { SessionRepository } from './session-repository.ts';
import { type EffectiveSession, effectiveSession, scheduledSession } from './sessions.ts';

export interface SessionMailingDependencies {
  readonly applications: ApplicationRepository;
  readonly rosters: RosterRepository;
  readonly sessions: SessionRepository;
  /** The process's paced sender (one pace for every bulk job), resolved on first use. */
  readonly sender: () => Promise<BulkSender>;
  /** The From address, named as organizer in the invitations. */
  readonly senderAddress: string;
  readonly now: () => Date;
  /**
   * The cohort's version as stored now, this process's copy of it brought up to that version
   * (shared/cohorts/cohort-version-reader.ts): a reminder mailing starts on the cohort as it is,
   * and stops sending once it changes.
   */
  readonly cohortVersion: (cohort: CohortId) => Promise<number | undefined>;
}

/**
 * Thrown after a bulk send that left some recipients unsent (failed, or claimed by a run
 * still going): the event is retried, and the ledger makes the retry send only those.
 */
export class BulkSendIncompleteError extends Error {
  constructor(report: BulkReport) {
    super(
      `Bulk job ${report.jobId} incomplete: ${report.failed} failed, ${report.inProgress} in progress, ` +
        `${report.sent} sent ` +
        `(${[...new Set(report.failures.map((failure) => failure.error))].join(', ') || 'no errors'})`,
    );
    this.name = 'BulkSendIncompleteError';
  }
}

/** A mailing stopped because its cohort changed under it: it starts over on the cohort as it now is. */
class CohortChangedError extends Error {
  override name = 'CohortChangedError';
}

/** Times a mailing starts over on its cohort changing, before it leaves the rest to the event's retry. */
const STARTS_OVER = 3;

/**
 * Runs a mailing written from its cohort as the cohort is now, and each time the cohort
 * changes while it sends (a meeting moved, a join link changed), stops it and runs it again:
 * the emails sent stay sent (the ledger), the rest go out as the cohort now says, or not at all
 * when what they were for is gone. So no email leaves after a change for a time or a link the
 * cohort no longer has.
 */
async function asTheCohortNowIs(
  deps: SessionMailingDependencies,
  cohort: CohortId,
  mailing: (stillCurrent: () => Promise<boolean>) => Promise<string>,
): Promise<string> {
  for (let restart = 0; ; restart += 1) {
    const version = await deps.cohortVersion(cohort);
    try {
      const outcome = await mailing(async () => (await deps.cohortVersion(cohort)) === version);
      return restart === 0 ? outcome : `${outcome} (started over ${restart}x as ${cohort} changed)`;
    } catch (error) {
      if (!(error instanceof CohortChangedError) || restart + 1 >= STARTS_OVER) throw error;
    }
  }
}

type Occasion = {
  readonly jobId: string;
  readonly kind: string;
  readonly subjectId: string;
  readonly key: (addressee: Addressee) => string;
  readonly content: (addressee: Addressee, now: Date) => EmailContent;
  readonly tags: Record<string, string>;
  /** Asked before each email: false once what the emails say changed (the mailing then stops). */
  readonly stillCurrent?: () => Promise<boolean>;
};

/** SES tag values allow letters, digits, `_` and `-` only. */
function tagValue(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 256);
}

/** One email per addressee, paced at SES's rate, once per ledger key; throws if some are left for a retry. */
async function sendToAll(
  deps: SessionMailingDependencies,
  occasion: Occasion,
  addressees: readonly Addressee[],
): Promise<string> {
  const now = deps.now();
  const messages: BulkMessage[] = addressees.map((addressee) => {
    // The first participant represented: delivery feedback finds the organization by this tag.
    // addresseesOf makes addressees only of the people who represent a participant.
    const first = addressee.representing[0];
    if (first === undefined) throw new Error(`An addressee of ${occasion.jobId} represents no participant`);
    return {
      key: occasion.key(addressee),
      kind: occasion.kind,
      subjectId: occasion.subjectId,
      recipients: { to: [addressee.email] },
      content: () => occasion.content(addressee, now),
      tags: { ...occasion.tags, application: first.applicationId },
      auditApplicationId: first.applicationId,
    };
  });
  const sender = await deps.sender();
  const report = await sender.run(
    occasion.jobId,
    occasion.kind,
    messages,
    occasion.stillCurrent ? { stillCurrent: occasion.stillCurrent } : {},
  );
  if (report.superseded) throw new CohortChangedError(`${occasion.jobId} stopped: its cohort changed`);
  if (!report.complete) throw new BulkSendIncompleteError(report);
  return (
    `${occasion.jobId}: ${addressees.length} addressees, sent ${report.sent}, already sent ` +
    `${report.alreadySent}, suppressed ${report.suppressed}`
  );
}

async function currentSession(
  deps: SessionMailingDependencies,
  cohort: CohortDefinition,
  sessionDate: string,
): Promise<EffectiveSession | undefined> {
  const scheduled = scheduledSession(cohort, sessionDate);
  if (!scheduled) return undefined;
  return effectiveSession(cohort, scheduled, await deps.sessions.getOverride(cohort.id, sessionDate));
}

async function everyRosterMember(deps: SessionMailingDependencies, cohort: CohortId): Promise<Addressee[]> {
  return sessionAddressees(await listParticipants(deps, cohort));
}

/**
 * SessionReminderDue: some days before a monthly session, every roster member of every
 * participant gets a reminder with the invitation (the session as it stands now: a moved
 * session shows its new time and SEQUENCE; a cancelled one, or one already started because
 * it was moved earlier, sends nothing). A moved session's reminders are planned anew for its
 * new time (shared/domain/cohort/milestones.ts); one planned for its old time sends nothing. Ledger
 * key per session (and new start, once moved), offset and address.
 */
export async function sendSessionReminders(
  detail: SessionReminderDetail,
  deps: SessionMailingDependencies,
): Promise<string> {
  return asTheCohortNowIs(deps, detail.cohort, (stillCurrent) => sessionReminders(detail, deps, stillCurrent));
}

type SessionReminderDetail = {
  milestoneId: string;
  cohort: CohortId;
  sessionId: string;
  sessionDate: string;
  offsetDays: number;
};

async function sessionReminders(
  detail: SessionReminderDetail,
  deps: SessionMailingDependencies,
  stillCurrent: () => Promise<boolean>,
): Promise<string> {
  const cohort = getCohort(detail.cohort);
  const session = await currentSession(deps, cohort, detail.sessionDate);
  if (!session || session.scheduled.id !== detail.sessionId)
    return `no session ${detail.sessionId} in the cohort: nothing sent`;
  if (session.status === 'cancelled') return `${detail.sessionId} is cancelled: no reminder`;
  if (session.meeting.start <= deps.now())
    return `${detail.sessionId} has already started (moved earlier): no reminder`;
  const movedStart =
    session.meeting.start.getTime() === session.scheduled.start.getTime() ? undefined : session.meeting.start;
  // A reminder planned for the session's time before it moved: the new time has its own.
  if (detail.milestoneId !== sessionReminderMilestoneId(detail.sessionId, detail.offsetDays, movedStart))
    return `${detail.milestoneId} is for a time ${detail.sessionId} no longer has: no reminder`;
  const addressees = await everyRosterMember(deps, detail.cohort);
  return sendToAll(
    deps,
    {
      jobId: participationJobs.sessionReminder(detail.sessionId, detail.offsetDays, movedStart),
      kind: 'session-reminder',
      subjectId: detail.sessionId,
      key: (addressee) =>
        participationKeys.sessionReminder(detail.sessionId, detail.offsetDays, addressee.email, movedStart),
      content: (addressee, now) =>
        renderSessionReminder({
          cohort,
          session,
          offsetDays: detail.offsetDays,
          addressee,
          senderAddress: deps.senderAddress,
          now,
        }),
      tags: {
        notification: 'session-reminder',
        session: tagValue(session.scheduled.date),
        offset: String(detail.offsetDays),
      },
      stillCurrent,
    },
    addressees,
  );
}

/**
 * PlanningMeetingReminderDue: some days before the planning meeting, the participants of its
 * zones (SDZ) get the notice: each district's contact and lead facilitators, with the
 * invitation under the UID the selection email used.
 */
export async function sendPlanningMeetingReminders(
  detail: PlanningMeetingReminderDetail,
  deps: SessionMailingDependencies,
): Promise<string> {
  return asTheCohortNowIs(deps, detail.cohort, (stillCurrent) => planningMeetingReminders(detail, deps, stillCurrent));
}

type PlanningMeetingReminderDetail = { cohort: CohortId; meetingId: string; offsetDays: number };

async function planningMeetingReminders(
  detail: PlanningMeetingReminderDetail,
  deps: SessionMailingDependencies,
  stillCurrent: () => Promise<boolean>,
): Promise<string> {
  const cohort = getCohort(detail.cohort);
  const meeting = planningMeeting(cohort);
  if (meeting.id !== detail.meetingId) return `no planning meeting ${detail.meetingId} in the cohort: nothing sent`;
  if (meeting.start <= deps.now()) return `${detail.meetingId} has already started: no reminder`;
  const participants = await listParticipants(deps, detail.cohort, cohort.planningMeeting.zones);
  const addressees = planningMeetingAddressees(cohort, participants);
  const corrections = new Map(
    participants.map((participant) => [
      participant.record.applicationId,
      participant.record.resultSent?.corrections ?? 0,
    ]),
  );
  return sendToAll(
    deps,
    {
      jobId: participationJobs.planningMeetingReminder(detail.meetingId, detail.offsetDays),
      kind: 'planning-meeting-reminder',
      subjectId: detail.meetingId,
      key: (addressee) =>
        participationKeys.planningMeetingReminder(detail.meetingId, detail.offsetDays, addressee.email),
      content: (addressee, now) =>
        renderPlanningMeetingReminder({
          cohort,
          offsetDays: detail.offsetDays,
          addressee,
          sequence: Math.max(0, ...addressee.representing.map((item) => corrections.get(item.applicationId) ?? 0)),
          senderAddress: deps.senderAddress,
          now,
        }),
      tags: { notification: 'planning-meeting-reminder', offset: String(detail.offsetDays) },
      stillCurrent,
    },
    addressees,
  );
}

/**
 * SessionChanged: every roster member gets the updated invitation or the cancellation, once
 * per change (ledger key per session, sequence and address). A change already superseded by a
 * later one sends nothing: the later change's own event sends the session as it now is.
 */
export async function sendSessionChange(
  detail: SessionChangedDetail,
  deps: SessionMailingDependencies,
): Promise<string> {
  const cohort = getCohort(detail.cohort);
  const scheduled = scheduledSession(cohort, detail.sessionDate);
  if (!scheduled || scheduled.id !== detail.sessionId)
    return `no session ${detail.sessionId} in the cohort: nothing sent`;
  const override = await deps.sessions.getOverride(detail.cohort, detail.sessionDate);
  if (!override || override.sequence < detail.sequence)
    return `${detail.sessionId} has no change ${detail.sequence}: nothing sent`;
  if (override.sequence > detail.sequence)
    return `${detail.sessionId} change ${detail.sequence} is superseded by change ${override.sequence}: nothing sent`;
  const session = effectiveSession(cohort, scheduled, override);
  const note = override.changes.find((change) => change.sequence === detail.sequence)?.note;
  const addressees = await everyRosterMember(deps, detail.cohort);
  return sendToAll(
    deps,
    {
      jobId: participationJobs.sessionChange(detail.sessionId, detail.sequence),
      kind: session.status === 'cancelled' ? 'session-cancelled' : 'session-moved',
      subjectId: detail.sessionId,
      key: (addressee) => participationKeys.sessionChange(detail.sessionId, detail.sequence, addressee.email),
      content: (addressee, now) =>
        renderSessionChange({
          cohort,
          session,
          addressee,
          senderAddress: deps.senderAddress,
          now,
          ...(note ? { note } : {}),
        }),
      tags: {
        notification: session.status === 'cancelled' ? 'session-cancelled' : 'session-moved',
        session: tagValue(scheduled.date),
        sequence: String(detail.sequence),
      },
    },
    addressees,
  );
}

/**
 * SessionMaterialsPosted: every roster member gets the video and slide links, once per
 * session (ledger key per session and address), and once more per corrected revision.
 */
export async function sendSessionMaterials(
  detail: SessionMaterialsPostedDetail,
  deps: SessionMailingDependencies,
): Promise<string> {
  const cohort = getCohort(detail.cohort);
  const session = await currentSession(deps, cohort, detail.sessionDate);
  if (!session || session.scheduled.id !== detail.sessionId)
    return `no session ${detail.sessionId} in the cohort: nothing sent`;
  const materials = await deps.sessions.getMaterials(detail.cohort, detail.sessionDate);
  if (!materials || materials.revision < detail.revision)
    return `${detail.sessionId} has no materials revision ${detail.revision}: nothing sent`;
  if (materials.revision > detail.revision)
    return (
      `${detail.sessionId} materials revision ${detail.revision} is superseded by revision ` +
      `${materials.revision}: nothing sent`
    );
  const addressees = await everyRosterMember(deps, detail.cohort);
  return sendToAll(
    deps,
    {
      jobId: participationJobs.materials(detail.sessionId, detail.revision),
      kind: 'session-materials',
      subjectId: detail.sessionId,
      key: (addressee) => participationKeys.materials(detail.sessionId, detail.revision, addressee.email),
      content: (addressee) => renderMaterialsPosted({ cohort, session, materials, addressee }),
      tags: {
        notification: 'session-materials',
        session: tagValue(session.scheduled.date),
        revision: String(detail.revision),
      },
    },
    addressees,
  );
}
