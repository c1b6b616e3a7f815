import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { monthlySessions } from '../../shared/domain/cohort/calendar.ts';
import {
  CohortCopyError,
  type ComputedDate,
  carriedOver,
  copyCohortForward,
} from '../../shared/domain/cohort/copy-forward.ts';
import {
  type CohortDefinition,
  type CohortInput,
  cohortDefinitionSchema,
} from '../../shared/domain/cohort/definition.ts';
import { getCohort } from '../../shared/domain/cohort/registry.ts';
import { daysBetween, weekdayName, weekdayOrdinal, weekdaysInMonth } from '../../shared/platform/time/local-date.ts';

// Every expected date below was read off a calendar (`date -d`, `TZ=America/Chicago date -d`),
// not computed with the helpers under test.

const source2022 = getCohort('2022-2023');

/** One reviewed date: path, source and its weekday, target and its weekday. */
function row(path: string, source: string, sourceWeekday: string, target: string, targetWeekday: string): ComputedDate {
  return { path, source, target, sourceWeekday, targetWeekday } as ComputedDate;
}
function monthRow(path: string, source: string, target: string): ComputedDate {
  return { path, source, target, sourceWeekday: null, targetWeekday: null };
}

function refusal(act: () => unknown): CohortCopyError {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(CohortCopyError);
    return error as CohortCopyError;
  }
  throw new Error('the copy should have been refused');
}

