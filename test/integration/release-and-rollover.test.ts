import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validApplication } from '../fixtures/applications.ts';
import { type InboxEmail, RuntimeHarness } from '../support/local-runtime.ts';

/**
 * The release season on the local runtime: SDZ applications decided (one changed before
 * release, one left undecided), released by the schedule on 2022-09-15 at 9:00 AM CDT,
 * with replayed events; the rollover into the ILDZ; corrections and late results after
 * release; the ILDZ released early by a facilitator, then its scheduled release.
 */
let harness: RuntimeHarness;

const FACILITATORS = ['lead@srsn.example.org', 'second@srsn.example.org'];
const SENDER = 'Innovation Zones <no-reply@innovation-zones.localhost>';

const scoresSdz = {
  elements: { 1: 3, 2: 3, 3: 2, 4: 4, 5: 3, 6: 2, 7: 3, 8: 4 },
  evidence: { cblPractices: 4, dataForSystemChange: 3, assessmentForLearning: 2, professionalLearning: 3 },
};
const scoresIldz = { elements: { 1: 3, 2: 3, 3: 2, 4: 4, 5: 3, 6: 2, 7: 3, 8: 4 } };

function sdzApplication(code: string, name: string, contact: string): Record<string, any> {
  const application = validApplication('SDZ');
  application.applicant.countyDistrictCode = code;
  application.applicant.name = name;
  application.contact.email = contact;
  application.superintendent.email = `superintendent@${contact.split('@')[1]}`;
  return application;
}

/**
 * The five SDZ applicants: selected, not selected, undecided, changed before release, and one that also applied to the
 * ILDZ itself.
 */
const SDZ = {
  selected: validApplication('SDZ'),
  notSelected: sdzApplication('020-011', 'Cedar Ridge R-IV', 'pat.lee@cedar.example.org'),
  undecided: sdzApplication('020-012', 'Oak Hollow C-2', 'kim.wu@oak.example.org'),
  changed: sdzApplication('020-013', 'Maple Grove R-I', 'alex.roe@maple.example.org'),
  ownIldz: sdzApplication('020-014', 'Birch Creek R-V', 'jo.fox@birch.example.org'),
};
const ids: Record<string, string> = {};

async function submit(name: string, body: Record<string, any>): Promise<string> {
  const response = await harness.submit(body);
  expect(response.status, name).toBe(201);
  ids[name] = response.body.applicationId;
  return response.body.applicationId;
}

async function decide(applicationId: string, decision: 'selected' | 'not_selected'): Promise<void> {
  const current = await harness.asFacilitator('GET', `/facilitator/applications/${applicationId}`);
  const scores = current.body.zone === 'SDZ' && !current.body.rolledOverFrom ? scoresSdz : scoresIldz;
  const response = await harness.asFacilitator('PUT', `/facilitator/applications/${applicationId}/review`, {
    expectedVersion: current.body.version,
    decision,
    notes: 'Reviewed.',
    scores,
  });
  expect(response.status, `${applicationId} -> ${decision}`).toBe(200);
}

async function localEvent(detailType: string, detail: Record<string, unknown>): Promise<any[]> {
  const response = await harness.post('/_local/events', {
    Entries: [
      {
        Source: 'srsn.innovation-zones',
        DetailType: detailType,
        Detail: JSON.stringify(detail),
        EventBusName: 'srsn-local',
      },
    ],
  });
  expect(response.status).toBe(200);
  return response.body.deliveries;
}

const attachmentText = (email: InboxEmail, index = 0) =>
  Buffer.from(email.attachments[index]!.content, 'base64').toString('utf8');
const to = (address: string) => (email: InboxEmail) => email.destination.to.includes(address);
const isFacilitatorAlert = (email: InboxEmail) => email.subject.startsWith('Results released without a decision');

let previewBeforeRelease: any;
let sdzResults: InboxEmail[];

beforeAll(async () => {
  harness = await RuntimeHarness.start({
    clockStart: new Date('2022-09-01T15:00:00Z'),
    facilitatorEmails: FACILITATORS.join(','),
    senderAddress: SENDER,
  });
});
afterAll(() => harness.stop());

