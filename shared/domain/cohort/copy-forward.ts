import {
  addDays,
  dayOfWeek,
  daysBetween,
  type LocalDate,
  nthWeekdayOfMonth,
  parseLocalDate,
  type WeekdayName,
  weekdayName,
  weekdayOrdinal,
  weekdaysInMonth,
} from '../../platform/time/local-date.ts';
import { ZONE_CODES, type ZoneCode } from '../zones.ts';
import { monthlySessions, type ScheduledMeeting } from './calendar.ts';
import type { CohortDefinition, CohortInput } from './definition.ts';
import type { ZoneTexts } from './zone-texts.ts';

/**
 * Copy forward: a new cohort with the same shape as an earlier one, N years on, rules kept.
 *
 * Every one-off date (invitation, informational meetings, each zone's opens, due, review and
 * notify, the planning meeting) moves by ONE common number of days, a multiple of 7: every
 * date keeps its weekday, and every order and gap between two dates is kept, so a copy of a
 * valid cohort is valid. Mapping each date on its own to "the same ordinal weekday of its month"
 * would not keep them: the 2022 SDZ due date (second Friday of September, the 9th) and its review
 * (from the second Monday, the 12th) would become Friday 2024-09-13 and Monday 2024-09-09 in
 * 2024, the review before the deadline. The common shift is chosen so that one date, the
 * anchor, keeps its ordinal weekday and month; the rest keep their distance from it.
 *
 * The monthly sessions are a rule already (the second Wednesday from one month to another):
 * only their months move, by N years.
 */

/** One date the copy computed, for an operator to review before the cohort is saved. */
export interface ComputedDate {
  /** Where it sits in the definition, e.g. "zones.SDZ.due"; "monthlySessions.dates.3" for the fourth session. */
  readonly path: string;
  /** A date YYYY-MM-DD, or a month YYYY-MM for monthlySessions.fromMonth and toMonth. */
  readonly source: string;
  readonly target: string;
  /** Null for a month. */
  readonly sourceWeekday: WeekdayName | null;
  readonly targetWeekday: WeekdayName | null;
}

export interface CohortCopy {
  /** Still to be validated (cohortDefinitionSchema) and stored by the caller. */
  readonly definition: CohortInput;
  /**
   * Every date computed, one-off dates first, in the order of the definition; null dates stay null and are not listed.
   */
  readonly dates: readonly ComputedDate[];
  /** The monthly sessions of the new cohort placed in time (UTC instants), as monthlySessions() places them. */
  readonly sessions: readonly ScheduledMeeting[];
  /** The date that keeps its ordinal weekday and month. */
  readonly anchor: ComputedDate;
  /** The common shift of every one-off date, a multiple of 7. */
  readonly shiftDays: number;
}

/** A value copied as it was (or with its years moved) that an operator should check: last year's links, the name. */
export interface CarriedOver {
  readonly path: string;
  readonly value: string;
}

export interface CopyTarget {
  /** Like "2027-2028": after the source, spanning the same years. */
  readonly id: string;
  /** Default: the source's name with its years replaced. */
  readonly name?: string;
}

