import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fetch } from '../../cli/api-client.ts';
import { type CliIo, run } from '../../cli/main.ts';

interface Call {
  method: string;
  url: string;
  authorization: string | null;
  contentType: string | null;
  /** Parsed when JSON; otherwise the text as sent. */
  body: unknown;
}

/** A fake API: answers each request in turn and records exactly what the CLI sent. */
function fakeApi(...answers: Array<{ status: number; body?: unknown } | Error>) {
  const calls: Call[] = [];
  const fetch: Fetch = async (input, init = {}) => {
    const headers = new Headers(init.headers);
    const contentType = headers.get('content-type');
    const sent =
      init.body === undefined || init.body === null
        ? undefined
        : typeof init.body === 'string'
          ? init.body
          : new TextDecoder('utf-8', { ignoreBOM: true }).decode(init.body as Uint8Array);
    const body = sent !== undefined && contentType === 'application/json' ? JSON.parse(sent) : sent;
    calls.push({
      method: init.method ?? 'GET',
      url: String(input),
      authorization: headers.get('authorization'),
      contentType,
      body,
    });
    const answer = answers.shift();
    if (answer === undefined) throw new Error('the fake API got more requests than the test expected');
    if (answer instanceof Error) throw answer;
    const text =
      answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    return new Response(text, { status: answer.status });
  };
  return { calls, fetch };
}

async function cli(argv: string[], api: ReturnType<typeof fakeApi>, io: Partial<CliIo> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    env: {},
    fetch: api.fetch,
    ...io,
  });
  return { code, stdout, stderr };
}

const ID = 'sdz-2022-2023-0453ba3b856e';
const LOCAL = 'http://127.0.0.1:3000';

describe('where the CLI sends its requests, and with which token', () => {
  it('uses the local runtime and the dev-facilitator token by default', async () => {
    const api = fakeApi({ status: 200, body: { applicationId: ID, entries: [] } });
    await cli(['audit', ID], api);
    expect(api.calls).toEqual([
      {
        method: 'GET',
        url: `${LOCAL}/facilitator/applications/${ID}/audit`,
        authorization: 'Bearer dev-facilitator',
        contentType: null,
        body: undefined,
      },
    ]);
  });

  it('takes the URL (with a stage path) and the token from the environment, and flags over the environment', async () => {
    const api = fakeApi({ status: 200, body: { entries: [] } }, { status: 200, body: { entries: [] } });
    const env = {
      SRSN_API_URL: 'https://abc123.execute-api.us-east-1.amazonaws.com/prod/',
      SRSN_TOKEN: 'eyJ.id.token',
    };
    await cli(['audit', ID], api, { env });
    await cli(['audit', ID, '--url', 'https://other.example.org', '--token', 'Bearer eyJ.other'], api, { env });
    expect(api.calls.map((call) => [call.url, call.authorization])).toEqual([
      [
        `https://abc123.execute-api.us-east-1.amazonaws.com/prod/facilitator/applications/${ID}/audit`,
        'Bearer eyJ.id.token',
      ],
      [`https://other.example.org/facilitator/applications/${ID}/audit`, 'Bearer eyJ.other'],
    ]);
  });

  it('refuses to call a deployed API without a token, and a URL that is not http(s), before sending anything', async () => {
    const api = fakeApi();
    const remote = await cli(['audit', ID], api, {
      env: { SRSN_API_URL: 'https://abc123.execute-api.us-east-1.amazonaws.com' },
    });
    const ftp = await cli(['audit', ID, '--url', 'ftp://127.0.0.1'], api);

    expect(remote.code).toBe(2);
    expect(remote.stderr).toContain(
      'https://abc123.execute-api.us-east-1.amazonaws.com is not the local runtime, so it needs a facilitator token: ' +
        'pass --token or set SRSN_TOKEN',
    );
    expect(ftp.code).toBe(2);
    expect(ftp.stderr).toBe("srsn audit: --url / SRSN_API_URL must be an http(s) URL, got 'ftp://127.0.0.1'\n");
    expect(api.calls).toEqual([]);
  });

  it.each([
    [
      '--url',
      ['audit', ID, '--url', 'http://abc123.execute-api.us-east-1.amazonaws.com/prod', '--token', 'eyJ.id.token'],
      {},
      'abc123.execute-api.us-east-1.amazonaws.com',
    ],
    [
      'SRSN_API_URL',
      ['audit', ID],
      { SRSN_API_URL: 'http://api.example.org:8080/', SRSN_TOKEN: 'eyJ.id.token' },
      'api.example.org:8080',
    ],
    [
      'a LAN address',
      ['audit', ID, '--token', 'eyJ.id.token'],
      { SRSN_API_URL: 'http://192.168.1.20:3000' },
      '192.168.1.20:3000',
    ],
    [
      'a look-alike of localhost',
      ['audit', ID, '--token', 'eyJ.id.token', '--url', 'http://localhost.example.org'],
      {},
      'localhost.example.org',
    ],
    [
      'user info before a remote host',
      ['audit', ID, '--token', 'eyJ.id.token', '--url', 'http://127.0.0.1@api.example.org'],
      {},
      'api.example.org',
    ],
    [
      'no token (the clock needs none, but SRSN_TOKEN would go too)',
      ['clock'],
      { SRSN_API_URL: 'http://api.example.org' },
      'api.example.org',
    ],
  ])(
    'refuses a plain http URL to a host that is not local (%s), before sending anything',
    async (_case, argv, env, host) => {
      const api = fakeApi();
      const result = await cli(argv, api, { env });

      expect(result).toEqual({
        code: 2,
        stdout: '',
        stderr:
          `srsn ${argv[0]}: refusing to send the facilitator token over plain http to ${host}: use an https ` +
          `URL (http is allowed only to the local runtime on 127.0.0.1, localhost or ::1).\n`,
      });
      expect(api.calls).toEqual([]);
    },
  );

  it('sends plain http to the local hosts 127.0.0.1, localhost and ::1, with a given token too', async () => {
    const answer = { status: 200, body: { entries: [] } };
    const api = fakeApi(answer, answer, answer, answer);
    const results = [
      await cli(['audit', ID, '--url', 'http://127.0.0.1:3999'], api),
      await cli(['audit', ID, '--url', 'http://LOCALHOST:3000/'], api),
      await cli(['audit', ID, '--url', 'http://[::1]:3000'], api),
      await cli(['audit', ID], api, {
        env: { SRSN_API_URL: 'http://localhost:3000', SRSN_TOKEN: 'dev-facilitator-2' },
      }),
    ];

    expect(results.map((result) => [result.code, result.stderr])).toEqual([
      [0, ''],
      [0, ''],
      [0, ''],
      [0, ''],
    ]);
    expect(api.calls.map((call) => [call.url, call.authorization])).toEqual([
      [`http://127.0.0.1:3999/facilitator/applications/${ID}/audit`, 'Bearer dev-facilitator'],
      [`http://localhost:3000/facilitator/applications/${ID}/audit`, 'Bearer dev-facilitator'],
      [`http://[::1]:3000/facilitator/applications/${ID}/audit`, 'Bearer dev-facilitator'],
      [`http://localhost:3000/facilitator/applications/${ID}/audit`, 'Bearer dev-facilitator-2'],
    ]);
  });
});

