import { monthlySessions, type ScheduledMeeting } from '../domain/cohort/calendar.ts';
import type { CohortDefinition } from '../domain/cohort/definition.ts';
import type { LocalDate, LocalTime } from '../platform/time/local-date.ts';
import { zonedInstant } from '../platform/time/zoned.ts';
import type { SessionOverride, SessionStatus } from './model.ts';

/** A monthly session as it stands now: the cohort's schedule with any facilitator change applied. */
export interface EffectiveSession {
  /** The session as the cohort scheduled it. */
  readonly scheduled: ScheduledMeeting;
  /** Where and when it takes place now; its id (and so its calendar UID) is always the scheduled one. */
  readonly meeting: ScheduledMeeting;
  readonly status: SessionStatus;
  /** iCalendar SEQUENCE of the current invitation. */
  readonly sequence: number;
  /** Wall-clock date and times in the cohort's time zone. */
  readonly date: LocalDate;
  readonly start: LocalTime;
  readonly end: LocalTime;
}

/** The cohort's monthly session scheduled on a date, if there is one. */
export function scheduledSession(cohort: CohortDefinition, sessionDate: string): ScheduledMeeting | undefined {
  return monthlySessions(cohort).find((session) => session.date === sessionDate);
}

/** Places a session at a wall-clock date and time of the cohort's zone, keeping its identity. */
export function placeSession(
  cohort: CohortDefinition,
  scheduled: ScheduledMeeting,
  date: LocalDate,
  start: LocalTime,
  end: LocalTime,
): ScheduledMeeting {
  return {
    ...scheduled,
    date,
    start: zonedInstant(date, start, cohort.timeZone),
    end: zonedInstant(date, end, cohort.timeZone),
  };
}

export function effectiveSession(
  cohort: CohortDefinition,
  scheduled: ScheduledMeeting,
  override: SessionOverride | undefined,
): EffectiveSession {
  if (!override) {
    return {
      scheduled,
      meeting: scheduled,
      status: 'scheduled',
      sequence: 0,
      date: scheduled.date,
      start: cohort.monthlySessions.start,
      end: cohort.monthlySessions.end,
    };
  }
  return {
    scheduled,
    meeting: placeSession(cohort, scheduled, override.date, override.start, override.end),
    status: override.status,
    sequence: override.sequence,
    date: override.date,
    start: override.start,
    end: override.end,
  };
}

/** Whether wall-clock values put a session back exactly where the cohort scheduled it. */
export function isAsScheduled(
  cohort: CohortDefinition,
  scheduled: ScheduledMeeting,
  date: LocalDate,
  start: LocalTime,
  end: LocalTime,
): boolean {
  return date === scheduled.date && start === cohort.monthlySessions.start && end === cohort.monthlySessions.end;
}
