/**
 * What the season replay (npm run season) works out for itself from a copied cohort: the CNZ
 * dates it sets, the instants it expects emails at, the days its synthetic people act on, the
 * session it moves, where its clock starts, and which cohort an email counts for. The replay
 * reads the definition back from the API; here it is the seed copied forward directly.
 */
import { describe, expect, it } from 'vitest';
import { attributeEmail } from '../../infra/local/season/cohort-attribution.ts';
import { cnzDates, nextCohortId, replayClockStart } from '../../infra/local/season/cohort-setup.ts';
import { scenarioDays } from '../../infra/local/season/population.ts';
import { movedSession } from '../../infra/local/season/scenario.ts';
import { seasonCalendar, zoned } from '../../infra/local/season/season-calendar.ts';
import { copyCohortForward } from '../../shared/domain/cohort/copy-forward.ts';
import { cohortDefinitionSchema } from '../../shared/domain/cohort/definition.ts';
import { getCohort } from '../../shared/domain/cohort/registry.ts';

// Every expected date and instant below was read off a calendar (`TZ=America/Chicago date -d`),
// not computed with the helpers under test.

function replayedCohort(id: string) {
  const draft = cohortDefinitionSchema.parse(copyCohortForward(getCohort('2022-2023'), { id }).definition);
  const cnz = cnzDates(draft);
  return cohortDefinitionSchema.parse({ ...draft, zones: { ...draft.zones, CNZ: { ...draft.zones.CNZ, ...cnz } } });
}

describe('the replay of 2027-2028', () => {
  const cohort = replayedCohort('2027-2028');
  const calendar = seasonCalendar(cohort);

  it('sets the CNZ due and notification dates a week after the ILDZ ones, on Fridays', () => {
    expect(cnzDates(cohort)).toEqual({ due: '2027-09-24', notify: '2027-10-01' });
  });

  it('expects the invitations, window closings and releases at their Central instants', () => {
    expect(calendar.cohortId).toBe('2027-2028');
    expect(calendar.invitationsAt.toISOString()).toBe('2027-08-20T13:00:00.000Z');
    expect(
      Object.fromEntries(Object.entries(calendar.windowClosesAt).map(([zone, at]) => [zone, at.toISOString()])),
    ).toEqual({
      SDZ: '2027-09-11T05:00:00.000Z',
      ILDZ: '2027-09-18T05:00:00.000Z',
      CNZ: '2027-09-25T05:00:00.000Z',
    });
    expect(
      Object.fromEntries(Object.entries(calendar.releaseAt).map(([zone, at]) => [zone, at.toISOString()])),
    ).toEqual({
      SDZ: '2027-09-16T14:00:00.000Z',
      ILDZ: '2027-09-24T14:00:00.000Z',
      CNZ: '2027-10-01T14:00:00.000Z',
    });
    expect(calendar.deadlineReminders.map((reminder) => [reminder.zone, reminder.at.toISOString()])).toEqual([
      ['SDZ', '2027-09-03T14:00:00.000Z'],
      ['ILDZ', '2027-09-10T14:00:00.000Z'],
      ['CNZ', '2027-09-17T14:00:00.000Z'],
    ]);
  });

  it('runs the sessions from October 2027 to June 2028 and stops at the end of June', () => {
    expect(calendar.sessions.map((session) => session.date)).toEqual([
      '2027-10-13',
      '2027-11-10',
      '2027-12-08',
      '2028-01-12',
      '2028-02-09',
      '2028-03-08',
      '2028-04-12',
      '2028-05-10',
      '2028-06-14',
    ]);
    expect(calendar.seasonEnd.toISOString()).toBe('2028-07-01T05:00:00.000Z');
  });

  it('places 10:00 on either side of 2027-11-07 and 2028-03-12 at its own UTC hour', () => {
    const tz = calendar.timeZone;
    // The November session's 7-day reminder falls before the change, the session after it.
    expect(zoned('2027-11-03', '10:00', tz).toISOString()).toBe('2027-11-03T15:00:00.000Z');
    expect(zoned('2027-11-10', '10:00', tz).toISOString()).toBe('2027-11-10T16:00:00.000Z');
    expect(zoned('2028-03-08', '10:00', tz).toISOString()).toBe('2028-03-08T16:00:00.000Z');
    expect(zoned('2028-04-05', '10:00', tz).toISOString()).toBe('2028-04-05T15:00:00.000Z');
  });

  it('acts on the same days relative to the cohort as the 2022-2023 season did', () => {
    expect(scenarioDays(calendar)).toEqual({
      sdzSubmissions: ['2027-08-21', '2027-09-10'],
      ildzSubmissions: ['2027-08-21', '2027-09-17'],
      cnzSubmissions: ['2027-08-21', '2027-09-24'],
      sdzLate: ['2027-09-11', '2027-09-13'],
      ildzLate: ['2027-09-18', '2027-09-20'],
      sdzLateDecisions: '2027-09-17',
      ildzLateDecisions: '2027-09-27',
      cnzDecisions: '2027-09-29',
    });
  });

  it('moves the January session a week later, on the Monday twelve days after the November one', () => {
    expect(movedSession(calendar)).toEqual({
      sessionDate: '2028-01-12',
      date: '2028-01-19',
      start: '10:00',
      end: '12:00',
      on: '2027-11-22',
      note: 'Moved a week later for the winter break',
    });
  });
});

