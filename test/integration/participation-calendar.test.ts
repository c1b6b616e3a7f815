/**
 * The 2022-2023 participation calendar on the local runtime: participants selected through
 * the review and release flow, rosters named through the selection emails' links, then the
 * virtual clock through October 2022 - June 2023: the planning meeting notice, every session
 * reminder (7 days and 1 day before each of the 9 sessions) once per member at its instant,
 * a moved and a cancelled session, materials posted. Each invitation is parsed back (ical.js).
 */
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicantSecret } from '../../shared/applicant-links/secret.ts';
import { EVENT_SOURCE } from '../../shared/platform/events/contract.ts';
import { validApplication } from '../fixtures/applications.ts';
import { type InboxEmail, RuntimeHarness } from '../support/local-runtime.ts';

let harness: RuntimeHarness;
let seen = 0;
const ids: Record<string, string> = {};
/** The roster links from the selection emails, by participant. */
const links: Record<string, { path: string; secret: string }> = {};

beforeAll(async () => {
  harness = await RuntimeHarness.start({
    clockStart: new Date('2022-08-26T15:00:00Z'),
    facilitatorEmails: 'lead@srsn.example.org',
  });
});
afterAll(() => harness.stop());

async function newEmails(): Promise<InboxEmail[]> {
  const all = await harness.inbox();
  const fresh = all.slice(seen);
  seen = all.length;
  return fresh;
}
const lines = (emails: InboxEmail[]) =>
  emails.map((email) => `${[...email.destination.to, ...email.destination.cc].join(',')} | ${email.subject}`).sort();

async function advanceTo(instant: string): Promise<InboxEmail[]> {
  const moved = await harness.setClock(instant);
  expect(moved.status).toBe(200);
  return newEmails();
}

function calendarOf(email: InboxEmail) {
  expect(email.attachments).toHaveLength(1);
  const calendar = new ICAL.Component(
    ICAL.parse(Buffer.from(email.attachments[0]!.content, 'base64').toString('utf8')),
  );
  const vevent = calendar.getFirstSubcomponent('vevent')!;
  const event = new ICAL.Event(vevent);
  return {
    method: calendar.getFirstPropertyValue('method'),
    uid: event.uid,
    sequence: event.sequence,
    status: vevent.getFirstPropertyValue('status'),
    start: event.startDate.toJSDate().toISOString(),
    end: event.endDate.toJSDate().toISOString(),
    attendees: event.attendees.map((attendee) =>
      String(attendee.getFirstValue())
        .replace(/^mailto:/i, '')
        .toLowerCase(),
    ),
  };
}

const scores = (sdz: boolean) => ({
  elements: { 1: 3, 2: 3, 3: 3, 4: 3, 5: 3, 6: 3, 7: 3, 8: 3 },
  ...(sdz
    ? { evidence: { cblPractices: 3, dataForSystemChange: 3, assessmentForLearning: 3, professionalLearning: 3 } }
    : {}),
});