describe('before the SDZ release', () => {
  it('takes the applications and the decisions, one changed from selected to not selected, one left undecided', async () => {
    for (const [name, body] of Object.entries(SDZ)) await submit(name, body);
    const ownIldz = validApplication('ILDZ');
    ownIldz.applicant = { kind: 'district', name: 'Birch Creek R-V', countyDistrictCode: '020-014' };
    ownIldz.contact.email = 'jo.fox@birch.example.org';
    await submit('ownIldzApplication', ownIldz);
    await submit('ildz', validApplication('ILDZ'));

    await harness.setClock('2022-09-13T15:00:00Z');
    await decide(ids.selected!, 'selected');
    await decide(ids.notSelected!, 'not_selected');
    await decide(ids.changed!, 'selected');
    await decide(ids.changed!, 'not_selected');
    await decide(ids.ownIldz!, 'not_selected');
  });

  it('refuses to release a zone whose window is still open, and to send a result before release', async () => {
    await harness.clearInbox();
    const early = await harness.asFacilitator('POST', '/facilitator/releases', { cohort: '2022-2023', zone: 'ILDZ' });
    const sendResult = await harness.asFacilitator('POST', `/facilitator/applications/${ids.selected}/send-result`, {});

    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ error: 'WindowOpen', closesAt: '2022-09-17T05:00:00.000Z' });
    expect(sendResult.status).toBe(409);
    expect(sendResult.body).toMatchObject({ error: 'NotReleased', scheduledAt: '2022-09-15T14:00:00.000Z' });
    expect(await harness.inbox()).toEqual([]);
  });

  it('sends nothing for a result event that arrives before the release', async () => {
    const deliveries = await localEvent('ApplicationResultDue', {
      applicationId: ids.selected,
      cohort: '2022-2023',
      zone: 'SDZ',
    });

    expect(deliveries.map((delivery) => delivery.result)).toEqual([{ status: 'processed', outcome: 'not-released' }]);
    expect(await harness.inbox()).toEqual([]);
  });

  it('lists in the dry run exactly who will receive what, with the current decisions, and the undecided one', async () => {
    const preview = await harness.asFacilitator('GET', '/facilitator/releases/preview?cohort=2022-2023&zone=SDZ');

    expect(preview.status).toBe(200);
    previewBeforeRelease = preview.body;
    expect(preview.body).toMatchObject({
      cohort: '2022-2023',
      zone: 'SDZ',
      scheduledAt: '2022-09-15T14:00:00.000Z',
      release: null,
      notSent: [],
    });
    expect(preview.body.undecided).toEqual([
      { applicationId: ids.undecided, applicant: 'Oak Hollow C-2', status: 'submitted' },
    ]);
    const byId = Object.fromEntries(preview.body.results.map((result: any) => [result.applicationId, result]));
    expect(Object.keys(byId).sort()).toEqual([ids.selected, ids.notSelected, ids.changed, ids.ownIldz].sort());
    expect(byId[ids.selected!]).toMatchObject({
      template: 'sdz-selected',
      subject: 'Selected for the System Design Zone (SDZ): Lindbergh Schools',
      to: ['dana.whitfield@lindbergh.example.org'],
      cc: ['superintendent@lindbergh.example.org'],
      attachments: ['planning-meeting.ics'],
      rollover: null,
      action: 'send-at-release',
    });
    expect(byId[ids.changed!]).toMatchObject({
      template: 'rollover-accepted',
      decision: 'not_selected',
      rollover: { policy: 'accept', placement: 'new-place', newPlaceStatus: 'selected' },
    });
    expect(byId[ids.ownIldz!].rollover).toMatchObject({
      placement: 'own-application',
      toApplicationId: ids.ownIldzApplication,
    });
    expect(await harness.inbox()).toEqual([]);
  });
});

