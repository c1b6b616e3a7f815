import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS, run } from '../../cli/main.ts';
import { RuntimeHarness } from '../support/local-runtime.ts';

/**
 * Every command that takes --cohort, against the real local runtime: whichever way the API names the
 * cohort it refuses (query.cohort, a body's cohort, path.cohortId), the CLI names the option, as
 * docs/cli.md promises. The same for --zone and for the argument of the commands that take one.
 */
let harness: RuntimeHarness;
let folder: string;
let csv: string;

beforeAll(async () => {
  harness = await RuntimeHarness.start({ clockStart: new Date('2022-09-01T15:00:00Z') });
  folder = await mkdtemp(join(tmpdir(), 'srsn-refusals-'));
  csv = join(folder, 'invitees.csv');
  await writeFile(
    csv,
    'kind,organization,county_district_code,contact_name,contact_email,zone_interest\n' +
      'district,Affton School District,096-088,Sam Ortega,sam@example.org,SDZ\n',
  );
});
afterAll(async () => {
  await harness.stop();
  await rm(folder, { recursive: true, force: true });
});

async function srsn(argv: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    env: { SRSN_API_URL: harness.api },
  });
  await harness.runtime.bus.whenIdle();
  return { code, stdout, stderr };
}

const UNKNOWN = '2030-2031';

/** A command line of each command that takes --cohort, valid but for the cohort given. */
const withCohort: Readonly<Record<string, (cohort: string) => string[]>> = {
  queue: (cohort) => ['queue', '--cohort', cohort, '--zone', 'SDZ'],
  release: (cohort) => ['release', '--cohort', cohort, '--zone', 'SDZ', '--yes'],
  extend: (cohort) => [
    'extend',
    ...['--cohort', cohort, '--zone', 'SDZ', '--applicant-key', 'district:096-104'],
    ...['--until', '2022-09-20T05:00:00Z'],
  ],
  sessions: (cohort) => ['sessions', '--cohort', cohort],
  'move-session': (cohort) => [
    ...['move-session', '2022-10-12', '--cohort', cohort],
    ...['--start', '13:00', '--end', '15:00', '--yes'],
  ],
  'cancel-session': (cohort) => ['cancel-session', '2022-10-12', '--cohort', cohort, '--yes'],
  materials: (cohort) => [
    ...['materials', '2022-10-12', '--cohort', cohort],
    ...['--video', 'https://video.example.org/oct', '--slides', 'https://slides.example.org/oct'],
  ],
  invitees: (cohort) => ['invitees', '--cohort', cohort],
  'invitees import': (cohort) => ['invitees', 'import', csv, '--cohort', cohort],
  rosters: (cohort) => ['rosters', '--cohort', cohort],
  undeliverable: (cohort) => ['undeliverable', '--cohort', cohort],
  calendar: (cohort) => ['calendar', '--cohort', cohort],
};

/** The first line says what was refused; the lines after it name each field. */
function fieldLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith('  '));
}

describe('a refusal names the option, not the API field', () => {
  it('lists every command that takes --cohort', () => {
    const takingCohort = COMMANDS.filter((command) => Object.hasOwn(command.options, 'cohort')).map(
      (command) => command.name,
    );
    expect(Object.keys(withCohort).sort()).toEqual(takingCohort.sort());
  });

  it.each(Object.entries(withCohort))('%s: an unknown cohort is named --cohort', async (_name, argv) => {
    const result = await srsn(argv(UNKNOWN));
    expect(result.code).toBe(1);
    // A field line ("  --cohort: no cohort ..."), or the first line when the API answers 404 (calendar).
    const named = [...fieldLines(result.stderr), result.stderr.split('\n')[0] ?? ''];
    expect(named.some((line) => line.includes('--cohort') && line.includes(`no cohort ${UNKNOWN}`))).toBe(true);
    expect(result.stderr).not.toMatch(/query\.cohort|path\.cohortId|^ {2}cohort:/m);
  });

  it('release --dry-run: an unknown cohort is named --cohort', async () => {
    const result = await srsn(['release', '--cohort', UNKNOWN, '--zone', 'SDZ', '--dry-run']);
    expect(result.code).toBe(1);
    expect(fieldLines(result.stderr)).toEqual([`  --cohort: no cohort ${UNKNOWN}`]);
  });

  it.each([
    ['queue', '--cohort', '2022-2023', '--zone', 'XYZ'],
    ['release', '--cohort', '2022-2023', '--zone', 'XYZ', '--dry-run'],
    ['release', '--cohort', '2022-2023', '--zone', 'XYZ', '--yes'],
    ['rosters', '--cohort', '2022-2023', '--zone', 'XYZ'],
    ['extend', '--cohort', '2022-2023', '--zone', 'XYZ', '--applicant-key', 'district:096-104', '--until', 'soon'],
  ])('%s: a bad --zone (and --until) is named as the option', async (...argv) => {
    const result = await srsn(argv);
    expect(result.code).toBe(1);
    const lines = fieldLines(result.stderr);
    expect(lines.find((line) => line.startsWith('  --zone: '))).toBeDefined();
    if (argv[0] === 'extend') expect(lines.find((line) => line.startsWith('  --until: '))).toBeDefined();
    expect(result.stderr).not.toMatch(/^ {2}(query\.)?(zone|until):/m);
  });

  it.each([
    [['show', 'not-an-id'], '<applicationId>'],
    [['cohorts', 'show', 'next-year'], '<cohortId>'],
    [
      ['move-session', '2022-13-45', '--cohort', '2022-2023', '--start', '13:00', '--end', '15:00', '--yes'],
      '<sessionDate>',
    ],
    [['cohorts', 'copy', '2022-2023', '--id', 'next-year'], '--id'],
  ])('%j: a malformed argument or id is named %s', async (argv, named) => {
    const result = await srsn(argv);
    expect(result.code).toBe(1);
    expect(fieldLines(result.stderr)[0]).toMatch(new RegExp(`^ {2}${named.replace(/[<>-]/g, '\\$&')}: `));
  });
});

describe('a version ahead of the stored one', () => {
  it('cohorts set --version beyond the cohort’s: the version does not exist yet, nothing changed', async () => {
    const shown = JSON.parse((await srsn(['cohorts', 'show', '2022-2023', '--json'])).stdout) as { version: number };
    const ahead = shown.version + 8;

    const result = await srsn(['cohorts', 'set', '2022-2023', '--set', 'name=Renamed', '--version', String(ahead)]);

    expect(result.code).toBe(1);
    expect(result.stderr.split('\n').at(-2)).toBe(
      `Cohort 2022-2023 is at version ${shown.version}: version ${ahead} (--version) does not exist yet. See it ` +
        `with: srsn cohorts show 2022-2023; then run the command again with --version ${shown.version}, or without ` +
        '--version (the CLI reads the current version itself).',
    );
    const after = JSON.parse((await srsn(['cohorts', 'show', '2022-2023', '--json'])).stdout);
    expect(after.version).toBe(shown.version);
  });
});