describe('the next cohort of the overlap mode', () => {
  it('is 2028-2029, invited on 2028-08-18, its January session moved on 2028-11-20', () => {
    expect(nextCohortId('2027-2028')).toBe('2028-2029');
    const calendar = seasonCalendar(replayedCohort('2028-2029'));
    expect(calendar.invitationsAt.toISOString()).toBe('2028-08-18T13:00:00.000Z');
    expect(movedSession(calendar)).toMatchObject({ sessionDate: '2029-01-10', date: '2029-01-17', on: '2028-11-20' });
  });
});

describe('where the replay clock starts', () => {
  it('lies weeks before every date of a copy, whichever year is copied to', () => {
    for (let year = 2023; year <= 2040; year += 1) {
      const id = `${year}-${year + 1}`;
      const start = replayClockStart(id);
      const { invitationsAt } = seasonCalendar(replayedCohort(id));
      expect(invitationsAt.getTime() - start.getTime(), id).toBeGreaterThanOrEqual(21 * 86_400_000);
    }
  });
});

describe('which cohort an email counts for', () => {
  const first = { cohortId: '2027-2028', cohortName: 'Cohort 6', addresses: new Set(['contact@d1.example.org']) };
  const next = {
    cohortId: '2028-2029',
    cohortName: 'Cohort 7',
    addresses: new Set(['contact@d1-2028-2029.example.org']),
  };
  const email = (subject: string, text: string, to: string) => ({ subject, text, destination: [to] });

  it('the cohort it names first, when its recipients are that cohort’s (or nobody’s: facilitators)', () => {
    expect(
      attributeEmail([first, next], email('Reminder', 'Cohort 7 meets', 'contact@d1-2028-2029.example.org')),
    ).toEqual({ cohort: next });
    // A 2027-2028 text may name the next school year after its own.
    expect(
      attributeEmail([first, next], email('2027-2028 results', 'then 2028-2029', 'contact@d1.example.org')),
    ).toEqual({ cohort: first });
    expect(
      attributeEmail([first, next], email('Queue ready', 'for 2028-2029', 'facilitators@srsn.example.org')),
    ).toEqual({ cohort: next });
  });

  it('a problem when it names no cohort, or another than its recipients’', () => {
    expect(attributeEmail([first, next], email('Reminder', 'A session', 'contact@d1.example.org'))).toEqual({
      cohort: first,
      problem: 'names no cohort (neither 2027-2028 nor 2028-2029)',
    });
    expect(attributeEmail([first, next], email('Reminder', '2028-2029', 'contact@d1.example.org'))).toEqual({
      cohort: next,
      problem: 'names 2028-2029, its recipients are of 2027-2028',
    });
  });
});
