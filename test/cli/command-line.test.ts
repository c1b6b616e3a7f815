import { describe, expect, it } from 'vitest';
import {
  commandHelp,
  generalHelp,
  parseAssignments,
  parseCommandLine,
  parseScorePairs,
  parseVersion,
  UsageError,
} from '../../cli/command-line.ts';
import { COMMANDS } from '../../cli/main.ts';

function parse(...argv: string[]) {
  return parseCommandLine(argv, COMMANDS);
}

function usageError(argv: string[]): UsageError {
  try {
    parse(...argv);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`expected a usage error for ${argv.join(' ')}`);
}

describe('reading the command line', () => {
  it('finds the command among global options and reads its options and application id', () => {
    const parsed = parse(
      '--json',
      'decide',
      'sdz-2022-2023-0453ba3b856e',
      '--decision',
      'selected',
      '--scores',
      '1=3',
      '--url',
      'http://127.0.0.1:3999',
      '--version',
      '3',
    );

    expect(parsed).toMatchObject({
      kind: 'run',
      positional: 'sdz-2022-2023-0453ba3b856e',
      values: { json: true, decision: 'selected', scores: '1=3', url: 'http://127.0.0.1:3999', version: '3' },
    });
    expect(parsed.command?.name).toBe('decide');
  });

  it('reads a two-word command, its file and options, and the one-word command of the same first word', () => {
    const imported = parse('--json', 'invitees', 'import', 'invitees.csv', '--cohort', '2022-2023');
    const listed = parse('invitees', '--cohort', '2022-2023', '--all');

    expect(imported).toMatchObject({
      kind: 'run',
      command: { name: 'invitees import' },
      positional: 'invitees.csv',
      values: { json: true, cohort: '2022-2023' },
    });
    expect(listed).toMatchObject({
      kind: 'run',
      command: { name: 'invitees' },
      positional: undefined,
      values: { cohort: '2022-2023', all: true },
    });
  });

  it('reads a session date and the move options', () => {
    const parsed = parse(
      'move-session',
      '2023-01-11',
      '--cohort',
      '2022-2023',
      '--date',
      '2023-01-18',
      '--start',
      '13:00',
      '--end',
      '15:00',
      '--note',
      'Winter break',
      '-y',
    );
    expect(parsed).toMatchObject({
      kind: 'run',
      command: { name: 'move-session' },
      positional: '2023-01-11',
      values: {
        cohort: '2022-2023',
        date: '2023-01-18',
        start: '13:00',
        end: '15:00',
        note: 'Winter break',
        yes: true,
      },
    });
  });

  it('takes option values that start with a dash when written --name=value', () => {
    const parsed = parse('clarify', 'sdz-2022-2023-0453ba3b856e', '--question=-- which grades?');
    expect(parsed).toMatchObject({ kind: 'run', values: { question: '-- which grades?' } });
  });

  it('answers help for --help, -h, help and help <command>, before checking required options', () => {
    expect(parse('--help')).toEqual({ kind: 'help' });
    expect(parse('help')).toEqual({ kind: 'help' });
    expect(parse('help', 'queue').command?.name).toBe('queue');
    expect(parse('queue', '-h')).toMatchObject({ kind: 'help', command: { name: 'queue' } });
    expect(parse('decide', '--help')).toMatchObject({ kind: 'help', command: { name: 'decide' } });
    expect(parse('help', 'invitees', 'import').command?.name).toBe('invitees import');
    expect(parse('help', 'invitees').command?.name).toBe('invitees');
    expect(parse('invitees', 'import', '--help')).toMatchObject({ kind: 'help', command: { name: 'invitees import' } });
    expect(parse('cancel-session', '-h')).toMatchObject({ kind: 'help', command: { name: 'cancel-session' } });
  });

  it.each([
    [[], 'Name a command.', undefined],
    [
      ['frob'],
      "Unknown command 'frob'. Commands: queue, show, audit, clarify, decide, release, send-result, resolution, " +
        'extend, clock, sessions, move-session, cancel-session, materials, invitees, invitees import, rosters, ' +
        'undeliverable, cohorts, cohorts show, cohorts create, cohorts set, cohorts export, cohorts copy, cohorts ' +
        'schedule, cohorts close, cohorts delete, calendar.',
      undefined,
    ],
    [['queue', '--zone', 'SDZ'], 'Missing --cohort', 'queue'],
    [['queue', '--cohort', '2022-2023', '--zone', 'SDZ', '--bogus'], "Unknown option '--bogus'", 'queue'],
    [['queue', '--cohort', '2022-2023', '--zone'], "Option '--zone' needs a value", 'queue'],
    [
      ['clarify', 'sdz-2022-2023-0453ba3b856e', '--question', '-x'],
      "Option '--question' needs a value (to pass one starting with a dash, write --question=<value>)",
      'clarify',
    ],
    [['show'], 'Missing <applicationId>', 'show'],
    [['show', 'a', 'b'], "Unexpected argument 'b'", 'show'],
    [['queue', 'x', '--cohort', '2022-2023', '--zone', 'SDZ'], "Unexpected argument 'x'", 'queue'],
    [
      ['resolution', 'sdz-2022-2023-0453ba3b856e', '--reference', 'Resolution 14'],
      'Missing --adopted-on',
      'resolution',
    ],
    [
      ['decide', 'sdz-2022-2023-0453ba3b856e', '--decision', 'selected', '--scores', '1=3'],
      'Missing --version',
      'decide',
    ],
    [
      ['decide', 'sdz-2022-2023-0453ba3b856e', '--decision', 'selected', '--scores', '1=3', '--version='],
      'Missing --version',
      'decide',
    ],
    [
      ['move-session', '--cohort', '2022-2023', '--start', '13:00', '--end', '15:00'],
      'Missing <sessionDate>',
      'move-session',
    ],
    [['move-session', '2023-01-11', '--cohort', '2022-2023', '--start', '13:00'], 'Missing --end', 'move-session'],
    [
      ['materials', '2022-10-12', '--cohort', '2022-2023', '--video', 'https://v.example.org/1'],
      'Missing --slides',
      'materials',
    ],
    [['invitees', 'import', '--cohort', '2022-2023'], 'Missing <file.csv>', 'invitees import'],
    [
      ['invitees', 'import', 'a.csv', 'b.csv', '--cohort', '2022-2023'],
      "Unexpected argument 'b.csv'",
      'invitees import',
    ],
    // The second word of a two-word command comes right after the first.
    [['invitees', '--cohort', '2022-2023', 'import', 'a.csv'], "Unexpected argument 'import'", 'invitees'],
    [['rosters', '--zone', 'CNZ'], 'Missing --cohort', 'rosters'],
  ])('refuses %j: %s', (argv, message, command) => {
    const error = usageError(argv as string[]);
    expect(error.message).toBe(message);
    expect(error.command).toBe(command);
  });
});

