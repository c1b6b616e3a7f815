import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleBoardResolution } from '../../shared/domain/board-resolution.ts';
import { validApplication } from '../fixtures/applications.ts';
import { type InboxEmail, RuntimeHarness } from '../support/local-runtime.ts';
import { takeLogs } from '../support/logs.ts';

/**
 * The SDZ board-resolution season on the local runtime: two districts selected, one not;
 * weekly reminder rounds from Thursday, September 22, 2022 at 9:00 AM CDT; facilitators
 * record resolutions; reminders stop for a district once its resolution is recorded.
 */
let harness: RuntimeHarness;
const ids = { lindbergh: '', prairie: '', oakview: '', ildz: '' };

const scores = {
  elements: { 1: 3, 2: 3, 3: 2, 4: 4, 5: 3, 6: 2, 7: 3, 8: 4 },
  evidence: { cblPractices: 4, dataForSystemChange: 3, assessmentForLearning: 2, professionalLearning: 3 },
};
const RESULTS_RELEASED_AT = '2022-09-15T14:00:00.000Z';

function sdzApplication(name: string, code: string, contact: string, superintendent: string) {
  const application = validApplication('SDZ');
  application.applicant.name = name;
  application.applicant.countyDistrictCode = code;
  application.contact.email = contact;
  application.superintendent.email = superintendent;
  return application;
}

async function decide(applicationId: string, decision: 'selected' | 'not_selected'): Promise<void> {
  const current = await harness.asFacilitator('GET', `/facilitator/applications/${applicationId}`);
  const decided = await harness.asFacilitator('PUT', `/facilitator/applications/${applicationId}/review`, {
    expectedVersion: current.body.version,
    decision,
    notes: '',
    scores,
  });
  expect(decided.status).toBe(200);
}

async function application(applicationId: string): Promise<any> {
  return (await harness.asFacilitator('GET', `/facilitator/applications/${applicationId}`)).body;
}

/**
 * Stand-in until the results release flow (functions/send-result, built concurrently) is
 * in the tree: when the release on 2022-09-15 did not set `resultSent`, set it as the
 * release would, with one conditional UpdateItem on the local table. With the real
 * release flow present this changes nothing, because `resultSent` is already there.
 */
