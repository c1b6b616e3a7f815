import type { FieldError } from '../../platform/schemas/validation-errors.ts';
import type { LocalDate } from '../../platform/time/local-date.ts';
import { localDateOf } from '../../platform/time/zoned.ts';
import { ZONE_CODES } from '../zones.ts';
import { monthlySessions } from './calendar.ts';
import type { CohortDefinition } from './definition.ts';

/**
 * For a cohort about to be created: one error per date that already lies in the past (before
 * today in the cohort's time zone), named by its field. A valid definition can hold past dates
 * (a seeded cohort that has run does); a new one cannot, since nothing would be sent for them.
 */
export function datesNotPast(cohort: CohortDefinition, now: Date): FieldError[] {
  const today = localDateOf(now, cohort.timeZone);
  const dated: Array<[field: string, date: LocalDate | null]> = [
    ['invitationDate', cohort.invitationDate],
    ...cohort.informationalMeetings.map((meeting, index): [string, LocalDate] => [
      `informationalMeetings.${index}.date`,
      meeting.date,
    ]),
    ...ZONE_CODES.flatMap((code): Array<[string, LocalDate | null]> => {
      const zone = cohort.zones[code];
      return [
        [`zones.${code}.opens`, zone.opens],
        [`zones.${code}.due`, zone.due],
        [`zones.${code}.review.from`, zone.review?.from ?? null],
        [`zones.${code}.review.to`, zone.review?.to ?? null],
        [`zones.${code}.notify`, zone.notify],
      ];
    }),
    ['planningMeeting.date', cohort.planningMeeting.date],
    ['monthlySessions.fromMonth', monthlySessions(cohort)[0]?.date ?? null],
  ];
  return dated
    .filter((entry): entry is [string, LocalDate] => entry[1] !== null && entry[1] < today)
    .map(([field, date]) => ({ field, message: `${date} is already past (today is ${today} in ${cohort.timeZone})` }));
}
