/**
 * The cohort commands of `srsn` that read: the cohorts the system knows, one cohort, and the
 * calendar of what a cohort will send when (GET /facilitator/cohorts...). The ones that
 * create and change cohorts are beside this file; COHORT_COMMANDS lists them all.
 */
import { COHORT_CHANGE_COMMANDS } from './cohort-change-commands.ts';
import { COHORT_COPY_COMMANDS } from './cohort-copy-command.ts';
import { definitionText } from './cohort-file.ts';
import { COHORT_LIFECYCLE_COMMANDS } from './cohort-lifecycle-commands.ts';
import { cohortArgument, cohortArgumentFields, cohortPath, readCohort, stateLine } from './cohort-record.ts';
import { argument, type Command, cohortOption, FACILITATOR, printJson, required } from './commands.ts';
import { plural, SEASON_TIME_ZONE, safeLine, table } from './format.ts';

interface CohortSummary {
  readonly id: string;
  /** Absent from an API older than cohorts in the table. */
  readonly state?: string;
  readonly version?: number;
  readonly name: string;
  readonly timeZone: string;
  readonly invitationDate: string;
  readonly zones: Readonly<Record<string, { opens: string; due: string | null; notify: string | null }>>;
}

/** One row per cohort; each zone's window as "opens..due, notify <date>". */
export function cohortsTable(cohorts: readonly CohortSummary[]): string {
  const zones = [...new Set(cohorts.flatMap((cohort) => Object.keys(cohort.zones)))];
  return table(cohorts, [
    { header: 'id', value: (cohort) => cohort.id },
    { header: 'state', value: (cohort) => cohort.state },
    { header: 'version', value: (cohort) => cohort.version },
    { header: 'name', value: (cohort) => cohort.name },
    { header: 'time zone', value: (cohort) => cohort.timeZone },
    { header: 'invitations', value: (cohort) => cohort.invitationDate },
    ...zones.map((zone) => ({
      header: `${zone} opens..due / notify`,
      value: (cohort: CohortSummary) => {
        const dates = cohort.zones[zone];
        return dates ? `${dates.opens}..${dates.due ?? '(not set)'} / ${dates.notify ?? '(not set)'}` : null;
      },
    })),
  ]);
}

interface CalendarItem {
  readonly kind: string;
  readonly what: string;
  readonly at: string;
  readonly local: string;
  readonly state: string;
  readonly recipients?: number | null;
  readonly note?: string;
}

export interface CalendarBody {
  readonly cohort: string;
  /** The cohort's state: a draft's calendar is what it would send once scheduled. */
  readonly state?: string;
  readonly timeZone: string;
  readonly now: string;
  readonly items: readonly CalendarItem[];
}

/** "2022-09-10T05:00:00.000Z" -> "2022-09-10 05:00 UTC" */
function utc(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** The calendar as a table: the cohort's wall clock and UTC, what, state, whom it would reach now, and any note. */
export function calendarTable(body: CalendarBody): string {
  const localHeader = body.timeZone === SEASON_TIME_ZONE ? 'central' : safeLine(body.timeZone);
  return table(body.items, [
    { header: localHeader, value: (item) => item.local },
    { header: 'utc', value: (item) => utc(item.at) },
    { header: 'what', value: (item) => item.what },
    { header: 'state', value: (item) => item.state },
    { header: 'would reach now', value: (item) => item.recipients ?? null },
    { header: 'note', value: (item) => item.note ?? null },
  ]);
}

const cohorts: Command = {
  name: 'cohorts',
  summary: 'list the cohorts the system knows: state (draft, scheduled, closed), version, each zone’s dates',
  usage: 'cohorts',
  description:
    'Lists every cohort: id, state (draft, scheduled, closed), version, name, time zone, invitation date, and each ' +
    'zone’s opening, due and notification dates.',
  options: {},
  examples: ['srsn cohorts', 'srsn cohorts --json'],
  async run(context) {
    const body = (await context.api.request('GET', `${FACILITATOR}/cohorts`)) as { items: CohortSummary[] };
    if (context.json) return printJson(context, body);
    context.print(body.items.length === 0 ? 'No cohorts.' : cohortsTable(body.items));
  },
};

const cohortsShow: Command = {
  name: 'cohorts show',
  summary: 'show one cohort: its state and version, then its whole definition',
  usage: 'cohorts show <cohortId>',
  description: [
    'Prints where the cohort stands (state, version, last change), then its definition as the system holds it,',
    'defaults applied, as YAML: dates, meetings and their links, sessions, reminders, limits, the zones’ texts.',
    'A field’s path for `srsn cohorts set` is its keys joined by dots, list items counted from 0',
    '(informationalMeetings.0.joinUrl). `srsn cohorts export` writes the same definition to a file to edit.',
  ].join('\n'),
  positional: cohortArgument,
  options: {},
  examples: ['srsn cohorts show 2027-2028', 'srsn cohorts show 2027-2028 --json'],
  apiFields: cohortArgumentFields,
  notFound: (_values, positional) => `no cohort ${safeLine(positional ?? '')}`,
  async run(context, _values, positional) {
    const record = await readCohort(context, argument(positional, cohortArgument));
    if (context.json) return printJson(context, record);
    // As YAML: the keys as `srsn cohorts set` names them (zones.CNZ.due; list items count from 0).
    context.print(`${stateLine(record)}\n\n${definitionText(record.definition, 'yaml').trimEnd()}`);
  },
};

const calendar: Command = {
  name: 'calendar',
  summary: 'what a cohort will send when: every milestone, mailing and meeting, with its state',
  usage: 'calendar --cohort <cohort>',
  description: [
    'Lists every milestone, planned mailing and meeting of a cohort in time order, in the cohort’s time zone and',
    'in UTC, with its state (planned, in-progress, stalled, sent, skipped, past; a meeting: planned, past,',
    'cancelled) and, for a mailing still to go out, how many it would reach if it went out now ("-" once sent,',
    'skipped or past). Moved and cancelled sessions show as they stand.',
  ].join('\n'),
  options: { cohort: cohortOption },
  examples: ['srsn calendar --cohort 2026-2027', 'srsn calendar --cohort 2026-2027 --json'],
  apiFields: { 'path.cohortId': '--cohort' },
  notFound: (values) => `no cohort ${String(values.cohort ?? '')} (--cohort)`,
  async run(context, values) {
    const body = (await context.api.request(
      'GET',
      cohortPath(required(values, 'cohort'), '/calendar'),
    )) as CalendarBody;
    if (context.json) return printJson(context, body);
    const mailings = body.items.filter((item) => item.recipients !== undefined);
    context.print(
      [
        `Calendar of cohort ${safeLine(body.cohort)} (${safeLine(body.timeZone)}), as of ${utc(body.now)}: ` +
          `${plural(body.items.length, 'item')}, ${plural(mailings.length, 'mailing')}.` +
          (body.state === 'draft'
            ? ` A draft: it sends none of this until \`srsn cohorts schedule ${safeLine(body.cohort)}\`.`
            : ''),
        '',
        calendarTable(body),
      ].join('\n'),
    );
  },
};

export const COHORT_COMMANDS: readonly Command[] = [
  cohorts,
  cohortsShow,
  ...COHORT_CHANGE_COMMANDS,
  ...COHORT_COPY_COMMANDS,
  ...COHORT_LIFECYCLE_COMMANDS,
  calendar,
];