async function ensureResultSent(applicationId: string): Promise<void> {
  if ((await application(applicationId)).resultSent) return;
  const client = new DynamoDBClient({
    endpoint: harness.runtime.urls.dynamodb,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    await client.send(
      new UpdateItemCommand({
        TableName: harness.runtime.tableName,
        Key: { pk: { S: `APPLICATION#${applicationId}` }, sk: { S: 'APPLICATION' } },
        UpdateExpression: 'SET resultSent = :sent, #version = #version + :one',
        ConditionExpression: 'attribute_not_exists(resultSent)',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: {
          ':sent': { M: { decision: { S: 'selected' }, sentAt: { S: RESULTS_RELEASED_AT }, corrections: { N: '0' } } },
          ':one': { N: '1' },
        },
      }),
    );
  } finally {
    client.destroy();
  }
}

async function reminders(): Promise<InboxEmail[]> {
  return (await harness.inbox()).filter((email) => email.subject.startsWith('Board resolution needed'));
}

function recipientsOf(emails: InboxEmail[]): string[] {
  return emails.map((email) => email.destination.to.join(',')).sort();
}

async function record(applicationId: string, body: Record<string, unknown>, token = 'dev-facilitator') {
  return harness.asFacilitator('POST', `/facilitator/applications/${applicationId}/board-resolution`, body, token);
}

beforeAll(async () => {
  harness = await RuntimeHarness.start({
    clockStart: new Date('2022-09-01T15:00:00Z'),
    facilitatorEmails: 'facilitators@srsn.example.org',
  });
  ids.lindbergh = (await harness.submit(validApplication('SDZ'))).body.applicationId;
  ids.prairie = (
    await harness.submit(
      sdzApplication('Prairie R-IV', '010-090', 'sam.ortega@prairie.example.org', 'jreyes@prairie.example.org'),
    )
  ).body.applicationId;
  ids.oakview = (
    await harness.submit(
      sdzApplication('Oakview C-2', '020-020', 'lee@oakview.example.org', 'supt@oakview.example.org'),
    )
  ).body.applicationId;
  ids.ildz = (await harness.submit(validApplication('ILDZ'))).body.applicationId;

  await harness.setClock('2022-09-13T15:00:00Z');
  await decide(ids.lindbergh, 'selected');
  await decide(ids.prairie, 'selected');
  await decide(ids.oakview, 'not_selected');

  await harness.setClock('2022-09-15T14:00:00Z');
  await ensureResultSent(ids.lindbergh);
  await ensureResultSent(ids.prairie);
  await harness.clearInbox();
});
afterAll(() => harness.stop());

describe('weekly board resolution reminders', () => {
  it('sends nothing before the first round, a week after the SDZ notification', async () => {
    await harness.setClock('2022-09-22T13:59:59Z');

    expect(await reminders()).toEqual([]);
  });

  it('on Thursday, September 22, 2022 at 9:00 AM CDT reminds each selected district once, the contact with copy to the superintendent', async () => {
    await harness.setClock('2022-09-22T14:00:00Z');

    const sent = await reminders();
    expect(recipientsOf(sent)).toEqual(['dana.whitfield@lindbergh.example.org', 'sam.ortega@prairie.example.org']);
    const lindbergh = sent.find((email) => email.destination.to[0] === 'dana.whitfield@lindbergh.example.org')!;
    expect(lindbergh.destination.cc).toEqual(['superintendent@lindbergh.example.org']);
    expect(lindbergh.subject).toBe('Board resolution needed: System Design Zone (SDZ), Lindbergh Schools');
    expect(lindbergh.body.text).toContain(
      'Lindbergh Schools was selected for the System Design Zone (SDZ) of the Innovation Zones Cohort 1, 2022-2023; ' +
        'we told you so on Thursday, September 15, 2022.',
    );
    expect(lindbergh.body.text).toContain(
      'This is reminder 1. Until the resolution is recorded, we will remind you every week; the next reminder is due ' +
        'on Thursday, September 29, 2022.',
    );
    expect(lindbergh.body.text).toContain('to the facilitation team at facilitators@srsn.example.org');
    expect(lindbergh.body.text).toContain(sampleBoardResolution('2022-2023').trimEnd());
    expect(lindbergh.body.html).toContain('RESOLUTION OF THE BOARD OF EDUCATION OF THE [NAME OF DISTRICT]');
    const prairie = sent.find((email) => email.destination.to[0] === 'sam.ortega@prairie.example.org')!;
    expect(prairie.destination.cc).toEqual(['jreyes@prairie.example.org']);
    expect(prairie.subject).toBe('Board resolution needed: System Design Zone (SDZ), Prairie R-IV');
  });

  it("lists the reminder in the district's audit trail", async () => {
    const trail = await harness.asFacilitator('GET', `/facilitator/applications/${ids.lindbergh}/audit`);

    expect(trail.body.entries).toContainEqual(
      expect.objectContaining({
        at: '2022-09-22T14:00:00.000Z',
        actor: 'system',
        action: 'email-sent',
        details: expect.objectContaining({
          kind: 'board-resolution-reminder',
          to: ['dana.whitfield@lindbergh.example.org'],
        }),
      }),
    );
  });
});

describe('recording a board resolution', () => {
  it('records the resolution of a selected SDZ district, with an audit entry naming the facilitator', async () => {
    await harness.setClock('2022-09-23T15:00:00Z');
    const current = await application(ids.lindbergh);

    const recorded = await record(
      ids.lindbergh,
      {
        expectedVersion: current.version,
        adoptedOn: '2022-09-20',
        reference: 'Board minutes 2022-09-20, resolution 2022-41',
      },
      'dev-facilitator-2',
    );

    expect(recorded.status).toBe(200);
    const boardResolution = {
      adoptedOn: '2022-09-20',
      reference: 'Board minutes 2022-09-20, resolution 2022-41',
      recordedBy: 'dev-facilitator-2',
      recordedAt: '2022-09-23T15:00:00.000Z',
    };
    expect(recorded.body).toMatchObject({
      applicationId: ids.lindbergh,
      version: current.version + 1,
      boardResolution,
      alreadyRecorded: false,
    });
    expect((await application(ids.lindbergh)).boardResolution).toEqual(boardResolution);
    const trail = await harness.asFacilitator('GET', `/facilitator/applications/${ids.lindbergh}/audit`);
    expect(trail.body.entries.at(-1)).toMatchObject({
      at: '2022-09-23T15:00:00.000Z',
      actor: 'dev-facilitator-2',
      action: 'board-resolution-recorded',
      details: { adoptedOn: '2022-09-20' },
    });
  });

  it('answers 200 alreadyRecorded to the same request again, and 409 to a different resolution, changing nothing', async () => {
    const before = await application(ids.lindbergh);

    const again = await record(ids.lindbergh, {
      expectedVersion: before.version - 1,
      adoptedOn: '2022-09-20',
      reference: 'Board minutes 2022-09-20, resolution 2022-41',
    });
    const different = await record(ids.lindbergh, {
      expectedVersion: before.version,
      adoptedOn: '2022-09-21',
      reference: 'Resolution 2022-42',
    });

    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ alreadyRecorded: true, version: before.version });
    expect(different.status).toBe(409);
    expect(different.body).toMatchObject({
      error: 'BoardResolutionAlreadyRecorded',
      boardResolution: { adoptedOn: '2022-09-20' },
    });
    expect((await application(ids.lindbergh)).version).toBe(before.version);
  });

  it('refuses, with 409 and a clear message, a district not selected and an ILDZ application', async () => {
    const oakview = await application(ids.oakview);
    const ildz = await application(ids.ildz);

    const notSelected = await record(ids.oakview, {
      expectedVersion: oakview.version,
      adoptedOn: '2022-09-20',
      reference: 'Minutes',
    });
    const notSdz = await record(ids.ildz, {
      expectedVersion: ildz.version,
      adoptedOn: '2022-09-20',
      reference: 'Minutes',
    });

    expect(notSelected.status).toBe(409);
    expect(notSelected.body).toMatchObject({
      error: 'NotSelected',
      message:
        `A board resolution is recorded only for a district selected for the System Design Zone (SDZ); the ` +
        `decision on ${ids.oakview} is not_selected.`,
    });
    expect(notSdz.status).toBe(409);
    expect(notSdz.body.error).toBe('NotSystemDesignZone');
  });

  it('refuses a stale version with 409 and bad input with 400 naming the field, storing nothing', async () => {
    const prairie = await application(ids.prairie);

    const stale = await record(ids.prairie, {
      expectedVersion: prairie.version - 1,
      adoptedOn: '2022-09-20',
      reference: 'Minutes',
    });
    const future = await record(ids.prairie, {
      expectedVersion: prairie.version,
      adoptedOn: '2022-09-24',
      reference: 'Minutes',
    });
    const injected = await record(ids.prairie, {
      expectedVersion: prairie.version,
      adoptedOn: '2022-09-20',
      reference: 'Minutes\r\nBcc: x@example.org',
    });

    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ error: 'VersionConflict', currentVersion: prairie.version });
    expect(future.body.errors).toEqual([
      { field: 'adoptedOn', message: 'must not be after today (2022-09-23, America/Chicago)' },
    ]);
    expect(injected.body.errors).toEqual([
      { field: 'reference', message: 'must be a single line without control characters (CR/LF refused)' },
    ]);
    expect(await application(ids.prairie)).toMatchObject({ version: prairie.version });
    expect((await application(ids.prairie)).boardResolution).toBeUndefined();
  });
});

