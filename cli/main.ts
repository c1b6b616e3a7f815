/**
 * `npx srsn <command>`: the facilitator command line, against the local runtime
 * (default) or a deployed API. `run` does everything with injected streams and
 * environment and returns the exit code, so tests call it in-process; `main` binds it
 * to the process (bin/srsn.js).
 */
import { createInterface } from 'node:readline/promises';
import { ApiClient, ApiError, ApiUnreachableError, type Fetch } from './api-client.ts';
import { COHORT_COMMANDS } from './cohort-commands.ts';
import { commandHelp, generalHelp, type ParsedCommandLine, parseCommandLine, UsageError } from './command-line.ts';
import { CancelledError, type Command, type CommandContext, COMMANDS as REVIEW_COMMANDS } from './commands.ts';
import { cell, headerOf, safeLine } from './format.ts';
import { PARTICIPATION_COMMANDS } from './participation-commands.ts';

export const DEFAULT_API_URL = 'http://127.0.0.1:3000';
/** The local runtime's documented facilitator token (infra/local/dev-tokens.ts). */
export const LOCAL_DEV_TOKEN = 'dev-facilitator';

/** Every command, in the order `srsn --help` lists them. */
export const COMMANDS: readonly Command[] = [...REVIEW_COMMANDS, ...PARTICIPATION_COMMANDS, ...COHORT_COMMANDS];

export const EXIT = { ok: 0, apiError: 1, usage: 2, unreachable: 3 } as const;

export interface TextOutput {
  write(chunk: string): unknown;
}

export interface CliIo {
  readonly stdout: TextOutput;
  readonly stderr: TextOutput;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Asks a yes/no question; absent = not interactive, proceed without asking. */
  readonly confirm?: (question: string) => Promise<boolean>;
  readonly fetch?: Fetch;
}

/** The hosts of the local runtime; `URL` lower-cases names and writes IPv6 in brackets. */
const LOCAL_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

function isLocal(url: URL): boolean {
  return LOCAL_HOSTS.includes(url.hostname);
}

