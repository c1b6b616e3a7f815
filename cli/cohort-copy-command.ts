/**
 * `srsn cohorts copy`: the next cohort with the same shape as an earlier one, rules kept
 * (POST /facilitator/cohorts/{cohortId}/copies). Every computed date is listed for review;
 * nothing is saved without --save, and then only after the facilitator confirms.
 */
import { isLocalDate, weekdayName } from '../shared/platform/time/local-date.ts';
import { formatWallClock } from '../shared/platform/time/wall-clock.ts';
import { cohortPath, STATE_MEANING } from './cohort-record.ts';
import { argument, CancelledError, type Command, printJson, required, text } from './commands.ts';
import { isInstant, plural, safeLine, shortened, table } from './format.ts';

interface ComputedDate {
  readonly path: string;
  readonly source: string;
  readonly target: string;
  readonly sourceWeekday: string | null;
  readonly targetWeekday: string | null;
}

interface Session {
  readonly date: string;
  readonly start: string;
  readonly end: string;
}

/** A value the copy carried over as it was, or with its years replaced: the operator checks it. */
interface CarriedOver {
  readonly path: string;
  readonly value: string;
}

/** The answer of POST .../copies, saved or not. */
export interface CohortCopyAnswer {
  readonly saved: boolean;
  readonly definition: { readonly id?: string; readonly name?: string; readonly timeZone?: string };
  readonly dates: readonly ComputedDate[];
  readonly sessions: readonly Session[];
  readonly shiftDays: number;
  readonly anchor: ComputedDate;
  /** The name, each join link and dial-in, each zone text naming a year; absent from an API older than it. */
  readonly carriedOver?: readonly CarriedOver[];
  readonly state?: 'draft';
  readonly version?: number;
}

/** Every computed date: field, from, weekday, to, weekday (a month has no weekday). */
export function computedDatesTable(dates: readonly ComputedDate[]): string {
  return table(dates, [
    { header: 'field', value: (date) => date.path },
    { header: 'from', value: (date) => date.source },
    { header: 'weekday', value: (date) => date.sourceWeekday },
    { header: 'to', value: (date) => date.target },
    { header: 'weekday', value: (date) => date.targetWeekday },
  ]);
}

/** An instant on the cohort's wall clock ("2027-11-10 13:00 CST"); anything else as the API gave it. */
function wallClock(value: string, timeZone: string | undefined, timeOnly = false): string {
  if (!isInstant(value) || timeZone === undefined) return value;
  const shown = formatWallClock(new Date(value), timeZone);
  return timeOnly ? shown.slice(11) : shown;
}

/** The monthly sessions as the copy places them, on the cohort's clock: its DST changes show in the offset. */
export function sessionsTable(sessions: readonly Session[], timeZone: string | undefined): string {
  return table(sessions, [
    { header: 'date', value: (session) => session.date },
    { header: 'weekday', value: (session) => (isLocalDate(session.date) ? weekdayName(session.date) : null) },
    { header: 'start', value: (session) => wallClock(session.start, timeZone) },
    { header: 'end', value: (session) => wallClock(session.end, timeZone, true) },
  ]);
}

/** What the copy carried over, one line each: a long value is cut (`srsn cohorts show` shows it whole). */
export function carriedOverTable(items: readonly CarriedOver[]): string {
  return table(items, [
    { header: 'path', value: (item) => item.path },
    { header: 'value', value: (item) => shortened(String(item.value)) },
  ]);
}

/** The whole review: the shift and its anchor, every date, the sessions, then what was carried over to check. */
export function copyView(from: string, answer: CohortCopyAnswer): string {
  const { anchor, shiftDays, definition } = answer;
  const weeks = shiftDays / 7;
  const name = definition.name === undefined ? '' : ` (${safeLine(definition.name)})`;
  const zone = definition.timeZone === undefined ? '' : `, ${safeLine(definition.timeZone)}`;
  return [
    `Cohort ${safeLine(definition.id ?? '?')}${name} copied from ${safeLine(from)}: every one-off date moves ` +
      `${plural(shiftDays, 'day')}${Number.isInteger(weeks) ? ` (${plural(weeks, 'week')})` : ''}, so each keeps ` +
      `its weekday and its distance from the others. The anchor ${safeLine(anchor.path)} keeps its place in its ` +
      `month: ${safeLine(anchor.source)} (${safeLine(anchor.sourceWeekday ?? '-')}) -> ${safeLine(anchor.target)} ` +
      `(${safeLine(anchor.targetWeekday ?? '-')}).`,
    '',
    `Dates (${answer.dates.length}):`,
    computedDatesTable(answer.dates),
    '',
    `Monthly sessions (${answer.sessions.length}${zone}):`,
    answer.sessions.length === 0 ? '(none)' : sessionsTable(answer.sessions, definition.timeZone),
    ...(answer.carriedOver && answer.carriedOver.length > 0
      ? [
          '',
          `Carried over from ${safeLine(from)}: check each before you schedule`,
          carriedOverTable(answer.carriedOver),
        ]
      : []),
  ].join('\n');
}

