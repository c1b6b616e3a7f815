import { type LocalDate, type LocalTime, monthsBetween, nthWeekdayOfMonth } from '../../platform/time/local-date.ts';
import { endOfDay, zonedInstant } from '../../platform/time/zoned.ts';
import type { ZoneCode } from '../zones.ts';
import type { CohortDefinition } from './definition.ts';

/** A dated event of the cohort placed in time. */
export interface ScheduledMeeting {
  readonly id: string;
  readonly title: string;
  readonly date: LocalDate;
  readonly start: Date;
  readonly end: Date;
  readonly location: string;
  /** The video call's join link, when the cohort has set one (https). */
  readonly joinUrl?: string;
  /** How to join by phone, when set. */
  readonly dialIn?: string;
}

/** The optional ways to join a meeting from afar, as the definition holds them. */
interface MeetingAccess {
  readonly joinUrl: string | null;
  readonly dialIn: string | null;
}

export interface ApplicationWindow {
  /** First instant applications are accepted: the start of the opening date. */
  readonly opensAt: Date;
  /** First instant applications are refused: midnight ending the due date; null = no deadline set. */
  readonly closesAt: Date | null;
}

export type WindowState = 'not_open' | 'open' | 'closed';

export function applicationWindow(cohort: CohortDefinition, zone: ZoneCode): ApplicationWindow {
  const calendar = cohort.zones[zone];
  return {
    opensAt: zonedInstant(calendar.opens, '00:00', cohort.timeZone),
    closesAt: calendar.due === null ? null : endOfDay(calendar.due, cohort.timeZone),
  };
}

export function windowState(cohort: CohortDefinition, zone: ZoneCode, now: Date): WindowState {
  const window = applicationWindow(cohort, zone);
  if (now < window.opensAt) return 'not_open';
  if (window.closesAt !== null && now >= window.closesAt) return 'closed';
  return 'open';
}

function place(
  cohort: CohortDefinition,
  id: string,
  title: string,
  date: LocalDate,
  start: LocalTime,
  end: LocalTime,
  location: string,
  { joinUrl, dialIn }: MeetingAccess,
): ScheduledMeeting {
  return {
    id,
    title,
    date,
    start: zonedInstant(date, start, cohort.timeZone),
    end: zonedInstant(date, end, cohort.timeZone),
    location,
    // Absent rather than null when not set: a meeting without a link is what it was before links.
    ...(joinUrl && { joinUrl }),
    ...(dialIn && { dialIn }),
  };
}

/**
 * For session labels, "October 2022". Spelled out rather than asked of Intl: a process's
 * first Intl.DateTimeFormat costs ~25 ms (V8 builds its table of ICU locales), which a
 * function that only places sessions in time need not pay.
 */
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/**
 * The meetings of a cohort are pure data of its definition, placed in time once per cohort
 * (email templates ask for them for every message of a bulk send); callers get a fresh array.
 */
const placed = new WeakMap<
  CohortDefinition,
  { sessions?: readonly ScheduledMeeting[]; informational?: readonly ScheduledMeeting[]; planning?: ScheduledMeeting }
>();
function placedOf(cohort: CohortDefinition) {
  let entry = placed.get(cohort);
  if (!entry) {
    entry = {};
    placed.set(cohort, entry);
  }
  return entry;
}

/** The monthly virtual sessions, e.g. the second Wednesday of October through June. */
export function monthlySessions(cohort: CohortDefinition): ScheduledMeeting[] {
  const cache = placedOf(cohort);
  const rule = cohort.monthlySessions;
  cache.sessions ??= monthsBetween(rule.fromMonth, rule.toMonth).map(({ year, month }) => {
    const date = nthWeekdayOfMonth(year, month, rule.weekday, rule.ordinal);
    const monthLabel = `${MONTH_NAMES[month - 1]} ${year}`;
    return place(
      cohort,
      `${cohort.id}/session/${date}`,
      `Innovation Zones monthly session, ${monthLabel}`,
      date,
      rule.start,
      rule.end,
      rule.location,
      rule,
    );
  });
  return [...cache.sessions];
}

/**
 * The cohort's last monthly session, when it is over (the end of the session as its definition places it);
 * undefined while the cohort runs. An ended cohort invites no one: nothing of it is left to take part in.
 */
export function endedWith(cohort: CohortDefinition, now: Date): ScheduledMeeting | undefined {
  const last = monthlySessions(cohort).at(-1);
  return last && now >= last.end ? last : undefined;
}

export function planningMeeting(cohort: CohortDefinition): ScheduledMeeting {
  const cache = placedOf(cohort);
  const meeting = cohort.planningMeeting;
  cache.planning ??= place(
    cohort,
    `${cohort.id}/planning/${meeting.date}`,
    meeting.title,
    meeting.date,
    meeting.start,
    meeting.end,
    meeting.location,
    meeting,
  );
  return cache.planning;
}

export function informationalMeetings(cohort: CohortDefinition): ScheduledMeeting[] {
  const cache = placedOf(cohort);
  cache.informational ??= cohort.informationalMeetings.map((meeting) =>
    place(
      cohort,
      `${cohort.id}/info/${meeting.date}`,
      meeting.title,
      meeting.date,
      meeting.start,
      meeting.end,
      meeting.location,
      meeting,
    ),
  );
  return [...cache.informational];
}