describe('copying 2022-2023 forward to 2027-2028', () => {
  const copy = copyCohortForward(source2022, { id: '2027-2028' });

  it('lists every date it computed, each one-off date 261 weeks on with its weekday kept', () => {
    expect(copy.shiftDays).toBe(1827);
    expect(copy.dates).toEqual([
      row('invitationDate', '2022-08-19', 'Friday', '2027-08-20', 'Friday'),
      row('informationalMeetings.0.date', '2022-08-25', 'Thursday', '2027-08-26', 'Thursday'),
      row('informationalMeetings.1.date', '2022-08-31', 'Wednesday', '2027-09-01', 'Wednesday'),
      row('informationalMeetings.2.date', '2022-09-01', 'Thursday', '2027-09-02', 'Thursday'),
      row('zones.SDZ.opens', '2022-08-19', 'Friday', '2027-08-20', 'Friday'),
      row('zones.SDZ.due', '2022-09-09', 'Friday', '2027-09-10', 'Friday'),
      row('zones.SDZ.review.from', '2022-09-12', 'Monday', '2027-09-13', 'Monday'),
      row('zones.SDZ.review.to', '2022-09-14', 'Wednesday', '2027-09-15', 'Wednesday'),
      row('zones.SDZ.notify', '2022-09-15', 'Thursday', '2027-09-16', 'Thursday'),
      row('zones.ILDZ.opens', '2022-08-19', 'Friday', '2027-08-20', 'Friday'),
      row('zones.ILDZ.due', '2022-09-16', 'Friday', '2027-09-17', 'Friday'),
      row('zones.ILDZ.notify', '2022-09-23', 'Friday', '2027-09-24', 'Friday'),
      row('zones.CNZ.opens', '2022-08-19', 'Friday', '2027-08-20', 'Friday'),
      row('planningMeeting.date', '2022-10-03', 'Monday', '2027-10-04', 'Monday'),
      monthRow('monthlySessions.fromMonth', '2022-10', '2027-10'),
      monthRow('monthlySessions.toMonth', '2023-06', '2028-06'),
      row('monthlySessions.dates.0', '2022-10-12', 'Wednesday', '2027-10-13', 'Wednesday'),
      row('monthlySessions.dates.1', '2022-11-09', 'Wednesday', '2027-11-10', 'Wednesday'),
      row('monthlySessions.dates.2', '2022-12-14', 'Wednesday', '2027-12-08', 'Wednesday'),
      row('monthlySessions.dates.3', '2023-01-11', 'Wednesday', '2028-01-12', 'Wednesday'),
      row('monthlySessions.dates.4', '2023-02-08', 'Wednesday', '2028-02-09', 'Wednesday'),
      row('monthlySessions.dates.5', '2023-03-08', 'Wednesday', '2028-03-08', 'Wednesday'),
      row('monthlySessions.dates.6', '2023-04-12', 'Wednesday', '2028-04-12', 'Wednesday'),
      row('monthlySessions.dates.7', '2023-05-10', 'Wednesday', '2028-05-10', 'Wednesday'),
      row('monthlySessions.dates.8', '2023-06-14', 'Wednesday', '2028-06-14', 'Wednesday'),
    ]);
  });

  it('keeps the SDZ due date the second Friday of September, and says it is the anchor', () => {
    expect(copy.anchor).toEqual(row('zones.SDZ.due', '2022-09-09', 'Friday', '2027-09-10', 'Friday'));
  });

  it('writes the new dates (and the years its texts name) into the definition, copies everything else, CNZ dates unset', () => {
    const source = structuredClone(source2022);
    expect(copy.definition).toEqual({
      ...source,
      id: '2027-2028',
      name: 'Innovation Zones Cohort 1, 2027-2028',
      invitationDate: '2027-08-20',
      informationalMeetings: [
        { ...source.informationalMeetings[0], date: '2027-08-26' },
        { ...source.informationalMeetings[1], date: '2027-09-01' },
        { ...source.informationalMeetings[2], date: '2027-09-02' },
      ],
      zones: {
        SDZ: {
          ...source.zones.SDZ,
          opens: '2027-08-20',
          due: '2027-09-10',
          review: { from: '2027-09-13', to: '2027-09-15' },
          notify: '2027-09-16',
        },
        ILDZ: { ...source.zones.ILDZ, opens: '2027-08-20', due: '2027-09-17', review: null, notify: '2027-09-24' },
        CNZ: { ...source.zones.CNZ, opens: '2027-08-20', due: null, review: null, notify: null },
      },
      planningMeeting: { ...source.planningMeeting, date: '2027-10-04' },
      monthlySessions: { ...source.monthlySessions, fromMonth: '2027-10', toMonth: '2028-06' },
      zoneTexts: {
        ...source.zoneTexts,
        SDZ: {
          ...source.zoneTexts.SDZ,
          description: source.zoneTexts.SDZ.description
            .replace('2022-2023', '2027-2028')
            .replace('2023-2024', '2028-2029'),
        },
      },
    });
    // What the rule says stays as the source says it.
    expect(copy.definition.monthlySessions).toMatchObject({ weekday: 3, ordinal: 2, start: '10:00', end: '12:00' });
    expect(copy.definition.timeZone).toBe('America/Chicago');
    expect(copy.definition.reminderOffsetsDays).toEqual([7, 1]);
  });

  it('passes the cohort schema unchanged', () => {
    const parsed = cohortDefinitionSchema.safeParse(copy.definition);
    expect(parsed.error?.issues).toBeUndefined();
    expect(parsed.data).toEqual(copy.definition);
  });

  it('places the second-Wednesday sessions of October 2027 to June 2028 at 10:00 Central, across both DST changes', () => {
    // DST ends 2027-11-07 and starts 2028-03-12: 15:00Z under CDT, 16:00Z under CST.
    const placed = copy.sessions.map((session) => [
      session.date,
      session.start.toISOString(),
      session.end.toISOString(),
    ]);
    expect(placed).toEqual([
      ['2027-10-13', '2027-10-13T15:00:00.000Z', '2027-10-13T17:00:00.000Z'],
      ['2027-11-10', '2027-11-10T16:00:00.000Z', '2027-11-10T18:00:00.000Z'],
      ['2027-12-08', '2027-12-08T16:00:00.000Z', '2027-12-08T18:00:00.000Z'],
      ['2028-01-12', '2028-01-12T16:00:00.000Z', '2028-01-12T18:00:00.000Z'],
      ['2028-02-09', '2028-02-09T16:00:00.000Z', '2028-02-09T18:00:00.000Z'],
      ['2028-03-08', '2028-03-08T16:00:00.000Z', '2028-03-08T18:00:00.000Z'],
      ['2028-04-12', '2028-04-12T15:00:00.000Z', '2028-04-12T17:00:00.000Z'],
      ['2028-05-10', '2028-05-10T15:00:00.000Z', '2028-05-10T17:00:00.000Z'],
      ['2028-06-14', '2028-06-14T15:00:00.000Z', '2028-06-14T17:00:00.000Z'],
    ]);
    expect(copy.sessions.map((session) => session.id)).toContain('2027-2028/session/2027-11-10');
    // The cohort, once validated, places the same sessions.
    const stored = cohortDefinitionSchema.parse(copy.definition);
    expect(monthlySessions(stored)).toEqual(copy.sessions);
  });

  it('leaves the source as it was and shares no object with it', () => {
    const before = structuredClone(source2022);
    const { definition } = copyCohortForward(source2022, { id: '2027-2028' });
    definition.rosterLimits.SDZ.leadFacilitators = 9;
    definition.reminderOffsetsDays.push(3);
    (definition.informationalMeetings[0] as { title: string }).title = 'Changed';
    definition.monthlySessions.location = 'Elsewhere';
    expect(source2022).toEqual(before);
  });
});

