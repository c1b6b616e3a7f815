import { describe, expect, it } from 'vitest';
import type { Fetch } from '../../cli/api-client.ts';
import { run } from '../../cli/main.ts';

/** A fake API answering each request in turn; it records the method and URL of each. */
function fakeApi(...answers: Array<{ status: number; body: unknown }>) {
  const calls: string[] = [];
  const fetch: Fetch = async (input, init = {}) => {
    calls.push(`${init.method ?? 'GET'} ${String(input)}`);
    const answer = answers.shift();
    if (!answer) throw new Error('the fake API got more requests than the test expected');
    return new Response(JSON.stringify(answer.body), { status: answer.status });
  };
  return { calls, fetch };
}

async function cli(argv: string[], api: ReturnType<typeof fakeApi>) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    env: {},
    fetch: api.fetch,
  });
  return { code, stdout, stderr };
}

const LOCAL = 'http://127.0.0.1:3000';

describe('srsn cohorts', () => {
  it('lists the cohorts with their state, version and each zone’s dates', async () => {
    const api = fakeApi({
      status: 200,
      body: {
        items: [
          {
            id: '2026-2027',
            state: 'scheduled',
            version: 3,
            name: 'Cohort 5',
            timeZone: 'America/Chicago',
            invitationDate: '2026-08-21',
            zones: {
              SDZ: { opens: '2026-08-21', due: '2026-09-11', notify: '2026-09-17' },
              CNZ: { opens: '2026-08-21', due: null, notify: null },
            },
          },
        ],
      },
    });
    const result = await cli(['cohorts'], api);
    expect(api.calls).toEqual([`GET ${LOCAL}/facilitator/cohorts`]);
    expect(result).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'ID         STATE      VERSION  NAME      TIME ZONE        INVITATIONS  SDZ OPENS..DUE / NOTIFY              CNZ OPENS..DUE / NOTIFY',
        '2026-2027  scheduled  3        Cohort 5  America/Chicago  2026-08-21   2026-08-21..2026-09-11 / 2026-09-17  2026-08-21..(not set) / (not set)',
        '',
      ].join('\n'),
    });
  });

  it('shows one cohort: its state and version, then its definition as YAML (the keys `set` names); and names an unknown one', async () => {
    const api = fakeApi(
      {
        status: 200,
        body: {
          id: '2026-2027',
          state: 'draft',
          version: 2,
          createdAt: '2026-12-01T15:00:00.000Z',
          updatedAt: '2026-12-07T16:30:00.000Z',
          definition: {
            id: '2026-2027',
            name: 'Cohort 5',
            reminderOffsetsDays: [7, 1],
            monthlySessions: { weekday: 3, joinUrl: 'https://zoom.us/j/1' },
          },
        },
      },
      { status: 404, body: { error: 'NotFound', message: 'No cohort 2030-2031.' } },
    );
    const shown = await cli(['cohorts', 'show', '2026-2027'], api);
    expect(shown).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'Cohort 2026-2027 (Cohort 5): draft, version 2, changed 2026-12-07 10:30 CST',
        '',
        'id: 2026-2027',
        'name: Cohort 5',
        'reminderOffsetsDays:',
        '  - 7',
        '  - 1',
        'monthlySessions:',
        '  weekday: 3',
        '  joinUrl: https://zoom.us/j/1',
        '',
      ].join('\n'),
    });
    const missing = await cli(['cohorts', 'show', '2030-2031'], api);
    expect(missing.code).toBe(1);
    expect(missing.stderr.split('\n')[0]).toBe('srsn cohorts show: no cohort 2030-2031 (HTTP 404 NotFound)');
    expect(api.calls).toEqual([
      `GET ${LOCAL}/facilitator/cohorts/2026-2027`,
      `GET ${LOCAL}/facilitator/cohorts/2030-2031`,
    ]);
  });
});

