/**
 * A planning meeting moved twice while it lies ahead, on the local runtime: the 2027-2028 copy of
 * 2022-2023, scheduled, with one selected SDZ district (its contact and three lead facilitators).
 * The dispatcher learns each move from CohortChanged; the virtual clock then carries the cohort
 * past the meeting: each addressee gets each reminder once, for the newest date, at the newest
 * instant, and nothing for the first or the intermediate date. A move that would put a reminder
 * in the past is refused and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTACT, LEADS, scheduleCopiedCohort, selectSdzDistrict } from '../support/copied-cohort.ts';
import { RuntimeHarness } from '../support/local-runtime.ts';

const COHORT = '/facilitator/cohorts/2027-2028';
const ADDRESSEES = [CONTACT, ...LEADS].sort();

let harness: RuntimeHarness;
/** Every email SES accepted, at the virtual instant it was sent. */
const sent: Array<{ at: string; to: string; subject: string; notification: string | undefined }> = [];

beforeAll(async () => {
  harness = await RuntimeHarness.start({
    clockStart: new Date('2026-12-08T15:00:00Z'),
    observers: {
      sentMail: (mail) =>
        sent.push({
          at: mail.sentAt,
          to: mail.to.join(','),
          subject: mail.subject,
          notification: mail.tags.notification,
        }),
    },
  });
  const definition = await scheduleCopiedCohort(harness, '2027-2028');
  // The copy keeps the seed's Monday: October 4, 2027, 10:00-15:00 CDT, reminded 7 days and 1 day before.
  expect(definition.planningMeeting).toMatchObject({ date: '2027-10-04', start: '10:00', end: '15:00' });
  await selectSdzDistrict(harness, definition);
});
afterAll(() => harness.stop());

const planningReminders = () => sent.filter((email) => email.notification === 'planning-meeting-reminder');

async function move(set: Record<string, unknown>) {
  const { version } = (await harness.asFacilitator('GET', COHORT)).body;
  return harness.asFacilitator('PATCH', COHORT, { version, set });
}

describe('a planning meeting moved twice while it lies ahead', () => {
  it('refuses a move whose 7-day reminder would fall in the past, naming the field, and changes nothing', async () => {
    expect((await harness.setClock('2027-09-20T15:00:00Z')).status).toBe(200);
    const before = (await harness.asFacilitator('GET', COHORT)).body;
    // Sunday, September 26: its 7-day reminder would have been due on September 19.
    const refused = await move({ 'planningMeeting.date': '2027-09-26' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('ChangeRefused');
    expect(refused.body.errors).toEqual([
      {
        field: 'planningMeeting.date',
        message:
          "the planning meeting's 7-day reminder would fall at Sunday, September 19, 2027 at 10:00 AM CDT, already past",
      },
    ]);
    const after = (await harness.asFacilitator('GET', COHORT)).body;
    expect(after.version).toBe(before.version);
    expect(after.definition.planningMeeting).toEqual(before.definition.planningMeeting);
    expect(planningReminders()).toEqual([]);
  });

  it('takes a move to Wednesday October 6 at 13:00, then one to Friday October 8 at 9:00', async () => {
    const first = await move({ 'planningMeeting.date': '2027-10-06', 'planningMeeting.start': '13:00' });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.definition.planningMeeting).toMatchObject({ date: '2027-10-06', start: '13:00' });

    // A day passes between the moves: the dispatcher ticks on the first move's plan.
    expect((await harness.setClock('2027-09-21T15:00:00Z')).status).toBe(200);
    const second = await move({
      'planningMeeting.date': '2027-10-08',
      'planningMeeting.start': '09:00',
      'planningMeeting.end': '14:00',
    });
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    expect(second.body.definition.planningMeeting).toMatchObject({ date: '2027-10-08', start: '09:00', end: '14:00' });
    expect(planningReminders()).toEqual([]);
  });

  it('sends each addressee each reminder once, for October 8, at 9:00 CDT 7 days and 1 day before; nothing for the old dates', async () => {
    // Past the original meeting, both of the first move's reminders (2027-09-29 and 2027-10-05 at 18:00Z)
    // and the new meeting itself.
    expect((await harness.setClock('2027-10-09T15:00:00Z')).status).toBe(200);
    const when = 'System Design Zone Planning Meeting, Friday, October 8, 2027, 9:00 AM - 2:00 PM CDT';
    const expected = [
      ...ADDRESSEES.map((to) => ({ at: '2027-10-01T14:00:00.000Z', to, subject: `In 7 days: ${when}` })),
      ...ADDRESSEES.map((to) => ({ at: '2027-10-07T14:00:00.000Z', to, subject: `Tomorrow: ${when}` })),
    ];
    const received = planningReminders().map(({ at, to, subject }) => ({ at, to, subject }));
    const order = (left: { at: string; to: string }, right: { at: string; to: string }) =>
      left.at.localeCompare(right.at) || left.to.localeCompare(right.to);
    expect(received.sort(order)).toEqual(expected.sort(order));
  });

  it('lists the reminders of October 8 as sent in the calendar, and none of the old dates', async () => {
    const calendar = await harness.asFacilitator('GET', `${COHORT}/calendar`);
    expect(calendar.status).toBe(200);
    const notices = calendar.body.items.filter((item: { what: string }) => item.what.startsWith('Planning meeting'));
    expect(notices.map((item: { at: string; state: string }) => [item.at, item.state])).toEqual([
      ['2027-10-01T14:00:00.000Z', 'sent'],
      ['2027-10-07T14:00:00.000Z', 'sent'],
    ]);
  });
});