describe('the SDZ release on 2022-09-15 at 9:00 AM CDT', () => {
  it('sends nothing in the tick before 14:00Z', async () => {
    await harness.setClock('2022-09-15T13:59:59Z');
    expect(await harness.inbox()).toEqual([]);
  });

  it('sends each decided application exactly one result, and the facilitators one alert about the undecided one', async () => {
    await harness.setClock('2022-09-15T14:00:00Z');

    const inbox = await harness.inbox();
    sdzResults = inbox.filter((email) => !isFacilitatorAlert(email));
    expect(sdzResults.map((email) => email.destination.to[0]).sort()).toEqual(
      [
        'dana.whitfield@lindbergh.example.org',
        'pat.lee@cedar.example.org',
        'alex.roe@maple.example.org',
        'jo.fox@birch.example.org',
      ].sort(),
    );
    const alerts = inbox.filter(isFacilitatorAlert);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.destination.to).toEqual(FACILITATORS);
    expect(alerts[0]!.subject).toBe('Results released without a decision: System Design Zone (SDZ), 1 application');
    expect(alerts[0]!.body.text).toContain(`- ${ids.undecided}: Oak Hollow C-2 (awaiting review)`);
    expect(alerts[0]!.body.text).toContain(
      'released on its notification date on Thursday, September 15, 2022 at 9:00 AM CDT',
    );
  });

  it('congratulates the selected district, asks for the board resolution with the sample text, and invites it to the planning meeting', async () => {
    const email = sdzResults.find(to('dana.whitfield@lindbergh.example.org'))!;

    expect(email.subject).toBe('Selected for the System Design Zone (SDZ): Lindbergh Schools');
    expect(email.destination.cc).toEqual(['superintendent@lindbergh.example.org']);
    for (const part of [email.body.text!, email.body.html!]) {
      expect(part).toContain('Monday, October 3, 2022, 10:00 AM - 3:00 PM CDT, at MASA, Jefferson City, MO');
      expect(part).toContain('RESOLUTION OF THE BOARD OF EDUCATION OF THE [NAME OF DISTRICT]');
      expect(part).toContain('Wednesday, October 12, 2022, 10:00 AM - 12:00 PM CDT');
    }
    expect(email.attachments).toHaveLength(1);
    expect(email.attachments[0]).toMatchObject({
      filename: 'planning-meeting.ics',
      contentType: 'text/calendar; method=REQUEST; charset=UTF-8',
    });
    const ics = attachmentText(email);
    expect(ics).toContain('METHOD:REQUEST\r\n');
    expect(ics).toContain('UID:2022-2023/planning/2022-10-03@srsn-innovation-zones\r\n');
    expect(ics).toContain('SEQUENCE:0\r\n');
    expect(ics).toContain('DTSTART:20221003T150000Z\r\n');
    expect(ics).toContain('DTEND:20221003T200000Z\r\n');
    expect(ics).toContain('ORGANIZER;CN="Innovation Zones":mailto:no-reply@innovation-zones.localhost');
  });

  it('sends the not-selected districts one combined email placing them in the ILDZ, the changed decision included', async () => {
    const changed = sdzResults.filter(to('alex.roe@maple.example.org'));
    const notSelected = sdzResults.find(to('pat.lee@cedar.example.org'))!;
    const ownIldz = sdzResults.find(to('jo.fox@birch.example.org'))!;

    expect(changed).toHaveLength(1);
    expect(changed[0]!.subject).toBe(
      'System Design Zone (SDZ) result and your place in the Innovative Learning Design Zone (ILDZ): Maple Grove R-I',
    );
    expect(notSelected.subject).toBe(
      'System Design Zone (SDZ) result and your place in the Innovative Learning Design Zone (ILDZ): Cedar Ridge R-IV',
    );
    expect(notSelected.destination.cc).toEqual(['superintendent@cedar.example.org']);
    expect(notSelected.body.text).toContain('Cedar Ridge R-IV was not selected for the System Design Zone (SDZ).');
    expect(notSelected.body.text).toContain(
      'is automatically accepted into the Innovative Learning Design Zone (ILDZ) as a participant, without another ' +
        'application',
    );
    expect(notSelected.attachments).toEqual([]);
    expect(ownIldz.body.text).toContain(
      'Birch Creek R-V is accepted into the Innovative Learning Design Zone (ILDZ) as a participant.',
    );
    expect(ownIldz.body.text).toContain(
      `You had also applied to the Innovative Learning Design Zone (ILDZ) yourselves (reference ` +
        `${ids.ownIldzApplication}): we keep that application as your Innovative Learning Design Zone (ILDZ) place, ` +
        `so there is no second one.`,
    );
    // The place is accepted now: no later ILDZ notification is promised.
    expect(ownIldz.body.text).not.toContain('ILDZ notifications');
    expect(ownIldz.body.text).not.toContain('Friday, September 23, 2022');
  });

  it('sent exactly what the dry run listed', async () => {
    const listed = previewBeforeRelease.results
      .map((result: any) => ({
        to: result.to,
        cc: result.cc,
        subject: result.subject,
        attachments: result.attachments,
      }))
      .sort(bySubject);
    const sent = sdzResults
      .map((email) => ({
        to: email.destination.to,
        cc: email.destination.cc,
        subject: email.subject,
        attachments: email.attachments.map((attachment) => attachment.filename),
      }))
      .sort(bySubject);

    expect(sent).toEqual(listed);
  });

  it('creates the ILDZ place of each not-selected district once, as selected, and makes the undecided own ILDZ application the accepted place', async () => {
    const items = await harness.items();
    const applications = items.filter((item) => item.sk === 'APPLICATION' && item.zone === 'ILDZ');
    const placed = applications.filter((item) => item.rolledOverFrom !== undefined);

    expect(placed.map((item) => [item.rolledOverFrom, item.status]).sort()).toEqual(
      [
        [ids.changed, 'selected'],
        [ids.notSelected, 'selected'],
        [ids.ownIldz, 'selected'],
      ].sort(),
    );
    expect(new Set(applications.map((item) => item.pk)).size).toBe(applications.length);
    expect(
      applications.filter((item) => item.applicantKey === 'district:020-014').map((item) => item.applicationId),
    ).toEqual([ids.ownIldzApplication]);
    const own = applications.find((item) => item.applicationId === ids.ownIldzApplication)!;
    // The applicant's own application, updated in place (not replaced by a rollover place), with no review.
    expect(own).toMatchObject({
      status: 'selected',
      rolledOverFrom: ids.ownIldz,
      version: '2',
      gsi1sk: `STATUS#selected#${own.submittedAt}#${ids.ownIldzApplication}`,
    });
    expect(own.review).toBeUndefined();
    expect(own.requestHash).not.toBe(`rollover:${ids.ownIldz}`);
    const detail = await harness.asFacilitator('GET', `/facilitator/applications/${ids.ownIldzApplication}`);
    expect(detail.body).toMatchObject({
      status: 'selected',
      rolledOverFrom: ids.ownIldz,
      application: { contact: { email: 'jo.fox@birch.example.org' } },
    });
    expect(detail.body.review ?? null).toBeNull();
    const rolledOver = items.filter((item) => String(item.pk).startsWith('NOTIFICATION#rollover#'));
    expect(rolledOver.map((item) => item.subjectId).sort()).toEqual([ids.notSelected, ids.changed, ids.ownIldz].sort());
  });

  it('records the result sent on each application, and the trail shows the email', async () => {
    const detail = await harness.asFacilitator('GET', `/facilitator/applications/${ids.changed}`);

    expect(detail.body.resultSent).toEqual({
      decision: 'not_selected',
      sentAt: '2022-09-15T14:00:00.000Z',
      corrections: 0,
    });
    const actions = detail.body.audit.map((entry: any) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['rolled-over', 'email-sent', 'result-sent']));
  });

  it('sends nothing more when the release event and every result event are delivered again', async () => {
    const before = (await harness.inbox()).length;

    const release = await localEvent('ResultsReleaseDue', {
      milestoneId: '2022-2023/release/SDZ',
      cohort: '2022-2023',
      dueAt: '2022-09-15T14:00:00.000Z',
      zone: 'SDZ',
      releasedBy: 'schedule',
    });
    const results = await Promise.all(
      [ids.selected, ids.notSelected, ids.undecided, ids.changed, ids.ownIldz].map((applicationId) =>
        localEvent('ApplicationResultDue', { applicationId, cohort: '2022-2023', zone: 'SDZ' }),
      ),
    );
    await harness.setClock('2022-09-15T16:00:00Z');

    expect(release.map((delivery) => delivery.result)).toEqual([{ status: 'processed', outcome: 'already-released' }]);
    expect(
      results
        .flat()
        .map((delivery) => delivery.result.outcome)
        .sort(),
    ).toEqual(['result-sent-before', 'result-sent-before', 'result-sent-before', 'result-sent-before', 'undecided']);
    expect((await harness.inbox()).length).toBe(before);
    const placed = (await harness.items()).filter(
      (item) => item.sk === 'APPLICATION' && item.rolledOverFrom !== undefined,
    );
    expect(placed).toHaveLength(3);
    // The replay changed nothing on the own ILDZ application the rollover accepted.
    expect(placed.find((item) => item.applicationId === ids.ownIldzApplication)).toMatchObject({
      status: 'selected',
      rolledOverFrom: ids.ownIldz,
      version: '2',
    });
  });
});

