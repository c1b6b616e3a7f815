import { describe, expect, it } from 'vitest';
import { answering, cli, fakeApi } from './fake-api.ts';

function record(state: string, version: number) {
  return { id: '2027-2028', state, version, definition: { id: '2027-2028', name: 'Cohort 9' } };
}

describe('srsn cohorts schedule', () => {
  it('asks, reads the version and schedules with it', async () => {
    const api = fakeApi({ status: 200, body: record('draft', 3) }, { status: 200, body: record('scheduled', 4) });
    const confirm = answering(true);
    const result = await cli(['cohorts', 'schedule', '2027-2028'], api, confirm);
    expect(confirm.questions).toEqual([
      'Schedule cohort 2027-2028? Its invitations, reminders and results go out on their dates. [y/N] ',
    ]);
    expect(api.calls).toEqual([
      { method: 'GET', path: '/facilitator/cohorts/2027-2028', body: undefined },
      { method: 'POST', path: '/facilitator/cohorts/2027-2028/schedule', body: { version: 3 } },
    ]);
    expect(result).toEqual({
      code: 0,
      stderr: '',
      stdout:
        'Cohort 2027-2028 is scheduled: its milestones fire; only what lies ahead may change (version 4).\n' +
        '`srsn calendar --cohort 2027-2028` lists what it will send when.\n',
    });
  });

  it('changes nothing when the facilitator says no, and does not ask with --yes', async () => {
    const declined = fakeApi();
    const no = await cli(['cohorts', 'schedule', '2027-2028'], declined, answering(false));
    expect(no).toEqual({ code: 1, stdout: '', stderr: 'srsn cohorts schedule: Not scheduled; nothing changed.\n' });
    expect(declined.calls).toEqual([]);

    const api = fakeApi({ status: 200, body: record('draft', 1) }, { status: 200, body: record('scheduled', 2) });
    const confirm = answering(false);
    const yes = await cli(['cohorts', 'schedule', '2027-2028', '--yes', '--json'], api, confirm);
    expect(confirm.questions).toEqual([]);
    expect(JSON.parse(yes.stdout)).toEqual(record('scheduled', 2));
  });

  it('prints the dates the API names when one has passed meanwhile, and what NotDraft means', async () => {
    const api = fakeApi(
      { status: 200, body: record('draft', 3) },
      {
        status: 400,
        body: {
          error: 'ValidationError',
          message: 'A date of the cohort has passed.',
          errors: [{ field: 'informationalMeetings.0.date', message: 'has passed (2027-08-26)' }],
        },
      },
      { status: 200, body: record('scheduled', 4) },
      { status: 409, body: { error: 'NotDraft', message: 'Cohort 2027-2028 is scheduled.' } },
    );
    const passed = await cli(['cohorts', 'schedule', '2027-2028', '--yes'], api);
    expect(passed.code).toBe(1);
    expect(passed.stderr).toBe(
      'srsn cohorts schedule: A date of the cohort has passed. (HTTP 400 ValidationError)\n' +
        '  informationalMeetings.0.date: has passed (2027-08-26)\n',
    );
    const again = await cli(['cohorts', 'schedule', '2027-2028', '--yes'], api);
    expect(again.stderr).toBe(
      'srsn cohorts schedule: Cohort 2027-2028 is scheduled. (HTTP 409 NotDraft)\n' +
        'Cohort 2027-2028 is not a draft (srsn cohorts show 2027-2028).\n',
    );
  });

  it('names the cohort the API does not know', async () => {
    const api = fakeApi({ status: 404, body: { error: 'NotFound', message: 'No cohort 2030-2031.' } });
    const result = await cli(['cohorts', 'schedule', '2030-2031', '--yes'], api);
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')[0]).toBe('srsn cohorts schedule: no cohort 2030-2031 (HTTP 404 NotFound)');
  });
});

describe('srsn cohorts close', () => {
  it('reads the version and closes with it', async () => {
    const api = fakeApi({ status: 200, body: record('scheduled', 7) }, { status: 200, body: record('closed', 8) });
    const result = await cli(['cohorts', 'close', '2027-2028'], api);
    expect(api.calls).toEqual([
      { method: 'GET', path: '/facilitator/cohorts/2027-2028', body: undefined },
      { method: 'POST', path: '/facilitator/cohorts/2027-2028/close', body: { version: 7 } },
    ]);
    expect(result.stdout).toBe('Cohort 2027-2028 is closed: nothing of it changes or goes out any more (version 8).\n');
  });

  it('prints why a cohort that has not ended stays open', async () => {
    const api = fakeApi(
      { status: 200, body: record('scheduled', 7) },
      {
        status: 409,
        body: { error: 'CohortNotEnded', message: 'Cohort 2027-2028 has sessions ahead: the last is on 2028-06-14.' },
      },
    );
    const result = await cli(['cohorts', 'close', '2027-2028'], api);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'srsn cohorts close: Cohort 2027-2028 has sessions ahead: the last is on 2028-06-14. (HTTP 409 CohortNotEnded)\n',
    );
  });
});

describe('srsn cohorts delete', () => {
  it('asks, then deletes the draft', async () => {
    const api = fakeApi({ status: 204 });
    const confirm = answering(true);
    const result = await cli(['cohorts', 'delete', '2027-2028'], api, confirm);
    expect(confirm.questions).toEqual(['Delete the draft cohort 2027-2028? [y/N] ']);
    expect(api.calls).toEqual([{ method: 'DELETE', path: '/facilitator/cohorts/2027-2028', body: undefined }]);
    expect(result).toEqual({ code: 0, stderr: '', stdout: 'Deleted the draft cohort 2027-2028.\n' });
  });

  it('sends nothing when the facilitator says no, and explains that only a draft can go', async () => {
    const declined = fakeApi();
    expect((await cli(['cohorts', 'delete', '2027-2028'], declined, answering(false))).code).toBe(1);
    expect(declined.calls).toEqual([]);

    const api = fakeApi({ status: 409, body: { error: 'NotDraft', message: 'Cohort 2026-2027 is scheduled.' } });
    const refused = await cli(['cohorts', 'delete', '2026-2027', '--yes'], api);
    expect(refused.stderr).toBe(
      'srsn cohorts delete: Cohort 2026-2027 is scheduled. (HTTP 409 NotDraft)\n' +
        'Only a draft can be deleted; cohort 2026-2027 has been scheduled (srsn cohorts show 2026-2027).\n',
    );
  });
});

describe('srsn help', () => {
  it('lists every cohort command, and each one’s help has examples', async () => {
    const general = await cli(['help'], fakeApi());
    for (const name of ['create', 'copy', 'set', 'schedule', 'close', 'delete', 'export', 'show'])
      expect(general.stdout).toMatch(new RegExp(`^  cohorts ${name} +\\S`, 'm'));
    const copy = await cli(['help', 'cohorts', 'copy'], fakeApi());
    expect(copy.stdout).toContain('Examples:\n  srsn cohorts copy 2026-2027 --id 2027-2028\n');
  });
});