describe('the request each command sends', () => {
  it('queue: the query parameters, then every page with --all', async () => {
    const item = (n: number) => ({
      applicationId: `sdz-2022-2023-00000000000${n}`,
      applicant: `District ${n}`,
      status: 'submitted',
      decision: null,
      submittedAt: '2022-09-01T15:00:00.000Z',
      version: 1,
    });
    const api = fakeApi(
      { status: 200, body: { items: [item(1)], nextToken: 'T1' } },
      { status: 200, body: { items: [item(2)], nextToken: null } },
    );

    const result = await cli(
      ['queue', '--cohort', '2022-2023', '--zone', 'SDZ', '--status', 'submitted', '--limit', '1', '--all', '--json'],
      api,
    );

    expect(api.calls.map((call) => call.url)).toEqual([
      `${LOCAL}/facilitator/applications?cohort=2022-2023&zone=SDZ&status=submitted&limit=1`,
      `${LOCAL}/facilitator/applications?cohort=2022-2023&zone=SDZ&status=submitted&limit=1&nextToken=T1`,
    ]);
    expect(JSON.parse(result.stdout)).toEqual({ items: [item(1), item(2)], nextToken: null });
  });

  it('queue: one page prints how to get the next', async () => {
    const api = fakeApi({
      status: 200,
      body: {
        items: [
          {
            applicationId: ID,
            applicant: 'Lindbergh Schools',
            status: 'submitted',
            decision: null,
            submittedAt: '2022-09-01T15:00:00.000Z',
            version: 1,
          },
        ],
        nextToken: 'eyJwayI6IngifQ',
      },
    });
    const result = await cli(['queue', '--cohort', '2022-2023', '--zone', 'SDZ', '--limit', '1'], api);
    expect(result.stdout).toContain(
      '\n1 application in the System Design Zone (SDZ), cohort 2022-2023 (more on the next page).\n' +
        'Next page: srsn queue --cohort 2022-2023 --zone SDZ --limit 1 --next eyJwayI6IngifQ\n',
    );
  });

  it('decide: sends the --version the facilitator read with show, and the review', async () => {
    const api = fakeApi(
      { status: 200, body: { applicationId: ID, version: 4 } },
      {
        status: 200,
        body: {
          applicationId: ID,
          status: 'not_selected',
          decision: 'not_selected',
          version: 5,
          correctionAvailable: true,
          resultSent: { decision: 'selected' },
        },
      },
    );

    const shown = await cli(['show', ID, '--json'], api);
    const version = String(JSON.parse(shown.stdout).version);
    const result = await cli(
      [
        'decide',
        ID,
        '--decision',
        'not_selected',
        '--scores',
        '1=3,2=3,3=2,4=4,5=3,6=2,7=3,8=4',
        '--evidence',
        'cblPractices=4,dataForSystemChange=3',
        '--notes',
        'Line one.\nLine two.',
        '--version',
        version,
      ],
      api,
    );

    expect(version).toBe('4');
    expect(result.code).toBe(0);
    expect(api.calls.map((call) => `${call.method} ${call.url}`)).toEqual([
      `GET ${LOCAL}/facilitator/applications/${ID}`,
      `PUT ${LOCAL}/facilitator/applications/${ID}/review`,
    ]);
    expect(api.calls[1]!.body).toEqual({
      expectedVersion: 4,
      decision: 'not_selected',
      notes: 'Line one.\nLine two.',
      scores: {
        elements: { 1: 3, 2: 3, 3: 2, 4: 4, 5: 3, 6: 2, 7: 3, 8: 4 },
        evidence: { cblPractices: 4, dataForSystemChange: 3 },
      },
    });
    expect(result.stdout).toBe(
      `Recorded the review of ${ID}: not_selected (status not_selected, version 5).\n` +
        `The result email already went out saying selected. To send a correction: srsn send-result ${ID}\n`,
    );
  });

  it('decide: with --version sends that version, no evidence and empty notes unless given', async () => {
    const api = fakeApi({
      status: 200,
      body: { applicationId: 'ildz-2022-2023-05f690608e04', status: 'selected', decision: 'selected', version: 2 },
    });
    await cli(
      ['decide', 'ildz-2022-2023-05f690608e04', '--decision', 'selected', '--scores', '1=1', '--version', '1'],
      api,
    );
    expect(api.calls).toHaveLength(1);
    expect(api.calls[0]!.body).toEqual({
      expectedVersion: 1,
      decision: 'selected',
      notes: '',
      scores: { elements: { 1: 1 } },
    });
  });

  it('decide: a malformed score is refused before anything is sent', async () => {
    const api = fakeApi();
    const result = await cli(['decide', ID, '--decision', 'selected', '--scores', '1=three', '--version', '1'], api);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr:
        "srsn decide: --scores: '1=three' is not name=score (an integer score, e.g. 1=3)\n" +
        "Run 'srsn decide --help' for its options.\n",
    });
    expect(api.calls).toEqual([]);
  });

  it('decide: without --version, or with one that is not a positive integer, exits 2 and sends nothing (not even a read of the current version)', async () => {
    const api = fakeApi();
    const missing = await cli(
      ['decide', ID, '--decision', 'selected', '--scores', '1=3,2=3,3=2,4=4,5=3,6=2,7=3,8=4'],
      api,
    );
    const zero = await cli(
      ['decide', ID, '--decision', 'selected', '--scores', '1=3,2=3,3=2,4=4,5=3,6=2,7=3,8=4', '--version', '0'],
      api,
    );

    expect(missing).toEqual({
      code: 2,
      stdout: '',
      stderr: "srsn decide: Missing --version\nRun 'srsn decide --help' for its options.\n",
    });
    expect(zero).toEqual({
      code: 2,
      stdout: '',
      stderr: "srsn decide: --version must be a positive integer, got '0'\nRun 'srsn decide --help' for its options.\n",
    });
    expect(api.calls).toEqual([]);
  });

  it('clarify, send-result, resolution and extend: their routes and bodies', async () => {
    const api = fakeApi(
      {
        status: 201,
        body: { applicationId: ID, clarificationId: 'c1', applicationStatus: 'clarification_requested', version: 3 },
      },
      {
        status: 200,
        body: {
          applicationId: ID,
          sent: 'correction',
          correction: 1,
          decision: 'not_selected',
          subject: 'Correction: your result',
        },
      },
      { status: 200, body: { applicationId: ID, version: 6 } },
      {
        status: 200,
        body: {
          applicationId: ID,
          version: 7,
          alreadyRecorded: false,
          boardResolution: { adoptedOn: '2022-09-20', reference: 'Resolution 14' },
        },
      },
      {
        status: 201,
        body: {
          applicantKey: 'district:096-104',
          until: '2022-09-12T05:00:00.000Z',
          closedAt: '2022-09-10T05:00:00.000Z',
          grants: [{}],
        },
      },
    );

    const outputs = [
      await cli(['clarify', ID, '--question', 'Which grades?'], api),
      await cli(['send-result', ID], api),
      await cli(['resolution', ID, '--adopted-on', '2022-09-20', '--reference', 'Resolution 14'], api),
      await cli(
        [
          'extend',
          '--cohort',
          '2022-2023',
          '--zone',
          'SDZ',
          '--applicant-key',
          'district:096-104',
          '--until',
          '2022-09-12T05:00:00Z',
          '--note',
          'Flooding',
        ],
        api,
      ),
    ];

    expect(api.calls.map(({ method, url, body }) => [method, url.slice(LOCAL.length), body])).toEqual([
      ['POST', `/facilitator/applications/${ID}/clarifications`, { question: 'Which grades?' }],
      ['POST', `/facilitator/applications/${ID}/send-result`, undefined],
      ['GET', `/facilitator/applications/${ID}`, undefined],
      [
        'POST',
        `/facilitator/applications/${ID}/board-resolution`,
        { adoptedOn: '2022-09-20', reference: 'Resolution 14', expectedVersion: 6 },
      ],
      [
        'POST',
        '/facilitator/extensions',
        {
          cohort: '2022-2023',
          zone: 'SDZ',
          applicantKey: 'district:096-104',
          until: '2022-09-12T05:00:00Z',
          note: 'Flooding',
        },
      ],
    ]);
    expect(outputs.map((output) => output.code)).toEqual([0, 0, 0, 0]);
    expect(outputs[1]!.stdout).toBe(`Correction 1 sent for ${ID}: now not_selected ("Correction: your result").\n`);
    expect(outputs[2]!.stdout).toBe(
      `Board resolution recorded for ${ID}: adopted 2022-09-20, Resolution 14 (version 7). No more reminders go to ` +
        `this district.\n`,
    );
    expect(outputs[3]!.stdout).toBe(
      'Extension granted: district:096-104 may apply to the System Design Zone (SDZ), cohort 2022-2023 until ' +
        '2022-09-12 00:00 CDT.\nThe window closed 2022-09-10 00:00 CDT for everyone else.\n',
    );
  });

  it('release: --dry-run reads the preview; otherwise it posts the release, and asks first on a terminal', async () => {
    const api = fakeApi(
      {
        status: 200,
        body: {
          cohort: '2022-2023',
          zone: 'SDZ',
          scheduledAt: '2022-09-15T14:00:00.000Z',
          release: null,
          results: [
            {
              applicationId: ID,
              applicant: 'Lindbergh Schools',
              decision: 'selected',
              template: 'sdz-selected',
              subject: 'Selected for the System Design Zone (SDZ): Lindbergh Schools',
              to: ['dana@lindbergh.org'],
              cc: ['super@lindbergh.org'],
              attachments: ['planning-meeting.ics'],
              rollover: null,
              resultSent: null,
              action: 'send-at-release',
            },
            {
              applicationId: 'sdz-2022-2023-471726a4500b',
              applicant: 'Affton',
              decision: 'not_selected',
              template: 'rollover-accepted',
              subject: 'SDZ result and your ILDZ place: Affton',
              to: ['a@affton.org'],
              cc: [],
              attachments: [],
              rollover: {
                policy: 'accept',
                summary: 'places the applicant in the ILDZ as ildz-2022-2023-172bb6326c2f, status selected',
              },
              resultSent: null,
              action: 'send-at-release',
            },
          ],
          notSent: [],
          undecided: [
            { applicationId: 'sdz-2022-2023-79e03c1f8f0c', applicant: 'District 020-001', status: 'submitted' },
          ],
        },
      },
      {
        status: 202,
        body: {
          release: { releasedAt: '2022-09-13T15:00:00.000Z', requestedBy: 'dev-facilitator' },
          message: 'The System Design Zone (SDZ) results are being released.',
        },
      },
    );
    const questions: string[] = [];
    const refuse = async (question: string) => {
      questions.push(question);
      return false;
    };

    const dryRun = await cli(['release', '--cohort', '2022-2023', '--zone', 'SDZ', '--dry-run'], api, {
      confirm: refuse,
    });
    const declined = await cli(['release', '--cohort', '2022-2023', '--zone', 'SDZ'], api, { confirm: refuse });
    const released = await cli(['release', '--cohort', '2022-2023', '--zone', 'SDZ', '--yes'], api, {
      confirm: refuse,
    });

    expect(api.calls.map(({ method, url, body }) => [method, url.slice(LOCAL.length), body])).toEqual([
      ['GET', '/facilitator/releases/preview?cohort=2022-2023&zone=SDZ', undefined],
      ['POST', '/facilitator/releases', { cohort: '2022-2023', zone: 'SDZ' }],
    ]);
    expect(dryRun.stdout).toBe(
      [
        'Dry run for the System Design Zone (SDZ), cohort 2022-2023: nothing was sent.',
        'Scheduled release: 2022-09-15 09:00 CDT. Not released yet.',
        '',
        'Result emails (2):',
        '  ID                          APPLICANT          DECISION      ACTION           TO                  ' +
          'CC                   SUBJECT',
        `  ${ID}  Lindbergh Schools  selected      send-at-release  dana@lindbergh.org  super@lindbergh.org  ` +
          `Selected for the System Design Zone (SDZ): Lindbergh Schools`,
        '  sdz-2022-2023-471726a4500b  Affton             not_selected  send-at-release  a@affton.org        ' +
          '-                    SDZ result and your ILDZ place: Affton',
        '',
        'Also:',
        `  ${ID}: attaches planning-meeting.ics`,
        '  sdz-2022-2023-471726a4500b: places the applicant in the ILDZ as ildz-2022-2023-172bb6326c2f, status ' +
          'selected',
        '',
        'Undecided, so no email; the facilitators are alerted at release (1):',
        '  APPLICATION ID              APPLICANT         STATUS',
        '  sdz-2022-2023-79e03c1f8f0c  District 020-001  submitted',
        '',
      ].join('\n'),
    );
    expect(questions).toEqual([
      'Release the results of the System Design Zone (SDZ), cohort 2022-2023 now? Every decided applicant is ' +
        'emailed. [y/N] ',
    ]);
    expect(declined).toEqual({ code: 1, stdout: '', stderr: 'srsn release: Release cancelled; nothing was sent.\n' });
    expect(released.stdout).toBe(
      'The System Design Zone (SDZ) results are being released.\n' +
        'Requested 2022-09-13 10:00 CDT by dev-facilitator; each result email is listed in `srsn audit ' +
        '<applicationId>`.\n',
    );
  });

  it('clock: reads it, or sets it and says how many ticks ran, in Central time', async () => {
    const api = fakeApi({ status: 200, body: { now: '2022-09-15T14:00:00.000Z', ticks: 96 } });
    const result = await cli(['clock', '--set', '2022-09-15T14:00:00Z'], api);
    expect(api.calls[0]).toMatchObject({
      method: 'POST',
      url: `${LOCAL}/_local/clock`,
      body: { now: '2022-09-15T14:00:00Z' },
    });
    expect(result.stdout).toBe(
      'Virtual clock: 2022-09-15T14:00:00.000Z (Thursday, September 15, 2022 at 9:00 AM CDT)\nSchedule ticks run: 96\n',
    );
  });
});

