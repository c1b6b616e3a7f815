/**
 * Bad cohort definitions, generated: each starts from the valid 2022-2023 input and breaks it
 * in one way (swapped dates, a bad time zone, an http link, a session month out of range, an
 * end before its start, an unknown key, a missing field, a wrong type, ...). Every one is
 * refused, and an issue names the field that was broken.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cohort2022to2023 } from '../../infra/local/seed/cohort-2022-2023.ts';
import { type CohortInput, cohortDefinitionSchema } from '../../shared/domain/cohort/definition.ts';

type Path = readonly (string | number)[];
type Json = Record<string | number, unknown>;

/** One breaking change: what it does to the input, and the fields an issue may name for it. */
interface Mutation {
  readonly kind: string;
  readonly apply: (input: Json) => void;
  /** An issue must name one of these (a swap of two dates may be reported at either). */
  readonly fields: readonly Path[];
}

function parentOf(root: Json, path: Path): Json {
  let node: Json = root;
  for (const key of path.slice(0, -1)) node = node[key] as Json;
  return node;
}
function getAt(root: Json, path: Path): unknown {
  return parentOf(root, path)[path.at(-1)!];
}
function setAt(root: Json, path: Path, value: unknown): void {
  parentOf(root, path)[path.at(-1)!] = value;
}

const set = (kind: string, path: Path, value: unknown): Mutation => ({
  kind,
  apply: (input) => setAt(input, path, value),
  fields: [path],
});

const ZONES = ['SDZ', 'ILDZ', 'CNZ'] as const;
const MEETINGS: readonly Path[] = [
  ['informationalMeetings', 0],
  ['informationalMeetings', 1],
  ['informationalMeetings', 2],
  ['planningMeeting'],
  ['monthlySessions'],
];
const DATED_MEETINGS: readonly Path[] = MEETINGS.slice(0, 4);

/** Pairs of dates of 2022-2023 whose swap breaks an order the definition requires. */
const DATE_SWAPS: readonly [Path, Path][] = [
  [
    ['zones', 'SDZ', 'opens'],
    ['zones', 'SDZ', 'due'],
  ],
  [
    ['zones', 'SDZ', 'due'],
    ['zones', 'SDZ', 'notify'],
  ],
  [
    ['zones', 'SDZ', 'review', 'from'],
    ['zones', 'SDZ', 'review', 'to'],
  ],
  [
    ['zones', 'SDZ', 'due'],
    ['zones', 'SDZ', 'review', 'to'],
  ],
  [
    ['zones', 'ILDZ', 'due'],
    ['zones', 'ILDZ', 'notify'],
  ],
  [
    ['zones', 'ILDZ', 'opens'],
    ['zones', 'ILDZ', 'due'],
  ],
  [
    ['planningMeeting', 'date'],
    ['zones', 'SDZ', 'notify'],
  ],
  [
    ['monthlySessions', 'fromMonth'],
    ['monthlySessions', 'toMonth'],
  ],
  ...MEETINGS.map((meeting): [Path, Path] => [
    [...meeting, 'start'],
    [...meeting, 'end'],
  ]),
];

const swapDates = fc.constantFrom(...DATE_SWAPS).map(
  ([left, right]): Mutation => ({
    kind: 'swap two dates',
    apply: (input) => {
      const value = getAt(input, left);
      setAt(input, left, getAt(input, right));
      setAt(input, right, value);
    },
    fields: [left, right],
  }),
);

const badTimeZone = fc
  .constantFrom(
    'US/Central',
    'Mars/Olympus_Mons',
    'America/Chicag',
    'america/chicago',
    '',
    'CST',
    'UTC+6',
    'Etc/GMT+25',
  )
  .map((zone) => set('bad time zone', ['timeZone'], zone));

const badLink = fc
  .tuple(
    fc.constantFrom(...MEETINGS),
    fc.constantFrom(
      'http://zoom.us/j/81234567890',
      'javascript:alert(document.cookie)',
      'data:text/html,<script>alert(1)</script>',
      'ftp://files.example.org/meeting',
      'zoom.us/j/81234567890',
      'https://',
      'https://user:pass@zoom.us/j/1',
      'https://zoom.us/j/1 onclick=alert(1)',
      'https://zoom.us/j/1\nX-INJECTED:1',
      `https://zoom.us/${'a'.repeat(2001)}`,
    ),
  )
  .map(([meeting, url]) => set('link not https', [...meeting, 'joinUrl'], url));

const badDialIn = fc
  .tuple(
    fc.constantFrom(...MEETINGS),
    fc.constantFrom('+1 312 626 6799\r\nATTENDEE:mailto:x@example.org', '', '9'.repeat(201), 'line\u2028break'),
  )
  .map(([meeting, dialIn]) => set('bad dial-in', [...meeting, 'dialIn'], dialIn));

