import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../cli/main.ts';
import { validApplication } from '../fixtures/applications.ts';
import { RuntimeHarness } from '../support/local-runtime.ts';

/**
 * The facilitator CLI against the real local runtime, run in-process through `run`
 * (the same function the bin calls) with the runtime's URL in SRSN_API_URL.
 */
let harness: RuntimeHarness;
let lindbergh: string;
let affton: string;

beforeAll(async () => {
  harness = await RuntimeHarness.start({ clockStart: new Date('2022-09-01T15:00:00Z') });
  lindbergh = (await harness.submit(validApplication('SDZ'))).body.applicationId;
  const second = validApplication('SDZ');
  second.applicant.countyDistrictCode = '096-088';
  second.applicant.name = 'Affton School District';
  await harness.setClock('2022-09-09T23:30:00Z');
  affton = (await harness.submit(second)).body.applicationId;
});
afterAll(() => harness.stop());

async function srsn(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
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

/** The version a facilitator reads before deciding, as `srsn show` reports it. */
async function shownVersion(applicationId: string): Promise<string> {
  const shown = await srsn('show', applicationId, '--json');
  expect(shown.code).toBe(0);
  return String(JSON.parse(shown.stdout).version);
}

const SCORES = [
  '--scores',
  '1=3,2=3,3=2,4=4,5=3,6=2,7=3,8=4',
  '--evidence',
  'cblPractices=4,dataForSystemChange=3,assessmentForLearning=2,professionalLearning=3',
];

describe('srsn on the local runtime', () => {
  it('queue: lists the zone as a table with submission times in Central time', async () => {
    const result = await srsn('queue', '--cohort', '2022-2023', '--zone', 'SDZ', '--status', 'submitted');

    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        'ID                          APPLICANT               STATUS     DECISION  SUBMITTED (CENTRAL)   VERSION',
        `${lindbergh}  Lindbergh Schools       submitted  -         2022-09-01 10:00 CDT  1`,
        `${affton}  Affton School District  submitted  -         2022-09-09 18:30 CDT  1`,
        '',
        '2 applications in the System Design Zone (SDZ), cohort 2022-2023, status submitted.',
        '',
      ].join('\n'),
    );
  });

  it('queue: pages with --limit and --next, and --all gives the same applications', async () => {
    const first = await srsn('queue', '--cohort', '2022-2023', '--zone', 'SDZ', '--limit', '1', '--json');
    const firstPage = JSON.parse(first.stdout);
    const second = JSON.parse(
      (
        await srsn(
          'queue',
          '--cohort',
          '2022-2023',
          '--zone',
          'SDZ',
          '--limit',
          '1',
          '--next',
          firstPage.nextToken,
          '--json',
        )
      ).stdout,
    );
    const all = JSON.parse(
      (await srsn('queue', '--cohort', '2022-2023', '--zone', 'SDZ', '--limit', '1', '--all', '--json')).stdout,
    );

    expect(firstPage.items.map((item: { applicationId: string }) => item.applicationId)).toEqual([lindbergh]);
    expect(second.items.map((item: { applicationId: string }) => item.applicationId)).toEqual([affton]);
    expect(all.items.map((item: { applicationId: string }) => item.applicationId)).toEqual([lindbergh, affton]);
    expect(all.nextToken).toBeNull();
  });

  it('decide: records the review at the version read with show, and audit shows who did it and when', async () => {
    await harness.setClock('2022-09-12T16:00:00Z');

    const version = await shownVersion(lindbergh);
    const decided = await srsn(
      'decide',
      lindbergh,
      '--decision',
      'selected',
      ...SCORES,
      '--notes',
      'Strong evidence of practice.',
      '--version',
      version,
    );
    const audit = await srsn('audit', lindbergh);

    expect(version).toBe('1');
    expect(decided).toEqual({
      code: 0,
      stdout: `Recorded the review of ${lindbergh}: selected (status selected, version 2).\n`,
      stderr: '',
    });
    const stored = await harness.asFacilitator('GET', `/facilitator/applications/${lindbergh}`);
    expect(stored.body.review).toMatchObject({
      decision: 'selected',
      notes: 'Strong evidence of practice.',
      reviewedBy: 'dev-facilitator',
      scores: { elements: { 1: 3, 8: 4 }, evidence: { cblPractices: 4 } },
    });
    expect(audit.code).toBe(0);
    expect(audit.stdout.split('\n')[0]).toMatch(/^WHEN \(CENTRAL\) +WHO +ACTION +DETAILS$/);
    expect(audit.stdout).toMatch(
      /\n2022-09-12 11:00 CDT {2}dev-facilitator {2}review-recorded +decision=selected previousDecision=- version=2\n/,
    );
    expect(audit.stdout).toMatch(/\n2022-09-01 10:00 CDT {2}applicant +submitted +zone=SDZ cohort=2022-2023\n/);
  });

  it('decide: a stale --version exits 1 with the conflict message, and the review stays as it was', async () => {
    const stale = await srsn('decide', lindbergh, '--decision', 'not_selected', ...SCORES, '--version', '1');

    expect(stale.code).toBe(1);
    expect(stale.stdout).toBe('');
    expect(stale.stderr).toBe(
      [
        'srsn decide: The application changed since you read it; read it again and retry. (HTTP 409 VersionConflict)',
        '  current version: 2',
        `Someone changed the application since that version. See what changed with: srsn show ${lindbergh}; if your ` +
          `decision still stands, run the command again with the --version it shows.`,
        '',
      ].join('\n'),
    );
    expect((await harness.asFacilitator('GET', `/facilitator/applications/${lindbergh}`)).body).toMatchObject({
      version: 2,
      status: 'selected',
    });
  });

  it('decide: without --version exits 2 naming it, and the review stays as it was', async () => {
    const unversioned = await srsn('decide', lindbergh, '--decision', 'not_selected', ...SCORES);

    expect(unversioned).toEqual({
      code: 2,
      stdout: '',
      stderr: `srsn decide: Missing --version\nRun 'srsn decide --help' for its options.\n`,
    });
    expect((await harness.asFacilitator('GET', `/facilitator/applications/${lindbergh}`)).body).toMatchObject({
      version: 2,
      status: 'selected',
      review: { decision: 'selected' },
    });
  });

  it('show: the application with its review and audit trail', async () => {
    const shown = await srsn('show', lindbergh);

    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^application {7}sdz-2022-2023-[0-9a-f]{12}\napplicant {9}Lindbergh Schools\n/);
    expect(shown.stdout).toContain(
      '\ndecision          selected\nreviewed          dev-facilitator, 2022-09-12 11:00 CDT\n',
    );
    expect(shown.stdout).toContain('\nReview notes:\n  Strong evidence of practice.\n');
    expect(shown.stdout).toMatch(/\nAudit trail:\n {2}WHEN \(CENTRAL\)/);
  });

  it("errors: the API's field errors, an unknown application and a non-facilitator token exit 1 with the API's message", async () => {
    const badScore = await srsn(
      'decide',
      affton,
      '--decision',
      'selected',
      '--scores',
      '1=3,2=3,3=2,4=4,5=3,6=2,7=3,8=7',
      '--evidence',
      'cblPractices=4,dataForSystemChange=3,assessmentForLearning=2,professionalLearning=3',
      '--version',
      await shownVersion(affton),
    );
    const unknown = await srsn('audit', 'sdz-2022-2023-000000000000', '--json');
    const missing = await srsn('show', 'sdz-2022-2023-000000000000');
    const applicant = await srsn('queue', '--cohort', '2022-2023', '--zone', 'SDZ', '--token', 'dev-applicant');

    expect(badScore.code).toBe(1);
    expect(badScore.stderr).toBe(
      'srsn decide: The request is invalid: see errors for each field. (HTTP 400 ValidationError)\n' +
        '  --scores (scores.elements.8): Too big: expected number to be <=4\n',
    );
    expect((await harness.asFacilitator('GET', `/facilitator/applications/${affton}`)).body.version).toBe(1);
    expect(unknown.code).toBe(0);
    expect(JSON.parse(unknown.stdout)).toEqual({ applicationId: 'sdz-2022-2023-000000000000', entries: [] });
    expect(missing).toEqual({
      code: 1,
      stdout: '',
      stderr: 'srsn show: No application sdz-2022-2023-000000000000. (HTTP 404 NotFound)\n',
    });
    expect(applicant.code).toBe(1);
    expect(applicant.stderr).toBe(
      'srsn queue: Only facilitators may use this route. (HTTP 403 Forbidden)\n' +
        "The token is valid, but its user is not in the Cognito group 'facilitators'.\n",
    );
  });

  it('clock: reads and moves the virtual clock', async () => {
    const moved = await srsn('clock', '--set', '2022-09-13T15:00:00Z');
    const read = await srsn('clock');

    expect(moved.code).toBe(0);
    expect(moved.stdout).toMatch(
      /^Virtual clock: 2022-09-13T15:00:00\.000Z \(Tuesday, September 13, 2022 at 10:00 AM CDT\)\nSchedule ticks run: 92\n$/,
    );
    expect(read.stdout).toBe('Virtual clock: 2022-09-13T15:00:00.000Z (Tuesday, September 13, 2022 at 10:00 AM CDT)\n');
  });

  it('exits 3 and suggests npm start when nothing listens at the URL', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    let stderr = '';
    const code = await run(['queue', '--cohort', '2022-2023', '--zone', 'SDZ'], {
      stdout: { write: () => true },
      stderr: { write: (chunk: string) => (stderr += chunk) },
      env: { SRSN_API_URL: `http://127.0.0.1:${closedPort}` },
    });

    expect(code).toBe(3);
    expect(stderr).toBe(
      `srsn queue: the API is not reachable at http://127.0.0.1:${closedPort} (ECONNREFUSED).\n` +
        `Start the local runtime with \`npm start\`, or point the CLI elsewhere with --url or SRSN_API_URL.\n`,
    );
  });
});

