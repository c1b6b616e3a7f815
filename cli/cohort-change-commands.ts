/**
 * `srsn cohorts create | set | export`: a cohort from a definition file, a change of some of
 * its fields, and its definition written out to edit (POST, PATCH and GET
 * /facilitator/cohorts...). The API validates every field and names the one it refuses; the
 * CLI names it back as the file line or the --set that gave it.
 */

import { definitionText, formatOf, readDefinitionFile, writeDefinitionFile } from './cohort-file.ts';
import {
  type CohortRecord,
  cohortArgument,
  cohortArgumentFields,
  cohortPath,
  readCohort,
  STATE_MEANING,
  stateLine,
} from './cohort-record.ts';
import { parseAssignments, parseVersion } from './command-line.ts';
import { argument, type Command, FACILITATOR, labelFields, printJson, required, text, texts } from './commands.ts';
import { safeLine } from './format.ts';

const create: Command = {
  name: 'cohorts create',
  summary: 'create a draft cohort from a definition file (JSON or YAML)',
  usage: 'cohorts create --file <definition.yaml|definition.json>',
  description: [
    'Creates a cohort from a whole definition (the schema of `srsn cohorts export`: id, name, timeZone, dates,',
    'meetings, monthly sessions, reminders, roster limits, zone texts). Defaults are applied to what the file',
    'leaves out. The cohort starts as a draft: it sends nothing until `srsn cohorts schedule`. A refused field is',
    'named with its line in the file; nothing is stored.',
  ].join('\n'),
  options: {
    file: {
      type: 'string',
      placeholder: '<path>',
      required: true,
      description: 'the definition, .json or .yaml/.yml',
    },
  },
  examples: [
    'srsn cohorts export 2026-2027 --file next.yaml   # then edit next.yaml',
    'srsn cohorts create --file next.yaml',
  ],
  async run(context, values) {
    const file = required(values, 'file');
    const { definition, lineOf } = await readDefinitionFile(file, '--file');
    const record = (await labelFields(
      context.api.request('POST', `${FACILITATOR}/cohorts`, { body: definition }),
      (field) => {
        const line = lineOf(field);
        return line === undefined ? undefined : `${file} line ${line} (${field})`;
      },
    )) as CohortRecord;
    if (context.json) return printJson(context, record);
    context.print(
      [
        `Created cohort ${safeLine(record.id)}, version ${record.version}: ${STATE_MEANING[record.state] ?? record.state}.`,
        `Review it with \`srsn cohorts show ${safeLine(record.id)}\`; schedule it with ` +
          `\`srsn cohorts schedule ${safeLine(record.id)}\`.`,
      ].join('\n'),
    );
  },
};

/**
 * The --set that gave a refused field: "--set zones.CNZ.due"; "--set zones.CNZ (zones.CNZ.due)" for a part of what it
 * set; "--set planningMeeting.date (planningMeeting)" when the API refuses the whole of which it set a part.
 */
export function setOptionOf(paths: readonly string[], field: string): string | undefined {
  const path = field.startsWith('set.') ? field.slice('set.'.length) : field;
  if (paths.includes(path)) return `--set ${path}`;
  const within = paths.find((candidate) => path.startsWith(`${candidate}.`));
  if (within !== undefined) return `--set ${within} (${path})`;
  const parts = paths.filter((candidate) => candidate.startsWith(`${path}.`));
  return parts.length === 0 ? undefined : `${parts.map((part) => `--set ${part}`).join(', ')} (${path})`;
}