const sessionMonthOutOfRange = fc.oneof(
  fc
    .constantFrom('2022-08', '2022-07', '2021-12', '2020-10')
    .map((month) => set('sessions start before the invitation month ends', ['monthlySessions', 'fromMonth'], month)),
  fc.integer({ min: 12, max: 40 }).map((extra) => {
    const index = 2022 * 12 + 9 + extra;
    const month = `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
    return set('sessions run past 12 months', ['monthlySessions', 'toMonth'], month);
  }),
  fc
    .constantFrom('2023-13', '2023-00', '2023-6', '23-06', '2023-06-14', 'June 2023')
    .map((month) => set('month not YYYY-MM', ['monthlySessions', 'toMonth'], month)),
);

const endBeforeStart = fc
  .tuple(fc.constantFrom(...MEETINGS), fc.constantFrom('00:00', '05:30', '09:59', '10:00'))
  .map(([meeting, end]) => ({
    ...set('end before start', [...meeting, 'end'], end),
    // The planning meeting starts at 10:00 like the sessions; an end at 09:59 is before every start here.
    apply: (input: Json) => {
      setAt(input, [...meeting, 'start'], '10:00');
      setAt(input, [...meeting, 'end'], end);
    },
  }));

const opensBeforeInvitation = fc
  .tuple(fc.constantFrom(...ZONES), fc.constantFrom('2022-08-18', '2022-08-01', '2021-08-19'))
  .map(([zone, date]) => set('window opens before the invitation', ['zones', zone, 'opens'], date));

const badDate = fc
  .tuple(
    fc.constantFrom<Path>(
      ['invitationDate'],
      ['zones', 'SDZ', 'due'],
      ['zones', 'ILDZ', 'notify'],
      ['zones', 'SDZ', 'review', 'from'],
      ...DATED_MEETINGS.map((meeting) => [...meeting, 'date']),
    ),
    fc.constantFrom('2022-02-30', '2022/09/09', '09/09/2022', '2022-9-9', 'tomorrow', ''),
  )
  .map(([path, value]) => set('not a calendar date', path, value));

const OBJECTS: readonly Path[] = [
  [],
  ['zones', 'SDZ'],
  ['zones', 'CNZ'],
  ['zones', 'SDZ', 'review'],
  ['rollover'],
  ['planningMeeting'],
  ['monthlySessions'],
  ['informationalMeetings', 1],
  ['rosterLimits', 'ILDZ'],
  ['zoneTexts', 'SDZ'],
  ['zoneTexts', 'SDZ', 'evidenceOfPractice'],
  ['zoneTexts', 'CNZ'],
];

const unknownKey = fc
  .tuple(
    fc.constantFrom(...OBJECTS),
    fc.constantFrom('dueDate', 'url', 'extra', 'Notify', 'join_url', 'timezone', '__proto__x', 'zones2'),
    fc.jsonValue(),
  )
  .map(
    ([object, key, value]): Mutation => ({
      kind: 'unknown key',
      apply: (input) => {
        const target = object.length === 0 ? input : (getAt(input, object) as Json);
        target[key] = value;
      },
      fields: [[...object, key]],
    }),
  );

/** Fields without a default: leaving one out is refused. */
const REQUIRED: readonly Path[] = [
  ['id'],
  ['name'],
  ['timeZone'],
  ['invitationDate'],
  ['informationalMeetings'],
  ['zones'],
  ['zones', 'ILDZ'],
  ['zones', 'SDZ', 'opens'],
  ['zones', 'CNZ', 'due'],
  ['zones', 'SDZ', 'review'],
  ['rollover', 'policy'],
  ['planningMeeting', 'zones'],
  ['planningMeeting', 'location'],
  ['informationalMeetings', 0, 'title'],
  ['monthlySessions', 'weekday'],
  ['monthlySessions', 'fromMonth'],
  ['reminderOffsetsDays'],
  ['rosterLimits', 'CNZ', 'alternates'],
  ['zoneTexts'],
  ['zoneTexts', 'ILDZ', 'commitments'],
  ['zoneTexts', 'SDZ', 'evidenceOfPractice'],
  ['zoneTexts', 'SDZ', 'evidenceOfPractice', 'professionalLearning'],
  ['zoneTexts', 'CNZ', 'description'],
];

const missingField = fc.constantFrom(...REQUIRED).map(
  (path): Mutation => ({
    kind: 'missing field',
    apply: (input) => {
      delete parentOf(input, path)[path.at(-1)!];
    },
    fields: [path],
  }),
);

const wrongType = fc
  .tuple(
    fc.constantFrom<Path>(
      ['name'],
      ['invitationDate'],
      ['informationalMeetings'],
      ['zones', 'SDZ'],
      ['zones', 'ILDZ', 'opens'],
      ['planningMeeting', 'zones'],
      ['monthlySessions', 'ordinal'],
      ['monthlySessions', 'start'],
      ['reminderOffsetsDays', 0],
      ['rosterLimits', 'SDZ', 'leadFacilitators'],
      ['rollover', 'policy'],
      ['zoneTexts', 'ILDZ', 'whoMayApply'],
      ['zoneTexts', 'SDZ', 'commitments'],
      ['zoneTexts', 'SDZ', 'commitments', 0],
      ['monthlySessions', 'joinUrl'],
    ),
    fc.constantFrom<unknown>(42, 'a string', true, [], { nested: 1 }, -1.5),
  )
  .filter(([path, value]) => {
    // Keep only values of the wrong type for the field (a string for a string field is no break).
    const current = getAt(structuredClone(cohort2022to2023) as unknown as Json, path);
    if (current === undefined) return typeof value !== 'string';
    return typeof value !== typeof current || Array.isArray(value) !== Array.isArray(current);
  })
  .map(([path, value]) => set('wrong type', path, value));

const outOfRangeNumber = fc.oneof(
  fc
    .integer({ min: 7, max: 1000 })
    .map((weekday) => set('number out of range', ['monthlySessions', 'weekday'], weekday)),
  fc.integer({ min: 5, max: 99 }).map((ordinal) => set('number out of range', ['monthlySessions', 'ordinal'], ordinal)),
  fc
    .integer({ min: 11, max: 500 })
    .map((limit) => set('number out of range', ['rosterLimits', 'SDZ', 'leadFacilitators'], limit)),
  fc.constantFrom(-1, 0.5, 61).map((days) => set('number out of range', ['reminderOffsetsDays', 1], days)),
);

const planningBeforeNotification = fc
  .constantFrom('2022-09-15', '2022-09-14', '2022-09-01')
  .map((date) => set('planning meeting before the SDZ notification', ['planningMeeting', 'date'], date));

const sameRolloverZones = fc.constantFrom(...ZONES).map(
  (zone): Mutation => ({
    kind: 'rollover to its own zone',
    apply: (input) => {
      setAt(input, ['rollover', 'from'], zone);
      setAt(input, ['rollover', 'to'], zone);
    },
    fields: [['rollover', 'to']],
  }),
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  swapDates,
  badTimeZone,
  badLink,
  badDialIn,
  sessionMonthOutOfRange,
  endBeforeStart,
  opensBeforeInvitation,
  badDate,
  unknownKey,
  missingField,
  wrongType,
  outOfRangeNumber,
  planningBeforeNotification,
  sameRolloverZones,
);

/** The fields an issue names: its path, or for unknown keys each key under its path. */
function namedFields(input: unknown): string[] {
  const result = cohortDefinitionSchema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => [...issue.path, key].join('.'))
      : [issue.path.map(String).join('.')],
  );
}

describe('generated bad cohort definitions', () => {
  it('start from a definition that passes', () => {
    expect(namedFields(cohort2022to2023)).toEqual([]);
    expect(cohortDefinitionSchema.safeParse(cohort2022to2023).success).toBe(true);
  });

  it('are each refused, with an issue naming the field that was broken (300 of them)', () => {
    const kinds = new Map<string, number>();
    fc.assert(
      fc.property(mutation, (change) => {
        const input = structuredClone(cohort2022to2023) as unknown as Json;
        change.apply(input);
        const result = cohortDefinitionSchema.safeParse(input as CohortInput);
        expect(result.success, `${change.kind} should be refused`).toBe(false);
        const named = namedFields(input);
        const wanted = change.fields.map((field) => field.join('.'));
        // A missing or mistyped object is named at itself; a field of it never at a sibling.
        expect(
          named.some((field) => wanted.includes(field)),
          `${change.kind}: wanted one of ${wanted.join(', ')}, got ${named.join(', ')}`,
        ).toBe(true);
        kinds.set(change.kind, (kinds.get(change.kind) ?? 0) + 1);
      }),
      { numRuns: 300, seed: 20261207 },
    );
    // Every kind of break was tried, so no kind is passed over by the generator.
    expect([...kinds.keys()].sort()).toEqual(
      [
        'swap two dates',
        'bad time zone',
        'link not https',
        'bad dial-in',
        'sessions start before the invitation month ends',
        'sessions run past 12 months',
        'month not YYYY-MM',
        'end before start',
        'window opens before the invitation',
        'not a calendar date',
        'unknown key',
        'missing field',
        'wrong type',
        'number out of range',
        'planning meeting before the SDZ notification',
        'rollover to its own zone',
      ].sort(),
    );
  });
});
