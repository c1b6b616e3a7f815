/**
 * The 2022-2023 review season, replayed on the local runtime with the virtual clock:
 * submissions, clarification, late submission with an extension, reviews, the SDZ and
 * ILDZ releases, the rollover, a late decision, board resolutions and every weekly
 * reminder until the last one — with duplicated events and failed-then-retried handlers.
 * Each step checks exactly which emails went out at that moment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_SOURCE } from '../../shared/platform/events/contract.ts';
import { validApplication } from '../fixtures/applications.ts';
import { type InboxEmail, RuntimeHarness } from '../support/local-runtime.ts';
import { takeLogs } from '../support/logs.ts';

let harness: RuntimeHarness;
let seen = 0;

const FACILITATORS = ['lead@srsn.example.org'];
const ids: Record<string, string> = {};

beforeAll(async () => {
  harness = await RuntimeHarness.start({
    clockStart: new Date('2022-08-19T14:00:00Z'),
    facilitatorEmails: FACILITATORS.join(','),
  });
});
afterAll(() => harness.stop());

/** The emails sent since the last call, as "recipient | subject" lines, sorted. */
async function newEmails(): Promise<InboxEmail[]> {
  const all = await harness.inbox();
  const fresh = all.slice(seen);
  seen = all.length;
  return fresh;
}
const lines = (emails: InboxEmail[]) =>
  emails.map((email) => `${email.destination.to.join(',')} | ${email.subject}`).sort();

async function advanceTo(instant: string): Promise<InboxEmail[]> {
  const moved = await harness.setClock(instant);
  expect(moved.status).toBe(200);
  return newEmails();
}

function sdz(code: string, name: string, email: string) {
  const application = validApplication('SDZ');
  application.applicant.countyDistrictCode = code;
  application.applicant.name = name;
  application.contact.email = email;
  application.superintendent.email = `superintendent@${email.split('@')[1]}`;
  return application;
}

const scores = (withEvidence: boolean) => ({
  elements: { 1: 3, 2: 3, 3: 3, 4: 3, 5: 3, 6: 3, 7: 3, 8: 3 },
  ...(withEvidence
    ? { evidence: { cblPractices: 3, dataForSystemChange: 3, assessmentForLearning: 3, professionalLearning: 3 } }
    : {}),
});

async function decide(applicationId: string, decision: 'selected' | 'not_selected', token = 'dev-facilitator') {
  const current = await harness.asFacilitator('GET', `/facilitator/applications/${applicationId}`);
  const answer = await harness.asFacilitator(
    'PUT',
    `/facilitator/applications/${applicationId}/review`,
    {
      expectedVersion: current.body.version,
      decision,
      notes: 'Reviewed by the facilitation team.',
      scores: scores(current.body.zone === 'SDZ' && !current.body.rolledOverFrom),
    },
    token,
  );
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
}