function nonEmpty(value: string | boolean | readonly string[] | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Whether a refusal's errors are the file's rows (they carry `row`): the spreadsheet hint fits them, not a
 * refusal of the query (an unknown --cohort) or of the request.
 */
function namesRows(errors: unknown): boolean {
  return (
    Array.isArray(errors) &&
    errors.some((fieldError) => typeof (fieldError as { row?: unknown } | null)?.row === 'number')
  );
}

/** A record's own entry: a field called "constructor" names no option. */
function ownValue(record: Readonly<Record<string, string>> | undefined, key: string): string | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * The option that filled a refused field: its own (`query.cohort` -> `--cohort`), or the one that filled the field
 * it lies in, with the field (`scores.elements.3` -> `--scores (scores.elements.3)`).
 */
export function optionOf(fields: Readonly<Record<string, string>> | undefined, field: string): string | undefined {
  const own = ownValue(fields, field);
  if (own !== undefined) return own;
  const within = Object.keys(fields ?? {})
    .filter((name) => field.startsWith(`${name}.`))
    .sort((a, b) => b.length - a.length)[0];
  return within === undefined ? undefined : `${ownValue(fields, within)} (${field})`;
}

/**
 * A version conflict where the version given is ahead of the one stored: nobody changed anything, the version given
 * does not exist yet. The API says the stored one as `version` (a cohort) or `currentVersion` (an application).
 */
export function versionAhead(
  record: Readonly<Record<string, unknown>> | undefined,
  given: number | undefined,
): { given: number; stored: number } | undefined {
  const stored = typeof record?.version === 'number' ? record.version : record?.currentVersion;
  return given !== undefined && typeof stored === 'number' && given > stored ? { given, stored } : undefined;
}

/** What to do after a cohort command's refusal, by the API's error code. */
function cohortHints(
  code: string | undefined,
  command: string,
  cohortId: string,
  ahead: { given: number; stored: number } | undefined,
): string[] {
  switch (code) {
    case 'VersionConflict':
      if (ahead)
        return [
          `Cohort ${cohortId} is at version ${ahead.stored}: version ${ahead.given} (--version) does not exist yet. ` +
            `See it with: srsn cohorts show ${cohortId}; then run the command again with --version ${ahead.stored}, ` +
            'or without --version (the CLI reads the current version itself).',
        ];
      return [
        `Someone changed cohort ${cohortId} since it was read. See it with: srsn cohorts show ${cohortId}; then run ` +
          'the command again (without --version the CLI reads the current version itself).',
      ];
    case 'ChangeRefused':
      return [
        'A scheduled cohort may change only what lies ahead: dates not yet passed, meetings still to come, links, the ' +
          'name and the zone texts (docs/next-season.md).',
      ];
    case 'CohortClosed':
      return [`Cohort ${cohortId} is closed: nothing of it changes any more.`];
    case 'NotDraft':
      return command === 'cohorts delete'
        ? [`Only a draft can be deleted; cohort ${cohortId} has been scheduled (srsn cohorts show ${cohortId}).`]
        : [`Cohort ${cohortId} is not a draft (srsn cohorts show ${cohortId}).`];
    case 'CohortExists':
      return ['Choose another id, or change the cohort that exists with `srsn cohorts set`.'];
    default:
      return [];
  }
}

/** What an API refusal says: its message, each field error, the other details, and what to do. */
export function apiErrorLines(
  error: ApiError,
  context: {
    command: string;
    applicationId?: string;
    /** The --version given, if any: a conflict with a version ahead of the stored one is said as such. */
    versionGiven?: number;
    local: boolean;
    /** The command's options by the API field they fill, to name the option rather than the field. */
    fields?: Readonly<Record<string, string>>;
    /** The cohort a `cohorts ...` command names. */
    cohortId?: string;
    /** The command's own words for a 404 NotFound. */
    notFound?: string;
  },
): string[] {
  const body = error.body;
  const record =
    typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  const code = typeof record?.error === 'string' ? record.error : undefined;
  const message =
    error.status === 404 && code === 'NotFound' && context.notFound !== undefined
      ? context.notFound
      : typeof record?.message === 'string'
        ? record.message
        : typeof body === 'string' && body.trim() !== ''
          ? body.trim().slice(0, 300)
          : 'no message';
  const lines = [
    `srsn ${context.command}: ${safeLine(message)} (HTTP ${error.status}${code ? ` ${safeLine(code)}` : ''})`,
  ];
  if (record) {
    for (const fieldError of Array.isArray(record.errors) ? record.errors : []) {
      const { field, message: fieldMessage } = (fieldError ?? {}) as { field?: unknown; message?: unknown };
      const option =
        typeof field === 'string' ? (optionOf(context.fields, field) ?? ownValue(error.fieldLabels, field)) : undefined;
      // A label may quote the API's field (`--set zones.CNZ (zones.CNZ.due)`): made safe as the field itself is.
      lines.push(`  ${option === undefined ? cell(field) : safeLine(option)}: ${cell(fieldMessage)}`);
    }
    for (const [key, value] of Object.entries(record)) {
      if (!['error', 'message', 'errors'].includes(key)) lines.push(`  ${headerOf(key)}: ${cell(value)}`);
    }
  }
  if (error.status === 401) {
    lines.push(
      context.local
        ? `The API did not accept the token. The local runtime accepts ${LOCAL_DEV_TOKEN} (the default) and ` +
            `dev-facilitator-2.`
        : 'The API did not accept the token. Cognito ID tokens last one hour: get a fresh one (README, "Facilitator ' +
            'CLI") and pass it with --token or SRSN_TOKEN.',
    );
  } else if (error.status === 403) {
    lines.push("The token is valid, but its user is not in the Cognito group 'facilitators'.");
  } else if (error.status === 404 && code === undefined) {
    lines.push(
      context.command === 'clock'
        ? 'The virtual clock exists on the local runtime only (npm start).'
        : `This API has no route ${error.method} ${error.path.split('?')[0]}: is it an older deployment than this CLI?`,
    );
  } else if (context.command === 'invitees import' && error.status === 400 && namesRows(record?.errors)) {
    lines.push(
      'Rows are numbered as in a spreadsheet (the header is row 1). Correct the file and import it again: nothing ' +
        'was imported.',
    );
  } else if (context.command.startsWith('cohorts ')) {
    lines.push(
      ...cohortHints(
        code,
        context.command,
        safeLine(context.cohortId ?? '<cohortId>'),
        versionAhead(record, context.versionGiven),
      ),
    );
  } else if (code === 'VersionConflict' && context.applicationId) {
    const ahead = versionAhead(record, context.versionGiven);
    const application = safeLine(context.applicationId);
    if (ahead)
      lines.push(
        `The application is at version ${ahead.stored}: version ${ahead.given} (--version) does not exist yet. See ` +
          `it with: srsn show ${application}; then run the command again with --version ${ahead.stored}` +
          `${context.command === 'decide' ? '' : ', or without --version (the CLI reads the current version itself)'}.`,
      );
    else
      lines.push(
        context.command === 'decide'
          ? `Someone changed the application since that version. See what changed with: srsn show ${application}; ` +
              `if your decision still stands, run the command again with the --version it shows.`
          : `Someone changed the application since that version. See what changed with: srsn show ${application}; ` +
              `then run the command again (without --version the CLI reads the current version itself).`,
      );
  }
  return lines;
}

export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const println = (stream: TextOutput, text: string) => stream.write(`${text}\n`);

  let parsed: ParsedCommandLine<Command>;
  try {
    parsed = parseCommandLine(argv, COMMANDS);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const where = error.command ? `srsn ${error.command}` : 'srsn';
    println(io.stderr, `${where}: ${error.message}`);
    println(
      io.stderr,
      error.command ? `Run 'srsn ${error.command} --help' for its options.` : `Run 'srsn --help' for the commands.`,
    );
    return EXIT.usage;
  }
  if (parsed.kind === 'help') {
    println(io.stdout, parsed.command ? commandHelp(parsed.command) : generalHelp(COMMANDS));
    return EXIT.ok;
  }

  const { command, values, positional } = parsed;
  const urlText = nonEmpty(values.url) ?? nonEmpty(io.env.SRSN_API_URL) ?? DEFAULT_API_URL;
  let url: URL;
  try {
    url = new URL(urlText);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError('not http(s)');
  } catch {
    println(io.stderr, `srsn ${command.name}: --url / SRSN_API_URL must be an http(s) URL, got '${safeLine(urlText)}'`);
    return EXIT.usage;
  }
  const local = isLocal(url);
  // Every request carries the facilitator's bearer token: never in clear text over a network.
  if (url.protocol === 'http:' && !local) {
    println(
      io.stderr,
      `srsn ${command.name}: refusing to send the facilitator token over plain http to ${safeLine(url.host)}: use an ` +
        `https URL (http is allowed only to the local runtime on 127.0.0.1, localhost or ::1).`,
    );
    return EXIT.usage;
  }
  const token = nonEmpty(values.token) ?? nonEmpty(io.env.SRSN_TOKEN) ?? (local ? LOCAL_DEV_TOKEN : undefined);
  if (token === undefined && command.name !== 'clock') {
    println(
      io.stderr,
      `srsn ${command.name}: ${url.origin} is not the local runtime, so it needs a facilitator token: pass --token ` +
        `or set SRSN_TOKEN to a Cognito ID token (README, "Facilitator CLI").`,
    );
    return EXIT.usage;
  }

  const json = values.json === true;
  const context: CommandContext = {
    api: new ApiClient(urlText, token, io.fetch),
    json,
    print: (text) => println(io.stdout, text),
    confirm: (question) => (io.confirm ? io.confirm(question) : Promise.resolve(true)),
  };

  try {
    await command.run(context, values, positional);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof UsageError) {
      println(io.stderr, `srsn ${command.name}: ${error.message}`);
      println(io.stderr, `Run 'srsn ${command.name} --help' for its options.`);
      return EXIT.usage;
    }
    if (error instanceof CancelledError) {
      println(io.stderr, `srsn ${command.name}: ${error.message}`);
      return EXIT.apiError;
    }
    if (error instanceof ApiError) {
      if (json) println(io.stdout, JSON.stringify(error.body ?? null, null, 2));
      for (const line of apiErrorLines(error, {
        command: command.name,
        ...(positional ? { applicationId: positional } : {}),
        ...(typeof values.version === 'string' && /^\d+$/.test(values.version)
          ? { versionGiven: Number(values.version) }
          : {}),
        ...(positional && command.name.startsWith('cohorts ') ? { cohortId: positional } : {}),
        local,
        ...(command.apiFields ? { fields: command.apiFields } : {}),
        ...(command.notFound ? { notFound: command.notFound(values, positional) } : {}),
      }))
        println(io.stderr, line);
      return EXIT.apiError;
    }
    if (error instanceof ApiUnreachableError) {
      println(
        io.stderr,
        `srsn ${command.name}: the API is not reachable at ${safeLine(error.baseUrl)} (${safeLine(error.reason)}).`,
      );
      println(
        io.stderr,
        local
          ? 'Start the local runtime with `npm start`, or point the CLI elsewhere with --url or SRSN_API_URL.'
          : 'Check --url / SRSN_API_URL (the stack output ApiUrl) and your network.',
      );
      return EXIT.unreachable;
    }
    println(io.stderr, `srsn ${command.name}: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.apiError;
  }
}

/** Asks on the terminal; without one (a pipe, CI) there is nobody to ask. */
async function confirmOnTerminal(question: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(question)).trim());
  } finally {
    prompt.close();
  }
}

export function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  return run(argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    ...(process.stdin.isTTY ? { confirm: confirmOnTerminal } : {}),
  });
}