describe('score pairs and versions', () => {
  it('reads element and evidence scores as numbers by name', () => {
    expect(parseScorePairs('1=3,2=3, 3 = 2,4=4,5=3,6=2,7=3,8=4', 'scores')).toEqual({
      1: 3,
      2: 3,
      3: 2,
      4: 4,
      5: 3,
      6: 2,
      7: 3,
      8: 4,
    });
    expect(parseScorePairs('cblPractices=4,dataForSystemChange=3', 'evidence')).toEqual({
      cblPractices: 4,
      dataForSystemChange: 3,
    });
  });

  it('leaves ranges to the API but refuses what is not name=integer, names given twice and an empty list', () => {
    expect(parseScorePairs('1=9', 'scores')).toEqual({ 1: 9 });
    expect(() => parseScorePairs('1=3,2=x', 'scores')).toThrow(
      "--scores: '2=x' is not name=score (an integer score, e.g. 1=3)",
    );
    expect(() => parseScorePairs('1=3,1=4', 'scores')).toThrow("--scores: '1' is given twice");
    expect(() => parseScorePairs('1=3.5', 'scores')).toThrow(UsageError);
    expect(() => parseScorePairs(' , ', 'evidence')).toThrow('--evidence needs name=score pairs, e.g. 1=3,2=4');
  });

  it('reads a version as a positive integer', () => {
    expect(parseVersion('3')).toBe(3);
    expect(() => parseVersion('0')).toThrow("--version must be a positive integer, got '0'");
    expect(() => parseVersion('2a')).toThrow(UsageError);
  });
});

describe('a repeatable option (cohorts set --set)', () => {
  it('keeps every value in command-line order, one given alone as a list of one', () => {
    const many = parse('cohorts', 'set', '2027-2028', '--set', 'a=1', '--json', '--set=b.c=x', '--set', 'a.b=[1]');
    expect(many).toMatchObject({
      kind: 'run',
      command: { name: 'cohorts set' },
      positional: '2027-2028',
      values: { set: ['a=1', 'b.c=x', 'a.b=[1]'], json: true },
    });
    expect(parse('cohorts', 'set', '2027-2028', '--set', 'a=1')).toMatchObject({ values: { set: ['a=1'] } });
  });

  it('is still required, and an option that is not repeatable keeps one value', () => {
    expect(usageError(['cohorts', 'set', '2027-2028']).message).toBe('Missing --set');
    expect(usageError(['cohorts', 'set', '2027-2028', '--set', '']).message).toBe('Missing --set');
    // Not repeatable: parseArgs keeps the last, as before.
    expect(parse('cohorts', 'copy', '2026-2027', '--id', 'a', '--id', 'b')).toMatchObject({ values: { id: 'b' } });
  });

  it('says so in the help', () => {
    expect(commandHelp(COMMANDS.find((command) => command.name === 'cohorts set') ?? COMMANDS[0]!)).toMatch(
      /^ {2}--set <path>=<value> +a field and its new value, e\.g\. zones\.CNZ\.due=2027-09-10 \(required\) \(repeatable\)$/m,
    );
  });
});