describe('the name of a copy', () => {
  it('replaces each year of the source id in one pass, so 2022-2023 to 2023-2024 moves each year once', () => {
    expect(copyCohortForward(source2022, { id: '2023-2024' }).definition.name).toBe(
      'Innovation Zones Cohort 1, 2023-2024',
    );
    const renamed = { ...source2022, name: 'Cohort 2022-2023 (starts fall 2022, ends spring 2023, room 12022)' };
    expect(copyCohortForward(renamed, { id: '2030-2031' }).definition.name).toBe(
      'Cohort 2030-2031 (starts fall 2030, ends spring 2031, room 12022)',
    );
  });

  it('takes the name given', () => {
    const copy = copyCohortForward(source2022, { id: '2027-2028', name: 'Innovation Zones Cohort 6, 2027-2028' });
    expect(copy.definition.name).toBe('Innovation Zones Cohort 6, 2027-2028');
  });
});

describe('copying one year on, to 2023-2024', () => {
  const copy = copyCohortForward(source2022, { id: '2023-2024' });

  it('moves every one-off date 52 weeks, the due date to the second Friday of September 2023', () => {
    expect(copy.shiftDays).toBe(364);
    const oneOff = copy.dates.filter((date) => !date.path.startsWith('monthlySessions.'));
    expect(oneOff.map((date) => [date.path, date.target, date.targetWeekday])).toEqual([
      ['invitationDate', '2023-08-18', 'Friday'],
      ['informationalMeetings.0.date', '2023-08-24', 'Thursday'],
      ['informationalMeetings.1.date', '2023-08-30', 'Wednesday'],
      ['informationalMeetings.2.date', '2023-08-31', 'Thursday'],
      ['zones.SDZ.opens', '2023-08-18', 'Friday'],
      ['zones.SDZ.due', '2023-09-08', 'Friday'],
      ['zones.SDZ.review.from', '2023-09-11', 'Monday'],
      ['zones.SDZ.review.to', '2023-09-13', 'Wednesday'],
      ['zones.SDZ.notify', '2023-09-14', 'Thursday'],
      ['zones.ILDZ.opens', '2023-08-18', 'Friday'],
      ['zones.ILDZ.due', '2023-09-15', 'Friday'],
      ['zones.ILDZ.notify', '2023-09-22', 'Friday'],
      ['zones.CNZ.opens', '2023-08-18', 'Friday'],
      ['planningMeeting.date', '2023-10-02', 'Monday'],
    ]);
    for (const date of oneOff) expect(date.targetWeekday).toBe(date.sourceWeekday);
    const targets = oneOff.map((date) => date.target);
    const sources = oneOff.map((date) => date.source);
    for (let i = 0; i < oneOff.length; i += 1) {
      for (let j = 0; j < oneOff.length; j += 1) {
        expect(Math.sign(dayNumber(targets[j]!) - dayNumber(targets[i]!))).toBe(
          Math.sign(dayNumber(sources[j]!) - dayNumber(sources[i]!)),
        );
      }
    }
  });

  it('keeps the sessions on second Wednesdays, October 2023 to June 2024', () => {
    expect(copy.definition.monthlySessions).toMatchObject({ fromMonth: '2023-10', toMonth: '2024-06' });
    expect(copy.sessions.map((session) => session.date)).toEqual([
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
    expect(cohortDefinitionSchema.safeParse(copy.definition).success).toBe(true);
  });
});

describe('the anchor', () => {
  /** 2022-2023 with its SDZ due on the fifth Friday of September 2022 (the 30th). */
  function dueOnAFifthFriday(): CohortDefinition {
    const input: CohortInput = structuredClone(source2022);
    input.zones.SDZ = { opens: '2022-08-19', due: '2022-09-30', review: null, notify: '2022-10-07' };
    input.zones.ILDZ = { opens: '2022-08-19', due: '2022-10-07', review: null, notify: '2022-10-14' };
    // The planning meeting follows the SDZ notification.
    input.planningMeeting = { ...input.planningMeeting, date: '2022-10-10' };
    return cohortDefinitionSchema.parse(input);
  }

  it('keeps a fifth Friday the fifth where the month has one (September 2023: the 29th)', () => {
    const copy = copyCohortForward(dueOnAFifthFriday(), { id: '2023-2024' });
    expect(copy.anchor).toEqual(row('zones.SDZ.due', '2022-09-30', 'Friday', '2023-09-29', 'Friday'));
  });

  it('makes a fifth Friday the last where the month has four (September 2024: the 27th)', () => {
    const copy = copyCohortForward(dueOnAFifthFriday(), { id: '2024-2025' });
    expect(copy.anchor).toEqual(row('zones.SDZ.due', '2022-09-30', 'Friday', '2024-09-27', 'Friday'));
    expect(copy.shiftDays).toBe(728);
    expect(copy.definition.zones.ILDZ).toMatchObject({ due: '2024-10-04', notify: '2024-10-11' });
  });

  it('is the earliest due date, not the invitation date: they part in 2025, whose August 1 is a Friday', () => {
    const copy = copyCohortForward(source2022, { id: '2025-2026' });
    expect(copy.anchor.target).toBe('2025-09-12'); // second Friday of September
    expect(copy.definition.invitationDate).toBe('2025-08-22'); // three weeks before, the fourth Friday of August
  });

  it('is the invitation date when no zone has a due date', () => {
    const input: CohortInput = structuredClone(source2022);
    for (const code of ['SDZ', 'ILDZ', 'CNZ'] as const) {
      input.zones[code] = { opens: '2022-08-19', due: null, review: null, notify: null };
    }
    const copy = copyCohortForward(cohortDefinitionSchema.parse(input), { id: '2025-2026' });
    expect(copy.anchor).toEqual(row('invitationDate', '2022-08-19', 'Friday', '2025-08-15', 'Friday'));
  });
});

describe('the calendar arithmetic of a copy', () => {
  it('counts days between dates, across a leap day and backwards', () => {
    expect(daysBetween('2027-03-01', '2028-03-01')).toBe(366);
    expect(daysBetween('2022-09-09', '2027-09-10')).toBe(1827);
    expect(daysBetween('2024-09-27', '2022-09-30')).toBe(-728);
  });

  it('names ordinal weekdays and counts them in a month, leap February included', () => {
    expect(weekdayOrdinal('2022-09-09')).toBe(2);
    expect(weekdayOrdinal('2022-09-30')).toBe(5);
    expect(weekdaysInMonth(2022, 9, 5)).toBe(5);
    expect(weekdaysInMonth(2024, 9, 5)).toBe(4);
    expect(weekdaysInMonth(2028, 2, 2)).toBe(5); // Tuesday the 29th
    expect(weekdaysInMonth(2027, 2, 2)).toBe(4);
    expect(weekdayName('2028-02-29')).toBe('Tuesday');
    expect(weekdayName('2027-09-10')).toBe('Friday');
  });
});

describe('a target the copy refuses, naming id', () => {
  it.each([
    ['the source itself', '2022-2023', /^id must start after the source cohort 2022-2023/],
    ['an earlier cohort', '2021-2022', /^id must start after the source cohort 2022-2023/],
    ['a longer span', '2027-2029', /^id must span the same years as the source cohort 2022-2023/],
    ['no cohort id', 'next year', /^id must be like 2027-2028/],
  ])('%s (%s)', (_, id, message) => {
    const error = refusal(() => copyCohortForward(source2022, { id }));
    expect(error.field).toBe('id');
    expect(error.message).toMatch(message);
  });
});

// Independent calendar arithmetic for the property: UTC day numbers and weekdays from Date itself.
function dayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / 86_400_000;
}
function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}
function fromDayNumber(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
function countOfWeekday(year: number, month: number, weekday: number): number {
  let count = 0;
  for (let day = 1; day <= 31; day += 1) {
    const probe = new Date(Date.UTC(year, month - 1, day));
    if (probe.getUTCMonth() === month - 1 && probe.getUTCDay() === weekday) count += 1;
  }
  return count;
}

/** Every calendar-date leaf of a definition, by dotted path. */
function dateLeaves(value: unknown, prefix: string[] = []): Array<[string, string]> {
  if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}$/.test(value) ? [[prefix.join('.'), value]] : [];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => dateLeaves(child, [...prefix, key]));
}