describe('srsn calendar', () => {
  it('prints each item on the cohort’s clock and in UTC, with its state and whom it would reach now', async () => {
    const api = fakeApi({
      status: 200,
      body: {
        cohort: '2022-2023',
        timeZone: 'America/Chicago',
        now: '2022-09-05T12:00:00.000Z',
        items: [
          {
            kind: 'InvitationsDue',
            what: 'Invitations',
            at: '2022-08-19T13:00:00.000Z',
            local: '2022-08-19 08:00 CDT',
            state: 'sent',
            recipients: null,
          },
          {
            kind: 'WindowClosed',
            what: 'Window closes SDZ',
            at: '2022-09-10T05:00:00.000Z',
            local: '2022-09-10 00:00 CDT',
            state: 'planned',
            note: 'emails the facilitators: the review queue is ready',
          },
          {
            kind: 'SessionReminderDue',
            what: 'Session reminder, 1 day before the 2022-11-09 session',
            at: '2022-11-08T16:00:00.000Z',
            local: '2022-11-08 10:00 CST',
            state: 'planned',
            recipients: 9,
          },
        ],
      },
    });
    const result = await cli(['calendar', '--cohort', '2022-2023'], api);
    expect(api.calls).toEqual([`GET ${LOCAL}/facilitator/cohorts/2022-2023/calendar`]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        'Calendar of cohort 2022-2023 (America/Chicago), as of 2022-09-05 12:00 UTC: 3 items, 2 mailings.',
        '',
        'CENTRAL               UTC                   WHAT                                                   STATE    WOULD REACH NOW  NOTE',
        '2022-08-19 08:00 CDT  2022-08-19 13:00 UTC  Invitations                                            sent     -                -',
        '2022-09-10 00:00 CDT  2022-09-10 05:00 UTC  Window closes SDZ                                      planned  -                emails the facilitators: the review queue is ready',
        '2022-11-08 10:00 CST  2022-11-08 16:00 UTC  Session reminder, 1 day before the 2022-11-09 session  planned  9                -',
        '',
      ].join('\n'),
    );
  });

  it('names --cohort, not the API’s path field, when the cohort is malformed or unknown', async () => {
    const api = fakeApi(
      {
        status: 400,
        body: {
          error: 'ValidationError',
          message: 'The request is invalid: see errors for each field.',
          errors: [{ field: 'path.cohortId', message: 'must be a cohort id of two consecutive years, like 2026-2027' }],
        },
      },
      { status: 404, body: { error: 'NotFound', message: 'No cohort 2026-2027.' } },
    );
    const malformed = await cli(['calendar', '--cohort', '2022-2024'], api);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toContain('  --cohort: must be a cohort id of two consecutive years, like 2026-2027\n');
    expect(malformed.stderr).not.toContain('path.cohortId');
    const unknown = await cli(['calendar', '--cohort', '2026-2027'], api);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.split('\n')[0]).toBe('srsn calendar: no cohort 2026-2027 (--cohort) (HTTP 404 NotFound)');
  });

  it('says a draft’s calendar is what it would send once scheduled', async () => {
    const api = fakeApi(
      {
        status: 200,
        body: {
          cohort: '2027-2028',
          state: 'draft',
          timeZone: 'America/Chicago',
          now: '2026-12-07T15:00:00.000Z',
          items: [],
        },
      },
      {
        status: 200,
        body: {
          cohort: '2027-2028',
          state: 'scheduled',
          timeZone: 'America/Chicago',
          now: '2026-12-07T15:00:00.000Z',
          items: [],
        },
      },
    );
    const draft = await cli(['calendar', '--cohort', '2027-2028'], api);
    expect(draft.stdout.split('\n')[0]).toBe(
      'Calendar of cohort 2027-2028 (America/Chicago), as of 2026-12-07 15:00 UTC: 0 items, 0 mailings. A draft: it ' +
        'sends none of this until `srsn cohorts schedule 2027-2028`.',
    );
    const scheduled = await cli(['calendar', '--cohort', '2027-2028'], api);
    expect(scheduled.stdout.split('\n')[0]).toBe(
      'Calendar of cohort 2027-2028 (America/Chicago), as of 2026-12-07 15:00 UTC: 0 items, 0 mailings.',
    );
  });

  it('needs --cohort, and sends nothing without it', async () => {
    const api = fakeApi();
    const result = await cli(['calendar'], api);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Missing --cohort');
    expect(api.calls).toEqual([]);
  });
});
