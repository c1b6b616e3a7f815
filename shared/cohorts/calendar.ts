import { informationalMeetings, monthlySessions, planningMeeting } from '../domain/cohort/calendar.ts';
import type { CohortDefinition } from '../domain/cohort/definition.ts';
import { CATCH_UP_WINDOW_MS, type Milestone, milestonesOf } from '../domain/cohort/milestones.ts';
import type { ZoneCode } from '../domain/zones.ts';
import type { SessionOverride } from '../participation/model.ts';
import { placementOf } from '../participation/session-placements.ts';
import { effectiveSession } from '../participation/sessions.ts';
import { CLAIM_LEASE_SECONDS, LEDGER_RETENTION_DAYS } from '../platform/email/notification-ledger.ts';
import type { LocalDate } from '../platform/time/local-date.ts';
import { formatWallClock } from '../platform/time/wall-clock.ts';

/**
 * What the calendar of a cohort lists: every milestone the dispatcher publishes (a mailing,
 * or the window closing), and the meetings themselves, in time order.
 */
export type CalendarKind = Milestone['kind'] | 'InformationalMeeting' | 'PlanningMeeting' | 'MonthlySession';

/**
 * A milestone's state: planned (ahead, or due and within the dispatcher's catch-up window),
 * in-progress (claimed, its claim lease still running), stalled (claimed, the lease run out
 * with no publication recorded), sent (the ledger says published; invitations also when
 * imports sent them though the milestone did not), skipped (never
 * published and too old for the dispatcher to catch up on, or its session was cancelled or
 * moved first), past (older than the ledger's memory: sent or not, no record tells).
 * A meeting's: planned, past, or cancelled.
 */
export type CalendarState = 'planned' | 'in-progress' | 'stalled' | 'sent' | 'skipped' | 'past' | 'cancelled';

export interface CalendarEntry {
  readonly kind: CalendarKind;
  readonly what: string;
  /** The instant, in UTC. */
  readonly at: string;
  /** The same instant on the cohort's wall clock: "2022-09-10 00:00 CDT". */
  readonly local: string;
  readonly state: CalendarState;
  /** The dispatcher's milestone id (ledger key `milestone#<id>`); none for a meeting. */
  readonly milestoneId?: string;
  readonly sentAt?: string;
  /**
   * For a mailing still to go out (planned, in-progress, stalled): how many it would reach if it
   * went out now. Null for one sent, skipped or past (no count of what was sent is kept here).
   * Absent for a meeting and for a window closing (which emails the facilitators: see its note).
   */
  readonly recipients?: number | null;
  readonly note?: string;
}

/** What the ledger holds for a milestone (`milestone#<id>`). */
export interface MilestoneRecord {
  readonly status: 'claimed' | 'sent';
  readonly sentAt?: string;
  /** A claim's lease end, epoch seconds. */
  readonly claimedUntil?: number;
}

/** How many each mailing's audience counts now (see audiences.ts). */
export interface AudienceCounts {
  /** Invitees not yet sent their invitation. */
  readonly invitationsOwed: number;
  /** Invitees the invitation ledger says were sent theirs (by the milestone or by an import). */
  readonly invitationsSent: number;
  /** Per zone: invitees the zone is open to that have not applied to it. */
  readonly notApplied: Readonly<Record<ZoneCode, number>>;
  /** The addressees of a session reminder, as the participation code resolves them. */
  readonly sessionAddressees: number;
  /** The addressees of the planning meeting notice, as the participation code resolves them. */
  readonly planningAddressees: number;
  /** Per zone: applications decided (selected or not selected), each of which gets a result. */
  readonly decided: Readonly<Record<ZoneCode, number>>;
  /** Selected SDZ districts, told so, with no board resolution recorded. */
  readonly boardResolutionsOwed: number;
}

/**
 * The milestones the dispatcher plans for the cohort as its sessions stand (the same
 * milestonesOf, with the same placements), and the session reminders a move or a
 * cancellation took out of the plan (they may have gone out before the change).
 */
export function cohortMilestones(
  cohort: CohortDefinition,
  overrides: ReadonlyMap<string, SessionOverride>,
): { planned: Milestone[]; superseded: Milestone[] } {
  const placements = new Map([...overrides].map(([date, override]) => [date as LocalDate, placementOf(override)]));
  const planned = milestonesOf(cohort, placements);
  const plannedIds = new Set(planned.map((milestone) => milestone.id));
  const superseded =
    placements.size === 0
      ? []
      : milestonesOf(cohort).filter(
          (milestone) => milestone.kind === 'SessionReminderDue' && !plannedIds.has(milestone.id),
        );
  return { planned, superseded };
}

/** An entry before it is placed in time. */
type Undated = Omit<CalendarEntry, 'at' | 'local'>;

export interface CalendarInput {
  readonly cohort: CohortDefinition;
  readonly overrides: ReadonlyMap<string, SessionOverride>;
  readonly records: ReadonlyMap<string, MilestoneRecord>;
  readonly audiences: AudienceCounts;
  readonly now: Date;
}