/** A session as GET /facilitator/sessions lists it (shared/participation/session-routes.ts). */
function session(date: string, overrides: Record<string, unknown> = {}) {
  const start = `${date}T16:00:00.000Z`;
  const end = `${date}T18:00:00.000Z`;
  return {
    sessionId: `2022-2023/session/${date}`,
    sessionDate: date,
    title: 'Innovation Zones monthly session',
    status: 'scheduled',
    sequence: 0,
    scheduled: { start, end, central: 'Wednesday, 10:00 AM - 12:00 PM CST' },
    current: { date, start, end, central: 'Wednesday, 10:00 AM - 12:00 PM CST' },
    location: 'Virtual (Zoom)',
    changes: [],
    materials: null,
    ...overrides,
  };
}

const MOVED = session('2023-01-11', {
  status: 'moved',
  sequence: 1,
  current: {
    date: '2023-01-18',
    start: '2023-01-18T19:00:00.000Z',
    end: '2023-01-18T21:00:00.000Z',
    central: 'Wednesday, January 18, 2023, 1:00 PM - 3:00 PM CST',
  },
  changes: [
    {
      sequence: 1,
      status: 'moved',
      date: '2023-01-18',
      start: '13:00',
      end: '15:00',
      by: 'dev-facilitator',
      at: '2022-09-20T15:00:00.000Z',
      note: 'Winter break',
    },
  ],
});