describe('after the SDZ release', () => {
  it('sends one correction when a decision changes and a facilitator asks, then nothing more', async () => {
    await harness.clearInbox();
    await decide(ids.selected!, 'not_selected');

    const first = await harness.asFacilitator('POST', `/facilitator/applications/${ids.selected}/send-result`, {});
    const second = await harness.asFacilitator('POST', `/facilitator/applications/${ids.selected}/send-result`, {});

    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ sent: 'correction', correction: 1, decision: 'not_selected' });
    expect(second.status).toBe(409);
    expect(second.body.error).toBe('NothingToSend');
    const inbox = await harness.inbox();
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.subject).toBe(
      'Correction: System Design Zone (SDZ) result and your place in the Innovative Learning Design Zone (ILDZ): ' +
        'Lindbergh Schools',
    );
    expect(inbox[0]!.body.text).toContain(
      'corrects the System Design Zone (SDZ) result we sent on Thursday, September 15, 2022 at 9:00 AM CDT',
    );
    const ics = attachmentText(inbox[0]!);
    expect(ics).toContain('METHOD:CANCEL\r\n');
    expect(ics).toContain('UID:2022-2023/planning/2022-10-03@srsn-innovation-zones\r\n');
    expect(ics).toContain('SEQUENCE:1\r\n');
    const detail = await harness.asFacilitator('GET', `/facilitator/applications/${ids.selected}`);
    expect(detail.body.resultSent).toMatchObject({ decision: 'not_selected', corrections: 1 });
  });

  it('sends the result of an application decided after release only when a facilitator asks, once', async () => {
    await harness.clearInbox();
    await decide(ids.undecided!, 'selected');
    await harness.setClock('2022-09-16T15:00:00Z');
    expect(await harness.inbox()).toEqual([]);

    const first = await harness.asFacilitator('POST', `/facilitator/applications/${ids.undecided}/send-result`, {});
    const second = await harness.asFacilitator('POST', `/facilitator/applications/${ids.undecided}/send-result`, {});

    expect(first.body).toMatchObject({ sent: 'result', outcome: 'sent', decision: 'selected' });
    expect(second.status).toBe(409);
    const inbox = await harness.inbox();
    expect(inbox.map((email) => email.subject)).toEqual(['Selected for the System Design Zone (SDZ): Oak Hollow C-2']);
    expect(inbox[0]!.destination).toMatchObject({
      to: ['kim.wu@oak.example.org'],
      cc: ['superintendent@oak.example.org'],
    });
  });
});

