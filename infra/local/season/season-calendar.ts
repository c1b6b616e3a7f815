import { TZDate } from '@date-fns/tz';
import type { CohortDefinition } from '../../../shared/domain/cohort/definition.ts';
import type { ZoneCode } from '../../../shared/domain/zones.ts';
import { defined } from '../../defined.ts';

/**
 * The instants of the season the replay expects things at, worked out here from
 * the cohort's data (its dates and wall-clock times, as GET /facilitator/cohorts/{id} answers
 * them) and the rules the issues state — not from the code under test
 * (shared/domain/cohort/milestones.ts), so a wrong instant there shows.
 */

/** The instant a wall-clock date and time occur in a time zone. */
export function zoned(date: string, time: string, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return new Date(new TZDate(year, month - 1, day, hour, minute, timeZone).getTime());
}

/** A calendar date `days` later (or earlier). */
export function shiftDate(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

const dateFormatters = new Map<string, Intl.DateTimeFormat>();
/** The calendar date an instant falls on in a time zone, YYYY-MM-DD. */
export function localDate(instant: Date, timeZone: string): string {
  let format = dateFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormatters.set(timeZone, format);
  }
  return format.format(instant);
}

/** The `ordinal`-th `weekday` (0 = Sunday) of a month, YYYY-MM-DD. */
function nthWeekday(year: number, month: number, weekday: number, ordinal: number): string {
  const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  const day = 1 + ((weekday - first + 7) % 7) + 7 * (ordinal - 1);
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

export interface SessionSlot {
  /** The date the cohort scheduled it on: its identity. */
  readonly date: string;
  readonly start: string;
  readonly end: string;
}

export interface SeasonCalendar {
  /** The cohort the season runs, and its name: every email about it names one of them. */
  readonly cohortId: string;
  readonly cohortName: string;
  readonly timeZone: string;
  /** The dates the scenario's days hang from (YYYY-MM-DD). */
  readonly invitationDate: string;
  readonly due: Record<ZoneCode, string>;
  readonly notify: Record<ZoneCode, string>;
  readonly invitationsAt: Date;
  /** SDZ and ILDZ: the first instant the window is closed (midnight ending the due date). */
  readonly windowClosesAt: Partial<Record<ZoneCode, Date>>;
  readonly deadlineReminders: ReadonlyArray<{
    readonly zone: ZoneCode;
    readonly daysBefore: number;
    readonly at: Date;
  }>;
  /** Results at the notification time on each zone's notification date. */
  readonly releaseAt: Partial<Record<ZoneCode, Date>>;
  readonly rollover: { readonly from: ZoneCode; readonly to: ZoneCode; readonly policy: 'accept' | 'consider' };
  readonly boardResolutionRounds: ReadonlyArray<{ readonly round: number; readonly at: Date }>;
  readonly planningMeeting: { readonly date: string; readonly start: string; readonly zones: readonly ZoneCode[] };
  readonly sessions: readonly SessionSlot[];
  readonly reminderOffsetsDays: readonly number[];
  readonly maxLeadFacilitators: number;
  /** When the replay stops: the end of the month of the last session. */
  readonly seasonEnd: Date;
}

/** The calendar of a cohort whose zones all have a due and a notification date (the replay sets the CNZ's). */
export function seasonCalendar(cohort: CohortDefinition): SeasonCalendar {
  const cohortId = cohort.id;
  const dateOf = (zone: ZoneCode, field: 'due' | 'notify') =>
    defined(cohort.zones[zone][field] ?? undefined, `zones.${zone}.${field} of ${cohortId}`);
  const tz = cohort.timeZone;
  const windowClosesAt: Partial<Record<ZoneCode, Date>> = {};
  const releaseAt: Partial<Record<ZoneCode, Date>> = {};
  const deadlineReminders: Array<{ zone: ZoneCode; daysBefore: number; at: Date }> = [];
  for (const zone of ['SDZ', 'ILDZ', 'CNZ'] as const) {
    const { due, notify } = cohort.zones[zone];
    if (due) {
      windowClosesAt[zone] = zoned(shiftDate(due, 1), '00:00', tz);
      // "N days before each zone's due date", at 9:00 (cohort definition).
      for (const daysBefore of cohort.deadlineReminderDaysBefore)
        deadlineReminders.push({ zone, daysBefore, at: zoned(shiftDate(due, -daysBefore), '09:00', tz) });
    }
    if (notify) releaseAt[zone] = zoned(notify, cohort.notificationTime, tz);
  }

  const rule = cohort.monthlySessions;
  const sessions: SessionSlot[] = [];
  let [year, month] = rule.fromMonth.split('-').map(Number) as [number, number];
  while (`${year}-${String(month).padStart(2, '0')}` <= rule.toMonth) {
    sessions.push({ date: nthWeekday(year, month, rule.weekday, rule.ordinal), start: rule.start, end: rule.end });
    [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
  }
  const lastSession = defined(sessions.at(-1), `a monthly session of ${cohortId}`).date;

  // Weekly from one period after the SDZ notification, through the last session's date.
  const rounds: Array<{ round: number; at: Date }> = [];
  const sdzNotify = cohort.zones.SDZ.notify;
  for (let round = 1; sdzNotify; round += 1) {
    const date = shiftDate(sdzNotify, cohort.boardResolutionReminder.everyDays * round);
    if (date > lastSession) break;
    rounds.push({ round, at: zoned(date, cohort.boardResolutionReminder.time, tz) });
  }

  const [lastYear, lastMonth] = lastSession.split('-').map(Number) as [number, number];
  return {
    cohortId,
    cohortName: cohort.name,
    timeZone: tz,
    invitationDate: cohort.invitationDate,
    due: { SDZ: dateOf('SDZ', 'due'), ILDZ: dateOf('ILDZ', 'due'), CNZ: dateOf('CNZ', 'due') },
    notify: { SDZ: dateOf('SDZ', 'notify'), ILDZ: dateOf('ILDZ', 'notify'), CNZ: dateOf('CNZ', 'notify') },
    invitationsAt: zoned(cohort.invitationDate, cohort.invitationTime, tz),
    windowClosesAt,
    deadlineReminders,
    releaseAt,
    rollover: cohort.rollover,
    boardResolutionRounds: rounds,
    planningMeeting: {
      date: cohort.planningMeeting.date,
      start: cohort.planningMeeting.start,
      zones: cohort.planningMeeting.zones,
    },
    sessions,
    reminderOffsetsDays: cohort.reminderOffsetsDays,
    maxLeadFacilitators: cohort.rosterLimits.SDZ.leadFacilitators,
    seasonEnd: zoned(new Date(Date.UTC(lastYear, lastMonth, 1)).toISOString().slice(0, 10), '00:00', tz),
  };
}
