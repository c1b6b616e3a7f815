/**
 * A cohort changed while a mailing of it is running, on the local runtime: the 2027-2028 copy of
 * 2022-2023, scheduled, with one selected SDZ district (its contact and three lead facilitators).
 * Bulk sends are paced at one a second, so a reminder mailing takes seconds; the change lands
 * after its first email and before its last. Nothing goes out twice, and nothing after the change
 * for a time or a link the cohort no longer has: the rest go out as the cohort now is, or not at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTACT, LEADS, scheduleCopiedCohort, selectSdzDistrict } from '../support/copied-cohort.ts';
import { RuntimeHarness } from '../support/local-runtime.ts';

const COHORT = '/facilitator/cohorts/2027-2028';
const ADDRESSEES = [CONTACT, ...LEADS].sort();
const OLD_LINK = 'https://zoom.example.org/j/1111111111';
const NEW_LINK = 'https://zoom.example.org/j/2222222222';

let harness: RuntimeHarness;
interface Sent {
  readonly at: string;
  readonly to: string;
  readonly subject: string;
  readonly notification: string | undefined;
  readonly text: string;
  /** Real time it was accepted, to order it against the change. */
  readonly acceptedAt: number;
}
const sent: Sent[] = [];

beforeAll(async () => {
  // The handlers read the rate at load: one send a second, so a mailing of four takes three seconds.
  process.env.SES_MAX_SEND_RATE = '1';
  harness = await RuntimeHarness.start({
    clockStart: new Date('2026-12-08T15:00:00Z'),
    observers: {
      sentMail: (mail, input) =>
        sent.push({
          at: mail.sentAt,
          to: mail.to.join(','),
          subject: mail.subject,
          notification: mail.tags.notification,
          text: input.Content?.Simple?.Body?.Text?.Data ?? '',
          acceptedAt: performance.now(),
        }),
    },
  });
  const definition = await scheduleCopiedCohort(harness, '2027-2028', { 'monthlySessions.joinUrl': OLD_LINK });
  expect(definition.planningMeeting).toMatchObject({ date: '2027-10-04', start: '10:00' });
  await selectSdzDistrict(harness, definition);
});
afterAll(() => harness.stop());

const ofKind = (notification: string) => sent.filter((email) => email.notification === notification);

/**
 * Moves the clock to `instant` (a milestone's), and once the mailing it starts (to `recipients`) has
 * sent its first email of `notification`, applies `set` to the cohort; then waits for everything to settle.
 * Returns the answer to the change and the real time it came.
 */
async function changeMidMailing(
  instant: string,
  notification: string,
  recipients: number,
  set: Record<string, unknown>,
) {
  const { version } = (await harness.asFacilitator('GET', COHORT)).body;
  const before = ofKind(notification).length;
  const ticking = harness.setClock(instant);
  for (let waited = 0; ofKind(notification).length === before; waited += 5) {
    if (waited > 20_000) throw new Error(`no ${notification} went out`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const change = await harness.request('PATCH', COHORT, { version, set }, { authorization: 'Bearer dev-facilitator' });
  const answeredAt = performance.now();
  // The change came while the mailing ran: it had sent fewer than all.
  expect(ofKind(notification).length - before).toBeLessThan(recipients);
  expect((await ticking).status).toBe(200);
  await harness.runtime.bus.whenIdle();
  return { change, answeredAt };
}

const count = (emails: Sent[]) => {
  const counts = new Map<string, number>();
  for (const email of emails) counts.set(email.to, (counts.get(email.to) ?? 0) + 1);
  return counts;
};

describe('a cohort changed while a mailing of it is running', () => {
  it('moves the planning meeting while its 7-day reminder goes out: nothing more for October 4 after the move', async () => {
    const { change, answeredAt } = await changeMidMailing(
      '2027-09-27T15:00:00Z',
      'planning-meeting-reminder',
      ADDRESSEES.length,
      {
        'planningMeeting.date': '2027-10-11',
      },
    );
    expect(change.status, JSON.stringify(change.body)).toBe(200);

    const oldDate = ofKind('planning-meeting-reminder').filter((email) => email.subject.includes('October 4, 2027'));
    expect(oldDate.length).toBeGreaterThan(0);
    expect(oldDate.filter((email) => email.acceptedAt > answeredAt)).toEqual([]);
    expect([...count(oldDate).values()].every((times) => times === 1)).toBe(true);
  });

  it('then reminds each addressee once 7 days and 1 day before October 11, and of October 4 no more', async () => {
    expect((await harness.setClock('2027-10-11T15:00:00Z')).status).toBe(200);
    const newDate = ofKind('planning-meeting-reminder').filter((email) => email.subject.includes('October 11, 2027'));
    for (const [at, label] of [
      ['2027-10-04T15:00:00.000Z', 'In 7 days'],
      ['2027-10-10T15:00:00.000Z', 'Tomorrow'],
    ] as const) {
      const reminders = newDate.filter((email) => email.at === at);
      expect(reminders.map((email) => email.to).sort()).toEqual(ADDRESSEES);
      for (const email of reminders) expect(email.subject.startsWith(`${label}:`)).toBe(true);
    }
    expect(newDate).toHaveLength(2 * ADDRESSEES.length);
    const oldDate = ofKind('planning-meeting-reminder').filter((email) => !email.subject.includes('October 11, 2027'));
    expect(oldDate.every((email) => email.at === '2027-09-27T15:00:00.000Z')).toBe(true);
  });

  it('changes the sessions’ join link while a session reminder goes out: each member once, the link of the moment it went', async () => {
    // The October 13 session's 1-day reminder, 10:00 CDT on October 12, to the three lead facilitators.
    const instant = '2027-10-12T15:00:00.000Z';
    const { change, answeredAt } = await changeMidMailing(instant, 'session-reminder', LEADS.length, {
      'monthlySessions.joinUrl': NEW_LINK,
    });
    expect(change.status, JSON.stringify(change.body)).toBe(200);

    const reminders = ofKind('session-reminder').filter((email) => email.at === instant);
    expect(reminders.map((email) => email.to).sort()).toEqual([...LEADS].sort());
    for (const email of reminders) {
      const link = email.acceptedAt > answeredAt ? NEW_LINK : OLD_LINK;
      expect(email.text).toContain(link);
    }
    expect(reminders.filter((email) => email.acceptedAt > answeredAt).length).toBeGreaterThan(0);
    // The 7-day reminders went out before the change, once each, with the link of then.
    const weekBefore = ofKind('session-reminder').filter((email) => email.at !== instant);
    expect(weekBefore.map((email) => email.to).sort()).toEqual([...LEADS].sort());
    for (const email of weekBefore) expect(email.at).toBe('2027-10-06T15:00:00.000Z');
    for (const email of weekBefore) expect(email.text).toContain(OLD_LINK);
  });
});
