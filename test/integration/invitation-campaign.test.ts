/**
 * The 2022-2023 invitation campaign on the local runtime: facilitators import 50 districts
 * and 5 partners from CSV; at 8:00 AM CDT on August 19, 2022 each gets the invitation once
 * with the three informational meetings as calendar invitations; an import after that date
 * invites the newcomer at once; some districts apply; seven days before each due date the
 * districts that have not applied get a reminder. Replayed events send nothing more.
 */
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validApplication } from '../fixtures/applications.ts';
import { type InboxEmail, RuntimeHarness } from '../support/local-runtime.ts';

let harness: RuntimeHarness;
let seen = 0;

const HEADER = 'kind,organization,county_district_code,contact_name,contact_email,zone_interest';
const code = (index: number) => `${String(100 + index).padStart(3, '0')}-0${String(index).padStart(2, '0')}`;
const districtEmail = (index: number) => `contact${index}@district${index}.example.org`;
/** Districts 41-45 are interested in the ILDZ only, 46-47 in the SDZ only; the rest said nothing. */
const interestOf = (index: number) => (index >= 41 && index <= 45 ? 'ILDZ' : index >= 46 && index <= 47 ? 'SDZ' : '');
const DISTRICTS = Array.from({ length: 50 }, (_, offset) => offset + 1);
const PARTNERS = [
  ['University of Missouri', 'Avery Stone', 'avery.stone@umsystem.example.edu'],
  ['Missouri Chamber of Commerce, Education Council', 'Blake Reed', 'blake.reed@mochamber.example.org'],
  ['Kauffman "Real World Learning" Partners', 'Casey Lin', 'casey.lin@kauffman.example.org'],
  ['Southeast Regional Professional Development Center', 'Drew Park', 'drew.park@semo.example.edu'],
  ['Show-Me Business Partners', 'Emery Diaz', 'emery.diaz@showme.example.com'],
] as const;

const csvCell = (value: string) => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

function campaignCsv(): string {
  const districts = DISTRICTS.map((index) => [
    'district',
    `District ${index} R-${index}`,
    code(index),
    `Contact ${index}`,
    districtEmail(index),
    interestOf(index),
  ]);
  const partners = PARTNERS.map(([organization, name, email]) => ['partner', organization, '', name, email, 'CNZ']);
  return `${[HEADER, ...[...districts, ...partners].map((row) => row.map(csvCell).join(','))].join('\r\n')}\r\n`;
}

async function importCsv(csv: string, token = 'dev-facilitator') {
  const response = await harness.request('POST', '/facilitator/invitees?cohort=2022-2023', csv, {
    'content-type': 'text/csv',
    authorization: `Bearer ${token}`,
  });
  await harness.runtime.bus.whenIdle();
  return response;
}

async function newEmails(): Promise<InboxEmail[]> {
  const all = await harness.inbox();
  const fresh = all.slice(seen);
  seen = all.length;
  return fresh;
}

async function advanceTo(instant: string): Promise<InboxEmail[]> {
  expect((await harness.setClock(instant)).status).toBe(200);
  return newEmails();
}

async function replay(detailType: string, detail: Record<string, unknown>): Promise<void> {
  const answer = await harness.post('/_local/events', {
    Entries: [{ Source: 'srsn.innovation-zones', DetailType: detailType, Detail: JSON.stringify(detail) }],
  });
  expect(answer.status).toBe(200);
  expect(answer.body.deliveries.length).toBeGreaterThan(0);
}

const recipients = (emails: InboxEmail[]) => emails.map((email) => email.destination.to.join(',')).sort();
const inviteeItems = async () => (await harness.items()).filter((item) => String(item.pk).startsWith('INVITEE#'));

function calendarOf(content: string) {
  const calendar = new ICAL.Component(ICAL.parse(Buffer.from(content, 'base64').toString('utf8')));
  const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
  return {
    method: calendar.getFirstPropertyValue('method'),
    uid: event.uid,
    sequence: event.sequence,
    start: event.startDate.toJSDate().toISOString(),
    end: event.endDate.toJSDate().toISOString(),
    summary: event.summary,
    attendees: event.attendees.map((attendee) => String(attendee.getFirstValue()).replace(/^mailto:/i, '')),
  };
}

