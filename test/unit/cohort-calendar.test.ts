import { describe, expect, it } from 'vitest';
import { cohort2022to2023 } from '../../infra/local/seed/cohort-2022-2023.ts';
import {
  applicationWindow,
  informationalMeetings,
  monthlySessions,
  planningMeeting,
  windowState,
} from '../../shared/domain/cohort/calendar.ts';
import { type CohortInput, cohortDefinitionSchema } from '../../shared/domain/cohort/definition.ts';
import { allCohorts, getCohort } from '../../shared/domain/cohort/registry.ts';
import {
  addDays,
  dayOfWeek,
  isLocalDate,
  isLocalTime,
  monthsBetween,
  nthWeekdayOfMonth,
} from '../../shared/platform/time/local-date.ts';
import {
  endOfDay,
  formatDate,
  formatDateTime,
  formatTime,
  formatTimeRange,
  localDateOf,
  zonedInstant,
} from '../../shared/platform/time/zoned.ts';

const CENTRAL = 'America/Chicago';

/** A fresh, mutable copy of the 2022-2023 cohort input, so a test can break one field. */
function cohortInput(): CohortInput {
  return structuredClone(cohort2022to2023);
}

/** The issues of a refused cohort definition, as "path: message" pairs. */
function issuesOf(input: unknown): Array<{ path: string; message: string }> {
  const result = cohortDefinitionSchema.safeParse(input);
  expect(result.success, 'the definition should have been refused').toBe(false);
  return (result.error?.issues ?? []).map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

/** A hypothetical 2023-2024 cohort: only data changes, no code. */
function cohort2023to2024(): CohortInput {
  return {
    id: '2023-2024',
    name: 'Innovation Zones Cohort 2, 2023-2024',
    timeZone: 'America/Chicago',
    invitationDate: '2023-08-18',
    informationalMeetings: [
      {
        title: 'Innovation Zones informational meeting',
        date: '2023-08-24',
        start: '10:00',
        end: '10:30',
        location: 'Zoom',
      },
    ],
    zones: {
      SDZ: {
        opens: '2023-08-18',
        due: '2023-09-08',
        review: { from: '2023-09-11', to: '2023-09-13' },
        notify: '2023-09-14',
      },
      ILDZ: { opens: '2023-08-18', due: '2023-09-15', review: null, notify: '2023-09-22' },
      CNZ: { opens: '2023-08-18', due: '2023-09-29', review: null, notify: '2023-10-06' },
    },
    rollover: { from: 'SDZ', to: 'ILDZ', policy: 'consider' },
    planningMeeting: {
      title: 'System Design Zone Planning Meeting',
      date: '2023-10-02',
      start: '10:00',
      end: '15:00',
      location: 'MASA, Jefferson City, MO',
      zones: ['SDZ'],
    },
    monthlySessions: {
      weekday: 3,
      ordinal: 2,
      start: '10:00',
      end: '12:00',
      fromMonth: '2023-10',
      toMonth: '2024-06',
      location: 'Virtual (Zoom)',
    },
    reminderOffsetsDays: [7, 1],
    rosterLimits: {
      SDZ: { leadFacilitators: 3, representatives: 0, alternates: 0 },
      ILDZ: { leadFacilitators: 3, representatives: 0, alternates: 0 },
      CNZ: { leadFacilitators: 0, representatives: 1, alternates: 1 },
    },
    zoneTexts: structuredClone(cohort2022to2023.zoneTexts),
  };
}

describe('the 2022-2023 cohort definition', () => {
  it('passes the cohort schema and is what the registry serves', () => {
    const result = cohortDefinitionSchema.safeParse(cohort2022to2023);
    expect(result.error?.issues ?? []).toEqual([]);
    expect(result.success).toBe(true);
    expect(getCohort('2022-2023')).toEqual(result.data);
    expect(allCohorts().map((cohort) => cohort.id)).toContain('2022-2023');
  });

  it('is placed in America/Chicago', () => {
    expect(getCohort('2022-2023').timeZone).toBe(CENTRAL);
  });

  it('sends the invitation on 2022-08-19 and opens every zone that day', () => {
    const cohort = getCohort('2022-2023');
    expect(cohort.invitationDate).toBe('2022-08-19');
    expect(cohort.zones.SDZ.opens).toBe('2022-08-19');
    expect(cohort.zones.ILDZ.opens).toBe('2022-08-19');
    expect(cohort.zones.CNZ.opens).toBe('2022-08-19');
  });

  it('holds the three informational Zoom meetings: 08-25 10:00-10:30, 08-31 13:00-13:30, 09-01 09:00-09:30', () => {
    const meetings = getCohort('2022-2023').informationalMeetings.map(({ date, start, end }) => ({ date, start, end }));
    expect(meetings).toEqual([
      { date: '2022-08-25', start: '10:00', end: '10:30' },
      { date: '2022-08-31', start: '13:00', end: '13:30' },
      { date: '2022-09-01', start: '09:00', end: '09:30' },
    ]);
  });

  it('places the informational meetings at the right Central instants (CDT, UTC-5)', () => {
    const placed = informationalMeetings(getCohort('2022-2023')).map((meeting) => [
      meeting.start.toISOString(),
      meeting.end.toISOString(),
    ]);
    expect(placed).toEqual([
      ['2022-08-25T15:00:00.000Z', '2022-08-25T15:30:00.000Z'],
      ['2022-08-31T18:00:00.000Z', '2022-08-31T18:30:00.000Z'],
      ['2022-09-01T14:00:00.000Z', '2022-09-01T14:30:00.000Z'],
    ]);
  });

  it('has SDZ due 2022-09-09, reviewed 2022-09-12..14 and notified 2022-09-15', () => {
    expect(getCohort('2022-2023').zones.SDZ).toEqual({
      opens: '2022-08-19',
      due: '2022-09-09',
      review: { from: '2022-09-12', to: '2022-09-14' },
      notify: '2022-09-15',
    });
  });

  it('has ILDZ due 2022-09-16 and notified 2022-09-23, with no review window of its own', () => {
    expect(getCohort('2022-2023').zones.ILDZ).toEqual({
      opens: '2022-08-19',
      due: '2022-09-16',
      review: null,
      notify: '2022-09-23',
    });
  });

  it('leaves the CNZ due and notification dates unset ("information in September 2022")', () => {
    expect(getCohort('2022-2023').zones.CNZ).toEqual({ opens: '2022-08-19', due: null, review: null, notify: null });
  });

  it('holds the SDZ planning meeting on 2022-10-03 10:00-15:00 at MASA, Jefferson City', () => {
    const cohort = getCohort('2022-2023');
    expect(cohort.planningMeeting).toMatchObject({ date: '2022-10-03', start: '10:00', end: '15:00', zones: ['SDZ'] });
    expect(cohort.planningMeeting.location).toContain('MASA');
    expect(cohort.planningMeeting.location).toContain('Jefferson City');
    const placed = planningMeeting(cohort);
    expect(placed.start.toISOString()).toBe('2022-10-03T15:00:00.000Z');
    expect(placed.end.toISOString()).toBe('2022-10-03T20:00:00.000Z');
  });

  it('rolls SDZ applicants not selected into ILDZ with the accept policy', () => {
    expect(getCohort('2022-2023').rollover).toEqual({ from: 'SDZ', to: 'ILDZ', policy: 'accept' });
  });
});

describe('monthlySessions', () => {
  const cohort = getCohort('2022-2023');
  const sessions = monthlySessions(cohort);

  it('returns exactly the nine sessions Oct 12, Nov 9, Dec 14 2022, Jan 11, Feb 8, Mar 8, Apr 12, May 10, Jun 14 2023', () => {
    expect(sessions.map((session) => session.date)).toEqual([
      '2022-10-12',
      '2022-11-09',
      '2022-12-14',
      '2023-01-11',
      '2023-02-08',
      '2023-03-08',
      '2023-04-12',
      '2023-05-10',
      '2023-06-14',
    ]);
  });

  it('falls every session on a Wednesday, both as a calendar date and in Central time', () => {
    for (const session of sessions) {
      expect(dayOfWeek(session.date), session.date).toBe(3);
      expect(formatDate(session.start, CENTRAL).startsWith('Wednesday, '), session.date).toBe(true);
    }
  });

  it('falls every session on the second Wednesday of its month (day 8 to 14)', () => {
    for (const session of sessions) {
      const day = Number(session.date.slice(8));
      expect(day, session.date).toBeGreaterThanOrEqual(8);
      expect(day, session.date).toBeLessThanOrEqual(14);
    }
  });

  it('runs every session 10:00-12:00 Central, whichever offset applies that day', () => {
    for (const session of sessions) {
      expect(formatTime(session.start, CENTRAL), session.date).toMatch(/^10:00 AM C[DS]T$/);
      expect(formatTime(session.end, CENTRAL), session.date).toMatch(/^12:00 PM C[DS]T$/);
      expect(localDateOf(session.start, CENTRAL)).toBe(session.date);
    }
  });

  it.each([
    ['2022-10-12', '2022-10-12T15:00:00.000Z', '2022-10-12T17:00:00.000Z'],
    ['2022-11-09', '2022-11-09T16:00:00.000Z', '2022-11-09T18:00:00.000Z'],
    ['2023-03-08', '2023-03-08T16:00:00.000Z', '2023-03-08T18:00:00.000Z'],
    ['2023-04-12', '2023-04-12T15:00:00.000Z', '2023-04-12T17:00:00.000Z'],
  ])(
    'places the %s session at %s and ends it two hours later (DST ends 2022-11-06, starts 2023-03-12)',
    (date, start, end) => {
      const session = sessions.find((candidate) => candidate.date === date);
      expect(session).toBeDefined();
      expect(session?.start.toISOString()).toBe(start);
      expect(session?.end.toISOString()).toBe(end);
      expect((session?.end.getTime() ?? 0) - (session?.start.getTime() ?? 0)).toBe(2 * 60 * 60 * 1000);
    },
  );

  it('gives every session a distinct id under the cohort and its month in the title', () => {
    expect(new Set(sessions.map((session) => session.id)).size).toBe(9);
    expect(sessions[0]?.id).toBe('2022-2023/session/2022-10-12');
    expect(sessions[0]?.title).toContain('October 2022');
    expect(sessions[8]?.title).toContain('June 2023');
  });

  it('names every month of the year in the titles as en-US does', () => {
    const input = cohortInput();
    input.monthlySessions = { ...input.monthlySessions, fromMonth: '2022-10', toMonth: '2023-09' };
    const yearOfSessions = monthlySessions(cohortDefinitionSchema.parse(input));
    const monthLabel = new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
    expect(yearOfSessions).toHaveLength(12);
    for (const session of yearOfSessions) {
      expect(session.title).toBe(
        `Innovation Zones monthly session, ${monthLabel.format(new Date(`${session.date}T12:00:00Z`))}`,
      );
    }
  });
});

describe('application windows', () => {
  const cohort = getCohort('2022-2023');

  it('closes the SDZ window at midnight ending 2022-09-09 Central (05:00Z on 09-10)', () => {
    expect(applicationWindow(cohort, 'SDZ').closesAt?.toISOString()).toBe('2022-09-10T05:00:00.000Z');
    expect(windowState(cohort, 'SDZ', new Date('2022-09-10T04:59:59.999Z'))).toBe('open');
    expect(windowState(cohort, 'SDZ', new Date('2022-09-10T05:00:00.000Z'))).toBe('closed');
  });

  it('keeps the SDZ window open on the afternoon of the due date in Central time (already 09-10 in UTC)', () => {
    // 23:30 CDT on 2022-09-09 is 04:30Z on 2022-09-10: a UTC date check would wrongly refuse it.
    expect(windowState(cohort, 'SDZ', new Date('2022-09-10T04:30:00.000Z'))).toBe('open');
  });

  it('closes the ILDZ window at midnight ending 2022-09-16 Central (05:00Z on 09-17)', () => {
    expect(applicationWindow(cohort, 'ILDZ').closesAt?.toISOString()).toBe('2022-09-17T05:00:00.000Z');
    expect(windowState(cohort, 'ILDZ', new Date('2022-09-17T04:59:59.999Z'))).toBe('open');
    expect(windowState(cohort, 'ILDZ', new Date('2022-09-17T05:00:00.000Z'))).toBe('closed');
  });

  it('keeps ILDZ open after SDZ has closed', () => {
    const between = new Date('2022-09-12T15:00:00.000Z');
    expect(windowState(cohort, 'SDZ', between)).toBe('closed');
    expect(windowState(cohort, 'ILDZ', between)).toBe('open');
  });

  it.each(['SDZ', 'ILDZ', 'CNZ'] as const)(
    'does not open %s before midnight starting 2022-08-19 Central (05:00Z)',
    (zone) => {
      expect(applicationWindow(cohort, zone).opensAt.toISOString()).toBe('2022-08-19T05:00:00.000Z');
      expect(windowState(cohort, zone, new Date('2022-08-19T04:59:59.999Z'))).toBe('not_open');
      expect(windowState(cohort, zone, new Date('2022-08-19T05:00:00.000Z'))).toBe('open');
    },
  );

  it('never closes the CNZ window while its due date is null', () => {
    expect(applicationWindow(cohort, 'CNZ').closesAt).toBeNull();
    expect(windowState(cohort, 'CNZ', new Date('2022-09-17T05:00:00.000Z'))).toBe('open');
    expect(windowState(cohort, 'CNZ', new Date('2030-01-01T00:00:00.000Z'))).toBe('open');
  });

  it('closes a CNZ window once the cohort data gives it a due date', () => {
    const input = cohortInput();
    input.zones.CNZ.due = '2022-09-30';
    const withDue = cohortDefinitionSchema.parse(input);
    expect(applicationWindow(withDue, 'CNZ').closesAt?.toISOString()).toBe('2022-10-01T05:00:00.000Z');
    expect(windowState(withDue, 'CNZ', new Date('2022-10-01T05:00:00.000Z'))).toBe('closed');
  });
});

describe('zoned time helpers', () => {
  it('turns a Central wall-clock time into the right instant on both sides of DST', () => {
    expect(zonedInstant('2022-11-05', '10:00', CENTRAL).toISOString()).toBe('2022-11-05T15:00:00.000Z');
    expect(zonedInstant('2022-11-07', '10:00', CENTRAL).toISOString()).toBe('2022-11-07T16:00:00.000Z');
    expect(zonedInstant('2023-03-11', '10:00', CENTRAL).toISOString()).toBe('2023-03-11T16:00:00.000Z');
    expect(zonedInstant('2023-03-13', '10:00', CENTRAL).toISOString()).toBe('2023-03-13T15:00:00.000Z');
  });

  it('ends a day at the next Central midnight, 25 hours long on the day DST ends and 23 on the day it starts', () => {
    expect(endOfDay('2022-11-06', CENTRAL).getTime() - zonedInstant('2022-11-06', '00:00', CENTRAL).getTime()).toBe(
      25 * 3600_000,
    );
    expect(endOfDay('2023-03-12', CENTRAL).getTime() - zonedInstant('2023-03-12', '00:00', CENTRAL).getTime()).toBe(
      23 * 3600_000,
    );
  });

  it('tells the Central calendar date of an instant, not the UTC one', () => {
    expect(localDateOf(new Date('2022-09-10T04:59:59.999Z'), CENTRAL)).toBe('2022-09-09');
    expect(localDateOf(new Date('2022-09-10T05:00:00.000Z'), CENTRAL)).toBe('2022-09-10');
  });

  it('formats a CST date and time: "Wednesday, November 9, 2022" and "10:00 AM CST"', () => {
    const start = new Date('2022-11-09T16:00:00.000Z');
    expect(formatDate(start, CENTRAL)).toBe('Wednesday, November 9, 2022');
    expect(formatTime(start, CENTRAL)).toBe('10:00 AM CST');
  });

  it('formats a CDT date and time: "Wednesday, October 12, 2022" and "10:00 AM CDT"', () => {
    const start = new Date('2022-10-12T15:00:00.000Z');
    expect(formatDate(start, CENTRAL)).toBe('Wednesday, October 12, 2022');
    expect(formatTime(start, CENTRAL)).toBe('10:00 AM CDT');
  });

  it('formats a date with time: "Friday, September 9, 2022 at 4:05 PM CDT"', () => {
    expect(formatDateTime(new Date('2022-09-09T21:05:00.000Z'), CENTRAL)).toBe(
      'Friday, September 9, 2022 at 4:05 PM CDT',
    );
  });

  it('formats a session range with the zone abbreviation of its day', () => {
    const [october, november] = monthlySessions(getCohort('2022-2023'));
    expect(october && formatTimeRange(october.start, october.end, CENTRAL)).toBe(
      'Wednesday, October 12, 2022, 10:00 AM - 12:00 PM CDT',
    );
    expect(november && formatTimeRange(november.start, november.end, CENTRAL)).toBe(
      'Wednesday, November 9, 2022, 10:00 AM - 12:00 PM CST',
    );
  });

  it('names the start zone too when a range crosses a DST change, in either direction', () => {
    expect(
      formatTimeRange(
        zonedInstant('2022-11-06', '00:30', CENTRAL),
        zonedInstant('2022-11-06', '03:00', CENTRAL),
        CENTRAL,
      ),
    ).toBe('Sunday, November 6, 2022, 12:30 AM CDT - 3:00 AM CST');
    expect(
      formatTimeRange(
        zonedInstant('2023-03-12', '01:00', CENTRAL),
        zonedInstant('2023-03-12', '04:00', CENTRAL),
        CENTRAL,
      ),
    ).toBe('Sunday, March 12, 2023, 1:00 AM CST - 4:00 AM CDT');
  });

  it('names the zone once when both ends of a range share it, even on a DST change day', () => {
    expect(
      formatTimeRange(
        zonedInstant('2022-11-06', '10:00', CENTRAL),
        zonedInstant('2022-11-06', '12:00', CENTRAL),
        CENTRAL,
      ),
    ).toBe('Sunday, November 6, 2022, 10:00 AM - 12:00 PM CST');
  });

  it('formats the April session back in CDT after DST starts', () => {
    const april = monthlySessions(getCohort('2022-2023')).find((session) => session.date === '2023-04-12');
    expect(april && formatTime(april.start, CENTRAL)).toBe('10:00 AM CDT');
    const march = monthlySessions(getCohort('2022-2023')).find((session) => session.date === '2023-03-08');
    expect(march && formatTime(march.start, CENTRAL)).toBe('10:00 AM CST');
  });
});

describe('local date arithmetic', () => {
  it('accepts real calendar dates and refuses impossible ones', () => {
    expect(isLocalDate('2022-09-09')).toBe(true);
    expect(isLocalDate('2024-02-29')).toBe(true);
    expect(isLocalDate('2022-02-30')).toBe(false);
    expect(isLocalDate('2023-02-29')).toBe(false);
    expect(isLocalDate('2022-13-01')).toBe(false);
    expect(isLocalDate('2022-9-9')).toBe(false);
  });

  it('accepts 24 h times HH:MM only', () => {
    expect(isLocalTime('00:00')).toBe(true);
    expect(isLocalTime('23:59')).toBe(true);
    expect(isLocalTime('24:00')).toBe(false);
    expect(isLocalTime('9:00')).toBe(false);
    expect(isLocalTime('10:60')).toBe(false);
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2022-09-30', 1)).toBe('2022-10-01');
    expect(addDays('2022-12-31', 1)).toBe('2023-01-01');
    expect(addDays('2022-09-15', -7)).toBe('2022-09-08');
  });

  it('finds the n-th weekday of a month', () => {
    expect(nthWeekdayOfMonth(2022, 10, 3, 2)).toBe('2022-10-12');
    expect(nthWeekdayOfMonth(2022, 11, 3, 1)).toBe('2022-11-02');
    expect(nthWeekdayOfMonth(2023, 6, 3, 2)).toBe('2023-06-14');
  });

  it('lists the months from October to June inclusive across the year end', () => {
    expect(monthsBetween('2022-10', '2023-06')).toHaveLength(9);
    expect(monthsBetween('2022-12', '2023-01')).toEqual([
      { year: 2022, month: 12 },
      { year: 2023, month: 1 },
    ]);
  });
});

describe('the cohort schema refuses bad definitions, naming the field', () => {
  it('refuses a due date before the opening date', () => {
    const input = cohortInput();
    input.zones.SDZ.due = '2022-08-18';
    expect(issuesOf(input)).toContainEqual({ path: 'zones.SDZ.due', message: 'must not be before opens' });
  });

  it('refuses a notification date on the due date (it must come after)', () => {
    const input = cohortInput();
    input.zones.ILDZ.notify = '2022-09-16';
    expect(issuesOf(input)).toContainEqual({ path: 'zones.ILDZ.notify', message: 'must be after the due date' });
  });

  it('refuses a notification date before the due date', () => {
    const input = cohortInput();
    input.zones.SDZ.notify = '2022-09-01';
    expect(issuesOf(input).map((issue) => issue.path)).toContain('zones.SDZ.notify');
  });

  it('refuses a review that starts on or before the due date', () => {
    const input = cohortInput();
    input.zones.SDZ.review = { from: '2022-09-09', to: '2022-09-14' };
    expect(issuesOf(input).map((issue) => issue.path)).toContain('zones.SDZ.review.from');
  });

  it('refuses a review that ends before it starts', () => {
    const input = cohortInput();
    input.zones.SDZ.review = { from: '2022-09-13', to: '2022-09-12' };
    expect(issuesOf(input).map((issue) => issue.path)).toContain('zones.SDZ.review.to');
  });

  it('refuses an informational meeting that ends before it starts', () => {
    const input = cohortInput();
    const meeting = input.informationalMeetings[1];
    if (!meeting) throw new Error('fixture has three meetings');
    meeting.end = '12:30';
    expect(issuesOf(input)).toContainEqual({ path: 'informationalMeetings.1.end', message: 'must be after start' });
  });

  it('refuses a planning meeting that ends when it starts', () => {
    const input = cohortInput();
    input.planningMeeting.end = '10:00';
    expect(issuesOf(input)).toContainEqual({ path: 'planningMeeting.end', message: 'must be after start' });
  });

  it('refuses monthly sessions that end before they start', () => {
    const input = cohortInput();
    input.monthlySessions.end = '09:00';
    expect(issuesOf(input)).toContainEqual({ path: 'monthlySessions.end', message: 'must be after start' });
  });

  it('refuses a session range whose last month is before its first', () => {
    const input = cohortInput();
    input.monthlySessions.toMonth = '2022-09';
    expect(issuesOf(input).map((issue) => issue.path)).toContain('monthlySessions.toMonth');
  });

  it('refuses a time zone that is not an IANA zone, or only an alias of one', () => {
    for (const zone of ['Central/Missouri', 'US/Central']) {
      const input = cohortInput();
      input.timeZone = zone;
      expect(issuesOf(input)).toContainEqual({
        path: 'timeZone',
        message: 'must be an IANA time zone, by its canonical name',
      });
    }
    for (const zone of ['America/Chicago', 'UTC']) {
      const input = cohortInput();
      input.timeZone = zone;
      expect(cohortDefinitionSchema.safeParse(input).success).toBe(true);
    }
  });

  it('refuses an impossible calendar date like 2022-02-30', () => {
    const input = cohortInput();
    input.invitationDate = '2022-02-30';
    expect(issuesOf(input)).toContainEqual({ path: 'invitationDate', message: 'must be a calendar date YYYY-MM-DD' });
  });

  it('refuses an impossible date inside a zone calendar, naming the zone', () => {
    const input = cohortInput();
    input.zones.ILDZ.due = '2022-09-31';
    expect(issuesOf(input).map((issue) => issue.path)).toContain('zones.ILDZ.due');
  });

  it('refuses a meeting time that is not HH:MM', () => {
    const input = cohortInput();
    input.planningMeeting.start = '25:00';
    expect(issuesOf(input)).toContainEqual({ path: 'planningMeeting.start', message: 'must be a time HH:MM (24 h)' });
  });

  it('refuses a rollover into the same zone', () => {
    const input = cohortInput();
    input.rollover = { from: 'SDZ', to: 'SDZ', policy: 'accept' };
    expect(issuesOf(input)).toContainEqual({ path: 'rollover.to', message: 'must differ from rollover.from' });
  });

  it('refuses a rollover policy other than accept or consider', () => {
    const input = cohortInput() as unknown as { rollover: { policy: string } };
    input.rollover.policy = 'maybe';
    expect(issuesOf(input).map((issue) => issue.path)).toContain('rollover.policy');
  });

  it('refuses a fifth-weekday ordinal and an out-of-range weekday', () => {
    const input = cohortInput();
    input.monthlySessions.ordinal = 5;
    input.monthlySessions.weekday = 7;
    const paths = issuesOf(input).map((issue) => issue.path);
    expect(paths).toContain('monthlySessions.ordinal');
    expect(paths).toContain('monthlySessions.weekday');
  });

  it('refuses an unknown key in a zone calendar', () => {
    const input = cohortInput() as unknown as { zones: { SDZ: Record<string, unknown> } };
    input.zones.SDZ.closes = '2022-09-09';
    const issues = cohortDefinitionSchema.safeParse(input).error?.issues ?? [];
    expect(issues).toContainEqual(
      expect.objectContaining({ code: 'unrecognized_keys', path: ['zones', 'SDZ'], keys: ['closes'] }),
    );
  });
});

describe('a cohort is data: a 2023-2024 definition works without code changes', () => {
  it('validates', () => {
    const result = cohortDefinitionSchema.safeParse(cohort2023to2024());
    expect(result.error?.issues ?? []).toEqual([]);
    expect(result.success).toBe(true);
  });

  it('gives the second Wednesdays of October 2023 to June 2024', () => {
    const cohort = cohortDefinitionSchema.parse(cohort2023to2024());
    const sessions = monthlySessions(cohort);
    expect(sessions.map((session) => session.date)).toEqual([
      '2023-10-11',
      '2023-11-08',
      '2023-12-13',
      '2024-01-10',
      '2024-02-14',
      '2024-03-13',
      '2024-04-10',
      '2024-05-08',
      '2024-06-12',
    ]);
    for (const session of sessions) expect(dayOfWeek(session.date), session.date).toBe(3);
    expect(sessions.every((session) => session.id.startsWith('2023-2024/session/'))).toBe(true);
  });

  it('places its sessions on the right side of its own DST changes (ends 2023-11-05, starts 2024-03-10)', () => {
    const sessions = monthlySessions(cohortDefinitionSchema.parse(cohort2023to2024()));
    const at = (date: string) => sessions.find((session) => session.date === date)?.start.toISOString();
    expect(at('2023-10-11')).toBe('2023-10-11T15:00:00.000Z');
    expect(at('2023-11-08')).toBe('2023-11-08T16:00:00.000Z');
    expect(at('2024-03-13')).toBe('2024-03-13T15:00:00.000Z');
  });

  it('derives its windows from its own dates, CNZ included', () => {
    const cohort = cohortDefinitionSchema.parse(cohort2023to2024());
    expect(applicationWindow(cohort, 'SDZ').closesAt?.toISOString()).toBe('2023-09-09T05:00:00.000Z');
    expect(applicationWindow(cohort, 'CNZ').closesAt?.toISOString()).toBe('2023-09-30T05:00:00.000Z');
    expect(windowState(cohort, 'ILDZ', new Date('2023-09-16T04:59:59.999Z'))).toBe('open');
    expect(windowState(cohort, 'ILDZ', new Date('2023-09-16T05:00:00.000Z'))).toBe('closed');
  });
});
