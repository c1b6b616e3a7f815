/**
 * Command-line parsing of `srsn` with Node's own `util.parseArgs` (no library): the
 * command word (or two, as in "invitees import"), strict options per command, the one
 * positional argument where the command takes one (an application id, a session date, a
 * file), and help text generated from the same definitions.
 */
import { parseArgs } from 'node:util';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly description: string;
  /** Shown after the option name in help, e.g. "<id>". */
  readonly placeholder?: string;
  readonly required?: boolean;
  readonly short?: string;
  /** May be given more than once (`--set a=1 --set b=2`): its value is the list, in command-line order. */
  readonly multiple?: boolean;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

export interface CommandSyntax {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The synopsis after "srsn ". */
  readonly usage: string;
  /** Paragraphs of help after the synopsis. */
  readonly description: string;
  /** The one positional argument, if the command takes one. */
  readonly positional?: { readonly name: string; readonly description: string };
  readonly options: OptionSpecs;
  readonly examples: readonly string[];
}

/** A command line that cannot be run as written; exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose help explains the mistake, if known. */
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export const GLOBAL_OPTIONS: OptionSpecs = {
  url: {
    type: 'string',
    placeholder: '<url>',
    description:
      'API base URL (env SRSN_API_URL; default http://127.0.0.1:3000, the local runtime); https, or http only to ' +
      '127.0.0.1, localhost or ::1',
  },
  token: {
    type: 'string',
    placeholder: '<token>',
    description:
      'bearer token (env SRSN_TOKEN): a Cognito ID token for a deployed API; default dev-facilitator on a local URL',
  },
  json: { type: 'boolean', description: "print the API's JSON answer instead of tables" },
  help: { type: 'boolean', short: 'h', description: 'show help' },
};

/** A repeatable option's value is the list of its values (OptionSpec.multiple); any other is a string or a flag. */
export type OptionValues = Readonly<Record<string, string | boolean | readonly string[] | undefined>>;

export type ParsedCommandLine<C extends CommandSyntax = CommandSyntax> =
  | { readonly kind: 'help'; readonly command?: C }
  | {
      readonly kind: 'run';
      readonly command: C;
      readonly values: OptionValues;
      readonly positional: string | undefined;
    };

function parseArgsOptions(specs: OptionSpecs) {
  return Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [
      name,
      {
        type: spec.type,
        ...(spec.short ? { short: spec.short } : {}),
        ...(spec.multiple ? { multiple: true } : {}),
      },
    ]),
  );
}

/** parseArgs' messages carry hints about its own syntax; say it the CLI's way, on one line. */
function usageMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /^Unknown option '([^']*)'/.exec(message);
  if (unknown) return `Unknown option '${unknown[1]}'`;
  const ambiguous = /^Option '(--[^' ]+)' argument is ambiguous/.exec(message);
  if (ambiguous)
    return `Option '${ambiguous[1]}' needs a value (to pass one starting with a dash, write ${ambiguous[1]}=<value>)`;
  const missing = /^Option '(--[^' ]+)(?: <value>)?' argument missing/.exec(message);
  if (missing) return `Option '${missing[1]}' needs a value`;
  const lineEnd = message.indexOf('\n');
  return lineEnd === -1 ? message : message.slice(0, lineEnd);
}

export function parseCommandLine<C extends CommandSyntax>(
  argv: readonly string[],
  commands: readonly C[],
): ParsedCommandLine<C> {
  // First pass, lenient: find the command word among the global options.
  const { tokens } = parseArgs({
    args: [...argv],
    options: parseArgsOptions(GLOBAL_OPTIONS),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const words = tokens.filter((token) => token.kind === 'positional');
  const commandToken = words[0];
  const wantsHelp = tokens.some((token) => token.kind === 'option' && token.name === 'help');
  if (!commandToken) {
    if (wantsHelp) return { kind: 'help' };
    throw new UsageError('Name a command.');
  }

  if (commandToken.value === 'help') {
    const [topic, subtopic] = argv.filter((arg, index) => index !== commandToken.index && !arg.startsWith('-'));
    if (topic === undefined) return { kind: 'help' };
    return {
      kind: 'help',
      command: commands.find((candidate) => candidate.name === `${topic} ${subtopic}`) ?? findCommand(topic, commands),
    };
  }
  // A two-word command ("invitees import") has its second word right after the first.
  const secondWord = words.find((token) => token.index === commandToken.index + 1);
  const twoWordCommand = secondWord
    ? commands.find((candidate) => candidate.name === `${commandToken.value} ${secondWord.value}`)
    : undefined;
  const command = twoWordCommand ?? findCommand(commandToken.value, commands);
  const commandWords = twoWordCommand && secondWord ? [commandToken.index, secondWord.index] : [commandToken.index];
  const rest = argv.filter((_, index) => !commandWords.includes(index));

  let parsed: { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: rest,
      options: parseArgsOptions({ ...GLOBAL_OPTIONS, ...command.options }),
      strict: true,
      allowPositionals: true,
    }) as typeof parsed;
  } catch (error) {
    throw new UsageError(usageMessage(error), command.name);
  }
  if (parsed.values.help) return { kind: 'help', command };

  const expected = command.positional ? 1 : 0;
  if (parsed.positionals.length > expected) {
    throw new UsageError(`Unexpected argument '${parsed.positionals[expected]}'`, command.name);
  }
  if (command.positional && parsed.positionals.length === 0) {
    throw new UsageError(`Missing <${command.positional.name}>`, command.name);
  }
  const missing = Object.entries(command.options)
    .filter(([name, spec]) => spec.required && isMissing(parsed.values[name]))
    .map(([name]) => `--${name}`);
  if (missing.length > 0) throw new UsageError(`Missing ${missing.join(', ')}`, command.name);

  return { kind: 'run', command, values: parsed.values, positional: parsed.positionals[0] };
}