describe('the 2022-2023 SDZ and ILDZ season on the local runtime', () => {
  it('receipts each submission once, on the day it arrives', async () => {
    const submissions = {
      lindbergh: sdz('096-104', 'Lindbergh Schools', 'dana@lindbergh.example.org'),
      ozark: sdz('022-089', 'Ozark R-VI', 'kim@ozark.example.org'),
      prairie: sdz('010-090', 'Prairie Valley R-II', 'ana@prairie.example.org'),
      school: validApplication('ILDZ'),
      partner: validApplication('CNZ'),
    };
    await advanceTo('2022-08-26T15:00:00Z');
    for (const [name, body] of Object.entries(submissions)) {
      const answer = await harness.submit(body, { 'Idempotency-Key': `season-${name}` });
      expect(answer.status).toBe(201);
      ids[name] = answer.body.applicationId;
    }
    // A client retry of one submission: same answer, no second receipt.
    expect((await harness.submit(submissions.ozark, { 'Idempotency-Key': 'season-ozark' })).body.applicationId).toBe(
      ids.ozark,
    );

    expect(lines(await newEmails())).toEqual([
      'ana@prairie.example.org | Application received: System Design Zone (SDZ), Prairie Valley R-II',
      'dana@lindbergh.example.org | Application received: System Design Zone (SDZ), Lindbergh Schools',
      'kim@ozark.example.org | Application received: System Design Zone (SDZ), Ozark R-VI',
      'lee.park@showme.example.com | Application received: Collaborative Network Zone (CNZ), Show-Me Manufacturing ' +
        'Partners',
      'sam.ortega@prairie.example.org | Application received: Innovative Learning Design Zone (ILDZ), Prairie View ' +
        'Elementary',
    ]);
  });

  it('tells the facilitators the SDZ queue is ready at midnight ending September 9, and refuses a late district unless extended', async () => {
    expect(lines(await advanceTo('2022-09-10T04:59:59Z'))).toEqual([]);
    const closed = await advanceTo('2022-09-10T05:00:00Z');
    expect(lines(closed)).toEqual([
      'lead@srsn.example.org | Review queue ready: System Design Zone (SDZ), 3 applications',
    ]);

    await advanceTo('2022-09-10T15:00:00Z');
    const late = sdz('048-001', 'Harrison County R-IV', 'pat@harrison.example.org');
    expect((await harness.submit(late)).body).toMatchObject({
      error: 'WindowClosed',
      closedAt: '2022-09-10T05:00:00.000Z',
    });
    const extended = await harness.asFacilitator('POST', '/facilitator/extensions', {
      cohort: '2022-2023',
      zone: 'SDZ',
      applicantKey: 'district:048-001',
      until: '2022-09-12T05:00:00Z',
    });
    expect(extended.status).toBe(201);
    const accepted = await harness.submit(late);
    expect(accepted.status).toBe(201);
    ids.harrison = accepted.body.applicationId;
    expect(lines(await newEmails())).toEqual([
      'pat@harrison.example.org | Application received: System Design Zone (SDZ), Harrison County R-IV',
    ]);
  });

  it('asks Ozark for clarification during review and takes its answer through the secret link', async () => {
    await advanceTo('2022-09-12T15:00:00Z');
    const asked = await harness.asFacilitator('POST', `/facilitator/applications/${ids.ozark}/clarifications`, {
      question: 'Which grades use the learning progressions?',
    });
    expect(asked.status).toBe(201);
    const [email, ...others] = await newEmails();
    expect(others).toEqual([]);
    expect(email!.subject).toBe('Clarification requested: System Design Zone (SDZ), Ozark R-VI');
    const answerUrl = email!.body.text!.match(/POST request to\n(\S+)/)![1]!;
    const secret = JSON.parse(email!.body.text!.match(/with the JSON body\n(\{.*\})/)![1]!).secret as string;

    const wrong = await harness.request('POST', new URL(answerUrl).pathname, { secret: 'x'.repeat(43), answer: 'K-8' });
    const right = await harness.request('POST', new URL(answerUrl).pathname, {
      secret,
      answer: 'Kindergarten through grade 8.',
    });

    expect(wrong.status).toBe(403);
    expect(right.status).toBe(200);
    expect((await harness.asFacilitator('GET', `/facilitator/applications/${ids.ozark}`)).body.status).toBe(
      'submitted',
    );
  });

  it('releases SDZ results at 9:00 AM Central on September 15: selection with ICS, one combined rollover email, an alert for the undecided', async () => {
    await advanceTo('2022-09-13T15:00:00Z');
    await decide(ids.lindbergh!, 'selected');
    await decide(ids.harrison!, 'not_selected');
    await decide(ids.harrison!, 'selected', 'dev-facilitator-2');
    await decide(ids.ozark!, 'not_selected');
    // Prairie Valley stays undecided at release.
    expect(lines(await newEmails())).toEqual([]);

    // A result handler that times out after sending is retried by the bus: still one email.
    harness.runtime.functions.failNext('sendResult', 1, 'after');
    expect(lines(await advanceTo('2022-09-15T13:59:59Z'))).toEqual([]);
    const released = await advanceTo('2022-09-15T14:00:00Z');

    expect(lines(released)).toEqual([
      'dana@lindbergh.example.org | Selected for the System Design Zone (SDZ): Lindbergh Schools',
      'kim@ozark.example.org | System Design Zone (SDZ) result and your place in the Innovative Learning Design Zone ' +
        '(ILDZ): Ozark R-VI',
      'lead@srsn.example.org | Results released without a decision: System Design Zone (SDZ), 1 application',
      'pat@harrison.example.org | Selected for the System Design Zone (SDZ): Harrison County R-IV',
    ]);
    expect(takeLogs()).toMatchObject([
      {
        service: 'local-runtime',
        message:
          '[bus] SendResultOnApplicationResultDue -> sendResult attempt 1 failed: InjectedFault: Injected failure after sendResult ran',
      },
    ]);
    const lindbergh = released.find((email) => email.destination.to.includes('dana@lindbergh.example.org'))!;
    expect(lindbergh.destination.cc).toEqual(['superintendent@lindbergh.example.org']);
    expect(lindbergh.body.text).toContain('October 3, 2022');
    expect(lindbergh.body.text).toContain('MASA, Jefferson City, MO');
    const invitation = Buffer.from(lindbergh.attachments[0]!.content, 'base64').toString('utf8');
    expect(invitation).toContain('DTSTART:20221003T150000Z');
    expect(invitation).toContain('DTEND:20221003T200000Z');

    // The same release event delivered again, and a rolled-over district's ILDZ place exists once.
    await harness.post('/_local/events', {
      Entries: [
        {
          Source: EVENT_SOURCE,
          DetailType: 'ResultsReleaseDue',
          Detail: JSON.stringify({
            milestoneId: '2022-2023/release/SDZ',
            cohort: '2022-2023',
            dueAt: '2022-09-15T14:00:00.000Z',
            zone: 'SDZ',
            releasedBy: 'schedule',
          }),
        },
      ],
    });
    expect(lines(await newEmails())).toEqual([]);
    const ildzQueue = await harness.asFacilitator(
      'GET',
      '/facilitator/applications?cohort=2022-2023&zone=ILDZ&limit=100',
    );
    expect(
      ildzQueue.body.items.filter((item: { rolledOverFrom?: string }) => item.rolledOverFrom === ids.ozark),
    ).toHaveLength(1);
  });

  it('sends the late decision once when a facilitator asks, and the first board-resolution reminder a week after release', async () => {
    await advanceTo('2022-09-16T15:00:00Z');
    await decide(ids.prairie!, 'selected');
    expect((await harness.asFacilitator('POST', `/facilitator/applications/${ids.prairie}/send-result`)).status).toBe(
      200,
    );
    expect((await harness.asFacilitator('POST', `/facilitator/applications/${ids.prairie}/send-result`)).status).toBe(
      409,
    );
    expect(lines(await newEmails())).toEqual([
      'ana@prairie.example.org | Selected for the System Design Zone (SDZ): Prairie Valley R-II',
    ]);

    const closed = await advanceTo('2022-09-17T05:00:00Z');
    expect(lines(closed)).toEqual([
      expect.stringMatching(
        /^lead@srsn\.example\.org \| Review queue ready: Innovative Learning Design Zone \(ILDZ\), \d+ applications?$/,
      ),
    ]);

    const round1 = await advanceTo('2022-09-22T14:00:00Z');
    expect(lines(round1)).toEqual([
      'ana@prairie.example.org | Board resolution needed: System Design Zone (SDZ), Prairie Valley R-II',
      'dana@lindbergh.example.org | Board resolution needed: System Design Zone (SDZ), Lindbergh Schools',
      'pat@harrison.example.org | Board resolution needed: System Design Zone (SDZ), Harrison County R-IV',
    ]);
  });

  it('releases ILDZ results on September 23 without a second email to the rolled-over district', async () => {
    await decide(ids.school!, 'selected');
    const released = await advanceTo('2022-09-23T14:00:00Z');

    expect(lines(released)).toEqual([
      'sam.ortega@prairie.example.org | Selected for the Innovative Learning Design Zone (ILDZ): Prairie View ' +
        'Elementary',
    ]);
  });

  it('reminds every week until a resolution is recorded, through the last round before the final session', async () => {
    const sent: InboxEmail[] = [];
    for (const [applicationId, adoptedOn] of [
      [ids.lindbergh!, '2022-09-26'],
      [ids.prairie!, '2022-10-10'],
    ] as const) {
      sent.push(...(await advanceTo(`${adoptedOn}T20:00:00Z`)));
      const current = await harness.asFacilitator('GET', `/facilitator/applications/${applicationId}`);
      const recorded = await harness.asFacilitator(
        'POST',
        `/facilitator/applications/${applicationId}/board-resolution`,
        { adoptedOn, reference: `Board minutes ${adoptedOn}`, expectedVersion: current.body.version },
      );
      expect(recorded.status, JSON.stringify(recorded.body)).toBe(200);
    }

    sent.push(...(await advanceTo('2023-06-14T23:00:00Z')));
    const reminded = sent.filter((email) => email.subject.startsWith('Board resolution needed'));
    const perDistrict = (address: string) => reminded.filter((email) => email.destination.to.includes(address)).length;

    // Rounds fall on Thursdays from 2022-09-29 to 2023-06-08; the first was checked above.
    expect(perDistrict('dana@lindbergh.example.org')).toBe(0);
    expect(perDistrict('ana@prairie.example.org')).toBe(2); // 2022-09-29 and 10-06, before its October 10 resolution
    expect(perDistrict('pat@harrison.example.org')).toBe(37);
    // Meanwhile the participation emails go out too (session reminders, the planning meeting
    // notice): test/integration/participation-calendar.test.ts checks those.
    const participation = /^(In \d+ days|Tomorrow|Today): /;
    expect(
      sent.filter(
        (email) => !email.subject.startsWith('Board resolution needed') && !participation.test(email.subject),
      ),
    ).toEqual([]);
    const lastRound = await harness.items();
    expect(lastRound.some((item) => item.pk === `NOTIFICATION#board-resolution-reminder#${ids.harrison}#38`)).toBe(
      true,
    );
    expect(lastRound.some((item) => item.pk === `NOTIFICATION#board-resolution-reminder#${ids.harrison}#39`)).toBe(
      false,
    );
  });
});