const set: Command = {
  name: 'cohorts set',
  summary: 'change fields of a cohort: --set <path>=<value>, as often as needed, in one change',
  usage: 'cohorts set <cohortId> --set <path>=<value> [--set <path>=<value> ...] [--version <n>]',
  description: [
    'Changes the fields named by their dotted path in the definition (zones.CNZ.due, informationalMeetings.0.joinUrl,',
    'monthlySessions.joinUrl) in one change. A value is read as JSON when it is JSON (null, 7, [7,1], "2027"), else',
    'as the text given, so dates and links need no quotes. A draft may change anything. A scheduled cohort may',
    'change only what lies ahead: a zone’s due, notify and review dates (old and new both ahead), meetings still',
    'ahead, the monthly sessions’ location, links and toMonth, the name and the zone texts; the API refuses the rest',
    'naming each field. The change re-plans what it touches at once; the notes printed say what it re-planned, or',
    'whom it could not tell. One session is moved with `srsn move-session`.',
  ].join('\n'),
  positional: cohortArgument,
  options: {
    set: {
      type: 'string',
      placeholder: '<path>=<value>',
      required: true,
      multiple: true,
      description: 'a field and its new value, e.g. zones.CNZ.due=2027-09-10',
    },
    version: {
      type: 'string',
      placeholder: '<n>',
      description: 'the version you read (srsn cohorts show); without it the CLI reads the current one first',
    },
  },
  examples: [
    'srsn cohorts set 2027-2028 --set zones.CNZ.due=2027-10-08 --set zones.CNZ.notify=2027-10-15',
    'srsn cohorts set 2027-2028 --set monthlySessions.joinUrl=https://zoom.us/j/81234567890 \\\n' +
      '    --set "monthlySessions.dialIn=+1 312 626 6799, meeting ID 812 3456 7890"',
    'srsn cohorts set 2027-2028 --set informationalMeetings.0.joinUrl=https://zoom.us/j/81200000001',
  ],
  apiFields: cohortArgumentFields,
  notFound: (_values, positional) => `no cohort ${safeLine(positional ?? '')}`,
  async run(context, values, positional) {
    const cohortId = argument(positional, cohortArgument);
    const assignments = parseAssignments(texts(values, 'set'), 'set');
    const given = text(values, 'version');
    const version = given === undefined ? (await readCohort(context, cohortId)).version : parseVersion(given);
    const paths = Object.keys(assignments);
    const record = (await labelFields(
      context.api.request('PATCH', cohortPath(cohortId), { body: { version, set: assignments } }),
      (field) => (field === 'version' ? '--version' : setOptionOf(paths, field)),
    )) as CohortRecord;
    if (context.json) return printJson(context, record);
    const notes = record.notes ?? [];
    context.print(
      [
        `Changed cohort ${safeLine(cohortId)}:`,
        ...paths.map((path) => `  ${safeLine(path)} = ${safeLine(JSON.stringify(assignments[path]))}`),
        stateLine(record),
        ...(notes.length === 0 ? [] : ['Notes:', ...notes.map((note) => `  - ${safeLine(note)}`)]),
      ].join('\n'),
    );
  },
};

const exportCommand: Command = {
  name: 'cohorts export',
  summary: 'write a cohort’s definition as YAML or JSON, to edit and create a cohort from',
  usage: 'cohorts export <cohortId> [--file <out.yaml|out.json>]',
  description: [
    'Writes the definition of the cohort, defaults applied, in the form `srsn cohorts create --file` reads: to a',
    'new file (.yaml/.yml or .json; an existing file is left alone), or as YAML to the standard output. To start a',
    'new cohort from it by hand, change its id and every date (`srsn cohorts copy` does that for you).',
  ].join('\n'),
  positional: cohortArgument,
  options: {
    file: { type: 'string', placeholder: '<path>', description: 'the file to write, .yaml/.yml or .json' },
  },
  examples: ['srsn cohorts export 2026-2027 --file cohort-2026-2027.yaml', 'srsn cohorts export 2026-2027 > next.yaml'],
  apiFields: cohortArgumentFields,
  notFound: (_values, positional) => `no cohort ${safeLine(positional ?? '')}`,
  async run(context, values, positional) {
    const cohortId = argument(positional, cohortArgument);
    const file = text(values, 'file');
    const format = file === undefined ? 'yaml' : formatOf(file, '--file');
    const record = await readCohort(context, cohortId);
    const content = definitionText(record.definition, format);
    if (file !== undefined) await writeDefinitionFile(file, content);
    if (context.json) return printJson(context, record);
    if (file === undefined) return context.print(content.trimEnd());
    context.print(
      `Wrote the definition of cohort ${safeLine(cohortId)} (${record.state}, version ${record.version}) to ${safeLine(file)}.`,
    );
  },
};

export const COHORT_CHANGE_COMMANDS: readonly Command[] = [create, set, exportCommand];
