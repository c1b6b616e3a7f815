import { addDays, type LocalDate, type LocalTime } from '../../platform/time/local-date.ts';
import { zonedInstant } from '../../platform/time/zoned.ts';
import { ZONE_CODES, type ZoneCode } from '../zones.ts';
import { applicationWindow, monthlySessions, planningMeeting } from './calendar.ts';
import type { CohortId } from './cohort-id.ts';
import type { CohortDefinition } from './definition.ts';

/**
 * A dated step of the season that the dispatcher turns into one domain event, once.
 * Ids are stable: they name the cohort, the kind and the zone or date.
 */
export type Milestone =
  | {
      readonly id: string;
      readonly kind: 'WindowClosed';
      readonly cohort: CohortId;
      readonly zone: ZoneCode;
      readonly dueAt: Date;
    }
  | {
      readonly id: string;
      readonly kind: 'ReleaseDue';
      readonly cohort: CohortId;
      readonly zone: ZoneCode;
      readonly dueAt: Date;
    }
  | {
      readonly id: string;
      readonly kind: 'BoardResolutionReminderDue';
      readonly cohort: CohortId;
      readonly round: number;
      readonly dueAt: Date;
    }
  | { readonly id: string; readonly kind: 'InvitationsDue'; readonly cohort: CohortId; readonly dueAt: Date }
  | {
      readonly id: string;
      readonly kind: 'DeadlineReminderDue';
      readonly cohort: CohortId;
      readonly zone: ZoneCode;
      readonly daysBefore: number;
      readonly dueAt: Date;
    }
  | {
      readonly id: string;
      readonly kind: 'SessionReminderDue';
      readonly cohort: CohortId;
      readonly sessionId: string;
      readonly sessionDate: LocalDate;
      readonly offsetDays: number;
      readonly dueAt: Date;
    }
  | {
      readonly id: string;
      readonly kind: 'PlanningMeetingReminderDue';
      readonly cohort: CohortId;
      readonly meetingId: string;
      readonly offsetDays: number;
      readonly dueAt: Date;
    };

/**
 * Where a facilitator put a monthly session (by its scheduled date): cancelled, or moved to
 * a wall-clock date and start in the cohort's zone, at a moment (`changedAt`).
 */
export interface SessionPlacement {
  readonly cancelled: boolean;
  readonly date: LocalDate;
  readonly start: LocalTime;
  readonly changedAt: Date;
}

/**
 * A session reminder's milestone id. A moved session's reminders are new milestones, named
 * for the session's new start, so the ones of its old time are neither reused nor confused.
 */
export function sessionReminderMilestoneId(sessionId: string, offsetDays: number, movedStart?: Date): string {
  return `${sessionId}/reminder/${offsetDays}${movedStart ? `@${movedStart.toISOString()}` : ''}`;
}

/**
 * Every milestone of a cohort, in time order; session reminders follow the sessions as
 * facilitators placed them (none for a cancelled session; a moved one's at its new time).
 */
export function milestonesOf(
  cohort: CohortDefinition,
  placements: ReadonlyMap<LocalDate, SessionPlacement> = new Map(),
): Milestone[] {
  const cohortId = cohort.id;
  const milestones: Milestone[] = [];
  for (const zone of ZONE_CODES) {
    const { closesAt } = applicationWindow(cohort, zone);
    if (closesAt)
      milestones.push({
        id: `${cohort.id}/window-closed/${zone}`,
        kind: 'WindowClosed',
        cohort: cohortId,
        zone,
        dueAt: closesAt,
      });
    const notify = cohort.zones[zone].notify;
    if (notify) {
      milestones.push({
        id: `${cohort.id}/release/${zone}`,
        kind: 'ReleaseDue',
        cohort: cohortId,
        zone,
        dueAt: zonedInstant(notify, cohort.notificationTime, cohort.timeZone),
      });
    }
  }
  milestones.push(
    ...boardResolutionReminders(cohort),
    ...invitationMilestones(cohort),
    ...meetingReminders(cohort, placements),
  );
  return milestones.sort(
    (left, right) => left.dueAt.getTime() - right.dueAt.getTime() || left.id.localeCompare(right.id),
  );
}