describe('the ILDZ: released early by a facilitator, then its scheduled date', () => {
  it('releases on request: the ILDZ result, nothing for places announced with the rollover (the accepted own application among them), no undecided alert', async () => {
    await harness.setClock('2022-09-20T15:00:00Z');
    await decide(ids.ildz!, 'selected');
    await harness.clearInbox();
    const preview = await harness.asFacilitator('GET', '/facilitator/releases/preview?cohort=2022-2023&zone=ILDZ');

    const released = await harness.asFacilitator('POST', '/facilitator/releases', {
      cohort: '2022-2023',
      zone: 'ILDZ',
    });

    expect(released.status).toBe(202);
    expect(released.body.release).toMatchObject({
      cohort: '2022-2023',
      zone: 'ILDZ',
      releasedBy: 'facilitator',
      requestedBy: expect.any(String),
      status: 'requested',
    });
    const inbox = await harness.inbox();
    const results = inbox.filter((email) => !isFacilitatorAlert(email));
    expect(results.map((email) => [email.destination.to, email.subject])).toEqual([
      [
        ['sam.ortega@prairie.example.org'],
        'Selected for the Innovative Learning Design Zone (ILDZ): Prairie View Elementary',
      ],
    ]);
    expect(results[0]!.body.text).toContain('Wednesday, October 12, 2022, 10:00 AM - 12:00 PM CDT');
    expect(inbox.filter(to('jo.fox@birch.example.org'))).toEqual([]);
    // Every ILDZ application is decided or accepted by the rollover: nothing to alert the facilitators about.
    expect(inbox.filter(isFacilitatorAlert)).toEqual([]);
    expect(preview.body.undecided).toEqual([]);
    expect(preview.body.results.map((result: any) => result.subject)).toEqual(results.map((email) => email.subject));
    const placed = (await harness.items())
      .filter((item) => item.sk === 'APPLICATION' && item.rolledOverFrom !== undefined)
      .map((item) => item.applicationId as string);
    // The two not-selected districts, the correction of the selected one, and Birch Creek's own application.
    expect(placed).toHaveLength(4);
    expect(placed).toContain(ids.ownIldzApplication);
    expect(preview.body.notSent.map((item: any) => item.applicationId).sort()).toEqual(placed.sort());
    expect(preview.body.notSent.every((item: any) => item.reason === 'announced-with-rollover')).toBe(true);
  });

  it('refuses a second release now, and the scheduled release on 2022-09-23 sends nothing more', async () => {
    // Other mail (the weekly board resolution reminders) goes on meanwhile: count release mail only.
    const releaseMail = async () =>
      (await harness.inbox()).filter(
        (email) => email.subject.includes('Innovative Learning Design Zone (ILDZ)') || isFacilitatorAlert(email),
      );
    const before = (await releaseMail()).length;

    const again = await harness.asFacilitator('POST', '/facilitator/releases', { cohort: '2022-2023', zone: 'ILDZ' });
    await harness.setClock('2022-09-23T14:15:00Z');

    expect(again.status).toBe(409);
    expect(again.body.error).toBe('AlreadyReleased');
    expect(before).toBe(1);
    expect((await releaseMail()).length).toBe(before);
    const releases = await harness.asFacilitator('GET', '/facilitator/releases?cohort=2022-2023');
    const ildz = releases.body.zones.find((zone: any) => zone.zone === 'ILDZ');
    expect(ildz.release).toMatchObject({ releasedBy: 'facilitator', status: 'released', resultsDue: 1, undecided: 0 });
    expect(ildz.audit.map((entry: any) => entry.action).sort()).toEqual(['release-requested', 'released']);
    const milestone = (await harness.items()).find(
      (item) => item.pk === 'NOTIFICATION#milestone#2022-2023/release/ILDZ',
    );
    expect(milestone).toMatchObject({ status: 'sent' });
  });
});

