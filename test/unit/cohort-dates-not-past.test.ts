/**
 * A new cohort may not hold a date already past: datesNotPast names each such field, judged
 * by the calendar date in the cohort's own time zone.
 */
import { describe, expect, it } from 'vitest';
import { cohort2022to2023 } from '../../infra/local/seed/cohort-2022-2023.ts';
import { datesNotPast } from '../../shared/domain/cohort/dates-not-past.ts';
import { cohortDefinitionSchema } from '../../shared/domain/cohort/definition.ts';

const cohort = cohortDefinitionSchema.parse(cohort2022to2023);
const fields = (now: string) => datesNotPast(cohort, new Date(now)).map((error) => error.field);

describe('datesNotPast', () => {
  it('finds nothing past for a cohort whose every date lies ahead', () => {
    expect(datesNotPast(cohort, new Date('2022-08-18T12:00:00Z'))).toEqual([]);
  });

  it('names every date of 2022-2023 in December 2026, and no date the cohort has not set', () => {
    expect(fields('2026-12-07T15:00:00Z')).toEqual([
      'invitationDate',
      'informationalMeetings.0.date',
      'informationalMeetings.1.date',
      'informationalMeetings.2.date',
      'zones.SDZ.opens',
      'zones.SDZ.due',
      'zones.SDZ.review.from',
      'zones.SDZ.review.to',
      'zones.SDZ.notify',
      'zones.ILDZ.opens',
      'zones.ILDZ.due',
      'zones.ILDZ.notify',
      'zones.CNZ.opens',
      'planningMeeting.date',
      'monthlySessions.fromMonth',
    ]);
  });

  it('counts today as not past, and judges today in the cohort time zone, not in UTC', () => {
    // 03:00 UTC on September 10 is still Friday, September 9 in Central time: the SDZ due date is today.
    expect(fields('2022-09-10T03:00:00Z')).toEqual([
      'invitationDate',
      'informationalMeetings.0.date',
      'informationalMeetings.1.date',
      'informationalMeetings.2.date',
      'zones.SDZ.opens',
      'zones.ILDZ.opens',
      'zones.CNZ.opens',
    ]);
    // Six hours later it is September 10 in Central time too.
    expect(fields('2022-09-10T09:00:00Z')).toContain('zones.SDZ.due');
  });

  it('names the sessions by fromMonth once their first session is past', () => {
    expect(fields('2022-10-12T15:00:00Z')).not.toContain('monthlySessions.fromMonth');
    expect(fields('2022-10-13T15:00:00Z')).toContain('monthlySessions.fromMonth');
  });

  it('says which date is past and what today is', () => {
    expect(datesNotPast(cohort, new Date('2022-08-20T15:00:00Z'))).toEqual([
      {
        field: 'invitationDate',
        message: '2022-08-19 is already past (today is 2022-08-20 in America/Chicago)',
      },
      {
        field: 'zones.SDZ.opens',
        message: '2022-08-19 is already past (today is 2022-08-20 in America/Chicago)',
      },
      {
        field: 'zones.ILDZ.opens',
        message: '2022-08-19 is already past (today is 2022-08-20 in America/Chicago)',
      },
      {
        field: 'zones.CNZ.opens',
        message: '2022-08-19 is already past (today is 2022-08-20 in America/Chicago)',
      },
    ]);
  });
});
