import { describe, expect, it } from 'vitest';
import { commandHelp, generalHelp, parseCommandLine, parseScorePairs, parseVersion, UsageError } from '../../cli/command-line.ts';
import { COMMANDS } from '../../cli/commands.ts';

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
    const parsed = parse('--json', 'decide', 'sdz-2022-2023-0453ba3b856e', '--decision', 'selected', '--scores', '1=3', '--url', 'http://127.0.0.1:3999', '--version', '3');

    expect(parsed).toMatchObject({ kind: 'run', positional: 'sdz-2022-2023-0453ba3b856e', values: { json: true, decision: 'selected', scores: '1=3', url: 'http://127.0.0.1:3999', version: '3' } });
    expect(parsed.command?.name).toBe('decide');
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
  });

  it.each([
    [[], 'Name a command.', undefined],
    [['frob'], "Unknown command 'frob'. Commands: queue, show, audit, clarify, decide, release, send-result, resolution, extend, clock.", undefined],
    [['queue', '--zone', 'SDZ'], 'Missing --cohort', 'queue'],
    [['queue', '--cohort', '2022-2023', '--zone', 'SDZ', '--bogus'], "Unknown option '--bogus'", 'queue'],
    [['queue', '--cohort', '2022-2023', '--zone'], "Option '--zone' needs a value", 'queue'],
    [['clarify', 'sdz-2022-2023-0453ba3b856e', '--question', '-x'], "Option '--question' needs a value (to pass one starting with a dash, write --question=<value>)", 'clarify'],
    [['show'], 'Missing <applicationId>', 'show'],
    [['show', 'a', 'b'], "Unexpected argument 'b'", 'show'],
    [['queue', 'x', '--cohort', '2022-2023', '--zone', 'SDZ'], "Unexpected argument 'x'", 'queue'],
    [['resolution', 'sdz-2022-2023-0453ba3b856e', '--reference', 'Resolution 14'], 'Missing --adopted-on', 'resolution'],
    [['decide', 'sdz-2022-2023-0453ba3b856e', '--decision', 'selected', '--scores', '1=3'], 'Missing --version', 'decide'],
    [['decide', 'sdz-2022-2023-0453ba3b856e', '--decision', 'selected', '--scores', '1=3', '--version='], 'Missing --version', 'decide'],
  ])('refuses %j: %s', (argv, message, command) => {
    const error = usageError(argv as string[]);
    expect(error.message).toBe(message);
    expect(error.command).toBe(command);
  });
});

describe('score pairs and versions', () => {
  it('reads element and evidence scores as numbers by name', () => {
    expect(parseScorePairs('1=3,2=3, 3 = 2,4=4,5=3,6=2,7=3,8=4', 'scores')).toEqual({ 1: 3, 2: 3, 3: 2, 4: 4, 5: 3, 6: 2, 7: 3, 8: 4 });
    expect(parseScorePairs('cblPractices=4,dataForSystemChange=3', 'evidence')).toEqual({ cblPractices: 4, dataForSystemChange: 3 });
  });

  it('leaves ranges to the API but refuses what is not name=integer, names given twice and an empty list', () => {
    expect(parseScorePairs('1=9', 'scores')).toEqual({ 1: 9 });
    expect(() => parseScorePairs('1=3,2=x', 'scores')).toThrow("--scores: '2=x' is not name=score (an integer score, e.g. 1=3)");
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

describe('help text', () => {
  it('lists every command with its summary, the environment variables and the exit codes', () => {
    const help = generalHelp(COMMANDS);
    for (const command of COMMANDS) expect(help).toMatch(new RegExp(`^  ${command.name} +${command.summary.replace(/[()]/g, '\\$&')}$`, 'm'));
    expect(help).toContain('SRSN_API_URL');
    expect(help).toContain('SRSN_TOKEN');
    expect(help).toContain('Exit codes: 0 done; 1 the API refused or failed (its message is printed); 2 bad command line; 3 API not reachable.');
  });

  it("gives each command its synopsis, its options marked required where they are, and the global options", () => {
    const decide = COMMANDS.find((command) => command.name === 'decide')!;
    const help = commandHelp(decide);
    expect(help.split('\n')[0]).toBe('Usage: srsn decide <applicationId> --decision selected|not_selected --scores 1=3,2=3,...,8=4 [--evidence cblPractices=4,...] [--notes <text>] --version <n>');
    expect(help).toMatch(/^  --decision <decision> +selected or not_selected \(required\)$/m);
    expect(help).toMatch(/^  --version <n> +the version you read with `srsn show` or `srsn queue`; the API refuses the review \(409\) if it changed since \(required\)$/m);
    expect(help).not.toContain('without it the CLI reads the current one first');
    expect(help).toMatch(/^  --notes <text> +review notes \(default empty\)$/m);
    expect(help).toMatch(/^  --token <token> +bearer token/m);
    expect(help).toMatch(/^  -h, --help +show help$/m);
  });
});