describe('srsn participation commands on the local runtime', () => {
  it("sessions, move-session, materials and rosters: a facilitator moves a session and posts the first session's materials, and the participant hears of both", async () => {
    // 9:00 AM CDT on the SDZ notification date has passed: Lindbergh, selected, is told so and becomes a participant.
    await harness.setClock('2022-09-15T15:00:00Z');
    const contact = 'dana.whitfield@lindbergh.example.org';
    const mailTo = async (subject: RegExp) =>
      (await harness.inbox())
        .filter((email) => email.destination.to.includes(contact) && subject.test(email.subject))
        .map((email) => email.subject);

    const listed = await srsn('sessions', '--cohort', '2022-2023');
    const moved = await srsn(
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
    );
    await harness.setClock('2022-10-12T17:30:00Z'); // the October session is over
    const posted = await srsn(
      'materials',
      '2022-10-12',
      '--cohort',
      '2022-2023',
      '--video',
      'https://video.example.org/oct',
      '--slides',
      'https://slides.example.org/oct',
    );
    const after = await srsn('sessions', '--cohort', '2022-2023');
    const rosters = await srsn('rosters', '--cohort', '2022-2023');

    expect(listed).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'DATE        STATUS     SEQUENCE  NOW (CENTRAL)               MATERIALS   NOTE',
        '2022-10-12  scheduled  0         2022-10-12 10:00-12:00 CDT  not posted  -',
        '2022-11-09  scheduled  0         2022-11-09 10:00-12:00 CST  not posted  -',
        '2022-12-14  scheduled  0         2022-12-14 10:00-12:00 CST  not posted  -',
        '2023-01-11  scheduled  0         2023-01-11 10:00-12:00 CST  not posted  -',
        '2023-02-08  scheduled  0         2023-02-08 10:00-12:00 CST  not posted  -',
        '2023-03-08  scheduled  0         2023-03-08 10:00-12:00 CST  not posted  -',
        '2023-04-12  scheduled  0         2023-04-12 10:00-12:00 CDT  not posted  -',
        '2023-05-10  scheduled  0         2023-05-10 10:00-12:00 CDT  not posted  -',
        '2023-06-14  scheduled  0         2023-06-14 10:00-12:00 CDT  not posted  -',
        '',
        '9 sessions in cohort 2022-2023.',
        '',
      ].join('\n'),
    });
    expect(moved).toEqual({
      code: 0,
      stderr: '',
      stdout:
        'The session of 2023-01-11 (cohort 2022-2023) moved: 2023-01-18 13:00-15:00 CST (sequence 1).\n' +
        'Every roster member is emailed the new time with an updated calendar invitation; the reminders follow it.\n',
    });
    expect(await mailTo(/^New time: /)).toEqual([
      'New time: Innovation Zones monthly session, January 2023, now Wednesday, January 18, 2023, 1:00 PM - ' +
        '3:00 PM CST',
    ]);
    expect(posted).toEqual({
      code: 0,
      stderr: '',
      stdout:
        'Video and slides of the session of 2022-10-12 (cohort 2022-2023) posted, revision 1: every roster member is ' +
        'emailed the links.\n',
    });
    expect(await mailTo(/video|slides/i)).toHaveLength(1);
    expect(after.stdout).toMatch(
      /^2022-10-12 {2}scheduled {2}0 {9}2022-10-12 10:00-12:00 CDT {2}revision 1, posted 2022-10-12 12:30 CDT {2}-$/m,
    );
    expect(after.stdout).toMatch(
      /^2023-01-11 {2}moved {6}1 {9}2023-01-18 13:00-15:00 CST {2}not posted {31}Winter break$/m,
    );
    expect(after.stdout).toMatch(/\n9 sessions in cohort 2022-2023, 1 moved or cancelled\.\n$/);
    expect(rosters).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'APPLICATION ID              ZONE  APPLICANT          ROSTER     ROLE     NAME            EMAIL',
        `${lindbergh}  SDZ   Lindbergh Schools  not named  contact  Dana Whitfield  ${contact}`,
        '',
        '1 participant in cohort 2022-2023.',
        `No roster named yet (their stand-ins above receive the session emails): ${lindbergh}.`,
        '',
      ].join('\n'),
    });
  });
});

describe('the srsn bin', () => {
  it('runs as `npx srsn` from the repository, on the TypeScript sources', async () => {
    const repository = fileURLToPath(new URL('../..', import.meta.url));
    const { stdout } = await promisify(execFile)('npx', ['--no-install', 'srsn', 'decide', '--help'], {
      cwd: repository,
      timeout: 30_000,
    });
    expect(stdout).toMatch(/^Usage: srsn decide <applicationId> --decision selected\|not_selected/);
    expect(stdout).toContain('\nGlobal options:\n');
  });
});