/** Every milestone, planned mailing and meeting of the cohort, in time order, with its state. */
export function buildCalendar(input: CalendarInput): CalendarEntry[] {
  const { cohort, overrides, now } = input;
  const { planned, superseded } = cohortMilestones(cohort, overrides);
  const entries: Array<CalendarEntry & { readonly order: number }> = [];
  const add = (at: Date, entry: Undated) =>
    entries.push({
      ...entry,
      at: at.toISOString(),
      local: formatWallClock(at, cohort.timeZone),
      order: entries.length,
    });

  for (const milestone of planned) {
    add(milestone.dueAt, plannedMilestoneEntry(input, milestone));
  }
  for (const milestone of superseded) {
    const record = input.records.get(milestone.id);
    const override = milestone.kind === 'SessionReminderDue' ? overrides.get(milestone.sessionDate) : undefined;
    const change = override?.status === 'cancelled' ? 'cancelled' : 'moved';
    add(milestone.dueAt, {
      ...milestoneEntry(input, milestone, record?.status === 'sent' ? 'sent' : 'skipped'),
      ...(record?.sentAt ? { sentAt: record.sentAt } : {}),
      note: `the session was ${change}${record?.status === 'sent' ? ' after this reminder went out' : ''}`,
    });
  }

  const meetingState = (start: Date): CalendarState => (start <= now ? 'past' : 'planned');
  for (const meeting of informationalMeetings(cohort)) {
    add(meeting.start, {
      kind: 'InformationalMeeting',
      what: meeting.title,
      state: meetingState(meeting.start),
    });
  }
  const planning = planningMeeting(cohort);
  add(planning.start, { kind: 'PlanningMeeting', what: planning.title, state: meetingState(planning.start) });
  for (const scheduled of monthlySessions(cohort)) {
    const session = effectiveSession(cohort, scheduled, overrides.get(scheduled.date));
    const at = session.status === 'cancelled' ? scheduled.start : session.meeting.start;
    add(at, {
      kind: 'MonthlySession',
      what: session.meeting.title,
      state: session.status === 'cancelled' ? 'cancelled' : meetingState(at),
      ...(session.status === 'moved' ? { note: `moved from ${scheduled.date}` } : {}),
    });
  }
  return entries
    .sort((left, right) => left.at.localeCompare(right.at) || left.order - right.order)
    .map(({ order: _order, ...entry }) => entry);
}

/** A planned milestone's entry, with the notes its state calls for. */
function plannedMilestoneEntry(input: CalendarInput, milestone: Milestone): Undated {
  const state = milestoneState(milestone, input.records, input.now);
  if (state === 'stalled') {
    return {
      ...milestoneEntry(input, milestone, state),
      note:
        'claimed, but its claim lease ran out with no send recorded: ' +
        'the dispatcher retakes it within its catch-up window',
    };
  }
  // Invitations can go out without their milestone: each import made after the invitation date sends them.
  if (
    milestone.kind === 'InvitationsDue' &&
    (state === 'skipped' || state === 'past') &&
    input.audiences.invitationsSent > 0
  ) {
    return {
      ...milestoneEntry(input, milestone, 'sent'),
      note: `sent on import (${input.audiences.invitationsSent} in the ledger)`,
    };
  }
  return milestoneEntry(input, milestone, state);
}

/** Whether a claim's lease may still be running; without its end, the latest a claim could have been taken. */
function leaseMayBeLive(milestone: Milestone, record: MilestoneRecord, now: Date): boolean {
  const leaseEnds =
    record.claimedUntil !== undefined
      ? record.claimedUntil * 1000
      : milestone.dueAt.getTime() + CATCH_UP_WINDOW_MS + CLAIM_LEASE_SECONDS * 1000;
  return now.getTime() < leaseEnds;
}

function milestoneState(milestone: Milestone, records: ReadonlyMap<string, MilestoneRecord>, now: Date): CalendarState {
  const record = records.get(milestone.id);
  if (record?.status === 'sent') return 'sent';
  if (record?.status === 'claimed') return leaseMayBeLive(milestone, record, now) ? 'in-progress' : 'stalled';
  const age = now.getTime() - milestone.dueAt.getTime();
  if (age < CATCH_UP_WINDOW_MS) return 'planned';
  if (age >= LEDGER_RETENTION_DAYS * 86_400_000) return 'past';
  return 'skipped';
}

function milestoneEntry(input: CalendarInput, milestone: Milestone, state: CalendarState): Undated {
  const { audiences, records } = input;
  const sentAt = records.get(milestone.id)?.sentAt;
  const common = { kind: milestone.kind, milestoneId: milestone.id, state, ...(sentAt ? { sentAt } : {}) };
  // One meaning: how many it would reach if it went out now, for a mailing still to go out.
  const toGo = state === 'planned' || state === 'in-progress' || state === 'stalled';
  const count = (audience: number): number | null => (toGo ? audience : null);
  switch (milestone.kind) {
    case 'InvitationsDue':
      return { ...common, what: 'Invitations', recipients: count(audiences.invitationsOwed) };
    case 'DeadlineReminderDue':
      return {
        ...common,
        what: `Deadline reminder ${milestone.zone}, ${days(milestone.daysBefore)} before`,
        recipients: count(audiences.notApplied[milestone.zone]),
      };
    case 'WindowClosed':
      return {
        ...common,
        what: `Window closes ${milestone.zone}`,
        note: 'emails the facilitators: the review queue is ready',
      };
    case 'ReleaseDue':
      return {
        ...common,
        what: `Results release ${milestone.zone}`,
        recipients: count(audiences.decided[milestone.zone]),
      };
    case 'BoardResolutionReminderDue':
      return {
        ...common,
        what: `Board resolution reminder, round ${milestone.round}`,
        recipients: count(audiences.boardResolutionsOwed),
      };
    case 'SessionReminderDue': {
      const override = input.overrides.get(milestone.sessionDate);
      const moved = override?.status === 'moved' ? ` (moved to ${override.date})` : '';
      return {
        ...common,
        what: `Session reminder, ${days(milestone.offsetDays)} before the ${milestone.sessionDate} session${moved}`,
        recipients: count(audiences.sessionAddressees),
      };
    }
    case 'PlanningMeetingReminderDue':
      return {
        ...common,
        what: `Planning meeting notice, ${days(milestone.offsetDays)} before`,
        recipients: count(audiences.planningAddressees),
      };
  }
}

const days = (count: number) => (count === 1 ? '1 day' : `${count} days`);