/** Weekly (by default) from one period after the SDZ notification until the last monthly session. */
function boardResolutionReminders(cohort: CohortDefinition): Milestone[] {
  const notify = cohort.zones.SDZ.notify;
  const lastSession = monthlySessions(cohort).at(-1);
  if (!notify || !lastSession) return [];
  const cohortId = cohort.id;
  const reminders: Milestone[] = [];
  const { everyDays, time } = cohort.boardResolutionReminder;
  for (let round = 1; ; round += 1) {
    const date: LocalDate = addDays(notify, everyDays * round);
    if (date > lastSession.date) break;
    reminders.push({
      id: `${cohort.id}/board-resolution-reminder/${date}`,
      kind: 'BoardResolutionReminderDue',
      cohort: cohortId,
      round,
      dueAt: zonedInstant(date, time, cohort.timeZone),
    });
  }
  return reminders;
}

/** A milestone's key in the notification ledger: the dispatcher claims it there, once. */
export const milestoneKey = (milestoneId: string) => `milestone#${milestoneId}`;

/**
 * How late a milestone may still be published. A tick catches up on what it missed within
 * this window; anything older is history, never published again, even after its ledger
 * entry expired from the table.
 */
export const CATCH_UP_WINDOW_MS = 3 * 24 * 3600 * 1000;

/** Milestones due at `now` (and not older than the catch-up window) that are not yet in `done`, oldest first. */
export function dueMilestones(milestones: readonly Milestone[], now: Date, done: ReadonlySet<string>): Milestone[] {
  const oldest = now.getTime() - CATCH_UP_WINDOW_MS;
  return milestones.filter(
    (milestone) => milestone.dueAt <= now && milestone.dueAt.getTime() > oldest && !done.has(milestone.id),
  );
}

/** The invitations on the invitation date, and the deadline reminders before each due date. */
function invitationMilestones(cohort: CohortDefinition): Milestone[] {
  const cohortId = cohort.id;
  const milestones: Milestone[] = [
    {
      id: `${cohort.id}/invitations`,
      kind: 'InvitationsDue',
      cohort: cohortId,
      dueAt: zonedInstant(cohort.invitationDate, cohort.invitationTime, cohort.timeZone),
    },
  ];
  for (const zone of ZONE_CODES) {
    const due = cohort.zones[zone].due;
    if (!due) continue;
    for (const daysBefore of cohort.deadlineReminderDaysBefore) {
      const date = addDays(due, -daysBefore);
      if (date <= cohort.invitationDate) continue;
      milestones.push({
        id: `${cohort.id}/deadline-reminder/${zone}/${daysBefore}`,
        kind: 'DeadlineReminderDue',
        cohort: cohortId,
        zone,
        daysBefore,
        dueAt: zonedInstant(date, '09:00', cohort.timeZone),
      });
    }
  }
  return milestones;
}

/**
 * Reminders `reminderOffsetsDays` before each monthly session and the planning meeting,
 * at the meeting's own wall-clock time (so "7 days before" a 10:00 session is 10:00 local,
 * on whichever side of a DST change it falls).
 */
function meetingReminders(cohort: CohortDefinition, placements: ReadonlyMap<LocalDate, SessionPlacement>): Milestone[] {
  const cohortId = cohort.id;
  const milestones: Milestone[] = [];
  const startTime = cohort.monthlySessions.start;
  for (const session of monthlySessions(cohort)) {
    const placement = placements.get(session.date);
    if (placement?.cancelled) continue;
    const date = placement?.date ?? session.date;
    const start = placement?.start ?? startTime;
    const startsAt = zonedInstant(date, start, cohort.timeZone);
    const moved = startsAt.getTime() !== session.start.getTime();
    for (const offsetDays of cohort.reminderOffsetsDays) {
      const dueAt = zonedInstant(addDays(date, -offsetDays), start, cohort.timeZone);
      // A reminder whose moment had passed at the session's last change is not sent late: the
      // change itself sent everyone the updated invitation. This holds for a session moved back
      // to its own time too, whose reminders keep their ids.
      if (placement && dueAt <= placement.changedAt) continue;
      milestones.push({
        id: sessionReminderMilestoneId(session.id, offsetDays, moved ? startsAt : undefined),
        kind: 'SessionReminderDue',
        cohort: cohortId,
        sessionId: session.id,
        sessionDate: session.date,
        offsetDays,
        dueAt,
      });
    }
  }
  const meeting = planningMeeting(cohort);
  for (const offsetDays of cohort.reminderOffsetsDays) {
    milestones.push({
      id: `${meeting.id}/reminder/${offsetDays}`,
      kind: 'PlanningMeetingReminderDue',
      cohort: cohortId,
      meetingId: meeting.id,
      offsetDays,
      dueAt: zonedInstant(addDays(meeting.date, -offsetDays), cohort.planningMeeting.start, cohort.timeZone),
    });
  }
  return milestones;
}
