// The mini date: TZDate without its formatting methods, which nothing here calls (~1.3 KB less per bundle).
import { TZDateMini } from '@date-fns/tz/date/mini';
import { addDays, type LocalDate, type LocalTime, parseLocalDate, parseLocalTime } from './local-date.ts';

/** The instant at which a wall-clock date and time occur in a time zone (DST-aware). */
export function zonedInstant(date: LocalDate, time: LocalTime, timeZone: string): Date {
  const { year, month, day } = parseLocalDate(date);
  const { hour, minute } = parseLocalTime(time);
  return new Date(new TZDateMini(year, month - 1, day, hour, minute, timeZone).getTime());
}

/** The first instant after a calendar date ends in a time zone: midnight that starts the next day. */
export function endOfDay(date: LocalDate, timeZone: string): Date {
  return zonedInstant(addDays(date, 1), '00:00', timeZone);
}

/** The calendar date an instant falls on in a time zone. */
export function localDateOf(instant: Date, timeZone: string): LocalDate {
  // Building an Intl.DateTimeFormat costs far more than formatting with one: one per time zone.
  let format = localDateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    localDateFormats.set(timeZone, format);
  }
  return format.format(instant) as LocalDate;
}
const localDateFormats = new Map<string, Intl.DateTimeFormat>();

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat('en-US', { timeZone, ...options });
    formatters.set(key, cached);
  }
  return cached;
}

const DATE_OPTIONS: Intl.DateTimeFormatOptions = { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' };
const TIME_OPTIONS: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit', timeZoneName: 'short' };

/** "Friday, September 9, 2022" */
export function formatDate(instant: Date, timeZone: string): string {
  return formatter(timeZone, DATE_OPTIONS).format(instant);
}

/** "Friday, September 9, 2022 at 4:05 PM CDT" */
export function formatDateTime(instant: Date, timeZone: string): string {
  return formatter(timeZone, { ...DATE_OPTIONS, ...TIME_OPTIONS }).format(instant);
}

/** "10:00 AM CDT" */
export function formatTime(instant: Date, timeZone: string): string {
  return formatter(timeZone, TIME_OPTIONS).format(instant);
}

/**
 * "Wednesday, October 12, 2022, 10:00 AM - 12:00 PM CDT"; across a DST change both ends
 * name their zone: "Sunday, November 6, 2022, 12:30 AM CDT - 3:00 AM CST".
 */
export function formatTimeRange(start: Date, end: Date, timeZone: string): string {
  const withZone = formatter(timeZone, TIME_OPTIONS);
  // One abbreviation at the end would misstate the start when the offset changes in between.
  const startTime =
    zoneName(withZone, start) === zoneName(withZone, end)
      ? formatter(timeZone, { hour: 'numeric', minute: '2-digit' }).format(start)
      : withZone.format(start);
  return `${formatDate(start, timeZone)}, ${startTime} - ${withZone.format(end)}`;
}

function zoneName(format: Intl.DateTimeFormat, instant: Date): string | undefined {
  return format.formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value;
}