function apply(zone: 'SDZ' | 'ILDZ', index: number) {
  const application = validApplication(zone);
  application.applicant =
    zone === 'SDZ'
      ? { ...application.applicant, name: `District ${index} R-${index}`, countyDistrictCode: code(index) }
      : { kind: 'district', name: `District ${index} R-${index}`, countyDistrictCode: code(index) };
  application.contact.email = districtEmail(index);
  return harness.submit(application);
}

beforeAll(async () => {
  harness = await RuntimeHarness.start({
    clockStart: new Date('2022-08-15T15:00:00Z'),
    facilitatorEmails: 'facilitators@srsn.example.org',
  });
});
afterAll(() => harness.stop());

describe('the invitation campaign of the 2022-2023 cohort', () => {
  it('refuses a file with invalid rows, naming each row and column, and stores nothing', async () => {
    const csv = [
      HEADER,
      'district,Lindbergh Schools,096-104,Dana Whitfield,dana@lindbergh.example.org,',
      'district,Prairie R-IV,96-1,Sam Ortega,sam@prairie,SDZ',
      'partner,University of Missouri,096-104,Avery Stone,avery@umsystem.example.edu,SDZ',
      'district,Lindbergh again,096-104,Pat Doe,pat@lindbergh.example.org,',
      'school,Oak Elementary,,Lee Kim,lee@oak.example.org,',
    ].join('\n');

    const answer = await importCsv(csv);

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      error: 'ValidationError',
      message: 'The file has 6 problems; nothing was imported.',
      errorCount: 6,
    });
    expect(answer.body.errors).toEqual([
      { row: 3, column: 'contact_email', field: 'row 3, contact_email', message: 'must be an email address' },
      {
        row: 3,
        column: 'county_district_code',
        field: 'row 3, county_district_code',
        message: 'must be a Missouri county-district code like 096-092',
      },
      {
        row: 4,
        column: 'county_district_code',
        field: 'row 4, county_district_code',
        message: 'must be empty for a partner',
      },
      {
        row: 4,
        column: 'zone_interest',
        field: 'row 4, zone_interest',
        message: 'must name zones open to a partner: CNZ',
      },
      {
        row: 5,
        column: 'county_district_code',
        field: 'row 5, county_district_code',
        message: '096-104 is already on row 2: each district once per file',
      },
      { row: 6, column: 'kind', field: 'row 6, kind', message: 'must be district or partner' },
    ]);
    expect(await inviteeItems()).toEqual([]);
  });

  it('imports 50 districts and 5 partners before the invitation date; importing the same file again changes nothing', async () => {
    const first = await importCsv(campaignCsv());
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      cohort: '2022-2023',
      importId: expect.stringMatching(/^[0-9a-f]{16}$/),
      rows: 55,
      created: 55,
      updated: 0,
      unchanged: 0,
      blankRows: 0,
      invitations: { dueAt: '2022-08-19T13:00:00.000Z', status: 'scheduled' },
    });
    const stored = await inviteeItems();

    const again = await importCsv(campaignCsv());
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      rows: 55,
      created: 0,
      updated: 0,
      unchanged: 55,
      invitations: { status: 'scheduled' },
    });
    expect(await inviteeItems()).toEqual(stored);
    expect(stored.filter((item) => String(item.sk).startsWith('INVITEE#'))).toHaveLength(55);
    expect(stored.filter((item) => String(item.sk).startsWith('IMPORT#'))).toHaveLength(1);

    // The list pages through the cohort's partition.
    const pageOne = await harness.asFacilitator('GET', '/facilitator/invitees?cohort=2022-2023&limit=40');
    const pageTwo = await harness.asFacilitator(
      'GET',
      `/facilitator/invitees?cohort=2022-2023&limit=40&nextToken=${pageOne.body.nextToken}`,
    );
    expect(pageOne.body.items).toHaveLength(40);
    expect(pageTwo.body.items).toHaveLength(15);
    expect(pageTwo.body.nextToken).toBeNull();
    expect(
      [...pageOne.body.items, ...pageTwo.body.items].find((item: any) => item.inviteeId === 'district-101-001'),
    ).toEqual({
      inviteeId: 'district-101-001',
      kind: 'district',
      organization: 'District 1 R-1',
      countyDistrictCode: '101-001',
      contactName: 'Contact 1',
      contactEmail: 'contact1@district1.example.org',
      zoneInterest: [],
      importedAt: '2022-08-15T15:00:00.000Z',
      updatedAt: '2022-08-15T15:00:00.000Z',
    });
    expect(await newEmails()).toEqual([]);
  });

  it('invites all 55 at 8:00 AM CDT on August 19, 2022, once each, with the three informational meetings as calendar invitations', async () => {
    expect(await advanceTo('2022-08-19T12:59:00Z')).toEqual([]);

    const sent = await advanceTo('2022-08-19T13:00:00Z');

    expect(sent).toHaveLength(55);
    expect(recipients(sent)).toEqual([...DISTRICTS.map(districtEmail), ...PARTNERS.map(([, , email]) => email)].sort());
    expect(new Set(sent.map((email) => email.subject))).toEqual(
      new Set(['You are invited to apply: SRSN Innovation Zones Cohort 1, 2022-2023']),
    );
    for (const email of sent) {
      expect(email.attachments.map((attachment) => attachment.filename)).toEqual([
        'info-meeting-2022-08-25.ics',
        'info-meeting-2022-08-31.ics',
        'info-meeting-2022-09-01.ics',
      ]);
      const calendars = email.attachments.map((attachment) => calendarOf(attachment.content));
      expect(calendars).toEqual([
        {
          method: 'REQUEST',
          uid: '2022-2023/info/2022-08-25@srsn-innovation-zones',
          sequence: 0,
          start: '2022-08-25T15:00:00.000Z',
          end: '2022-08-25T15:30:00.000Z',
          summary: 'Innovation Zones informational meeting',
          attendees: [email.destination.to[0]],
        },
        {
          method: 'REQUEST',
          uid: '2022-2023/info/2022-08-31@srsn-innovation-zones',
          sequence: 0,
          start: '2022-08-31T18:00:00.000Z',
          end: '2022-08-31T18:30:00.000Z',
          summary: 'Innovation Zones informational meeting',
          attendees: [email.destination.to[0]],
        },
        {
          method: 'REQUEST',
          uid: '2022-2023/info/2022-09-01@srsn-innovation-zones',
          sequence: 0,
          start: '2022-09-01T14:00:00.000Z',
          end: '2022-09-01T14:30:00.000Z',
          summary: 'Innovation Zones informational meeting',
          attendees: [email.destination.to[0]],
        },
      ]);
      expect(
        email.attachments.every(
          (attachment) => attachment.contentType === 'text/calendar; method=REQUEST; charset=UTF-8',
        ),
      ).toBe(true);
    }

    const district = sent.find((email) => email.destination.to[0] === districtEmail(1))!;
    for (const part of [district.body.text!, district.body.html!]) {
      expect(part).toContain(
        'System Design Zone (SDZ): applications due Friday, September 9, 2022 (applications are accepted until 11:59 ' +
          'PM CDT that day); selection notified by Thursday, September 15, 2022.',
      );
      expect(part).toContain(
        'Innovative Learning Design Zone (ILDZ): applications due Friday, September 16, 2022 (applications are ' +
          'accepted until 11:59 PM CDT that day); selection notified by Friday, September 23, 2022.',
      );
      expect(part).toContain('Thursday, August 25, 2022, 10:00 AM - 10:30 AM CDT, Zoom (info-meeting-2022-08-25.ics)');
      expect(part).toContain('Wednesday, August 31, 2022, 1:00 PM - 1:30 PM CDT, Zoom');
      expect(part).toContain('Thursday, September 1, 2022, 9:00 AM - 9:30 AM CDT, Zoom');
      expect(part).toContain('Wednesday, November 9, 2022, 10:00 AM - 12:00 PM CST');
      expect(part).toContain(`${harness.api}/applications`);
    }
    expect(district.body.text).toContain('Dear Contact 1,');
    expect(district.body.text).toContain('Evidence of four practices');
    const partner = sent.find((email) => email.destination.to[0] === 'casey.lin@kauffman.example.org')!;
    expect(partner.body.text).toContain('invites Kauffman "Real World Learning" Partners to apply');
    expect(partner.body.html).toContain('invites Kauffman &quot;Real World Learning&quot; Partners to apply');
    expect(partner.body.text).toContain('One designated representative and one designated alternate');
    expect(partner.body.text).not.toContain('Evidence of four practices');

    // The milestone delivered again, and a later tick: nothing more.
    await replay('InvitationsDue', {
      milestoneId: '2022-2023/invitations',
      cohort: '2022-2023',
      dueAt: '2022-08-19T13:00:00.000Z',
    });
    expect(await advanceTo('2022-08-19T15:00:00Z')).toEqual([]);
  });

  it('invites a district imported after the invitation date at once, and no one else again', async () => {
    const late =
      `${HEADER}\ndistrict,Late Creek R-9,199-099,Morgan Late,morgan@latecreek.example.org,\n` +
      `district,District 1 R-1,${code(1)},Contact 1,${districtEmail(1)},\n`;

    const answer = await importCsv(late);

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      rows: 2,
      created: 1,
      updated: 0,
      unchanged: 1,
      invitations: { dueAt: '2022-08-19T13:00:00.000Z', status: 'sending' },
    });
    const sent = await newEmails();
    expect(recipients(sent)).toEqual(['morgan@latecreek.example.org']);
    expect(sent[0]!.attachments).toHaveLength(3);

    // The same file again, and the import's event delivered twice: nothing more.
    expect((await importCsv(late)).body).toMatchObject({
      created: 0,
      unchanged: 2,
      invitations: { status: 'sending' },
    });
    await replay('InviteesImported', {
      cohort: '2022-2023',
      importId: answer.body.importId,
      importedAt: '2022-08-19T15:00:00.000Z',
      rows: 2,
    });
    expect(await newEmails()).toEqual([]);
  });

  it('reminds the districts that have not applied to the SDZ seven days before its due date, and only them, once', async () => {
    for (const index of [1, 2, 3, 4, 5]) expect((await apply('SDZ', index)).status).toBe(201);
    for (const index of [6, 7]) expect((await apply('ILDZ', index)).status).toBe(201);
    await newEmails(); // the receipts

    expect(await advanceTo('2022-09-02T13:45:00Z')).toEqual([]);
    const sent = await advanceTo('2022-09-02T14:00:00Z');

    // 51 districts, less the 5 SDZ applicants and the 5 interested in the ILDZ only.
    const expected = [
      ...DISTRICTS.filter((index) => index > 5 && interestOf(index) !== 'ILDZ').map(districtEmail),
      'morgan@latecreek.example.org',
    ].sort();
    expect(recipients(sent)).toEqual(expected);
    expect(sent).toHaveLength(41);
    expect(new Set(sent.map((email) => email.subject))).toEqual(
      new Set(['Reminder: System Design Zone (SDZ) applications are due Friday, September 9, 2022']),
    );
    const reminder = sent.find((email) => email.destination.to[0] === districtEmail(8))!;
    expect(reminder.attachments).toEqual([]);
    expect(reminder.body.text).toContain(
      'We have not yet received a System Design Zone (SDZ) application from District 8 R-8 for the Innovation Zones ' +
        'Cohort 1, 2022-2023. Applications are due Friday, September 9, 2022 (applications are accepted until 11:59 ' +
        'PM CDT that day).',
    );

    await replay('DeadlineReminderDue', {
      milestoneId: '2022-2023/deadline-reminder/SDZ/7',
      cohort: '2022-2023',
      dueAt: '2022-09-02T14:00:00.000Z',
      zone: 'SDZ',
      daysBefore: 7,
    });
    expect(await newEmails()).toEqual([]);
  });

  it('reminds the districts that have applied to neither the ILDZ nor the SDZ seven days before the ILDZ due date', async () => {
    const sent = await advanceTo('2022-09-09T14:00:00Z');

    // 51 districts, less the 5 SDZ applicants (placed in the ILDZ if not selected), the 2 ILDZ applicants and the 2
    // interested in the SDZ only.
    const expected = [
      ...DISTRICTS.filter((index) => index > 7 && interestOf(index) !== 'SDZ').map(districtEmail),
      'morgan@latecreek.example.org',
    ].sort();
    expect(recipients(sent)).toEqual(expected);
    expect(new Set(sent.map((email) => email.subject))).toEqual(
      new Set(['Reminder: Innovative Learning Design Zone (ILDZ) applications are due Friday, September 16, 2022']),
    );

    // Partners are never reminded: the CNZ has no due date in this cohort.
    const everything = await harness.inbox();
    for (const [, , email] of PARTNERS)
      expect(
        everything.filter((message) => message.destination.to.includes(email)).map((message) => message.subject),
      ).toEqual(['You are invited to apply: SRSN Innovation Zones Cohort 1, 2022-2023']);
  });
});