async function decide(applicationId: string, decision: 'selected' | 'not_selected') {
  const current = await harness.asFacilitator('GET', `/facilitator/applications/${applicationId}`);
  const answer = await harness.asFacilitator('PUT', `/facilitator/applications/${applicationId}/review`, {
    expectedVersion: current.body.version,
    decision,
    notes: 'Reviewed.',
    scores: scores(current.body.zone === 'SDZ'),
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
}

/** The roster link of a selection email: the PUT path and the secret of its JSON body. */
function rosterLinkIn(email: InboxEmail): { path: string; secret: string } {
  const text = email.body.text!;
  const url = text.match(/a PUT request to (\S+) with a JSON body/)![1]!;
  const secret = (JSON.parse(text.match(/^\{"secret".*\}$/m)![0]!) as { secret: string }).secret;
  expect(text).toContain(`${url}?secret=${secret}`);
  return { path: new URL(url).pathname, secret };
}

const person = (name: string, email: string, title = 'Instructional Coach') => ({ name, title, email });
const LEADS = {
  ana: person('Ana Brooks', 'ana.brooks@lindbergh.example.org'),
  ben: person('Ben Carter', 'ben.carter@lindbergh.example.org'),
  /** A consultant who leads for two participants: one email per occasion. */
  cleo: person('Cleo Diaz', 'cleo@learning-partners.example.org', 'Consultant'),
  omar: person('Omar Fields', 'omar.fields@ozark.example.org'),
};
const SCHOOL_CONTACT = 'sam.ortega@prairie.example.org';
const REPRESENTATIVE = 'lee.park@showme.example.com';
const NEW_ALTERNATE = person('Rae Kim', 'rae.kim@showme.example.com', 'Training Manager');
/** Everyone who receives the session emails once rosters are named: 3 + 2 (one shared) + a stand-in + 2. */
const MEMBERS = [
  LEADS.ana.email,
  LEADS.ben.email,
  LEADS.cleo.email,
  LEADS.omar.email,
  SCHOOL_CONTACT,
  REPRESENTATIVE,
  NEW_ALTERNATE.email,
].sort();

/**
 * Each reminder milestone: 10:00 Central 7 days and 1 day before each session, as UTC instants on both sides of DST.
 */
const REMINDERS: ReadonlyArray<{
  session: string;
  offset: 7 | 1;
  dueAt: string;
  start: string;
  label: string;
  ahead?: string;
}> = [
  {
    session: '2022-10-12',
    offset: 7,
    dueAt: '2022-10-05T15:00:00Z',
    start: '2022-10-12T15:00:00.000Z',
    label: 'October 2022, Wednesday, October 12, 2022, 10:00 AM - 12:00 PM CDT',
  },
  {
    session: '2022-10-12',
    offset: 1,
    dueAt: '2022-10-11T15:00:00Z',
    start: '2022-10-12T15:00:00.000Z',
    label: 'October 2022, Wednesday, October 12, 2022, 10:00 AM - 12:00 PM CDT',
  },
  {
    session: '2022-11-09',
    offset: 7,
    dueAt: '2022-11-02T15:00:00Z',
    start: '2022-11-09T16:00:00.000Z',
    label: 'November 2022, Wednesday, November 9, 2022, 10:00 AM - 12:00 PM CST',
  },
  {
    session: '2022-11-09',
    offset: 1,
    dueAt: '2022-11-08T16:00:00Z',
    start: '2022-11-09T16:00:00.000Z',
    label: 'November 2022, Wednesday, November 9, 2022, 10:00 AM - 12:00 PM CST',
  },
  {
    session: '2022-12-14',
    offset: 7,
    dueAt: '2022-12-07T16:00:00Z',
    start: '2022-12-14T16:00:00.000Z',
    label: 'December 2022, Wednesday, December 14, 2022, 10:00 AM - 12:00 PM CST',
  },
  {
    session: '2022-12-14',
    offset: 1,
    dueAt: '2022-12-13T16:00:00Z',
    start: '2022-12-14T16:00:00.000Z',
    label: 'December 2022, Wednesday, December 14, 2022, 10:00 AM - 12:00 PM CST',
  },
  // Moved to Wednesday, January 18, 1:00-3:00 PM CST: its reminders move with it, 7 days and 1 day before the new time
  // (nothing at the old times, 2023-01-04T16:00Z and 2023-01-10T16:00Z).
  {
    session: '2023-01-11',
    offset: 7,
    dueAt: '2023-01-11T19:00:00Z',
    start: '2023-01-18T19:00:00.000Z',
    label: 'January 2023, Wednesday, January 18, 2023, 1:00 PM - 3:00 PM CST',
  },
  {
    session: '2023-01-11',
    offset: 1,
    dueAt: '2023-01-17T19:00:00Z',
    start: '2023-01-18T19:00:00.000Z',
    label: 'January 2023, Wednesday, January 18, 2023, 1:00 PM - 3:00 PM CST',
  },
  // February 8 is cancelled: its two milestones (2023-02-01T16:00Z, 2023-02-07T16:00Z) send nothing.
  {
    session: '2023-03-08',
    offset: 7,
    dueAt: '2023-03-01T16:00:00Z',
    start: '2023-03-08T16:00:00.000Z',
    label: 'March 2023, Wednesday, March 8, 2023, 10:00 AM - 12:00 PM CST',
  },
  {
    session: '2023-03-08',
    offset: 1,
    dueAt: '2023-03-07T16:00:00Z',
    start: '2023-03-08T16:00:00.000Z',
    label: 'March 2023, Wednesday, March 8, 2023, 10:00 AM - 12:00 PM CST',
  },
  {
    session: '2023-04-12',
    offset: 7,
    dueAt: '2023-04-05T15:00:00Z',
    start: '2023-04-12T15:00:00.000Z',
    label: 'April 2023, Wednesday, April 12, 2023, 10:00 AM - 12:00 PM CDT',
  },
  {
    session: '2023-04-12',
    offset: 1,
    dueAt: '2023-04-11T15:00:00Z',
    start: '2023-04-12T15:00:00.000Z',
    label: 'April 2023, Wednesday, April 12, 2023, 10:00 AM - 12:00 PM CDT',
  },
  {
    session: '2023-05-10',
    offset: 7,
    dueAt: '2023-05-03T15:00:00Z',
    start: '2023-05-10T15:00:00.000Z',
    label: 'May 2023, Wednesday, May 10, 2023, 10:00 AM - 12:00 PM CDT',
  },
  {
    session: '2023-05-10',
    offset: 1,
    dueAt: '2023-05-09T15:00:00Z',
    start: '2023-05-10T15:00:00.000Z',
    label: 'May 2023, Wednesday, May 10, 2023, 10:00 AM - 12:00 PM CDT',
  },
  {
    session: '2023-06-14',
    offset: 7,
    dueAt: '2023-06-07T15:00:00Z',
    start: '2023-06-14T15:00:00.000Z',
    label: 'June 2023, Wednesday, June 14, 2023, 10:00 AM - 12:00 PM CDT',
  },
  {
    session: '2023-06-14',
    offset: 1,
    dueAt: '2023-06-13T15:00:00Z',
    start: '2023-06-14T15:00:00.000Z',
    label: 'June 2023, Wednesday, June 14, 2023, 10:00 AM - 12:00 PM CDT',
  },
];

const oneSecondBefore = (instant: string) => new Date(new Date(instant).getTime() - 1000).toISOString();

describe('the 2022-2023 participation calendar on the local runtime', () => {
  it('selects the participants through the review and the releases, each selection email carrying its roster link', async () => {
    const birch = validApplication('ILDZ');
    birch.applicant.name = 'Birch Elementary';
    birch.applicant.schoolCode = '2000';
    birch.contact.email = 'pat@birch.example.org';
    const ozark = validApplication('SDZ');
    ozark.applicant = { ...ozark.applicant, name: 'Ozark R-VI', countyDistrictCode: '022-089' };
    ozark.contact.email = 'kim@ozark.example.org';
    ozark.superintendent.email = 'superintendent@ozark.example.org';
    for (const [name, body] of Object.entries({
      lindbergh: validApplication('SDZ'),
      ozark,
      school: validApplication('ILDZ'),
      birch,
      partner: validApplication('CNZ'),
    })) {
      const answer = await harness.submit(body);
      expect(answer.status).toBe(201);
      ids[name] = answer.body.applicationId;
    }
    await advanceTo('2022-09-13T15:00:00Z');
    await decide(ids.lindbergh!, 'selected');
    await decide(ids.ozark!, 'not_selected');
    await decide(ids.school!, 'selected');
    await decide(ids.birch!, 'not_selected');
    await decide(ids.partner!, 'selected');
    expect(
      (await harness.asFacilitator('POST', '/facilitator/releases', { cohort: '2022-2023', zone: 'CNZ' })).status,
    ).toBe(202);
    const sdzReleased = await advanceTo('2022-09-15T14:00:00Z');
    // Lindbergh's board resolution is recorded at once, so no weekly reminder mixes in below.
    const lindbergh = await harness.asFacilitator('GET', `/facilitator/applications/${ids.lindbergh}`);
    expect(
      (
        await harness.asFacilitator('POST', `/facilitator/applications/${ids.lindbergh}/board-resolution`, {
          expectedVersion: lindbergh.body.version,
          adoptedOn: '2022-09-15',
          reference: 'Minutes 2022-09-15',
        })
      ).status,
    ).toBe(200);
    const ildzReleased = await advanceTo('2022-09-23T14:00:00Z');
    const results = [...sdzReleased, ...ildzReleased];
    const ildzPlace = (
      await harness.asFacilitator('GET', '/facilitator/applications?cohort=2022-2023&zone=ILDZ&status=selected')
    ).body.items.find((item: { rolledOverFrom?: string }) => item.rolledOverFrom === ids.ozark);
    ids.ozarkPlace = ildzPlace.applicationId;

    const emailTo = (address: string, subject: RegExp) =>
      results.find((email) => email.destination.to.includes(address) && subject.test(email.subject))!;
    links.lindbergh = rosterLinkIn(
      emailTo('dana.whitfield@lindbergh.example.org', /^Selected for the System Design Zone/),
    );
    links.ozarkPlace = rosterLinkIn(
      emailTo('kim@ozark.example.org', /your place in the Innovative Learning Design Zone/),
    );
    links.school = rosterLinkIn(emailTo(SCHOOL_CONTACT, /^Selected for the Innovative Learning Design Zone/));
    expect(links.lindbergh.path).toBe(`/applications/${ids.lindbergh}/roster`);
    // The rolled-over district names the roster of its new ILDZ place.
    expect(links.ozarkPlace.path).toBe(`/applications/${ids.ozarkPlace}/roster`);
    expect(emailTo('pat@birch.example.org', /result/).body.text).not.toContain('/roster');
  });

  it('takes each roster through its link, refuses a fourth lead facilitator, and confirms each version once', async () => {
    await newEmails();
    const put = (who: string, body: Record<string, unknown>) =>
      harness.request('PUT', links[who]!.path, { secret: links[who]!.secret, ...body });

    const four = await put('lindbergh', {
      leadFacilitators: [LEADS.ana, LEADS.ben, LEADS.cleo, person('Dee Evans', 'dee@lindbergh.example.org')],
    });
    expect(four.status).toBe(400);
    expect(four.body.errors).toEqual([
      {
        field: 'leadFacilitators',
        message:
          'must name at most 3 lead facilitators: the System Design Zone (SDZ) allows 3 per participant, and 4 ' +
          'were named',
      },
    ]);
    expect(
      (await harness.request('GET', `${links.lindbergh!.path}?secret=${links.lindbergh!.secret}`)).body,
    ).toMatchObject({ version: null, members: [] });

    const named = await put('lindbergh', { leadFacilitators: [LEADS.ana, LEADS.ben, LEADS.cleo] });
    expect(named.status).toBe(200);
    expect(named.body).toMatchObject({
      version: 1,
      changed: true,
      members: [
        { role: 'lead-facilitator', email: LEADS.ana.email },
        { email: LEADS.ben.email },
        { email: LEADS.cleo.email },
      ],
    });
    expect((await put('lindbergh', { leadFacilitators: [LEADS.cleo, LEADS.ana, LEADS.ben] })).body).toMatchObject({
      version: 1,
      changed: false,
    });
    expect((await put('ozarkPlace', { leadFacilitators: [LEADS.cleo, LEADS.omar] })).body).toMatchObject({
      version: 1,
      zone: 'ILDZ',
    });

    // The CNZ partner named its representative and alternate in its application; it changes the alternate.
    const partnerSecret = applicantSecret(Buffer.from(process.env.APPLICANT_LINK_KEY!, 'utf8'), ids.partner!);
    const partnerPath = `/applications/${ids.partner}/roster`;
    const before = await harness.request('GET', `${partnerPath}?secret=${partnerSecret}`);
    expect(before.body.receivesSessionEmails.map((recipient: { email: string }) => recipient.email)).toEqual([
      REPRESENTATIVE,
      'morgan.diaz@showme.example.com',
    ]);
    const wrongShape = await harness.request('PUT', partnerPath, {
      secret: partnerSecret,
      leadFacilitators: [LEADS.ana],
    });
    expect(wrongShape.body.errors).toContainEqual({
      field: 'leadFacilitators',
      message: 'is not used by the Collaborative Network Zone (CNZ): name a representative and an alternate',
    });
    const partner = await harness.request('PUT', partnerPath, {
      secret: partnerSecret,
      representative: person('Lee Park', REPRESENTATIVE, 'Education Liaison'),
      alternate: NEW_ALTERNATE,
    });
    expect(partner.status).toBe(200);

    // Not a participant: 409; a wrong secret: 403, whatever the application.
    const birchSecret = applicantSecret(Buffer.from(process.env.APPLICANT_LINK_KEY!, 'utf8'), ids.birch!);
    expect(
      (
        await harness.request('PUT', `/applications/${ids.birch}/roster`, {
          secret: birchSecret,
          leadFacilitators: [LEADS.ana],
        })
      ).body,
    ).toMatchObject({ error: 'NotParticipant' });
    expect(
      (
        await harness.request('PUT', links.lindbergh!.path, {
          secret: links.school!.secret,
          leadFacilitators: [LEADS.ana],
        })
      ).status,
    ).toBe(403);

    // The PUTs answer before their confirmations are sent: wait for the event bus.
    await harness.runtime.bus.whenIdle();
    expect(lines(await newEmails())).toEqual([
      `dana.whitfield@lindbergh.example.org,superintendent@lindbergh.example.org,${LEADS.ana.email},` +
        `${LEADS.ben.email},${LEADS.cleo.email} | Lead facilitators confirmed: Lindbergh Schools, System Design ` +
        `Zone (SDZ)`,
      `kim@ozark.example.org,superintendent@ozark.example.org,${LEADS.cleo.email},${LEADS.omar.email} | Lead ` +
        `facilitators confirmed: Ozark R-VI, Innovative Learning Design Zone (ILDZ)`,
      `${REPRESENTATIVE},${NEW_ALTERNATE.email} | Representative and alternate confirmed: Show-Me Manufacturing ` +
        `Partners, Collaborative Network Zone (CNZ)`,
    ]);

    const rosters = await harness.asFacilitator('GET', '/facilitator/rosters?cohort=2022-2023');
    expect(rosters.body.withoutRoster).toEqual([ids.school]);
    expect(
      rosters.body.items.find((item: { applicationId: string }) => item.applicationId === ids.school)
        .receivesSessionEmails,
    ).toEqual([{ email: SCHOOL_CONTACT, name: 'Sam Ortega', role: 'contact' }]);
  });

  it('sends the SDZ district the planning meeting notice 7 days and 1 day before, at 10:00 CDT, with the selection email’s invitation UID', async () => {
    const sdzPeople = [
      'dana.whitfield@lindbergh.example.org',
      LEADS.ana.email,
      LEADS.ben.email,
      LEADS.cleo.email,
    ].sort();
    for (const [dueAt, label] of [
      ['2022-09-26T15:00:00Z', 'In 7 days'],
      ['2022-10-02T15:00:00Z', 'Tomorrow'],
    ] as const) {
      expect(await advanceTo(oneSecondBefore(dueAt))).toEqual([]);
      const notices = await advanceTo(dueAt);
      expect(notices.map((email) => email.destination.to.join(',')).sort()).toEqual(sdzPeople);
      for (const email of notices) {
        expect(email.subject).toBe(
          `${label}: System Design Zone Planning Meeting, Monday, October 3, 2022, 10:00 AM - 3:00 PM CDT`,
        );
        expect(calendarOf(email)).toMatchObject({
          method: 'REQUEST',
          uid: '2022-2023/planning/2022-10-03@srsn-innovation-zones',
          sequence: 0,
          start: '2022-10-03T15:00:00.000Z',
          end: '2022-10-03T20:00:00.000Z',
          attendees: email.destination.to,
        });
      }
    }
  });

  it('reminds every member 7 days and 1 day before the October and November sessions, at 10:00 Central on both sides of DST, and posts the October materials once', async () => {
    for (const reminder of REMINDERS.slice(0, 2)) await expectReminder(reminder);

    await advanceTo('2022-10-13T15:00:00Z');
    const materials = {
      cohort: '2022-2023',
      videoUrl: 'https://video.srsn.example.org/sessions/2022-10',
      slidesUrl: 'https://srsn.example.org/slides/2022-10.pdf',
    };
    const posted = await harness.asFacilitator('POST', '/facilitator/sessions/2022-10-12/materials', materials);
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    expect(
      (await harness.asFacilitator('POST', '/facilitator/sessions/2022-10-12/materials', materials)).body,
    ).toMatchObject({ changed: false, materials: { revision: 1 } });
    const notHeld = await harness.asFacilitator('POST', '/facilitator/sessions/2022-11-09/materials', {
      ...materials,
      videoUrl: 'https://video.srsn.example.org/sessions/2022-11',
    });
    expect(notHeld).toMatchObject({ status: 409, body: { error: 'SessionNotHeld' } });
    const sent = await newEmails();
    expect(sent.map((email) => email.destination.to.join(',')).sort()).toEqual(MEMBERS);
    for (const email of sent) {
      expect(email.subject).toBe('Video and slides: Innovation Zones monthly session, October 2022');
      expect(email.body.text).toContain(`Video:\n${materials.videoUrl}`);
      expect(email.body.html).toContain(`<a href="${materials.slidesUrl}">`);
      expect(email.attachments).toEqual([]);
    }

    for (const reminder of REMINDERS.slice(2, 4)) await expectReminder(reminder);
  });

  it('moves the January session and cancels the February one: every member gets the new invitation or the cancellation, once', async () => {
    await advanceTo('2022-11-20T16:00:00Z');
    expect(
      (
        await harness.asFacilitator('PUT', '/facilitator/sessions/2022-11-09', {
          cohort: '2022-2023',
          start: '13:00',
          end: '15:00',
        })
      ).body,
    ).toMatchObject({ error: 'SessionAlreadyStarted' });
    const move = {
      cohort: '2022-2023',
      date: '2023-01-18',
      start: '13:00',
      end: '15:00',
      note: 'Moved for the winter break',
    };
    const moved = await harness.asFacilitator('PUT', '/facilitator/sessions/2023-01-11', move);
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({
      status: 'moved',
      sequence: 1,
      current: { start: '2023-01-18T19:00:00.000Z', central: 'Wednesday, January 18, 2023, 1:00 PM - 3:00 PM CST' },
      changed: true,
    });
    expect((await harness.asFacilitator('PUT', '/facilitator/sessions/2023-01-11', move)).body).toMatchObject({
      sequence: 1,
      changed: false,
    });
    const movedEmails = await newEmails();
    expect(movedEmails.map((email) => email.destination.to.join(',')).sort()).toEqual(MEMBERS);
    for (const email of movedEmails) {
      expect(email.subject).toBe(
        'New time: Innovation Zones monthly session, January 2023, now Wednesday, January 18, 2023, 1:00 PM - ' +
          '3:00 PM CST',
      );
      expect(email.body.text).toContain('Note from the facilitation team: Moved for the winter break');
      expect(calendarOf(email)).toMatchObject({
        method: 'REQUEST',
        uid: '2022-2023/session/2023-01-11@srsn-innovation-zones',
        sequence: 1,
        status: 'CONFIRMED',
        start: '2023-01-18T19:00:00.000Z',
        end: '2023-01-18T21:00:00.000Z',
        attendees: email.destination.to,
      });
    }

    const cancelled = await harness.asFacilitator('POST', '/facilitator/sessions/2023-02-08/cancel', {
      cohort: '2022-2023',
    });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', sequence: 1, changed: true });
    expect(
      (await harness.asFacilitator('POST', '/facilitator/sessions/2023-02-08/cancel', { cohort: '2022-2023' })).body,
    ).toMatchObject({ changed: false });
    const cancellations = await newEmails();
    expect(cancellations.map((email) => email.destination.to.join(',')).sort()).toEqual(MEMBERS);
    for (const email of cancellations) {
      expect(email.subject).toBe(
        'Cancelled: Innovation Zones monthly session, February 2023, Wednesday, February 8, 2023, 10:00 AM - ' +
          '12:00 PM CST',
      );
      expect(calendarOf(email)).toMatchObject({
        method: 'CANCEL',
        uid: '2022-2023/session/2023-02-08@srsn-innovation-zones',
        sequence: 1,
        status: 'CANCELLED',
        start: '2023-02-08T16:00:00.000Z',
      });
    }
  });

  it('reminds every member of each later session once, the moved one 7 days and 1 day before its new time with SEQUENCE 1, the cancelled one not at all', async () => {
    for (const reminder of REMINDERS.slice(4, 6)) await expectReminder(reminder);
    expect(await advanceTo('2023-01-04T16:00:00Z')).toEqual([]);
    expect(await advanceTo('2023-01-10T16:00:00Z')).toEqual([]);
    for (const reminder of REMINDERS.slice(6, 8)) await expectReminder(reminder);
    expect(await advanceTo('2023-02-01T16:00:00Z')).toEqual([]);
    expect(await advanceTo('2023-02-07T16:00:00Z')).toEqual([]);
    for (const reminder of REMINDERS.slice(8)) await expectReminder(reminder);
    expect(await advanceTo('2023-06-30T05:00:00Z')).toEqual([]);
  });

  it('sends nothing more when the milestones and the changes are delivered again', async () => {
    const replays = [
      {
        DetailType: 'SessionReminderDue',
        Detail: {
          milestoneId: '2022-2023/session/2023-06-14/reminder/1',
          cohort: '2022-2023',
          dueAt: '2023-06-13T15:00:00.000Z',
          sessionId: '2022-2023/session/2023-06-14',
          sessionDate: '2023-06-14',
          offsetDays: 1,
        },
      },
      // The moved session's reminder at its new time, and one planned for its old time (as a process that had not yet
      // seen the move would publish it).
      {
        DetailType: 'SessionReminderDue',
        Detail: {
          milestoneId: '2022-2023/session/2023-01-11/reminder/1@2023-01-18T19:00:00.000Z',
          cohort: '2022-2023',
          dueAt: '2023-01-17T19:00:00.000Z',
          sessionId: '2022-2023/session/2023-01-11',
          sessionDate: '2023-01-11',
          offsetDays: 1,
        },
      },
      {
        DetailType: 'SessionReminderDue',
        Detail: {
          milestoneId: '2022-2023/session/2023-01-11/reminder/7',
          cohort: '2022-2023',
          dueAt: '2023-01-04T16:00:00.000Z',
          sessionId: '2022-2023/session/2023-01-11',
          sessionDate: '2023-01-11',
          offsetDays: 7,
        },
      },
      {
        DetailType: 'PlanningMeetingReminderDue',
        Detail: {
          milestoneId: '2022-2023/planning/2022-10-03/reminder/7',
          cohort: '2022-2023',
          dueAt: '2022-09-26T15:00:00.000Z',
          meetingId: '2022-2023/planning/2022-10-03',
          offsetDays: 7,
        },
      },
      {
        DetailType: 'SessionChanged',
        Detail: {
          cohort: '2022-2023',
          sessionId: '2022-2023/session/2023-02-08',
          sessionDate: '2023-02-08',
          sequence: 1,
          change: 'cancelled',
          changedAt: '2023-01-20T16:00:00.000Z',
        },
      },
      {
        DetailType: 'SessionMaterialsPosted',
        Detail: {
          cohort: '2022-2023',
          sessionId: '2022-2023/session/2022-10-12',
          sessionDate: '2022-10-12',
          revision: 1,
          postedAt: '2022-10-13T15:00:00.000Z',
        },
      },
      {
        DetailType: 'RosterChanged',
        Detail: {
          applicationId: ids.lindbergh,
          cohort: '2022-2023',
          zone: 'SDZ',
          version: 1,
          changedAt: '2022-09-23T14:00:00.000Z',
        },
      },
    ];
    for (const replay of replays) {
      const answer = await harness.post('/_local/events', {
        Entries: [{ Source: EVENT_SOURCE, DetailType: replay.DetailType, Detail: JSON.stringify(replay.Detail) }],
      });
      // SessionChanged has two targets: the bulk worker and the milestone dispatcher (which replans).
      expect(answer.body.deliveries.map((delivery: { outcome: string }) => delivery.outcome)).toEqual(
        replay.DetailType === 'SessionChanged' ? ['delivered', 'delivered'] : ['delivered'],
      );
    }
    expect(await newEmails()).toEqual([]);
  });
});

/**
 * Steps to one second before a reminder milestone (nothing), then to it: one reminder per member, its invitation right.
 */
async function expectReminder(reminder: (typeof REMINDERS)[number]): Promise<void> {
  expect(lines(await advanceTo(oneSecondBefore(reminder.dueAt))), `before ${reminder.dueAt}`).toEqual([]);
  const arrived = await advanceTo(reminder.dueAt);
  expect(arrived.map((email) => email.destination.to.join(',')).sort(), `at ${reminder.dueAt}`).toEqual(MEMBERS);
  const end = new Date(new Date(reminder.start).getTime() + 2 * 3600_000).toISOString();
  for (const email of arrived) {
    expect(email.subject).toBe(
      `${reminder.ahead ?? (reminder.offset === 7 ? 'In 7 days' : 'Tomorrow')}: Innovation Zones monthly session, ` +
        `${reminder.label}`,
    );
    expect(calendarOf(email)).toEqual({
      method: 'REQUEST',
      uid: `2022-2023/session/${reminder.session}@srsn-innovation-zones`,
      sequence: reminder.session === '2023-01-11' ? 1 : 0,
      status: 'CONFIRMED',
      start: reminder.start,
      end,
      attendees: email.destination.to,
    });
  }
}
