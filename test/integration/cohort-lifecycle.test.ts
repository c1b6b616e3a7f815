/**
 * A season set up as an operator would on the local runtime in December 2026: copy the seeded
 * 2022-2023 cohort forward to 2027-2028 (every date listed first, nothing stored), save it as a
 * draft, set its CNZ dates and join links, schedule it, and carry it by the virtual clock to its
 * invitations, which name 2027-2028 and carry the links. Once scheduled, only what lies ahead
 * changes: the refusals name the field and store nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeHarness } from '../support/local-runtime.ts';

let harness: RuntimeHarness;
const COHORTS = '/facilitator/cohorts';
const JOIN = 'https://zoom.example.org/j/8123456789';
const CSV = [
  'kind,organization,county_district_code,contact_name,contact_email,zone_interest',
  'district,Lindbergh Schools,096-104,Dana Whitfield,dana@lindbergh.example.org,',
  'partner,University of Missouri,,Avery Stone,avery@umsystem.example.edu,CNZ',
].join('\r\n');

beforeAll(async () => {
  harness = await RuntimeHarness.start({ clockStart: new Date('2026-12-08T15:00:00Z') });
});
afterAll(() => harness.stop());

const cohort = async (id: string) => (await harness.asFacilitator('GET', `${COHORTS}/${id}`)).body;

describe('setting up and running the next season', () => {
  it('lists the seed, scheduled, and previews a copy one season on without storing it', async () => {
    const list = await harness.asFacilitator('GET', COHORTS);
    expect(list.body.items).toEqual([expect.objectContaining({ id: '2022-2023', state: 'scheduled', version: 1 })]);

    const preview = await harness.asFacilitator('POST', `${COHORTS}/2022-2023/copies`, { id: '2027-2028' });
    expect(preview.status).toBe(200);
    expect(preview.body.saved).toBe(false);
    const invitation = preview.body.dates.find((date: { path: string }) => date.path === 'invitationDate');
    expect(invitation).toMatchObject({ source: '2022-08-19', sourceWeekday: 'Friday', targetWeekday: 'Friday' });
    expect(invitation.target.startsWith('2027-08')).toBe(true);
    expect(preview.body.sessions.length).toBeGreaterThan(0);
    expect((await harness.asFacilitator('GET', `${COHORTS}/2027-2028`)).status).toBe(404);
  });

  it('refuses a copy into the past and a malformed target, naming the field', async () => {
    const past = await harness.asFacilitator('POST', `${COHORTS}/2022-2023/copies`, { id: '2023-2024' });
    expect(past.status).toBe(400);
    expect(past.body.errors.map((error: { field: string }) => error.field)).toContain('invitationDate');
    const malformed = await harness.asFacilitator('POST', `${COHORTS}/2022-2023/copies`, { id: '2027' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].field).toBe('id');
    expect((await harness.asFacilitator('GET', COHORTS)).body.items).toHaveLength(1);
  });

  it('saves the copy as a draft that no other route knows, and changes it at the version read', async () => {
    const saved = await harness.asFacilitator('POST', `${COHORTS}/2022-2023/copies`, { id: '2027-2028', save: true });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ saved: true, id: '2027-2028', state: 'draft', version: 1 });
    const again = await harness.asFacilitator('POST', `${COHORTS}/2022-2023/copies`, { id: '2027-2028', save: true });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('CohortExists');

    const importToDraft = await harness.request('POST', '/facilitator/invitees?cohort=2027-2028', CSV, {
      'content-type': 'text/csv',
      authorization: 'Bearer dev-facilitator',
    });
    expect(importToDraft.status).toBe(400);
    expect(importToDraft.body.errors[0]).toEqual({
      field: 'query.cohort',
      message: 'cohort 2027-2028 is a draft: schedule it first',
    });

    const sdzDue: string = saved.body.definition.zones.SDZ.due;
    const changed = await harness.asFacilitator('PATCH', `${COHORTS}/2027-2028`, {
      version: 1,
      set: {
        'zones.CNZ.due': sdzDue,
        'zones.CNZ.notify': saved.body.definition.zones.SDZ.notify,
        'monthlySessions.joinUrl': JOIN,
        'informationalMeetings.0.joinUrl': JOIN,
      },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.version).toBe(2);
    expect(changed.body.definition.zones.CNZ.due).toBe(sdzDue);

    const stale = await harness.asFacilitator('PATCH', `${COHORTS}/2027-2028`, {
      version: 1,
      set: { name: 'Cohort 6' },
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ error: 'VersionConflict', version: 2 });

    const badLink = await harness.asFacilitator('PATCH', `${COHORTS}/2027-2028`, {
      version: 2,
      set: { 'planningMeeting.joinUrl': 'http://zoom.example.org/j/1', 'informationalMeetings.9.joinUrl': JOIN },
    });
    expect(badLink.status).toBe(400);
    expect(badLink.body.errors.map((error: { field: string }) => error.field)).toEqual([
      'set.informationalMeetings.9.joinUrl',
    ]);
    expect((await cohort('2027-2028')).version).toBe(2);
  });

  it('schedules the draft; then refuses what would re-date the plan and takes what lies ahead', async () => {
    const scheduled = await harness.asFacilitator('POST', `${COHORTS}/2027-2028/schedule`, { version: 2 });
    expect(scheduled.status).toBe(200);
    expect(scheduled.body).toMatchObject({ state: 'scheduled', version: 3 });
    expect((await harness.asFacilitator('POST', `${COHORTS}/2027-2028/schedule`, { version: 3 })).body.error).toBe(
      'NotDraft',
    );

    const frozen = await harness.asFacilitator('PATCH', `${COHORTS}/2027-2028`, {
      version: 3,
      set: { timeZone: 'America/Denver', 'monthlySessions.weekday': 4 },
    });
    expect(frozen.status).toBe(409);
    expect(frozen.body.error).toBe('ChangeRefused');
    expect(frozen.body.errors.map((error: { field: string }) => error.field)).toEqual([
      'timeZone',
      'monthlySessions.weekday',
    ]);
    expect((await cohort('2027-2028')).version).toBe(3);

    const linked = await harness.asFacilitator('PATCH', `${COHORTS}/2027-2028`, {
      version: 3,
      set: { 'planningMeeting.joinUrl': JOIN, 'planningMeeting.dialIn': '+1 312 626 6799, meeting ID 812 3456 7890' },
    });
    expect(linked.status).toBe(200);
    expect(linked.body).toMatchObject({ state: 'scheduled', version: 4, notes: [] });
  });

  it('sends the invitations on their date, naming 2027-2028 and the meeting link', async () => {
    const imported = await harness.request('POST', '/facilitator/invitees?cohort=2027-2028', CSV, {
      'content-type': 'text/csv',
      authorization: 'Bearer dev-facilitator',
    });
    expect(imported.status).toBe(200);
    const { definition } = await cohort('2027-2028');
    expect((await harness.setClock(`${definition.invitationDate}T15:00:00Z`)).status).toBe(200);
    await harness.runtime.bus.whenIdle();
    const invitations = (await harness.inbox()).filter((email) =>
      email.destination.to.includes('dana@lindbergh.example.org'),
    );
    expect(invitations).toHaveLength(1);
    expect(invitations[0]?.subject).toContain('2027-2028');
    expect(invitations[0]?.body.text).toContain(JOIN);
  });

  it('refuses, once the invitations went out, to move their date, and names what it refused', async () => {
    const { version, definition } = await cohort('2027-2028');
    const dayBefore = new Date(Date.parse(`${definition.invitationDate}T00:00:00Z`) - 86_400_000).toISOString();
    const refused = await harness.asFacilitator('PATCH', `${COHORTS}/2027-2028`, {
      version,
      set: { invitationDate: dayBefore.slice(0, 10) },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.errors[0].field).toBe('invitationDate');
    expect(refused.body.errors[0].message).toContain('went out');
  });
});