/** A required option left out, or given only empty (`--file ''`, `--set ''`). */
function isMissing(value: string | boolean | readonly string[] | undefined): boolean {
  if (Array.isArray(value)) return value.every((item) => item === '');
  return value === undefined || value === '';
}

function findCommand<C extends CommandSyntax>(name: string, commands: readonly C[]): C {
  const command = commands.find((candidate) => candidate.name === name);
  if (!command)
    throw new UsageError(
      `Unknown command '${name}'. Commands: ${commands.map((candidate) => candidate.name).join(', ')}.`,
    );
  return command;
}

/**
 * "1=3,2=3,3=2" -> { "1": 3, "2": 3, "3": 2 }: rubric scores as name=integer pairs.
 * Which names and ranges are allowed is the API's rule; this only reads the syntax.
 */
export function parseScorePairs(text: string, option: string): Record<string, number> {
  const scores: Record<string, number> = {};
  const items = text.split(',').map((item) => item.trim());
  if (items.every((item) => item === '')) throw new UsageError(`--${option} needs name=score pairs, e.g. 1=3,2=4`);
  for (const item of items) {
    const match = /^([A-Za-z0-9_]+)\s*=\s*(-?\d+)$/.exec(item);
    if (!match) throw new UsageError(`--${option}: '${item}' is not name=score (an integer score, e.g. 1=3)`);
    const [, name, score] = match as unknown as [string, string, string];
    if (name in scores) throw new UsageError(`--${option}: '${name}' is given twice`);
    scores[name] = Number(score);
  }
  return scores;
}

/**
 * ["zones.CNZ.due=2027-09-10", "reminderOffsetsDays=[7,1]"] -> { "zones.CNZ.due": "2027-09-10", ... }: each
 * `<dotted.path>=<value>`, split at the first "=". The value is JSON when it parses as JSON (a number, null, a
 * list, a quoted string), else the text as it is, so dates and links need no quotes. Which paths exist and what
 * they may hold is the API's rule; this only reads the syntax.
 */
export function parseAssignments(items: readonly string[], option: string): Record<string, unknown> {
  // A Map, so that a path such as __proto__ is a key like any other (the API refuses it by name).
  const assignments = new Map<string, unknown>();
  if (items.length === 0) throw new UsageError(`Missing --${option}`);
  for (const item of items) {
    const equals = item.indexOf('=');
    const path = equals === -1 ? '' : item.slice(0, equals).trim();
    if (!/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/.test(path))
      throw new UsageError(
        `--${option}: '${item}' is not <path>=<value> (a dotted path such as zones.CNZ.due, then =, then the value)`,
      );
    if (assignments.has(path)) throw new UsageError(`--${option}: '${path}' is given twice`);
    assignments.set(path, jsonOrText(item.slice(equals + 1)));
  }
  return Object.fromEntries(assignments);
}

function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** A version number as the API counts them: a positive integer. */
export function parseVersion(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw new UsageError(`--version must be a positive integer, got '${text}'`);
  return Number(text);
}

function optionLines(specs: OptionSpecs): string[] {
  const options = Object.entries(specs).map(([name, spec]) => ({
    label: `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.placeholder ? ` ${spec.placeholder}` : ''}`,
    spec,
  }));
  const width = Math.max(...options.map(({ label }) => label.length));
  return options.map(
    ({ label, spec }) =>
      `  ${label.padEnd(width)}  ${spec.description}${spec.required ? ' (required)' : ''}` +
      `${spec.multiple ? ' (repeatable)' : ''}`,
  );
}

export const EXIT_CODES_HELP =
  'Exit codes: 0 done; 1 the API refused or failed (its message is printed); 2 bad command line; 3 API not reachable.';

export function commandHelp(command: CommandSyntax): string {
  const lines = [`Usage: srsn ${command.usage}`, '', command.description];
  if (command.positional)
    lines.push('', 'Arguments:', `  <${command.positional.name}>  ${command.positional.description}`);
  if (Object.keys(command.options).length > 0) lines.push('', 'Options:', ...optionLines(command.options));
  lines.push('', 'Global options:', ...optionLines(GLOBAL_OPTIONS));
  if (command.examples.length > 0) lines.push('', 'Examples:', ...command.examples.map((example) => `  ${example}`));
  return lines.join('\n');
}

export function generalHelp(commands: readonly CommandSyntax[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    'srsn: the facilitator command line of the SRSN Innovation Zones backend',
    '',
    "Usage: srsn <command> [options]      srsn <command> --help  shows a command's options",
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Global options:',
    ...optionLines(GLOBAL_OPTIONS),
    '',
    'Against the local runtime (npm start) no options are needed. For a deployed API set',
    'SRSN_API_URL to the stack output ApiUrl and SRSN_TOKEN to a Cognito ID token (README, "Facilitator CLI").',
    'Times are shown in Central time (America/Chicago).',
    EXIT_CODES_HELP,
  ].join('\n');
}