describe('reading --set assignments', () => {
  it('splits at the first =, reads JSON values as JSON and anything else as text', () => {
    expect(
      parseAssignments(
        [
          'zones.CNZ.due=2027-10-08',
          'reminderOffsetsDays=[7, 1]',
          'zones.CNZ.review=null',
          'monthlySessions.joinUrl=https://zoom.us/j/1?pwd=a=b',
          'name="2027"',
          'rosterLimits.SDZ.alternates=2',
          'zoneTexts.CNZ.description=',
        ],
        'set',
      ),
    ).toEqual({
      'zones.CNZ.due': '2027-10-08',
      reminderOffsetsDays: [7, 1],
      'zones.CNZ.review': null,
      'monthlySessions.joinUrl': 'https://zoom.us/j/1?pwd=a=b',
      name: '2027',
      'rosterLimits.SDZ.alternates': 2,
      'zoneTexts.CNZ.description': '',
    });
  });

  it('keeps __proto__ a path like any other, for the API to refuse by name', () => {
    const assignments = parseAssignments(['__proto__=1'], 'set');
    expect(Object.keys(assignments)).toEqual(['__proto__']);
    expect(JSON.stringify(assignments)).toBe('{"__proto__":1}');
  });

  it.each([
    ['no equals sign', ['zones.CNZ.due'], "--set: 'zones.CNZ.due' is not <path>=<value>"],
    ['no path', ['=2027-10-08'], "--set: '=2027-10-08' is not <path>=<value>"],
    ['an empty segment', ['zones..due=1'], "--set: 'zones..due=1' is not <path>=<value>"],
    ['a path twice', ['name=a', 'name=b'], "--set: 'name' is given twice"],
  ])('refuses %s', (_case, items, message) => {
    expect(() => parseAssignments(items, 'set')).toThrow(message);
  });
});

describe('help text', () => {
  it('lists every command with its summary, the environment variables and the exit codes', () => {
    const help = generalHelp(COMMANDS);
    for (const command of COMMANDS)
      expect(help).toMatch(new RegExp(`^  ${command.name} +${command.summary.replace(/[()]/g, '\\$&')}$`, 'm'));
    expect(help).toContain('SRSN_API_URL');
    expect(help).toContain('SRSN_TOKEN');
    expect(help).toContain(
      'Exit codes: 0 done; 1 the API refused or failed (its message is printed); 2 bad command line; 3 API not ' +
        'reachable.',
    );
  });

  it('gives each command its synopsis, its options marked required where they are, and the global options', () => {
    const decide = COMMANDS.find((command) => command.name === 'decide')!;
    const help = commandHelp(decide);
    expect(help.split('\n')[0]).toBe(
      'Usage: srsn decide <applicationId> --decision selected|not_selected --scores 1=3,2=3,...,8=4 [--evidence ' +
        'cblPractices=4,...] [--notes <text>] --version <n>',
    );
    expect(help).toMatch(/^ {2}--decision <decision> +selected or not_selected \(required\)$/m);
    expect(help).toMatch(
      /^ {2}--version <n> +the version you read with `srsn show` or `srsn queue`; the API refuses the review \(409\) if it changed since \(required\)$/m,
    );
    expect(help).not.toContain('without it the CLI reads the current one first');
    expect(help).toMatch(/^ {2}--notes <text> +review notes \(default empty\)$/m);
    expect(help).toMatch(/^ {2}--token <token> +bearer token/m);
    expect(help).toMatch(/^ {2}-h, --help +show help$/m);
  });

  it('names the session by its scheduled date in the help of the session commands, and the file in the import', () => {
    const help = (name: string) => commandHelp(COMMANDS.find((command) => command.name === name)!);

    expect(help('move-session').split('\n')[0]).toBe(
      'Usage: srsn move-session <sessionDate> --cohort <cohort> [--date <YYYY-MM-DD>] --start <HH:MM> --end <HH:MM> ' +
        '[--note <text>] [--yes]',
    );
    expect(help('move-session')).toMatch(
      /^ {2}<sessionDate> {2}the date the cohort scheduled the session on, YYYY-MM-DD \(see `srsn sessions`\); it names the session even after a move$/m,
    );
    expect(help('move-session')).toMatch(
      /^ {2}--start <HH:MM> +start, 24-hour time in Central time, e.g. 13:00 \(required\)$/m,
    );
    expect(help('cancel-session')).toMatch(/^ {2}-y, --yes +do not ask for confirmation$/m);
    expect(help('invitees import').split('\n')[0]).toBe('Usage: srsn invitees import <file.csv> --cohort <cohort>');
    expect(help('rosters')).toMatch(/^ {2}--zone <zone> +SDZ, ILDZ or CNZ$/m);
  });
});
