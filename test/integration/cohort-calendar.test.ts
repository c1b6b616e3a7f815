/**
 * The calendar of the 2022-2023 cohort on the local runtime: before the invitation date every
 * mailing is planned, with the invitees it would reach; once the virtual clock has passed it, the
 * invitations show as sent (the dispatcher's ledger entry) and what lies ahead as planned, each
 * deadline reminder counting the invitees that have still not applied. Once Lindbergh is
 * selected, the session reminders and the planning meeting notice count the addressees the
 * participation code sends to: its contact standing in, then its lead facilitators (and the
 * contact too, for the planning notice), as the inbox then shows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validApplication } from '../fixtures/applications.ts';
import { RuntimeHarness } from '../support/local-runtime.ts';

let harness: RuntimeHarness;
let lindberghId = '';

const CSV = [
  'kind,organization,county_district_code,contact_name,contact_email,zone_interest',
  'district,Lindbergh Schools,096-104,Dana Whitfield,dana@lindbergh.example.org,',
  'district,Prairie R-IV,096-092,Sam Ortega,sam@prairie.example.org,',
  'partner,University of Missouri,,Avery Stone,avery@umsystem.example.edu,CNZ',
].join('\r\n');

interface Item {
  readonly what: string;
  readonly local: string;
  readonly at: string;
  readonly state: string;
  readonly recipients?: number | null;
  readonly note?: string;
  readonly sentAt?: string;
}

async function calendar(): Promise<Item[]> {
  const answer = await harness.asFacilitator('GET', '/facilitator/cohorts/2022-2023/calendar');
  expect(answer.status).toBe(200);
  return answer.body.items;
}

const find = (items: Item[], what: string) => items.find((item) => item.what === what);

beforeAll(async () => {
  harness = await RuntimeHarness.start({ clockStart: new Date('2022-08-15T15:00:00Z') });
  const imported = await harness.request('POST', '/facilitator/invitees?cohort=2022-2023', CSV, {
    'content-type': 'text/csv',
    authorization: 'Bearer dev-facilitator',
  });
  expect(imported.status).toBe(200);
  await harness.runtime.bus.whenIdle();
});
afterAll(() => harness.stop());

describe('the calendar of a cohort on the local runtime', () => {
  it('lists the cohorts, and answers 404 and 400 for an unknown and a malformed cohort', async () => {
    const list = await harness.asFacilitator('GET', '/facilitator/cohorts');
    expect(list.body.items.map((cohort: { id: string }) => cohort.id)).toEqual(['2022-2023']);
    expect((await harness.asFacilitator('GET', '/facilitator/cohorts/2026-2027/calendar')).status).toBe(404);
    const malformed = await harness.asFacilitator('GET', '/facilitator/cohorts/2026/calendar');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].field).toBe('path.cohortId');
  });

  it('plans every mailing before the invitation date, with the invitees each would reach', async () => {
    const items = await calendar();
    expect(find(items, 'Invitations')).toMatchObject({
      local: '2022-08-19 08:00 CDT',
      at: '2022-08-19T13:00:00.000Z',
      state: 'planned',
      recipients: 3,
    });
    expect(find(items, 'Deadline reminder SDZ, 7 days before')).toMatchObject({ state: 'planned', recipients: 2 });
    expect(items.every((item) => item.state === 'planned')).toBe(true);
  });

  it('shows the invitations as sent once the clock has passed them, and what lies ahead as planned', async () => {
    expect((await harness.setClock('2022-08-22T15:00:00Z')).status).toBe(200);
    expect(await harness.inbox()).toHaveLength(3);
    // Lindbergh applies to the SDZ: it is owed neither deadline reminder (an SDZ application counts for the ILDZ).
    const application = validApplication('SDZ');
    application.applicant = { ...application.applicant, name: 'Lindbergh Schools', countyDistrictCode: '096-104' };
    const submitted = await harness.submit(application);
    expect(submitted.status).toBe(201);
    lindberghId = submitted.body.applicationId;

    const items = await calendar();
    expect(find(items, 'Invitations')).toMatchObject({ state: 'sent', recipients: null });
    expect(find(items, 'Invitations')?.sentAt).toBe('2022-08-19T13:00:00.000Z');
    expect(find(items, 'Innovation Zones informational meeting')).toMatchObject({
      local: '2022-08-25 10:00 CDT',
      state: 'planned',
    });
    expect(find(items, 'Deadline reminder SDZ, 7 days before')).toMatchObject({
      local: '2022-09-02 09:00 CDT',
      state: 'planned',
      recipients: 1,
    });
    expect(find(items, 'Deadline reminder ILDZ, 7 days before')).toMatchObject({ state: 'planned', recipients: 1 });
    expect(find(items, 'Window closes SDZ')).toMatchObject({
      local: '2022-09-10 00:00 CDT',
      at: '2022-09-10T05:00:00.000Z',
      state: 'planned',
    });
    expect(find(items, 'Results release SDZ')).toMatchObject({ state: 'planned', recipients: 0 });
    expect(find(items, 'Session reminder, 1 day before the 2022-11-09 session')).toMatchObject({
      local: '2022-11-08 10:00 CST',
      state: 'planned',
      recipients: 0,
    });
    const past = items.filter((item) => item.at < '2022-08-22T15:00:00.000Z');
    expect(past.map((item) => [item.what, item.state])).toEqual([['Invitations', 'sent']]);
  });

  it('counts the stand-in of a participant without a roster, then its lead facilitators, as the inbox shows', async () => {
    expect((await harness.setClock('2022-09-13T15:00:00Z')).status).toBe(200);
    const current = await harness.asFacilitator('GET', `/facilitator/applications/${lindberghId}`);
    const reviewed = await harness.asFacilitator('PUT', `/facilitator/applications/${lindberghId}/review`, {
      expectedVersion: current.body.version,
      decision: 'selected',
      notes: 'Reviewed.',
      scores: {
        elements: { 1: 3, 2: 3, 3: 3, 4: 3, 5: 3, 6: 3, 7: 3, 8: 3 },
        evidence: { cblPractices: 3, dataForSystemChange: 3, assessmentForLearning: 3, professionalLearning: 3 },
      },
    });
    expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
    await harness.clearInbox();
    expect((await harness.setClock('2022-09-15T14:00:00Z')).status).toBe(200);
    const selection = (await harness.inbox()).find((email) =>
      /^Selected for the System Design Zone/.test(email.subject),
    );
    const contact = selection!.destination.to[0]!;

    // No roster named yet: the contact stands in for both.
    let items = await calendar();
    expect(find(items, 'Session reminder, 7 days before the 2022-10-12 session')).toMatchObject({
      state: 'planned',
      recipients: 1,
    });
    expect(find(items, 'Planning meeting notice, 7 days before')).toMatchObject({ state: 'planned', recipients: 1 });

    const text = selection!.body.text!;
    const url = text.match(/a PUT request to (\S+) with a JSON body/)![1]!;
    const secret = (JSON.parse(text.match(/^\{"secret".*\}$/m)![0]!) as { secret: string }).secret;
    const leads = ['ana.brooks@lindbergh.example.org', 'ben.carter@lindbergh.example.org'];
    const named = await harness.request('PUT', new URL(url).pathname, {
      secret,
      leadFacilitators: leads.map((email) => ({ name: 'Lead Facilitator', title: 'Instructional Coach', email })),
    });
    expect(named.status, JSON.stringify(named.body)).toBe(200);
    await harness.runtime.bus.whenIdle();

    // The lead facilitators receive the session reminders; the planning notice also goes to the contact.
    items = await calendar();
    expect(find(items, 'Session reminder, 7 days before the 2022-10-12 session')?.recipients).toBe(2);
    expect(find(items, 'Planning meeting notice, 7 days before')).toMatchObject({ state: 'planned', recipients: 3 });

    await harness.clearInbox();
    expect((await harness.setClock('2022-09-26T15:00:01Z')).status).toBe(200);
    const notices = (await harness.inbox()).filter((email) => email.subject.includes('Planning Meeting'));
    expect(notices.flatMap((email) => email.destination.to).sort()).toEqual([...leads, contact].sort());
    expect(find(await calendar(), 'Planning meeting notice, 7 days before')).toMatchObject({
      state: 'sent',
      recipients: null,
    });
  });
});