function bySubject(left: { subject: string }, right: { subject: string }): number {
  return left.subject.localeCompare(right.subject);
}

describe('bad requests to the release routes', () => {
  it('names the field of a bad body or query, and answers 404 for an unknown application', async () => {
    const badZone = await harness.asFacilitator('POST', '/facilitator/releases', { cohort: '2022-2023', zone: 'XYZ' });
    const extra = await harness.asFacilitator('POST', '/facilitator/releases', {
      cohort: '2022-2023',
      zone: 'SDZ',
      force: true,
    });
    const noZone = await harness.asFacilitator('GET', '/facilitator/releases/preview?cohort=2022-2023');
    const unknown = await harness.asFacilitator(
      'POST',
      '/facilitator/applications/sdz-2022-2023-000000000000/send-result',
      {},
    );
    const badId = await harness.asFacilitator('POST', '/facilitator/applications/not-an-id/send-result', {});

    expect(badZone.status).toBe(400);
    expect(badZone.body.errors.map((error: any) => error.field)).toEqual(['zone']);
    expect(extra.body.errors.map((error: any) => error.field)).toEqual(['force']);
    expect(noZone.body.errors).toContainEqual({ field: 'query.zone', message: 'is required' });
    expect(unknown.status).toBe(404);
    expect(badId.status).toBe(400);
    expect(badId.body.errors.map((error: any) => error.field)).toEqual(['path.applicationId']);
  });
});

describe('a correction after both releases', () => {
  it('withdraws the ILDZ place of a district whose SDZ result is corrected to selected: the correction says so, and the place no longer takes part', async () => {
    const place = (await harness.items()).find(
      (item) => item.sk === 'APPLICATION' && item.rolledOverFrom === ids.notSelected,
    )!;
    const participants = async () =>
      (
        (await harness.asFacilitator('GET', '/facilitator/rosters?cohort=2022-2023')).body.items as Array<{
          applicationId: string;
        }>
      ).map((item) => item.applicationId);
    expect(await participants()).toContain(place.applicationId);
    await harness.clearInbox();
    await decide(ids.notSelected!, 'selected');

    const corrected = await harness.asFacilitator(
      'POST',
      `/facilitator/applications/${ids.notSelected}/send-result`,
      {},
    );

    expect(corrected.body).toMatchObject({ sent: 'correction', decision: 'selected' });
    const [email] = (await harness.inbox()).filter(to('pat.lee@cedar.example.org'));
    for (const part of [email!.body.text, email!.body.html]) {
      expect(part).toContain(
        'The Innovative Learning Design Zone (ILDZ) place it announced is withdrawn: Cedar Ridge R-IV takes part in ' +
          'the System Design Zone (SDZ).',
      );
    }
    expect(await participants()).toEqual(expect.arrayContaining([ids.notSelected]));
    expect(await participants()).not.toContain(place.applicationId);
  });
});