/** A word as a POSIX shell reads it back: quoted only when it must be. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9._/:=@+-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

const fromArgument = { name: 'fromId', description: 'the cohort to copy, e.g. 2026-2027' } as const;

const copy: Command = {
  name: 'cohorts copy',
  summary: 'copy a cohort forward (same shape, rules kept) and review every computed date; --save stores a draft',
  usage: 'cohorts copy <fromId> --id <newId> [--name <text>] [--save [--yes]]',
  description: [
    'Computes the next cohort from an earlier one: every one-off date (invitation, meetings, each zone’s opens, due,',
    'review and notify, the planning meeting) moves by one number of whole weeks, so it keeps its weekday and the',
    'gaps between dates; the monthly sessions keep their rule (the second Wednesday stays the second Wednesday).',
    'Prints every computed date (field, from, weekday, to, weekday), the sessions on the cohort’s clock and the',
    'shift. Without --save nothing is stored. With --save the CLI shows the same review and asks before storing',
    'the cohort as a draft (unless --yes), which sends nothing until `srsn cohorts schedule`.',
  ].join('\n'),
  positional: fromArgument,
  options: {
    id: { type: 'string', placeholder: '<newId>', required: true, description: 'the new cohort’s id, e.g. 2027-2028' },
    name: {
      type: 'string',
      placeholder: '<text>',
      description: 'the new cohort’s name (default: the source’s, its years replaced)',
    },
    save: { type: 'boolean', description: 'store the copy as a draft cohort (after asking on a terminal)' },
    yes: { type: 'boolean', short: 'y', description: 'with --save: do not ask for confirmation' },
  },
  examples: [
    'srsn cohorts copy 2026-2027 --id 2027-2028',
    'srsn cohorts copy 2026-2027 --id 2027-2028 --name "Cohort 9" --save',
  ],
  apiFields: { id: '--id', name: '--name', 'body.id': '--id', 'body.name': '--name', 'path.cohortId': '<fromId>' },
  notFound: (_values, positional) => `no cohort ${safeLine(positional ?? '')} to copy (<fromId>)`,
  async run(context, values, positional) {
    const from = argument(positional, fromArgument);
    const id = required(values, 'id');
    const name = text(values, 'name');
    const target = { id, ...(name === undefined ? {} : { name }) };
    const post = async (save: boolean) =>
      (await context.api.request('POST', cohortPath(from, '/copies'), {
        body: { ...target, save },
      })) as CohortCopyAnswer;

    if (!values.save) {
      const answer = await post(false);
      if (context.json) return printJson(context, answer);
      const saveCommand = [
        'srsn',
        'cohorts',
        'copy',
        from,
        '--id',
        id,
        ...(name === undefined ? [] : ['--name', name]),
      ];
      context.print(
        `${copyView(from, answer)}\n\nNothing was saved. To save this cohort as a draft:\n  ` +
          `${[...saveCommand, '--save'].map(shellWord).join(' ')}`,
      );
      return;
    }
    if (!values.yes) {
      // The review first, so the facilitator confirms the dates they have read.
      const preview = await post(false);
      if (!context.json) context.print(copyView(from, preview));
      if (!(await context.confirm(`Save cohort ${safeLine(id)} as a draft? It sends nothing until scheduled. [y/N] `)))
        throw new CancelledError('Nothing was saved.');
    }
    const saved = await post(true);
    if (context.json) return printJson(context, saved);
    context.print(
      [
        ...(values.yes ? [copyView(from, saved), ''] : []),
        `Saved cohort ${safeLine(id)}, version ${saved.version ?? 1}: ${STATE_MEANING.draft}.`,
        `Next: set what the copy could not know (srsn cohorts set ${shellWord(id)} --set zones.CNZ.due=YYYY-MM-DD ...),` +
          ` check \`srsn calendar --cohort ${shellWord(id)}\`, then \`srsn cohorts schedule ${shellWord(id)}\`.`,
      ].join('\n'),
    );
  },
};

export const COHORT_COPY_COMMANDS: readonly Command[] = [copy];
