import { describe, expect, it } from 'vitest';
import { shellWord } from '../../cli/cohort-copy-command.ts';
import { cohort2022to2023 } from '../../infra/local/seed/cohort-2022-2023.ts';
import { copyCohortForward } from '../../shared/domain/cohort/copy-forward.ts';
import { cohortDefinitionSchema } from '../../shared/domain/cohort/definition.ts';
import { answering, cli, fakeApi } from './fake-api.ts';

/** The copy the API computes for 2027-2028, as JSON carries it (the sessions' instants as ISO text). */
const copy = JSON.parse(
  JSON.stringify(copyCohortForward(cohortDefinitionSchema.parse(cohort2022to2023), { id: '2027-2028' })),
);
const preview = { status: 200, body: { saved: false, ...copy } };
const saved = { status: 201, body: { saved: true, ...copy, state: 'draft', version: 1 } };

describe('srsn cohorts copy', () => {
  it('asks for the copy without saving, and prints every computed date, the sessions and the shift', async () => {
    const api = fakeApi(preview);
    const result = await cli(['cohorts', 'copy', '2022-2023', '--id', '2027-2028'], api);
    expect(result.code).toBe(0);
    expect(api.calls).toEqual([
      { method: 'POST', path: '/facilitator/cohorts/2022-2023/copies', body: { id: '2027-2028', save: false } },
    ]);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(
      `Cohort 2027-2028 (${copy.definition.name}) copied from 2022-2023: every one-off date moves ` +
        `${copy.shiftDays} days (${copy.shiftDays / 7} weeks), so each keeps its weekday and its distance from the ` +
        `others. The anchor ${copy.anchor.path} keeps its place in its month: ${copy.anchor.source} ` +
        `(${copy.anchor.sourceWeekday}) -> ${copy.anchor.target} (${copy.anchor.targetWeekday}).`,
    );
    expect(lines).toContain(`Dates (${copy.dates.length}):`);
    expect(lines).toContainEqual(expect.stringMatching(/^FIELD +FROM +WEEKDAY +TO +WEEKDAY$/));
    // Every date the API computed is a row: field, from, weekday, to, weekday.
    for (const date of copy.dates) {
      const row = [date.path, date.source, date.sourceWeekday ?? '-', date.target, date.targetWeekday ?? '-'];
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${row.join(' +')}$`)));
    }
    expect(lines).toContain('invitationDate                2022-08-19  Friday     2027-08-20  Friday');
    expect(lines).toContain('monthlySessions.toMonth       2023-06     -          2028-06     -');
    // Sessions on the cohort's clock, on both sides of 2027-11-07 (to standard time) and 2028-03-12 (to daylight time).
    expect(lines).toContain(`Monthly sessions (${copy.sessions.length}, America/Chicago):`);
    expect(lines).toContainEqual(expect.stringMatching(/^DATE +WEEKDAY +START +END$/));
    expect(lines).toContain('2027-10-13  Wednesday  2027-10-13 10:00 CDT  12:00 CDT');
    expect(lines).toContain('2027-11-10  Wednesday  2027-11-10 10:00 CST  12:00 CST');
    expect(lines).toContain('2028-03-08  Wednesday  2028-03-08 10:00 CST  12:00 CST');
    expect(lines).toContain('2028-04-12  Wednesday  2028-04-12 10:00 CDT  12:00 CDT');
    expect(
      result.stdout.endsWith(
        'Nothing was saved. To save this cohort as a draft:\n  ' +
          'srsn cohorts copy 2022-2023 --id 2027-2028 --save\n',
      ),
    ).toBe(true);
  });

  it('lists after the dates what the copy carried over to check, one line each, a long value cut', async () => {
    const description =
      'Leading CBL districts (2028-2029) collaborate to improve local practice through\nshared inquiry and data.';
    const carriedOver = [
      { path: 'name', value: 'Innovation Zones Cohort 1, 2027-2028' },
      { path: 'informationalMeetings.0.joinUrl', value: 'https://zoom.us/j/81200000001' },
      { path: 'monthlySessions.dialIn', value: '+1 312 626 6799, meeting ID 812 3456 7890' },
      { path: 'zoneTexts.SDZ.description', value: description },
    ];
    const api = fakeApi({ status: 200, body: { ...preview.body, carriedOver } });
    const result = await cli(['cohorts', 'copy', '2022-2023', '--id', '2027-2028'], api);
    expect(result.code).toBe(0);
    const review = result.stdout.slice(result.stdout.indexOf('Monthly sessions'));
    expect(review.slice(review.indexOf('\n\nCarried over'), review.indexOf('\n\nNothing was saved'))).toBe(
      [
        '',
        '',
        'Carried over from 2022-2023: check each before you schedule',
        'PATH                             VALUE',
        'name                             Innovation Zones Cohort 1, 2027-2028',
        'informationalMeetings.0.joinUrl  https://zoom.us/j/81200000001',
        'monthlySessions.dialIn           +1 312 626 6799, meeting ID 812 3456 7890',
        // 69 characters of the text on one line, then the ellipsis.
        'zoneTexts.SDZ.description        Leading CBL districts (2028-2029) collaborate to improve local practi…',
      ].join('\n'),
    );
    // An API older than carriedOver: no such section.
    const older = await cli(['cohorts', 'copy', '2022-2023', '--id', '2027-2028'], fakeApi(preview));
    expect(older.stdout).not.toContain('Carried over');
  });

  it('gives the exact command to save, with the name quoted for the shell', async () => {
    const api = fakeApi(preview);
    const result = await cli(['cohorts', 'copy', '2022-2023', '--id', '2027-2028', '--name', "Cohort 9's year"], api);
    expect(api.calls[0]?.body).toEqual({ id: '2027-2028', name: "Cohort 9's year", save: false });
    expect(result.stdout).toContain(
      "\n  srsn cohorts copy 2022-2023 --id 2027-2028 --name 'Cohort 9'\\''s year' --save\n",
    );
    expect(shellWord('2027-2028')).toBe('2027-2028');
    expect(shellWord('a b')).toBe("'a b'");
  });

  it('with --save shows the review, asks, then saves a draft', async () => {
    const api = fakeApi(preview, saved);
    const confirm = answering(true);
    const result = await cli(['cohorts', 'copy', '2022-2023', '--id', '2027-2028', '--save'], api, confirm);
    expect(result.code).toBe(0);
    expect(api.calls.map((call) => call.body)).toEqual([
      { id: '2027-2028', save: false },
      { id: '2027-2028', save: true },
    ]);
    expect(confirm.questions).toEqual(['Save cohort 2027-2028 as a draft? It sends nothing until scheduled. [y/N] ']);
    expect(result.stdout).toContain(`Dates (${copy.dates.length}):`);
    expect(result.stdout).toContain(
      'Saved cohort 2027-2028, version 1: a draft: editable as a whole, sends nothing; only the cohorts commands ' +
        'and calendar know it until it is scheduled.',
    );
    expect(result.stdout).not.toContain('Nothing was saved');
  });

  it('saves nothing when the facilitator says no', async () => {
    const api = fakeApi(preview);
    const result = await cli(['cohorts', 'copy', '2022-2023', '--id', '2027-2028', '--save'], api, answering(false));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('srsn cohorts copy: Nothing was saved.\n');
    expect(api.calls).toHaveLength(1);
  });

  it('with --save --yes saves at once, and --json prints the API’s answer', async () => {
    const api = fakeApi(saved);
    const confirm = answering(false);
    const result = await cli(
      ['cohorts', 'copy', '2022-2023', '--id', '2027-2028', '--save', '--yes', '--json'],
      api,
      confirm,
    );
    expect(result.code).toBe(0);
    expect(confirm.questions).toEqual([]);
    expect(api.calls.map((call) => call.body)).toEqual([{ id: '2027-2028', save: true }]);
    expect(JSON.parse(result.stdout)).toEqual(saved.body);
  });

  it('names --id and <fromId> in the API’s refusals', async () => {
    const api = fakeApi(
      {
        status: 400,
        body: {
          error: 'ValidationError',
          message: 'The copy is invalid.',
          errors: [{ field: 'id', message: 'must come after 2022-2023' }],
        },
      },
      { status: 404, body: { error: 'NotFound', message: 'No cohort 2019-2020.' } },
      { status: 409, body: { error: 'CohortExists', message: 'Cohort 2027-2028 exists already.' } },
    );
    const early = await cli(['cohorts', 'copy', '2022-2023', '--id', '2021-2022'], api);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('\n  --id: must come after 2022-2023\n');
    const unknown = await cli(['cohorts', 'copy', '2019-2020', '--id', '2027-2028'], api);
    expect(unknown.stderr.split('\n')[0]).toBe(
      'srsn cohorts copy: no cohort 2019-2020 to copy (<fromId>) (HTTP 404 NotFound)',
    );
    const exists = await cli(['cohorts', 'copy', '2022-2023', '--id', '2027-2028', '--save', '--yes'], api);
    expect(exists.stderr).toContain('Choose another id, or change the cohort that exists with `srsn cohorts set`.');
  });

  it('needs --id and sends nothing without it', async () => {
    const api = fakeApi();
    const result = await cli(['cohorts', 'copy', '2022-2023'], api);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Missing --id');
    expect(api.calls).toEqual([]);
  });
});
