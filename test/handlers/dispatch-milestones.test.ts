import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../functions/dispatch-milestones/handler.ts';
import { resetClockSource, setClockSource } from '../../shared/platform/time/clock.ts';
import { forgetKnownMilestones } from '../../shared/season/dispatch-milestones.ts';
import { lambdaContext } from '../support/api-event.ts';
import { EVENT_BUS_NAME, TABLE_NAME } from '../support/handler-environment.ts';
import { takeLogs } from '../support/logs.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const eventBridge = mockClient(EventBridgeClient);

/** Friday, August 19, 2022, 8:00 AM CDT: the 2022-2023 invitations are due, and nothing else. */
const INVITATIONS_DUE = '2022-08-19T13:00:00.000Z';
/** The first tick after it. */
const TICK = '2022-08-19T13:00:05.000Z';
const INVITATIONS_KEY = { pk: 'NOTIFICATION#milestone#2022-2023/invitations', sk: 'NOTIFICATION' };
const JANUARY_ID = '2022-2023/session/2023-01-11';
/** The January session, moved from Wednesday the 11th at 10:00 to Wednesday the 18th at 13:00 (CST). */
const MOVED_AT = '2022-12-01T16:00:00.000Z';
const januaryMoved = (movedAt = MOVED_AT) => ({
  pk: 'SESSION#2022-2023',
  sk: 'SESSION#2023-01-11',
  type: 'SessionOverride',
  cohort: '2022-2023',
  sessionDate: '2023-01-11',
  sessionId: JANUARY_ID,
  sequence: 1,
  status: 'moved',
  date: '2023-01-18',
  start: '13:00',
  end: '15:00',
  changes: [{ sequence: 1, status: 'moved', date: '2023-01-18', start: '13:00', end: '15:00', by: 'f-1', at: movedAt }],
  announcedSequence: 1,
});
/** Its 7-day reminder, at the session's new time: Wednesday, January 11, 2023, 1:00 PM CST. */
const MOVED_REMINDER_DUE = '2023-01-11T19:00:00.000Z';

const tick = () => handler({}, lambdaContext('dispatch-milestones'));

function sessionChanged(detail: Record<string, unknown> = {}) {
  return {
    version: '0',
    id: '7d1c2a9e-1f0b-4c3d-8e5f-6a7b8c9d0e1f',
    'detail-type': 'SessionChanged',
    source: 'srsn.innovation-zones',
    account: '123456789012',
    time: MOVED_AT,
    region: 'us-east-2',
    resources: [],
    detail: {
      cohort: '2022-2023',
      sessionId: JANUARY_ID,
      sessionDate: '2023-01-11',
      sequence: 1,
      change: 'moved',
      changedAt: MOVED_AT,
      ...detail,
    },
  };
}

function at(instant: string): void {
  setClockSource(() => new Date(instant));
}

function conditionalCheckFailed(): ConditionalCheckFailedException {
  return new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
}

/** The ledger already holds the invitations' entry, in this state. */
function givenInvitationsLedgerEntry(status: 'sent' | 'claimed'): void {
  ddb.on(PutCommand, { Item: INVITATIONS_KEY }).rejects(conditionalCheckFailed());
  ddb.on(GetCommand, { Key: INVITATIONS_KEY }).resolves({
    Item: { ...INVITATIONS_KEY, status, kind: 'milestone', subjectId: '2022-2023/invitations' },
  });
}

beforeEach(() => {
  ddb.reset();
  eventBridge.reset();
  // The dispatcher remembers what it published and planned while warm: each test starts cold.
  forgetKnownMilestones();
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(PutCommand).resolves({});
  ddb.on(UpdateCommand).resolves({});
  ddb.on(DeleteCommand).resolves({});
  eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'event-1' }] });
  at(TICK);
});

afterAll(() => {
  resetClockSource();
  ddb.restore();
  eventBridge.restore();
});

