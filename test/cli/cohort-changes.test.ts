import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { setOptionOf } from '../../cli/cohort-change-commands.ts';
import { cli, fakeApi } from './fake-api.ts';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'srsn-cohort-changes-'));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

const DEFINITION = {
  id: '2027-2028',
  name: 'Cohort 9',
  timeZone: 'America/Chicago',
  zones: { CNZ: { opens: '2027-08-20', due: '2027-10-08', review: null, notify: '2027-10-15' } },
  monthlySessions: { weekday: 3, ordinal: 2, start: '10:00', end: '12:00', joinUrl: null },
};

/** A cohort as GET /facilitator/cohorts/{id} answers it. */
function record(state: string, version: number, definition: object = DEFINITION) {
  return {
    id: '2027-2028',
    state,
    version,
    createdAt: '2026-12-07T15:00:00.000Z',
    updatedAt: '2026-12-07T16:30:00.000Z',
    definition,
  };
}

describe('srsn cohorts create', () => {
  it('sends the YAML file’s definition and says the cohort is a draft', async () => {
    const file = join(folder, 'next.yaml');
    await writeFile(file, 'id: 2027-2028\nname: Cohort 9\nzones:\n  CNZ:\n    due: 2027-10-08\n');
    const api = fakeApi({ status: 201, body: record('draft', 1) });
    const result = await cli(['cohorts', 'create', '--file', file], api);
    expect(result).toEqual({
      code: 0,
      stderr: '',
      stdout:
        'Created cohort 2027-2028, version 1: a draft: editable as a whole, sends nothing; only the cohorts ' +
        'commands and calendar know it until it is scheduled.\nReview it with `srsn cohorts show 2027-2028`; schedule it with `srsn cohorts ' +
        'schedule 2027-2028`.\n',
    });
    expect(api.calls).toEqual([
      {
        method: 'POST',
        path: '/facilitator/cohorts',
        body: { id: '2027-2028', name: 'Cohort 9', zones: { CNZ: { due: '2027-10-08' } } },
      },
    ]);
  });

  it('names each refused field by its line in the file', async () => {
    const file = join(folder, 'refused.json');
    await writeFile(file, JSON.stringify({ id: '2027-2028', zones: { CNZ: { due: '2027-07-01' } } }, null, 2));
    const api = fakeApi({
      status: 400,
      body: {
        error: 'ValidationError',
        message: 'The cohort definition is invalid: see errors for each field.',
        errors: [
          { field: 'zones.CNZ.due', message: 'must not be before zones.CNZ.opens' },
          { field: 'rollover', message: 'is required' },
        ],
      },
    });
    const result = await cli(['cohorts', 'create', '--file', file], api);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      [
        'srsn cohorts create: The cohort definition is invalid: see errors for each field. (HTTP 400 ValidationError)',
        `  ${file} line 5 (zones.CNZ.due): must not be before zones.CNZ.opens`,
        // Not in the file: the field as the API names it.
        '  rollover: is required',
        '',
      ].join('\n'),
    );
  });

  it('refuses a file with a syntax error before sending anything', async () => {
    const file = join(folder, 'broken.json');
    await writeFile(file, '{\n  "id": "2027-2028"\n  "name": "x"\n}\n');
    const api = fakeApi();
    const result = await cli(['cohorts', 'create', '--file', file], api);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`srsn cohorts create: ${file} line 3, column 3:`);
    expect(api.calls).toEqual([]);
  });

  it('says what to do when the id is taken', async () => {
    const file = join(folder, 'taken.yaml');
    await writeFile(file, 'id: 2026-2027\n');
    const api = fakeApi({ status: 409, body: { error: 'CohortExists', message: 'Cohort 2026-2027 exists already.' } });
    const result = await cli(['cohorts', 'create', '--file', file], api);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'srsn cohorts create: Cohort 2026-2027 exists already. (HTTP 409 CohortExists)\n' +
        'Choose another id, or change the cohort that exists with `srsn cohorts set`.\n',
    );
  });
});