describe('reminders after a resolution is recorded', () => {
  it('on Thursday, September 29, 2022 reminds only the district still without a resolution', async () => {
    await harness.clearInbox();

    await harness.setClock('2022-09-29T14:00:00Z');

    const sent = await reminders();
    expect(recipientsOf(sent)).toEqual(['sam.ortega@prairie.example.org']);
    expect(sent[0]!.body.text).toContain('This is reminder 2.');
  });

  it('sends nothing more when the round is delivered again', async () => {
    const replay = await harness.post('/_local/events', {
      Entries: [
        {
          Source: 'srsn.innovation-zones',
          DetailType: 'BoardResolutionReminderDue',
          Detail: JSON.stringify({
            milestoneId: '2022-2023/board-resolution-reminder/2022-09-29',
            cohort: '2022-2023',
            dueAt: '2022-09-29T14:00:00.000Z',
            round: 2,
          }),
          EventBusName: 'srsn-local',
        },
      ],
    });

    expect(replay.status).toBe(200);
    expect(replay.body.deliveries).toEqual([
      expect.objectContaining({
        target: 'remindBoardResolutions',
        outcome: 'delivered',
        result: { status: 'processed', outcome: 'round 2: sent 0, already-sent 1, not-owed 1' },
      }),
    ]);
    expect(await reminders()).toHaveLength(1);
  });

  it('sends round 3 once on Thursday, October 6, 2022, even when the handler fails after sending and is retried', async () => {
    await harness.clearInbox();
    harness.runtime.functions.failNext('remindBoardResolutions', 1, 'after');

    await harness.setClock('2022-10-06T14:00:00Z');

    const sent = await reminders();
    expect(recipientsOf(sent)).toEqual(['sam.ortega@prairie.example.org']);
    expect(sent[0]!.body.text).toContain('the next reminder is due on Thursday, October 13, 2022.');
    const round3 = harness.runtime.bus.deliveries.filter(
      (delivery) =>
        delivery.target === 'remindBoardResolutions' && JSON.stringify(delivery.result ?? '').includes('round 3'),
    );
    expect(round3).toEqual([
      expect.objectContaining({
        attempts: 2,
        outcome: 'delivered',
        result: { status: 'processed', outcome: 'round 3: sent 0, already-sent 1, not-owed 1' },
      }),
    ]);
    expect(takeLogs()).toMatchObject([
      {
        service: 'local-runtime',
        message:
          '[bus] BoardResolutionRemindersOnRoundDue -> remindBoardResolutions attempt 1 failed: InjectedFault: Injected failure after remindBoardResolutions ran',
      },
    ]);
  });

  it('gives one winner when two facilitators record at once, and no reminder goes out afterwards', async () => {
    await harness.setClock('2022-10-07T15:00:00Z');
    const prairie = await application(ids.prairie);

    const [first, second] = await Promise.all([
      record(
        ids.prairie,
        { expectedVersion: prairie.version, adoptedOn: '2022-10-04', reference: 'Resolution 22-17' },
        'dev-facilitator',
      ),
      record(
        ids.prairie,
        { expectedVersion: prairie.version, adoptedOn: '2022-10-05', reference: 'Resolution 22-18' },
        'dev-facilitator-2',
      ),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);

    await harness.clearInbox();
    await harness.setClock('2022-10-20T14:00:00Z');
    expect(await reminders()).toEqual([]);
    const ledger = (await harness.items()).filter((item) =>
      String(item.pk).startsWith('NOTIFICATION#board-resolution-reminder#'),
    );
    expect(ledger.map((item) => String(item.pk).replace('NOTIFICATION#board-resolution-reminder#', '')).sort()).toEqual(
      [`${ids.lindbergh}#1`, `${ids.prairie}#1`, `${ids.prairie}#2`, `${ids.prairie}#3`].sort(),
    );
  });
});