function at(document: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], document);
}

/** 2022-2023 moved whole by some days, optionally without any due date, as a source of any shape. */
const anySource = fc
  // Up to 40 days later: the invitation stays before October, the month its sessions start.
  .record({ days: fc.integer({ min: -200, max: 40 }), withoutDueDates: fc.boolean() })
  .map(({ days, withoutDueDates }) => {
    const input = structuredClone(source2022) as Record<string, unknown> & CohortInput;
    for (const [path, date] of dateLeaves(input)) {
      const keys = path.split('.');
      const parent = keys.slice(0, -1).reduce<any>((node, key) => node[key], input);
      parent[keys[keys.length - 1]!] = fromDayNumber(dayNumber(date) + days);
    }
    if (withoutDueDates) {
      for (const code of ['SDZ', 'ILDZ', 'CNZ'] as const) {
        input.zones[code] = { ...input.zones[code], due: null, review: null, notify: null };
      }
    }
    const year = Number(input.invitationDate.slice(0, 4));
    input.id = `${year}-${year + 1}`;
    input.monthlySessions = { ...input.monthlySessions, fromMonth: `${year}-10`, toMonth: `${year + 1}-06` };
    return cohortDefinitionSchema.parse(input);
  });

describe('any copy forward, 1 to 30 years on', () => {
  it('keeps weekdays, every order and gap, the anchor in its place, and passes the schema', () => {
    fc.assert(
      fc.property(anySource, fc.integer({ min: 1, max: 30 }), (source, years) => {
        const startYear = Number(source.id.slice(0, 4));
        const targetId = `${startYear + years}-${startYear + years + 1}`;
        const copy = copyCohortForward(source, { id: targetId });

        // Every date of the source is listed and moved, and the definition holds what is listed.
        const sourceDates = dateLeaves(source);
        const oneOff = copy.dates.filter((date) => !date.path.startsWith('monthlySessions.'));
        expect(oneOff.map((date) => [date.path, date.source])).toEqual(sourceDates);
        for (const date of oneOff) expect(at(copy.definition, date.path)).toBe(date.target);

        for (const date of oneOff) expect(weekdayOf(date.target)).toBe(weekdayOf(date.source));
        for (const first of oneOff) {
          for (const second of oneOff) {
            expect(dayNumber(second.target) - dayNumber(first.target)).toBe(
              dayNumber(second.source) - dayNumber(first.source),
            );
          }
        }

        const dues = (['SDZ', 'ILDZ', 'CNZ'] as const)
          .map((code) => source.zones[code].due)
          .filter((due) => due !== null)
          .sort();
        const anchor = dues[0] ?? source.invitationDate;
        expect(at(source, copy.anchor.path)).toBe(anchor);
        expect(oneOff).toContainEqual(copy.anchor);
        const [year, month, day] = anchor.split('-').map(Number) as [number, number, number];
        const [targetYear, targetMonth, targetDay] = copy.anchor.target.split('-').map(Number) as [
          number,
          number,
          number,
        ];
        expect([targetYear, targetMonth]).toEqual([year + years, month]);
        expect(weekdayOf(copy.anchor.target)).toBe(weekdayOf(anchor));
        const ordinal = Math.min(Math.ceil(day / 7), countOfWeekday(targetYear, month, weekdayOf(anchor)));
        expect(Math.ceil(targetDay / 7)).toBe(ordinal);

        // The sessions: the same months years on, each on the rule's weekday and ordinal.
        expect(copy.definition.monthlySessions).toMatchObject({
          fromMonth: `${startYear + years}-10`,
          toMonth: `${startYear + years + 1}-06`,
        });
        expect(copy.sessions).toHaveLength(9);
        for (const session of copy.sessions) {
          expect(weekdayOf(session.date)).toBe(3);
          expect(Math.ceil(Number(session.date.slice(8)) / 7)).toBe(2);
        }

        const parsed = cohortDefinitionSchema.safeParse(copy.definition);
        expect(parsed.error?.issues).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });
});

describe('what a copy carries over for the operator to check', () => {
  const JOIN = 'https://zoom.example.org/j/81200000001';
  const linked = {
    ...source2022,
    monthlySessions: { ...source2022.monthlySessions, joinUrl: JOIN, dialIn: '+1 312 626 6799' },
  };
  const copy = copyCohortForward(linked, { id: '2027-2028' });
  const definition = cohortDefinitionSchema.parse(copy.definition);

  it('moves each year a zone text names by the copy’s years, as the name’s', () => {
    expect(source2022.zoneTexts.SDZ.description).toContain('(2022-2023) and an accreditation system (2023-2024)');
    expect(definition.zoneTexts.SDZ.description).toContain('(2027-2028) and an accreditation system (2028-2029)');
    expect(definition.zoneTexts.ILDZ).toEqual(source2022.zoneTexts.ILDZ);
  });

  it('lists the name, last year’s join link and dial-in, and each text naming a year', () => {
    expect(carriedOver(definition)).toEqual([
      { path: 'name', value: 'Innovation Zones Cohort 1, 2027-2028' },
      { path: 'monthlySessions.joinUrl', value: JOIN },
      { path: 'monthlySessions.dialIn', value: '+1 312 626 6799' },
      { path: 'zoneTexts.SDZ.description', value: definition.zoneTexts.SDZ.description },
    ]);
  });
});
