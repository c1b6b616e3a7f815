/**
 * An invitee import after the 2022-2023 invitation date on the local runtime: while the ILDZ
 * and the CNZ are open, the late invitation names only them; a row whose zones have all closed
 * refuses the whole file; once both have closed, partners are still invited to the CNZ while the
 * cohort runs, and years later (the operator's clock at 2026-12-07) every file is refused: the
 * cohort has ended. The table and the inbox stay unchanged by each refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InboxEmail, RuntimeHarness } from '../support/local-runtime.ts';

let harness: RuntimeHarness;

const HEADER = 'kind,organization,county_district_code,contact_name,contact_email,zone_interest';
const DISTRICTS =
  `${HEADER}\ndistrict,Lindbergh Schools,096-104,Dana Whitfield,dana@lindbergh.example.org,\n` +
  'district,Prairie R-IV,010-090,Sam Ortega,sam@prairie.example.org,ILDZ\n';
const SDZ_DUE_LINE = 'System Design Zone (SDZ): applications due';
const ILDZ_DUE_LINE =
  'Innovative Learning Design Zone (ILDZ): applications due Friday, September 16, 2022 (applications are accepted ' +
  'until 11:59 PM CDT that day); selection notified by Friday, September 23, 2022.';
const CNZ_LINE = 'Collaborative Network Zone (CNZ): applications are open; the due date will be announced.';

async function importCsv(csv: string) {
  const response = await harness.request('POST', '/facilitator/invitees?cohort=2022-2023', csv, {
    'content-type': 'text/csv',
    authorization: 'Bearer dev-facilitator',
  });
  await harness.runtime.bus.whenIdle();
  return response;
}

const inviteeItems = async () => (await harness.items()).filter((item) => String(item.pk).startsWith('INVITEE#'));
const emailTo = (emails: InboxEmail[], address: string) =>
  emails.find((email) => email.destination.to.includes(address));

describe('an invitee import after the invitation date, while the ILDZ is open', () => {
  beforeAll(async () => {
    // The SDZ closed at the end of 2022-09-09; the ILDZ is open until the end of 2022-09-16.
    harness = await RuntimeHarness.start({ clockStart: new Date('2022-09-12T15:00:00Z') });
  });
  afterAll(() => harness.stop());

  it('refuses a file with a district interested only in the closed SDZ, storing and sending nothing', async () => {
    const file = `${DISTRICTS}district,Harrison C-1,030-030,Pat Moore,pat@harrison.example.org,SDZ\n`;

    const answer = await importCsv(file);

    expect(answer.status).toBe(409);
    expect(answer.body).toEqual({
      error: 'WindowsClosed',
      message:
        'Applications to 2022-2023 closed on 2022-09-09 (SDZ): 1 row of the file (see rows) would be invited only ' +
        'to closed windows, so nothing was imported. Import it into the next cohort.',
      cohort: '2022-2023',
      closedZones: [{ zone: 'SDZ', due: '2022-09-09' }],
      rowCount: 1,
      rows: [4],
    });
    expect(await inviteeItems()).toEqual([]);
    expect(await harness.inbox()).toEqual([]);
  });

  it('invites the districts at once, to the open zones only', async () => {
    const answer = await importCsv(DISTRICTS);

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ created: 2, invitations: { status: 'sending' } });
    const sent = await harness.inbox();
    expect(sent.map((email) => email.destination.to[0]).sort()).toEqual([
      'dana@lindbergh.example.org',
      'sam@prairie.example.org',
    ]);
    const lindbergh = emailTo(sent, 'dana@lindbergh.example.org')!;
    for (const part of [lindbergh.body.text!, lindbergh.body.html!]) {
      expect(part).toContain(ILDZ_DUE_LINE);
      expect(part).toContain(CNZ_LINE);
      expect(part).not.toContain(SDZ_DUE_LINE);
      expect(part).not.toContain('September 9, 2022');
    }
    expect(lindbergh.body.text).toContain('Innovative Learning Design Zone (ILDZ)\n---');
    expect(lindbergh.body.text).not.toContain('System Design Zone (SDZ)\n---');
  });
});

describe('an invitee import after both windows closed, then years after the cohort ended', () => {
  beforeAll(async () => {
    // Both windows closed; the monthly sessions run until 2023-06-14.
    harness = await RuntimeHarness.start({ clockStart: new Date('2022-12-07T15:00:00Z') });
    await harness.clearInbox(); // the local SES keeps the emails of the runtime started above
  });
  afterAll(() => harness.stop());

  it('still invites a partner to the CNZ, whose window has no due date, naming no closed zone nor past meeting', async () => {
    const answer = await importCsv(
      `${HEADER}\npartner,University of Missouri,,Avery Stone,avery@umsystem.example.edu,\n`,
    );

    expect(answer.status).toBe(200);
    const sent = await harness.inbox();
    expect(sent.map((email) => email.destination.to[0])).toEqual(['avery@umsystem.example.edu']);
    const text = sent[0]!.body.text!;
    expect(text).toContain(CNZ_LINE);
    expect(text).not.toContain(SDZ_DUE_LINE);
    expect(text).not.toContain('Innovative Learning Design Zone (ILDZ): applications due');
    expect(text).not.toContain('Informational meetings');
    expect(text).not.toContain('November 9, 2022');
    expect(text).toContain('December 14, 2022');
    expect(sent[0]!.attachments ?? []).toEqual([]);
  });

  it('refuses districts, naming both closed zones and their due dates; the table and the inbox are unchanged', async () => {
    const stored = await inviteeItems();
    const inbox = await harness.inbox();
    expect(stored.map((item) => String(item.sk).split('#')[0])).toEqual(['IMPORT', 'INVITEE']);
    expect(inbox).toHaveLength(1);
    const file =
      `${HEADER}\ndistrict,Late Creek R-9,199-099,Morgan Late,morgan@latecreek.example.org,\n` +
      'partner,University of Missouri,,Avery Stone,avery@umsystem.example.edu,CNZ\n' +
      'district,Oak Grove R-6,048-077,Lee Kim,lee@oakgrove.example.org,ILDZ\n';

    const answer = await importCsv(file);

    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({
      error: 'WindowsClosed',
      message:
        'Applications to 2022-2023 closed on 2022-09-09 (SDZ) and 2022-09-16 (ILDZ): 2 rows of the file (see rows) ' +
        'would be invited only to closed windows, so nothing was imported. Import them into the next cohort.',
      closedZones: [
        { zone: 'SDZ', due: '2022-09-09' },
        { zone: 'ILDZ', due: '2022-09-16' },
      ],
      rows: [2, 4],
    });
    expect(await inviteeItems()).toEqual(stored);
    expect(await harness.inbox()).toEqual(inbox);
  });
});

// The operator's case: the runtime started with the clock at 2026-12-07, files imported into 2022-2023.
describe('an invitee import years after the cohort ended', () => {
  beforeAll(async () => {
    harness = await RuntimeHarness.start({ clockStart: new Date('2026-12-07T15:00:00Z') });
    await harness.clearInbox(); // the local SES keeps the emails of the runtimes started above
  });
  afterAll(() => harness.stop());

  it('refuses any file, partners too: nothing stored, nothing sent', async () => {
    const answer = await importCsv(
      `${HEADER}\npartner,Late Partners,,Jo Late,jo@latepartners.example.org,\n` +
        'district,Late Creek R-9,199-099,Morgan Late,morgan@latecreek.example.org,\n',
    );

    expect(answer.status).toBe(409);
    expect(answer.body).toEqual({
      error: 'CohortEnded',
      message:
        'The 2022-2023 cohort has ended (its last monthly session was on 2023-06-14), so no one is invited to it ' +
        'and nothing was imported. Import the file into a cohort still running.',
      cohort: '2022-2023',
      endedOn: '2023-06-14',
    });
    expect(await inviteeItems()).toEqual([]);
    expect(await harness.inbox()).toEqual([]);
  });
});