describe('the participation commands: requests and views', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'srsn-cli-'));
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it('sessions: one row per session with its current time in Central time and its materials; text from the API is escaped', async () => {
    const posted = session('2022-10-12', {
      current: { date: '2022-10-12', start: '2022-10-12T15:00:00.000Z', end: '2022-10-12T17:00:00.000Z', central: 'x' },
      materials: {
        revision: 2,
        videoUrl: 'https://v.example.org/1',
        slidesUrl: 'https://s.example.org/1',
        postedBy: 'dev-facilitator',
        postedAt: '2022-10-12T17:30:00.000Z',
        revisions: [],
      },
    });
    const cancelled = session('2023-02-08', {
      status: 'cancelled',
      sequence: 1,
      changes: [{ sequence: 1, status: 'cancelled', note: 'Snow\u001b[31m day' }],
    });
    const api = fakeApi({
      status: 200,
      body: { cohort: '2022-2023', timeZone: 'America/Chicago', items: [posted, MOVED, cancelled] },
    });

    const result = await cli(['sessions', '--cohort', '2022-2023'], api);

    expect(api.calls.map(({ method, url }) => `${method} ${url}`)).toEqual([
      `GET ${LOCAL}/facilitator/sessions?cohort=2022-2023`,
    ]);
    expect(result).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'DATE        STATUS     SEQUENCE  NOW (CENTRAL)               MATERIALS                                NOTE',
        '2022-10-12  scheduled  0         2022-10-12 10:00-12:00 CDT  revision 2, posted 2022-10-12 12:30 CDT  -',
        '2023-01-11  moved      1         2023-01-18 13:00-15:00 CST  not posted                               ' +
          'Winter break',
        '2023-02-08  cancelled  1         2023-02-08 10:00-12:00 CST  not posted                               ' +
          'Snow\\u001b[31m day',
        '',
        '3 sessions in cohort 2022-2023, 2 moved or cancelled.',
        '',
      ].join('\n'),
    });
  });

  it('move-session: asks first on a terminal, sends nothing when refused, then the date, times and note; --date and --note only when given', async () => {
    const api = fakeApi(
      { status: 200, body: { ...MOVED, changed: true } },
      { status: 200, body: { ...MOVED, changed: false } },
    );
    const questions: string[] = [];
    const answer = (yes: boolean) => async (question: string) => {
      questions.push(question);
      return yes;
    };

    const declined = await cli(
      [
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
      ],
      api,
      { confirm: answer(false) },
    );
    const moved = await cli(
      [
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
      ],
      api,
      { confirm: answer(true) },
    );
    const again = await cli(
      ['move-session', '2023-01-11', '--cohort', '2022-2023', '--start', '13:00', '--end', '15:00', '--yes'],
      api,
      { confirm: answer(false) },
    );

    expect(questions).toEqual([
      'Move the session of 2023-01-11 (cohort 2022-2023) to 2023-01-18, 13:00-15:00 Central? Every roster member is ' +
        'emailed. [y/N] ',
      'Move the session of 2023-01-11 (cohort 2022-2023) to 2023-01-18, 13:00-15:00 Central? Every roster member is ' +
        'emailed. [y/N] ',
    ]);
    expect(declined).toEqual({
      code: 1,
      stdout: '',
      stderr: 'srsn move-session: Session not moved; nothing was sent.\n',
    });
    expect(
      api.calls.map(({ method, url, contentType, body }) => [method, url.slice(LOCAL.length), contentType, body]),
    ).toEqual([
      [
        'PUT',
        '/facilitator/sessions/2023-01-11',
        'application/json',
        { cohort: '2022-2023', date: '2023-01-18', start: '13:00', end: '15:00', note: 'Winter break' },
      ],
      [
        'PUT',
        '/facilitator/sessions/2023-01-11',
        'application/json',
        { cohort: '2022-2023', start: '13:00', end: '15:00' },
      ],
    ]);
    expect(moved.stdout).toBe(
      'The session of 2023-01-11 (cohort 2022-2023) moved: 2023-01-18 13:00-15:00 CST (sequence 1).\n' +
        'Every roster member is emailed the new time with an updated calendar invitation; the reminders follow it.\n',
    );
    expect(again.stdout).toBe(
      'The session of 2023-01-11 (cohort 2022-2023) already takes place 2023-01-18 13:00-15:00 CST; nothing changed.\n',
    );
  });

  it('move-session: a cancelled session moved again is reported reinstated', async () => {
    const reinstated = session('2023-02-08', {
      sequence: 2,
      changes: [
        { sequence: 1, status: 'cancelled' },
        { sequence: 2, status: 'scheduled' },
      ],
      changed: true,
    });
    const result = await cli(
      ['move-session', '2023-02-08', '--cohort', '2022-2023', '--start', '10:00', '--end', '12:00'],
      fakeApi({ status: 200, body: reinstated }),
    );
    expect(result.stdout).toMatch(
      /^The session of 2023-02-08 \(cohort 2022-2023\) reinstated: 2023-02-08 10:00-12:00 CST \(sequence 2\)\.\n/,
    );
  });

  it('cancel-session: asks first, posts the cohort and note to the cancel route, and says when it was already cancelled', async () => {
    const cancelled = session('2023-02-08', { status: 'cancelled', sequence: 1 });
    const api = fakeApi(
      { status: 200, body: { ...cancelled, changed: true } },
      { status: 200, body: { ...cancelled, changed: false } },
    );
    const questions: string[] = [];
    const confirm = async (question: string) => {
      questions.push(question);
      return true;
    };

    const first = await cli(['cancel-session', '2023-02-08', '--cohort', '2022-2023', '--note', 'Snow day'], api, {
      confirm,
    });
    const second = await cli(['cancel-session', '2023-02-08', '--cohort', '2022-2023'], api);

    expect(questions).toEqual([
      'Cancel the session of 2023-02-08 (cohort 2022-2023)? Every roster member is emailed. [y/N] ',
    ]);
    expect(api.calls.map(({ method, url, body }) => [method, url.slice(LOCAL.length), body])).toEqual([
      ['POST', '/facilitator/sessions/2023-02-08/cancel', { cohort: '2022-2023', note: 'Snow day' }],
      ['POST', '/facilitator/sessions/2023-02-08/cancel', { cohort: '2022-2023' }],
    ]);
    expect(first.stdout).toBe(
      'The session of 2023-02-08 (cohort 2022-2023) cancelled (sequence 1).\n' +
        'Every roster member is emailed a cancellation that removes it from their calendars.\n',
    );
    expect(second.stdout).toBe(
      'The session of 2023-02-08 (cohort 2022-2023) was already cancelled; nothing changed.\n',
    );
  });

  it('materials: posts videoUrl and slidesUrl to the materials route; a first post, a correction, the same links again', async () => {
    const withRevision = (revision: number, changed: boolean) => ({
      ...session('2022-10-12', { materials: { revision } }),
      changed,
    });
    const api = fakeApi(
      { status: 201, body: withRevision(1, true) },
      { status: 200, body: withRevision(2, true) },
      { status: 200, body: withRevision(2, false) },
    );
    const post = (video: string) =>
      cli(
        [
          'materials',
          '2022-10-12',
          '--cohort',
          '2022-2023',
          '--video',
          video,
          '--slides',
          'https://slides.example.org/oct',
        ],
        api,
      );

    const outputs = [
      await post('https://video.example.org/oct'),
      await post('https://video.example.org/oct-fixed'),
      await post('https://video.example.org/oct-fixed'),
    ];

    expect(api.calls.map(({ method, url, body }) => [method, url.slice(LOCAL.length), body])[0]).toEqual([
      'POST',
      '/facilitator/sessions/2022-10-12/materials',
      { cohort: '2022-2023', videoUrl: 'https://video.example.org/oct', slidesUrl: 'https://slides.example.org/oct' },
    ]);
    expect(outputs.map((output) => output.stdout)).toEqual([
      'Video and slides of the session of 2022-10-12 (cohort 2022-2023) posted, revision 1: every roster member is ' +
        'emailed the links.\n',
      'Video and slides of the session of 2022-10-12 (cohort 2022-2023) corrected, revision 2: every roster member ' +
        'is emailed the new links as "Updated video and slides".\n',
      'These links are already posted for the session of 2022-10-12 (cohort 2022-2023), as revision 2; nothing ' +
        'changed.\n',
    ]);
  });

  it('invitees import: sends the file as text/csv, byte for byte, and reports the counts and the invitations', async () => {
    const file = join(folder, 'invitees.csv');
    const csv =
      '\ufeffkind,organization,county_district_code,contact_name,contact_email,zone_interest\r\n' +
      'district,École R-IV,010-090,Sam Ortega,sam.ortega@prairie.example.org,ILDZ\r\n';
    await writeFile(file, csv, 'utf8');
    const api = fakeApi({
      status: 200,
      body: {
        cohort: '2022-2023',
        importId: '5fbfb39ad550beb7',
        rows: 1,
        created: 1,
        updated: 0,
        unchanged: 0,
        blankRows: 2,
        invitations: { dueAt: '2022-08-19T13:00:00.000Z', status: 'scheduled' },
      },
    });

    const result = await cli(['invitees', 'import', file, '--cohort', '2022-2023'], api);

    expect(api.calls).toEqual([
      {
        method: 'POST',
        url: `${LOCAL}/facilitator/invitees?cohort=2022-2023`,
        authorization: 'Bearer dev-facilitator',
        contentType: 'text/csv',
        body: csv,
      },
    ]);
    expect(result).toEqual({
      code: 0,
      stderr: '',
      stdout:
        `Imported ${file} into cohort 2022-2023 (import 5fbfb39ad550beb7): 1 row: 1 new, 0 updated, 0 ` +
        `unchanged; 2 blank rows skipped.\nThe invitations go out 2022-08-19 08:00 CDT.\n`,
    });
  });

  it("invitees import: a refused file exits 1 listing each row's problem, and a file that cannot be read exits 2 sending nothing", async () => {
    const file = join(folder, 'bad.csv');
    await writeFile(file, 'kind,organization\n', 'utf8');
    const refusal = {
      error: 'ValidationError',
      message: 'The file has 2 problems; nothing was imported.',
      errorCount: 2,
      errors: [
        { row: 2, column: 'contact_email', field: 'row 2, contact_email', message: 'must be an email address' },
        { row: 3, field: 'row 3', message: 'has 7 values but the header names 6 columns' },
      ],
    };
    const api = fakeApi({ status: 400, body: refusal });

    const refused = await cli(['invitees', 'import', file, '--cohort', '2022-2023'], api);
    const missing = await cli(['invitees', 'import', join(folder, 'nope.csv'), '--cohort', '2022-2023'], api);

    expect(refused).toEqual({
      code: 1,
      stdout: '',
      stderr: [
        'srsn invitees import: The file has 2 problems; nothing was imported. (HTTP 400 ValidationError)',
        '  row 2, contact_email: must be an email address',
        '  row 3: has 7 values but the header names 6 columns',
        '  error count: 2',
        'Rows are numbered as in a spreadsheet (the header is row 1). Correct the file and import it again: nothing ' +
          'was imported.',
        '',
      ].join('\n'),
    });
    expect(missing).toEqual({
      code: 2,
      stdout: '',
      stderr:
        `srsn invitees import: Cannot read '${join(folder, 'nope.csv')}': no such file\n` +
        `Run 'srsn invitees import --help' for its options.\n`,
    });
    expect(api.calls).toHaveLength(1);
  });

  it('invitees import: an unknown cohort is refused without the hint about rows, which names none', async () => {
    const file = join(folder, 'good.csv');
    await writeFile(file, 'kind,organization\n', 'utf8');
    const refusal = {
      error: 'ValidationError',
      message: 'The request is invalid: see errors for each field.',
      errors: [{ field: 'query.cohort', message: 'no cohort 2026-2027' }],
    };
    const api = fakeApi({ status: 400, body: refusal });

    const refused = await cli(['invitees', 'import', file, '--cohort', '2026-2027'], api);

    expect(refused).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'srsn invitees import: The request is invalid: see errors for each field. (HTTP 400 ValidationError)\n' +
        '  --cohort: no cohort 2026-2027\n',
    });
  });

  it('invitees: a page as a table with how to get the next, or every page with --all', async () => {
    const invitee = (id: string, zoneInterest: string[]) => ({
      inviteeId: id,
      kind: 'district',
      organization: `District ${id}`,
      countyDistrictCode: id.slice('district-'.length),
      contactName: 'Sam Ortega',
      contactEmail: 'sam@example.org',
      zoneInterest,
      importedAt: '2022-08-10T15:00:00.000Z',
      updatedAt: '2022-08-10T15:00:00.000Z',
    });
    const api = fakeApi(
      { status: 200, body: { cohort: '2022-2023', items: [invitee('district-010-090', ['ILDZ'])], nextToken: 'T1' } },
      { status: 200, body: { cohort: '2022-2023', items: [invitee('district-010-090', ['ILDZ'])], nextToken: 'T1' } },
      { status: 200, body: { cohort: '2022-2023', items: [invitee('district-096-104', [])], nextToken: null } },
    );

    const page = await cli(['invitees', '--cohort', '2022-2023', '--limit', '1'], api);
    const all = await cli(['invitees', '--cohort', '2022-2023', '--limit', '1', '--all', '--json'], api);

    expect(api.calls.map((call) => call.url.slice(LOCAL.length))).toEqual([
      '/facilitator/invitees?cohort=2022-2023&limit=1',
      '/facilitator/invitees?cohort=2022-2023&limit=1',
      '/facilitator/invitees?cohort=2022-2023&limit=1&nextToken=T1',
    ]);
    expect(page.stdout).toBe(
      [
        'ID                KIND      ORGANIZATION               CODE     CONTACT     EMAIL            ZONES  UPDATED ' +
          '(CENTRAL)',
        'district-010-090  district  District district-010-090  010-090  Sam Ortega  sam@example.org  ILDZ   ' +
          '2022-08-10 10:00 CDT',
        '',
        '1 invitee in cohort 2022-2023 (more on the next page).',
        'Next page: srsn invitees --cohort 2022-2023 --limit 1 --next T1',
        '',
      ].join('\n'),
    );
    expect(
      JSON.parse(all.stdout).items.map((item: { inviteeId: string; zoneInterest: string[] }) => [
        item.inviteeId,
        item.zoneInterest,
      ]),
    ).toEqual([
      ['district-010-090', ['ILDZ']],
      ['district-096-104', []],
    ]);
  });

  it('rosters: one line per person who receives the session emails, with the stand-ins of participants without a roster', async () => {
    const api = fakeApi({
      status: 200,
      body: {
        cohort: '2022-2023',
        zone: 'SDZ',
        items: [
          {
            applicationId: ID,
            zone: 'SDZ',
            applicant: 'Lindbergh Schools',
            roster: { version: 2, updatedAt: '2022-09-20T15:00:00.000Z', members: [] },
            receivesSessionEmails: [
              { email: 'ana.brooks@lindbergh.example.org', name: 'Ana Brooks', role: 'lead-facilitator' },
              { email: 'ben.carter@lindbergh.example.org', name: 'Ben Carter', role: 'lead-facilitator' },
            ],
          },
          {
            applicationId: 'sdz-2022-2023-471726a4500b',
            zone: 'SDZ',
            applicant: 'Affton',
            roster: null,
            receivesSessionEmails: [{ email: 'a@affton.org', name: 'Pat Lee', role: 'contact' }],
          },
        ],
        withoutRoster: ['sdz-2022-2023-471726a4500b'],
      },
    });

    const result = await cli(['rosters', '--cohort', '2022-2023', '--zone', 'SDZ'], api);

    expect(api.calls.map((call) => call.url.slice(LOCAL.length))).toEqual([
      '/facilitator/rosters?cohort=2022-2023&zone=SDZ',
    ]);
    expect(result.stdout).toBe(
      [
        'APPLICATION ID              ZONE  APPLICANT          ROSTER     ROLE              NAME        EMAIL',
        `${ID}  SDZ   Lindbergh Schools  version 2  lead-facilitator  Ana Brooks  ana.brooks@lindbergh.example.org`,
        `${ID}  SDZ   Lindbergh Schools  version 2  lead-facilitator  Ben Carter  ben.carter@lindbergh.example.org`,
        'sdz-2022-2023-471726a4500b  SDZ   Affton             not named  contact           Pat Lee     a@affton.org',
        '',
        '2 participants in cohort 2022-2023, zone SDZ.',
        'No roster named yet (their stand-ins above receive the session emails): sdz-2022-2023-471726a4500b.',
        '',
      ].join('\n'),
    );
  });

  it('undeliverable: the suppressed addresses with the reason, whose they are and the diagnostic', async () => {
    const api = fakeApi({
      status: 200,
      body: {
        cohort: '2022-2023',
        count: 2,
        items: [
          {
            address: 'dana.whitfield@lindbergh.example.org',
            reason: 'bounce',
            at: '2022-09-01T15:01:02.669Z',
            recordedAt: '2022-09-01T15:01:03.000Z',
            messageId: 'ses-1',
            notification: 'receipt',
            bounceSubType: 'General',
            complaintFeedbackType: null,
            diagnosticCode: 'smtp; 550 5.1.1 user unknown',
            tags: { notification: 'receipt', application: ID },
            applications: [
              {
                applicationId: ID,
                zone: 'SDZ',
                organization: 'Lindbergh Schools',
                roles: ['contact', 'lead facilitator'],
              },
            ],
          },
          {
            address: 'casey.lin@kauffman.example.org',
            reason: 'complaint',
            at: '2022-08-19T14:00:00.000Z',
            recordedAt: '2022-08-19T14:00:01.000Z',
            messageId: 'ses-2',
            notification: 'invitation',
            bounceSubType: null,
            complaintFeedbackType: 'abuse',
            diagnosticCode: null,
            tags: { notification: 'invitation', invitee: 'partner-af2b03e9f815', cohort: '2022-2023' },
            applications: [],
          },
        ],
      },
    });

    const result = await cli(['undeliverable', '--cohort', '2022-2023'], api);

    expect(api.calls.map((call) => call.url.slice(LOCAL.length))).toEqual([
      '/facilitator/undeliverable?cohort=2022-2023',
    ]);
    expect(result.stdout).toBe(
      [
        'ADDRESS                               REASON             WHEN (CENTRAL)        NOTIFICATION  BELONGS ' +
          'TO                                                                DIAGNOSTIC',
        `dana.whitfield@lindbergh.example.org  bounce (General)   2022-09-01 10:01 CDT  receipt       ${ID} ` +
          `Lindbergh Schools (contact, lead facilitator)  smtp; 550 5.1.1 user unknown`,
        'casey.lin@kauffman.example.org        complaint (abuse)  2022-08-19 09:00 CDT  invitation    invitee ' +
          'partner-af2b03e9f815                                              -',
        '',
        '2 undeliverable addresses in cohort 2022-2023: no email goes to them.',
        '',
      ].join('\n'),
    );
  });

  it('a session the cohort does not have: exits 1 with the dates it does have', async () => {
    const api = fakeApi({
      status: 404,
      body: {
        error: 'NoSuchSession',
        message: 'The cohort has no monthly session scheduled on 2023-01-12.',
        sessionDates: ['2023-01-11', '2023-02-08'],
      },
    });
    const result = await cli(['cancel-session', '2023-01-12', '--cohort', '2022-2023', '--yes'], api);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'srsn cancel-session: The cohort has no monthly session scheduled on 2023-01-12. (HTTP 404 NoSuchSession)\n' +
        '  session dates: 2023-01-11, 2023-02-08\n',
    });
  });
});

