/**
 * The finding of issue 14 on the local runtime: with its own secret, a participant changed its
 * roster 50 times in a row, each change naming an outside address, and each emailed it. Now at
 * most 10 changes are taken in a rolling hour (the rest 429, nothing stored, nothing sent), the
 * outside address is copied at most once a day however often it is removed and named again,
 * and the contact still has each accepted change confirmed. The clock stands still between
 * requests unless a test moves it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicantSecret } from '../../shared/applicant-links/secret.ts';
import { ROSTER_CHANGES_PER_HOUR } from '../../shared/participation/roster-change-limit.ts';
import { validApplication } from '../fixtures/applications.ts';
import { type InboxEmail, RuntimeHarness } from '../support/local-runtime.ts';

let harness: RuntimeHarness;
let applicationId: string;
let secret: string;
let rosterPath: string;

const CONTACT = 'dana.whitfield@lindbergh.example.org';
const SUPERINTENDENT = 'superintendent@lindbergh.example.org';
const OUTSIDE = { name: 'Someone Else', title: 'Not a district employee', email: 'target@outside.example.net' };
const ANA = { name: 'Ana Brooks', title: 'Instructional Coach', email: 'ana.brooks@lindbergh.example.org' };
/** The SDZ results go out on 2022-09-15 at 9:00 CDT: from then on the district names its roster. */
const RELEASED_AT = '2022-09-15T14:00:00.000Z';

beforeAll(async () => {
  harness = await RuntimeHarness.start({
    clockStart: new Date('2022-08-26T15:00:00Z'),
    facilitatorEmails: 'lead@srsn.example.org',
  });
  const submitted = await harness.submit(validApplication('SDZ'));
  expect(submitted.status).toBe(201);
  applicationId = submitted.body.applicationId;
  expect((await harness.setClock('2022-09-13T15:00:00Z')).status).toBe(200);
  const current = await harness.asFacilitator('GET', `/facilitator/applications/${applicationId}`);
  const review = await harness.asFacilitator('PUT', `/facilitator/applications/${applicationId}/review`, {
    expectedVersion: current.body.version,
    decision: 'selected',
    notes: 'Reviewed.',
    scores: {
      elements: { 1: 3, 2: 3, 3: 3, 4: 3, 5: 3, 6: 3, 7: 3, 8: 3 },
      evidence: { cblPractices: 3, dataForSystemChange: 3, assessmentForLearning: 3, professionalLearning: 3 },
    },
  });
  expect(review.status, JSON.stringify(review.body)).toBe(200);
  expect((await harness.setClock(RELEASED_AT)).status).toBe(200);
  secret = applicantSecret(Buffer.from(process.env.APPLICANT_LINK_KEY!, 'utf8'), applicationId);
  rosterPath = `/applications/${applicationId}/roster`;
});
afterAll(() => harness.stop());

/** One roster change, then every email it caused sent (so no version is skipped as superseded). */
async function change(leadFacilitators: unknown[]): Promise<{ status: number; body: any }> {
  const answer = await harness.request('PUT', rosterPath, { secret, leadFacilitators });
  await harness.runtime.bus.whenIdle();
  return answer;
}

async function confirmationsTo(address: string): Promise<InboxEmail[]> {
  return (await harness.inbox()).filter(
    (email) =>
      /^Lead facilitators (confirmed|updated)/.test(email.subject) &&
      [...email.destination.to, ...email.destination.cc].includes(address),
  );
}

async function version(): Promise<number | null> {
  return (await harness.request('GET', `${rosterPath}?secret=${secret}`)).body.version;
}

