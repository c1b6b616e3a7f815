/**
 * `srsn cohorts schedule | close | delete`: a cohort's lifecycle, draft -> scheduled ->
 * closed, and dropping a draft (POST .../schedule, POST .../close, DELETE). The two changes
 * of state send the version the CLI read, so a change made meanwhile is not overtaken.
 */
import {
  type CohortRecord,
  cohortArgument,
  cohortArgumentFields,
  cohortPath,
  readCohort,
  STATE_MEANING,
} from './cohort-record.ts';
import { argument, CancelledError, type Command, type CommandContext, printJson } from './commands.ts';
import { safeLine } from './format.ts';

const yes = { type: 'boolean', short: 'y', description: 'do not ask for confirmation' } as const;

/** GET the version, then POST the change of state with it. */
async function changeState(context: CommandContext, cohortId: string, action: 'schedule' | 'close') {
  const { version } = await readCohort(context, cohortId);
  return (await context.api.request('POST', cohortPath(cohortId, `/${action}`), { body: { version } })) as CohortRecord;
}

const schedule: Command = {
  name: 'cohorts schedule',
  summary: 'schedule a draft cohort: from now on its milestones fire (invitations, reminders, results, sessions)',
  usage: 'cohorts schedule <cohortId> [--yes]',
  description: [
    'Turns a draft into a scheduled cohort: its milestones fire on their dates and every other command knows it.',
    'From then on only what lies ahead may change (`srsn cohorts set`). The API refuses a cohort one of whose',
    'dates has passed meanwhile, naming it. On a terminal the CLI asks first unless --yes.',
  ].join('\n'),
  positional: cohortArgument,
  options: { yes },
  examples: ['srsn calendar --cohort 2027-2028   # what it will send, when', 'srsn cohorts schedule 2027-2028'],
  apiFields: cohortArgumentFields,
  notFound: (_values, positional) => `no cohort ${safeLine(positional ?? '')}`,
  async run(context, values, positional) {
    const cohortId = argument(positional, cohortArgument);
    if (
      !values.yes &&
      !(await context.confirm(
        `Schedule cohort ${safeLine(cohortId)}? Its invitations, reminders and results go out on their dates. [y/N] `,
      ))
    )
      throw new CancelledError('Not scheduled; nothing changed.');
    const record = await changeState(context, cohortId, 'schedule');
    if (context.json) return printJson(context, record);
    context.print(
      `Cohort ${safeLine(cohortId)} is ${STATE_MEANING.scheduled} (version ${record.version}).\n` +
        `\`srsn calendar --cohort ${safeLine(cohortId)}\` lists what it will send when.`,
    );
  },
};

const close: Command = {
  name: 'cohorts close',
  summary: 'close a scheduled cohort whose season has ended',
  usage: 'cohorts close <cohortId>',
  description:
    'Closes a scheduled cohort once its last session is over: nothing of it changes or goes out any more. ' +
    'The API refuses a cohort that has not ended, or one that is not scheduled.',
  positional: cohortArgument,
  options: {},
  examples: ['srsn cohorts close 2026-2027'],
  apiFields: cohortArgumentFields,
  notFound: (_values, positional) => `no cohort ${safeLine(positional ?? '')}`,
  async run(context, _values, positional) {
    const cohortId = argument(positional, cohortArgument);
    const record = await changeState(context, cohortId, 'close');
    if (context.json) return printJson(context, record);
    context.print(`Cohort ${safeLine(cohortId)} is ${STATE_MEANING.closed} (version ${record.version}).`);
  },
};

const remove: Command = {
  name: 'cohorts delete',
  summary: 'delete a draft cohort (a scheduled or closed one stays)',
  usage: 'cohorts delete <cohortId> [--yes]',
  description:
    'Deletes a cohort that is still a draft: it never sent anything. The API refuses a scheduled or closed cohort. ' +
    'On a terminal the CLI asks first unless --yes.',
  positional: cohortArgument,
  options: { yes },
  examples: ['srsn cohorts delete 2027-2028'],
  apiFields: cohortArgumentFields,
  notFound: (_values, positional) => `no cohort ${safeLine(positional ?? '')}`,
  async run(context, values, positional) {
    const cohortId = argument(positional, cohortArgument);
    if (!values.yes && !(await context.confirm(`Delete the draft cohort ${safeLine(cohortId)}? [y/N] `)))
      throw new CancelledError('Not deleted; nothing changed.');
    const body = await context.api.request('DELETE', cohortPath(cohortId));
    if (context.json) return printJson(context, body);
    context.print(`Deleted the draft cohort ${safeLine(cohortId)}.`);
  },
};

export const COHORT_LIFECYCLE_COMMANDS: readonly Command[] = [schedule, close, remove];