describe('srsn cohorts set', () => {
  it('reads the version, then sends every --set in one change, values as JSON when they are JSON', async () => {
    const changed = { ...record('scheduled', 5), notes: ['CNZ results re-planned for 2027-10-15 09:00 CDT'] };
    const api = fakeApi({ status: 200, body: record('scheduled', 4) }, { status: 200, body: changed });
    const result = await cli(
      [
        'cohorts',
        'set',
        '2027-2028',
        '--set',
        'zones.CNZ.due=2027-10-08',
        '--set',
        'zones.CNZ.notify=2027-10-15',
        '--set',
        'reminderOffsetsDays=[7,1]',
        '--set',
        'monthlySessions.dialIn=+1 312 626 6799, meeting ID 812',
        '--set',
        'zones.CNZ.review=null',
        '--set',
        'name="2027"',
      ],
      api,
    );
    expect(api.calls).toEqual([
      { method: 'GET', path: '/facilitator/cohorts/2027-2028', body: undefined },
      {
        method: 'PATCH',
        path: '/facilitator/cohorts/2027-2028',
        body: {
          version: 4,
          set: {
            'zones.CNZ.due': '2027-10-08',
            'zones.CNZ.notify': '2027-10-15',
            reminderOffsetsDays: [7, 1],
            'monthlySessions.dialIn': '+1 312 626 6799, meeting ID 812',
            'zones.CNZ.review': null,
            name: '2027',
          },
        },
      },
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        'Changed cohort 2027-2028:',
        '  zones.CNZ.due = "2027-10-08"',
        '  zones.CNZ.notify = "2027-10-15"',
        '  reminderOffsetsDays = [7,1]',
        '  monthlySessions.dialIn = "+1 312 626 6799, meeting ID 812"',
        '  zones.CNZ.review = null',
        '  name = "2027"',
        'Cohort 2027-2028 (Cohort 9): scheduled, version 5, changed 2026-12-07 10:30 CST',
        'Notes:',
        '  - CNZ results re-planned for 2027-10-15 09:00 CDT',
        '',
      ].join('\n'),
    );
  });

  it('sends --version as given, without reading first', async () => {
    const api = fakeApi({ status: 200, body: { ...record('draft', 3), notes: [] } });
    const result = await cli(['cohorts', 'set', '2027-2028', '--set', 'name=Cohort 9', '--version', '2'], api);
    expect(result.code).toBe(0);
    expect(api.calls).toEqual([
      { method: 'PATCH', path: '/facilitator/cohorts/2027-2028', body: { version: 2, set: { name: 'Cohort 9' } } },
    ]);
    expect(result.stdout).not.toContain('Notes:');
  });

  it('refuses a --set that is not <path>=<value>, or a path given twice, before sending anything', async () => {
    const api = fakeApi();
    const malformed = await cli(['cohorts', 'set', '2027-2028', '--set', 'zones CNZ due'], api);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain("--set: 'zones CNZ due' is not <path>=<value>");
    const twice = await cli(['cohorts', 'set', '2027-2028', '--set', 'name=A', '--set', 'name=B'], api);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain("--set: 'name' is given twice");
    const none = await cli(['cohorts', 'set', '2027-2028'], api);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Missing --set');
    expect(api.calls).toEqual([]);
  });

  it('names the --set the API refuses, and says what a scheduled cohort may change', async () => {
    const api = fakeApi(
      { status: 200, body: record('scheduled', 4) },
      {
        status: 409,
        body: {
          error: 'ChangeRefused',
          message: 'A scheduled cohort may change only what lies ahead.',
          errors: [
            { field: 'monthlySessions.weekday', message: 'is fixed once the cohort is scheduled' },
            { field: 'set.zones.SDZ.due', message: 'has passed (2027-09-10)' },
            { field: 'zones.CNZ.review.from', message: 'would put the CNZ review before its due date' },
          ],
        },
      },
    );
    const result = await cli(
      [
        'cohorts',
        'set',
        '2027-2028',
        '--set',
        'monthlySessions.weekday=4',
        '--set',
        'zones.SDZ.due=2027-09-17',
        '--set',
        'zones.CNZ.review={"from":"2027-10-01","to":"2027-10-05"}',
      ],
      api,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      [
        'srsn cohorts set: A scheduled cohort may change only what lies ahead. (HTTP 409 ChangeRefused)',
        '  --set monthlySessions.weekday: is fixed once the cohort is scheduled',
        '  --set zones.SDZ.due: has passed (2027-09-10)',
        '  --set zones.CNZ.review (zones.CNZ.review.from): would put the CNZ review before its due date',
        'A scheduled cohort may change only what lies ahead: dates not yet passed, meetings still to come, links, the ' +
          'name and the zone texts (docs/next-season.md).',
        '',
      ].join('\n'),
    );
  });

  it('after a version conflict says to look and run it again', async () => {
    const api = fakeApi(
      { status: 200, body: record('draft', 4) },
      { status: 409, body: { error: 'VersionConflict', message: 'The cohort is at version 5, not 4.' } },
    );
    const result = await cli(['cohorts', 'set', '2027-2028', '--set', 'name=Cohort 9'], api);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'srsn cohorts set: The cohort is at version 5, not 4. (HTTP 409 VersionConflict)\n' +
        'Someone changed cohort 2027-2028 since it was read. See it with: srsn cohorts show 2027-2028; then run the ' +
        'command again (without --version the CLI reads the current version itself).\n',
    );
  });

  it('after a --version ahead of the stored one says that version does not exist yet', async () => {
    const api = fakeApi({
      status: 409,
      body: {
        error: 'VersionConflict',
        message: 'Cohort 2027-2028 is at version 1 now: read it again and make the change on that version.',
        version: 1,
      },
    });
    const result = await cli(['cohorts', 'set', '2027-2028', '--set', 'name=Cohort 9', '--version', '9'], api);
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n').at(-2)).toBe(
      'Cohort 2027-2028 is at version 1: version 9 (--version) does not exist yet. See it with: srsn cohorts show ' +
        '2027-2028; then run the command again with --version 1, or without --version (the CLI reads the current ' +
        'version itself).',
    );
    expect(result.stderr).not.toContain('Someone changed');
  });

  it('finds the --set of a refused field, or none', () => {
    const paths = ['zones.CNZ', 'name'];
    expect(setOptionOf(paths, 'name')).toBe('--set name');
    expect(setOptionOf(paths, 'set.name')).toBe('--set name');
    expect(setOptionOf(paths, 'zones.CNZ.due')).toBe('--set zones.CNZ (zones.CNZ.due)');
    const meeting = ['planningMeeting.date', 'planningMeeting.start', 'name'];
    expect(setOptionOf(meeting, 'planningMeeting')).toBe(
      '--set planningMeeting.date, --set planningMeeting.start (planningMeeting)',
    );
    // A sibling that merely starts with the same letters is not inside the path.
    expect(setOptionOf(paths, 'zones.CNZX')).toBeUndefined();
    expect(setOptionOf(paths, 'timeZone')).toBeUndefined();
  });
});