/** A copy refused because of one field of the target, e.g. an id not after the source's. */
export class CohortCopyError extends Error {
  override name = 'CohortCopyError';
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field} ${reason}`);
  }
}

const COHORT_ID = /^(\d{4})-(\d{4})$/;

function yearsOf(id: string): [number, number] | null {
  const match = COHORT_ID.exec(id);
  return match ? [Number(match[1]), Number(match[2])] : null;
}

/** How many years on the target lies: its start year less the source's, at least 1. */
function yearsForward(source: CohortDefinition, targetId: string): number {
  const sourceYears = yearsOf(source.id);
  const targetYears = yearsOf(targetId);
  if (!sourceYears) throw new CohortCopyError('source.id', `must be like 2027-2028, not "${source.id}"`);
  if (!targetYears) throw new CohortCopyError('id', `must be like 2027-2028, not "${targetId}"`);
  const years = targetYears[0] - sourceYears[0];
  if (years < 1) throw new CohortCopyError('id', `must start after the source cohort ${source.id}, not "${targetId}"`);
  if (targetYears[1] - targetYears[0] !== sourceYears[1] - sourceYears[0]) {
    throw new CohortCopyError('id', `must span the same years as the source cohort ${source.id}, not "${targetId}"`);
  }
  return years;
}

/**
 * The anchor is the earliest zone due date, not the invitation date: the deadline is the date
 * applicants and reviewers plan around and the one the rest hangs from (invitations and
 * informational meetings lead up to it, reviews and results follow it), so it is the one kept
 * in its place, e.g. the second Friday of September. The two can differ by a week: in a year whose August 1 is a
 * Friday, the third Friday
 * of August lies three weeks before the first Friday of September, not the second. Without
 * any due date, the invitation date.
 */
function anchorOf(source: CohortDefinition): { path: string; date: LocalDate } {
  let anchor = { path: 'invitationDate', date: source.invitationDate };
  let earliestDue: LocalDate | null = null;
  for (const code of ZONE_CODES) {
    const due = source.zones[code].due;
    if (due !== null && (earliestDue === null || due < earliestDue)) {
      earliestDue = due;
      anchor = { path: `zones.${code}.due`, date: due };
    }
  }
  return anchor;
}

/** The same ordinal weekday of the same month, years on; a fifth one becomes the last when that month has four. */
function sameOrdinalWeekday(date: LocalDate, years: number): LocalDate {
  const { year, month } = parseLocalDate(date);
  const weekday = dayOfWeek(date);
  const ordinal = Math.min(weekdayOrdinal(date), weekdaysInMonth(year + years, month, weekday));
  return nthWeekdayOfMonth(year + years, month, weekday, ordinal);
}

function shiftMonth(yearMonth: string, years: number): string {
  const [year, month] = yearMonth.split('-') as [string, string];
  return `${String(Number(year) + years).padStart(4, '0')}-${month}`;
}

/**
 * "Innovation Zones Cohort 1, 2026-2027" to "Innovation Zones Cohort 1, 2031-2032": each year of
 * the source id becomes the target's (in one pass, so 2026-2027 to 2027-2028 does not move 2027
 * twice). The ordinal "Cohort 1" is not guessed: it counts cohorts, which the years do not tell
 * (a copy five years on need not be Cohort 6), so the operator gives the name when it changes.
 */
function renamed(source: CohortDefinition, targetId: string): string {
  const [sourceStart, sourceEnd] = yearsOf(source.id) as [number, number];
  const [targetStart, targetEnd] = yearsOf(targetId) as [number, number];
  const replacements = new Map([
    [String(sourceStart), String(targetStart)],
    [String(sourceEnd), String(targetEnd)],
  ]);
  return source.name.replace(/(?<!\d)\d{4}(?!\d)/g, (year) => replacements.get(year) ?? year);
}

/**
 * Each year a zone's text names moves as the cohort does ("an accreditation system (2023-2024)"
 * of 2022-2023 becomes 2028-2029 in 2027-2028); carriedOver lists every such text to check.
 */
function textsShifted(texts: ZoneTexts, years: number): ZoneTexts {
  const shift = (text: string) => text.replace(/(?<!\d)(?:19|20)\d{2}(?!\d)/g, (year) => String(Number(year) + years));
  return JSON.parse(JSON.stringify(texts), (_key, value) => (typeof value === 'string' ? shift(value) : value));
}

/** What a copy carries over for the operator to check: the name, each join link and dial-in, each text naming a year. */
export function carriedOver(definition: CohortDefinition): CarriedOver[] {
  const items: CarriedOver[] = [{ path: 'name', value: definition.name }];
  const access = (path: string, meeting: { joinUrl: string | null; dialIn: string | null }) => {
    if (meeting.joinUrl) items.push({ path: `${path}.joinUrl`, value: meeting.joinUrl });
    if (meeting.dialIn) items.push({ path: `${path}.dialIn`, value: meeting.dialIn });
  };
  for (const [index, meeting] of definition.informationalMeetings.entries())
    access(`informationalMeetings.${index}`, meeting);
  access('planningMeeting', definition.planningMeeting);
  access('monthlySessions', definition.monthlySessions);
  const visit = (path: string, value: unknown): void => {
    if (typeof value === 'string') {
      if (/(?<!\d)(?:19|20)\d{2}(?!\d)/.test(value)) items.push({ path, value });
    } else if (value && typeof value === 'object')
      for (const [key, inner] of Object.entries(value)) visit(`${path}.${key}`, inner);
  };
  visit('zoneTexts', definition.zoneTexts);
  return items;
}

function computedDate(path: string, source: LocalDate, target: LocalDate): ComputedDate {
  return { path, source, target, sourceWeekday: weekdayName(source), targetWeekday: weekdayName(target) };
}

export function copyCohortForward(source: CohortDefinition, target: CopyTarget): CohortCopy {
  const years = yearsForward(source, target.id);
  const anchor = anchorOf(source);
  const shiftDays = daysBetween(anchor.date, sameOrdinalWeekday(anchor.date, years));

  const dates: ComputedDate[] = [];
  const shift = (path: string, date: LocalDate): LocalDate => {
    const moved = addDays(date, shiftDays);
    dates.push(computedDate(path, date, moved));
    return moved;
  };
  const shiftUnlessNull = (path: string, date: LocalDate | null) => (date === null ? null : shift(path, date));

  // Everything not dated is copied as it is (times, time zone, offsets, limits, rollover, texts);
  // a fresh copy, so that the new cohort shares no object with the source.
  const copy = structuredClone(source);
  const invitationDate = shift('invitationDate', source.invitationDate);
  const informationalMeetings = copy.informationalMeetings.map((meeting, index) => ({
    ...meeting,
    date: shift(`informationalMeetings.${index}.date`, meeting.date),
  }));
  const zoneEntries = ZONE_CODES.map((code) => {
    const zone = copy.zones[code];
    const path = `zones.${code}`;
    const opens = shift(`${path}.opens`, zone.opens);
    const due = shiftUnlessNull(`${path}.due`, zone.due);
    const review = zone.review && {
      from: shift(`${path}.review.from`, zone.review.from),
      to: shift(`${path}.review.to`, zone.review.to),
    };
    const notify = shiftUnlessNull(`${path}.notify`, zone.notify);
    return [code, { ...zone, opens, due, review, notify }] as const;
  });
  const zones = Object.fromEntries(zoneEntries) as Record<ZoneCode, CohortDefinition['zones'][ZoneCode]>;
  const planningMeeting = {
    ...copy.planningMeeting,
    date: shift('planningMeeting.date', copy.planningMeeting.date),
  };
  const monthlySessionRule = {
    ...copy.monthlySessions,
    fromMonth: shiftMonth(copy.monthlySessions.fromMonth, years),
    toMonth: shiftMonth(copy.monthlySessions.toMonth, years),
  };
  for (const bound of ['fromMonth', 'toMonth'] as const) {
    dates.push({
      path: `monthlySessions.${bound}`,
      source: source.monthlySessions[bound],
      target: monthlySessionRule[bound],
      sourceWeekday: null,
      targetWeekday: null,
    });
  }

  const definition: CohortDefinition = {
    ...copy,
    id: target.id,
    name: target.name ?? renamed(source, target.id),
    invitationDate,
    informationalMeetings,
    zones,
    planningMeeting,
    monthlySessions: monthlySessionRule,
    zoneTexts: textsShifted(copy.zoneTexts, years),
  };

  // Same months a number of whole years on: as many sessions on each side, paired in order.
  // Placed from a copy: calendar.ts keeps placements per object, and the caller may still edit the definition.
  const sessions = monthlySessions({ ...definition });
  const sourceSessions = monthlySessions(source);
  sessions.forEach((session, index) => {
    const before = sourceSessions[index] as ScheduledMeeting;
    dates.push(computedDate(`monthlySessions.dates.${index}`, before.date, session.date));
  });

  const anchorDate = dates.find((date) => date.path === anchor.path) as ComputedDate;
  return { definition, dates, sessions, anchor: anchorDate, shiftDays };
}