describe('roster changes on the local runtime cannot make the system a mailer', () => {
  it('takes 10 of 50 changes in a row naming an outside address, answers the rest 429, and writes to the address once', async () => {
    const answers: Array<{ status: number; body: any }> = [];
    for (let index = 0; index < 50; index += 1)
      // The outside address is named, removed and named again; each PUT is a change (a new title).
      answers.push(await change([{ ...(index % 2 === 0 ? OUTSIDE : ANA), title: `Title ${index}` }]));

    expect(answers.slice(0, ROSTER_CHANGES_PER_HOUR).map((answer) => [answer.status, answer.body.changed])).toEqual(
      Array.from({ length: ROSTER_CHANGES_PER_HOUR }, () => [200, true]),
    );
    const refused = answers.slice(ROSTER_CHANGES_PER_HOUR);
    expect(refused.map((answer) => answer.status)).toEqual(refused.map(() => 429));
    expect(refused[0]!.body).toEqual({
      error: 'TooManyRosterChanges',
      message:
        'This roster was already changed 10 times in the last hour, the most allowed; nothing was changed and no ' +
        'email was sent. It can be changed again from Thursday, September 15, 2022 at 10:00 AM CDT (in 60 minutes).',
      limit: 10,
      windowMinutes: 60,
      retryAt: '2022-09-15T15:00:00.000Z',
      retryAfterSeconds: 3600,
    });
    expect(await version()).toBe(ROSTER_CHANGES_PER_HOUR);

    expect(await confirmationsTo(OUTSIDE.email)).toHaveLength(1);
    expect(await confirmationsTo(ANA.email)).toHaveLength(1);
    expect(await confirmationsTo(SUPERINTENDENT)).toHaveLength(1);
    // The contact has each accepted change confirmed: the versions 1 to 10, each once.
    const toContact = await confirmationsTo(CONTACT);
    expect(toContact.map((email) => email.destination.to)).toEqual(toContact.map(() => [CONTACT]));
    expect(toContact.map((email) => email.body.text!.match(/\(version (\d+)\)/)![1])).toEqual(
      Array.from({ length: ROSTER_CHANGES_PER_HOUR }, (_, index) => String(index + 1)),
    );
    expect(toContact.at(-1)!.body.text).toContain(
      'Not copied on this update, as they already received a roster email about this application today: ' +
        `${SUPERINTENDENT}, ${ANA.email}.`,
    );
  });

  it('says Retry-After in the header, takes a change once the hour has passed, and copies the outside address again only the next day', async () => {
    expect((await harness.setClock('2022-09-15T14:59:59.000Z')).status).toBe(200);
    const refused = await fetch(`${harness.api}${rosterPath}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ secret, leadFacilitators: [OUTSIDE] }),
    });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await version()).toBe(ROSTER_CHANGES_PER_HOUR);

    expect((await harness.setClock('2022-09-15T15:00:00.000Z')).status).toBe(200);
    expect((await change([OUTSIDE])).body).toMatchObject({ changed: true, version: 11 });
    expect(await confirmationsTo(OUTSIDE.email)).toHaveLength(1);
    expect(await confirmationsTo(CONTACT)).toHaveLength(11);

    // 00:30 CDT on September 16: a new day in the cohort's time zone.
    expect((await harness.setClock('2022-09-16T05:30:00.000Z')).status).toBe(200);
    expect((await change([ANA, OUTSIDE])).body).toMatchObject({ changed: true, version: 12 });
    expect(await confirmationsTo(OUTSIDE.email)).toHaveLength(2);
    expect(await confirmationsTo(CONTACT)).toHaveLength(12);
  });

  it('takes at most the places left in the hour when 20 changes arrive at once', async () => {
    expect((await harness.setClock('2022-09-16T15:00:00.000Z')).status).toBe(200);
    const before = await version();
    for (let index = 0; index < ROSTER_CHANGES_PER_HOUR - 2; index += 1)
      expect((await change([{ ...ANA, title: `Coach ${index}` }])).status).toBe(200);

    // Two places left in the hour; each PUT names a different roster.
    const burst = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        harness.request('PUT', rosterPath, { secret, leadFacilitators: [{ ...ANA, title: `Burst ${index}` }] }),
      ),
    );
    await harness.runtime.bus.whenIdle();
    const accepted = burst.filter((answer) => answer.status === 200);
    expect(accepted.length).toBeGreaterThanOrEqual(1);
    expect(accepted.length).toBeLessThanOrEqual(2);
    for (const answer of burst.filter((each) => each.status !== 200))
      expect(['TooManyRosterChanges', 'RosterConflict']).toContain(answer.body.error);

    // Whatever the race left, the hour holds exactly 10 changes: then 429.
    let more = 0;
    while ((await change([{ ...ANA, title: `After ${more}` }])).status === 200) more += 1;
    expect(ROSTER_CHANGES_PER_HOUR - 2 + accepted.length + more).toBe(ROSTER_CHANGES_PER_HOUR);
    expect(await version()).toBe(before! + ROSTER_CHANGES_PER_HOUR);
  });
});