describe('srsn cohorts export', () => {
  it('prints the definition as YAML by default', async () => {
    const api = fakeApi({ status: 200, body: record('scheduled', 4) });
    const result = await cli(['cohorts', 'export', '2027-2028'], api);
    expect(result.code).toBe(0);
    expect(parse(result.stdout)).toEqual(DEFINITION);
    expect(result.stdout).toContain('\n  CNZ:\n    opens: 2027-08-20\n');
  });

  it('writes a new .json or .yaml file, and --json prints the API’s answer', async () => {
    const api = fakeApi({ status: 200, body: record('draft', 2) }, { status: 200, body: record('draft', 2) });
    const json = join(folder, 'export.json');
    const written = await cli(['cohorts', 'export', '2027-2028', '--file', json], api);
    expect(written.stdout).toBe(`Wrote the definition of cohort 2027-2028 (draft, version 2) to ${json}.\n`);
    expect(JSON.parse(await readFile(json, 'utf8'))).toEqual(DEFINITION);
    const yaml = join(folder, 'export.yml');
    const answered = await cli(['cohorts', 'export', '2027-2028', '--file', yaml, '--json'], api);
    expect(JSON.parse(answered.stdout)).toEqual(record('draft', 2));
    expect(parse(await readFile(yaml, 'utf8'))).toEqual(DEFINITION);
  });

  it('refuses a file name of another kind before asking the API, and leaves an existing file alone', async () => {
    const api = fakeApi({ status: 200, body: record('draft', 2) });
    const other = await cli(['cohorts', 'export', '2027-2028', '--file', 'out.txt'], api);
    expect(other.code).toBe(2);
    expect(api.calls).toEqual([]);
    const existing = join(folder, 'kept.yaml');
    await writeFile(existing, 'mine\n');
    const kept = await cli(['cohorts', 'export', '2027-2028', '--file', existing], api);
    expect(kept.code).toBe(2);
    expect(kept.stderr).toContain(`${existing} exists already`);
    expect(await readFile(existing, 'utf8')).toBe('mine\n');
  });
});
