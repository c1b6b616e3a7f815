/**
 * Calendar dates and wall-clock times as the seeds write them ("2022-09-09", "10:00"),
 * with the arithmetic the cohort calendar needs. Pure string/UTC arithmetic: a calendar
 * date has no time zone until it is placed in one (see zoned.ts).
 */
export type LocalDate = `${number}-${number}-${number}`;
export type LocalTime = `${number}:${number}`;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isLocalDate(value: string): value is LocalDate {
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}

export function isLocalTime(value: string): value is LocalTime {
  return TIME_PATTERN.test(value);
}

export function parseLocalDate(value: LocalDate): { year: number; month: number; day: number } {
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  return { year, month, day };
}

export function parseLocalTime(value: LocalTime): { hour: number; minute: number } {
  const [hour, minute] = value.split(':').map(Number) as [number, number];
  return { hour, minute };
}

export function toLocalDate(year: number, month: number, day: number): LocalDate {
  const digits = (value: number, width: number) => String(value).padStart(width, '0');
  return `${digits(year, 4)}-${digits(month, 2)}-${digits(day, 2)}` as LocalDate;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const { year, month, day } = parseLocalDate(date);
  const shifted = new Date(Date.UTC(year, month - 1, day + days));
  return toLocalDate(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}

/** 0 = Sunday ... 6 = Saturday, as Date#getUTCDay. */
export function dayOfWeek(date: LocalDate): number {
  const { year, month, day } = parseLocalDate(date);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** The n-th given weekday (1-based) of a month, e.g. the second Wednesday. */
export function nthWeekdayOfMonth(year: number, month: number, weekday: number, n: number): LocalDate {
  const first = toLocalDate(year, month, 1);
  const offset = (weekday - dayOfWeek(first) + 7) % 7;
  return addDays(first, offset + (n - 1) * 7);
}

/** Whole days from one date to another: negative when `to` comes first. */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  const start = parseLocalDate(from);
  const end = parseLocalDate(to);
  return Math.round(
    (Date.UTC(end.year, end.month - 1, end.day) - Date.UTC(start.year, start.month - 1, start.day)) / 86_400_000,
  );
}

/** Which of its month's weekdays of that name a date is: 2 for the second Friday (1 ... 5). */
export function weekdayOrdinal(date: LocalDate): number {
  return Math.ceil(parseLocalDate(date).day / 7);
}

/** How many of a weekday a month has: 4 or 5. */
export function weekdaysInMonth(year: number, month: number, weekday: number): number {
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const first = nthWeekdayOfMonth(year, month, weekday, 1);
  return Math.floor((daysInMonth - parseLocalDate(first).day) / 7) + 1;
}

const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
export type WeekdayName = (typeof WEEKDAY_NAMES)[number];

/** "Friday". Spelled out rather than asked of Intl: a process's first Intl.DateTimeFormat costs ~25 ms. */
export function weekdayName(date: LocalDate): WeekdayName {
  return WEEKDAY_NAMES[dayOfWeek(date)] as WeekdayName;
}

/** Months from a "YYYY-MM" to another, inclusive. */
export function monthsBetween(from: string, to: string): Array<{ year: number; month: number }> {
  const [fromYear, fromMonth] = from.split('-').map(Number) as [number, number];
  const [toYear, toMonth] = to.split('-').map(Number) as [number, number];
  const months: Array<{ year: number; month: number }> = [];
  for (let index = fromYear * 12 + fromMonth - 1; index <= toYear * 12 + toMonth - 1; index += 1) {
    months.push({ year: Math.floor(index / 12), month: (index % 12) + 1 });
  }
  return months;
}