describe('dispatch-milestones on the schedule tick', () => {
  it('publishes the milestone that came due once: claimed in the ledger, published, recorded as sent', async () => {
    const report = await tick();

    expect(report).toEqual({ published: ['2022-2023/invitations'], skippedInProgress: [] });
    expect(ddb).toReceiveCommandWith(QueryCommand, {
      TableName: TABLE_NAME,
      ExpressionAttributeValues: { ':pk': 'SESSION#2022-2023' },
    });
    expect(ddb).toReceiveCommandTimes(PutCommand, 1);
    expect(ddb).toReceiveCommandWith(PutCommand, {
      TableName: TABLE_NAME,
      Item: expect.objectContaining({
        ...INVITATIONS_KEY,
        status: 'claimed',
        kind: 'milestone',
        subjectId: '2022-2023/invitations',
      }),
      ConditionExpression: 'attribute_not_exists(pk) OR (#status = :claimed AND claimedUntil < :now)',
    });
    expect(eventBridge).toReceiveCommandTimes(PutEventsCommand, 1);
    expect(eventBridge).toReceiveCommandWith(PutEventsCommand, {
      Entries: [
        {
          EventBusName: EVENT_BUS_NAME,
          Source: 'srsn.innovation-zones',
          DetailType: 'InvitationsDue',
          Detail: JSON.stringify({ milestoneId: '2022-2023/invitations', cohort: '2022-2023', dueAt: INVITATIONS_DUE }),
          Time: new Date(TICK),
        },
      ],
    });
    expect(ddb).toReceiveCommandWith(UpdateCommand, {
      Key: INVITATIONS_KEY,
      ExpressionAttributeValues: expect.objectContaining({ ':sent': 'sent', ':count': 0 }),
    });
  });

  it('publishes nothing again on the next tick of a warm process, and asks the ledger nothing', async () => {
    await tick();
    ddb.resetHistory();
    eventBridge.resetHistory();
    at('2022-08-19T13:15:05.000Z');

    expect(await tick()).toEqual({ published: [], skippedInProgress: [] });
    expect(eventBridge).toReceiveCommandTimes(PutEventsCommand, 0);
    expect(ddb).toReceiveCommandTimes(PutCommand, 0);
  });

  it('publishes nothing when the ledger says another copy already published it', async () => {
    givenInvitationsLedgerEntry('sent');

    expect(await tick()).toEqual({ published: [], skippedInProgress: [] });
    expect(eventBridge).toReceiveCommandTimes(PutEventsCommand, 0);
    expect(ddb).toReceiveCommandTimes(UpdateCommand, 0);
  });

  it('skips a milestone another copy is publishing right now, for a later tick to settle', async () => {
    givenInvitationsLedgerEntry('claimed');

    expect(await tick()).toEqual({ published: [], skippedInProgress: ['2022-2023/invitations'] });
    expect(eventBridge).toReceiveCommandTimes(PutEventsCommand, 0);
  });

  it('releases its claim and fails the tick when the event cannot be published, so a retry publishes it', async () => {
    eventBridge
      .on(PutEventsCommand)
      .resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }] });

    await expect(tick()).rejects.toThrow('PutEvents refused InvitationsDue: InternalFailure try again');
    expect(ddb).toReceiveCommandWith(DeleteCommand, {
      TableName: TABLE_NAME,
      Key: INVITATIONS_KEY,
      ConditionExpression: 'claimToken = :token',
    });
    expect(ddb).toReceiveCommandTimes(UpdateCommand, 0);
  });
});

describe('dispatch-milestones on SessionChanged', () => {
  it('plans the moved session anew and publishes its reminder that is due at the new time', async () => {
    ddb.on(QueryCommand).resolves({ Items: [januaryMoved()] });
    at('2023-01-11T19:00:05.000Z');

    const result = await handler(sessionChanged(), lambdaContext('dispatch-milestones'));

    expect(result).toEqual({ status: 'processed', outcome: 'replanned 2022-2023: published 1' });
    const milestoneId = `${JANUARY_ID}/reminder/7@2023-01-18T19:00:00.000Z`;
    expect(eventBridge).toReceiveCommandTimes(PutEventsCommand, 1);
    expect(eventBridge).toReceiveCommandWith(PutEventsCommand, {
      Entries: [
        expect.objectContaining({
          DetailType: 'SessionReminderDue',
          Detail: JSON.stringify({
            milestoneId,
            cohort: '2022-2023',
            dueAt: MOVED_REMINDER_DUE,
            sessionId: JANUARY_ID,
            sessionDate: '2023-01-11',
            offsetDays: 7,
          }),
        }),
      ],
    });
    expect(ddb).toReceiveCommandWith(PutCommand, {
      Item: expect.objectContaining({ pk: `NOTIFICATION#milestone#${milestoneId}`, status: 'claimed' }),
    });
  });

  it('reads the session changes again for a SessionChanged, though the plan a tick just read is still fresh', async () => {
    at('2023-01-11T18:00:00.000Z');
    await tick();
    // A facilitator moves the session at 12:30 PM CST, a week ahead: its new 7-day reminder is due at 1:00 PM.
    const movedAt = '2023-01-11T18:30:00.000Z';
    ddb.on(QueryCommand).resolves({ Items: [januaryMoved(movedAt)] });
    at('2023-01-11T19:00:05.000Z');

    await handler(sessionChanged({ changedAt: movedAt }), lambdaContext('dispatch-milestones'));

    expect(ddb).toReceiveCommandTimes(QueryCommand, 2);
    expect(eventBridge).toReceiveCommandWith(PutEventsCommand, {
      Entries: [expect.objectContaining({ DetailType: 'SessionReminderDue' })],
    });
  });

  it('discards a SessionChanged whose detail breaks the contract, naming the field, and touches nothing', async () => {
    const result = await handler(sessionChanged({ sequence: 0 }), lambdaContext('dispatch-milestones'));

    expect(result).toMatchObject({ status: 'discarded', reason: expect.stringContaining('detail.sequence') });
    expect(ddb.calls()).toHaveLength(0);
    expect(eventBridge.calls()).toHaveLength(0);
    expect(takeLogs()).toMatchObject([
      { level: 'ERROR', message: 'Discarded an invalid SessionChanged event', errors: [{ field: 'detail.sequence' }] },
    ]);
  });
});