describe('errors', () => {
  it('exits 1 with the message and field errors of a refusal, and with --json also prints the body', async () => {
    const refusal = {
      error: 'ValidationError',
      message: 'The request is invalid: see errors for each field.',
      errors: [{ field: 'query.zone', message: 'Invalid option' }],
    };
    const api = fakeApi({ status: 400, body: refusal });

    const result = await cli(['queue', '--cohort', '2022-2023', '--zone', 'XYZ', '--json'], api);

    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual(refusal);
    expect(result.stderr).toBe(
      'srsn queue: The request is invalid: see errors for each field. (HTTP 400 ValidationError)\n' +
        '  --zone: Invalid option\n',
    );
  });

  it('exits 3 when nothing answers, suggesting npm start for a local URL', async () => {
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3000'), { code: 'ECONNREFUSED' }),
    });
    const result = await cli(['audit', ID], fakeApi(refused));
    expect(result).toEqual({
      code: 3,
      stdout: '',
      stderr:
        'srsn audit: the API is not reachable at http://127.0.0.1:3000 (ECONNREFUSED).\n' +
        'Start the local runtime with `npm start`, or point the CLI elsewhere with --url or SRSN_API_URL.\n',
    });
  });

  it('exits 0 with help on stdout, and 2 with a hint on stderr for a bad command line', async () => {
    const help = await cli(['--help'], fakeApi());
    const bad = await cli(['queue', '--zone', 'SDZ'], fakeApi());
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^srsn: the facilitator command line/);
    expect(bad).toEqual({
      code: 2,
      stdout: '',
      stderr: "srsn queue: Missing --cohort\nRun 'srsn queue --help' for its options.\n",
    });
  });
});
