import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { type ApplicationRecord, ApplicationRepository } from '../../shared/applications/repository.ts';
import type { CohortDefinition } from '../../shared/domain/cohort/definition.ts';
import { getCohort } from '../../shared/domain/cohort/registry.ts';
import { documentClient } from '../../shared/platform/aws/dynamodb.ts';
import { AuditTrail } from '../../shared/platform/dynamodb/audit-trail.ts';
import { NotificationLedger } from '../../shared/platform/email/notification-ledger.ts';
import { EventPublisher } from '../../shared/platform/events/publish.ts';
import {
  placementAt,
  planResult,
  type ResultEmailPlan,
  rolloverRequestHash,
} from '../../shared/release/result-plan.ts';
import { placeRollover } from '../../shared/release/rollover.ts';
import { renderResult } from '../../shared/templates/email/results.ts';
import { type FixtureZone, validApplication } from '../fixtures/applications.ts';
import { TABLE_NAME } from '../support/handler-environment.ts';

/**
 * The result plan is the one function the sender and the dry run share: what each
 * application gets, by zone, decision and the cohort's rollover policy (here also
 * `consider`, which the 2022-2023 cohort does not use).
 */
const ddb = mockClient(DynamoDBDocumentClient);
const eventBridge = mockClient(EventBridgeClient);

const cohort = getCohort('2022-2023');
const considering: CohortDefinition = { ...cohort, rollover: { ...cohort.rollover, policy: 'consider' } };
const NOW = new Date('2022-09-15T14:00:07.000Z');
const IDS: Record<FixtureZone, string> = {
  SDZ: 'sdz-2022-2023-0453ba3b856e',
  ILDZ: 'ildz-2022-2023-05f690608e04',
  CNZ: 'cnz-2022-2023-32d54695ed03',
};

function record(
  zone: FixtureZone,
  status: ApplicationRecord['status'],
  extra: Partial<ApplicationRecord> = {},
): ApplicationRecord {
  return {
    applicationId: IDS[zone],
    cohort: '2022-2023',
    zone,
    applicantKey: 'district:096-104',
    status,
    submittedAt: '2022-09-01T15:00:00.000Z',
    application: validApplication(zone) as ApplicationRecord['application'],
    requestHash: 'a'.repeat(64),
    version: 2,
    ...extra,
  };
}

const render = (
  item: ApplicationRecord,
  plan: ResultEmailPlan,
  definition = cohort,
  correction?: Parameters<typeof renderResult>[0]['correction'],
) =>
  renderResult({
    record: item,
    cohort: definition,
    plan,
    senderAddress: 'no-reply@srsn.example.org',
    facilitatorEmails: ['facilitators@srsn.example.org'],
    now: NOW,
    ...(correction ? { correction } : {}),
  });

beforeEach(() => {
  ddb.reset();
  eventBridge.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(PutCommand).resolves({});
  ddb.on(UpdateCommand).resolves({});
  eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e' }] });
});

afterAll(() => {
  ddb.restore();
  eventBridge.restore();
});

describe('the result plan', () => {
  it('sends nothing for an undecided application', () => {
    expect(planResult(record('SDZ', 'submitted'), cohort)).toMatchObject({ send: false, reason: 'undecided' });
    expect(planResult(record('SDZ', 'clarification_requested'), cohort)).toMatchObject({
      send: false,
      reason: 'undecided',
    });
  });

  it('under consider, tells a not-selected SDZ district it will be considered for the ILDZ, with the ILDZ notification date', () => {
    const plan = planResult(record('SDZ', 'not_selected'), considering) as ResultEmailPlan;

    expect(plan).toMatchObject({
      template: 'rollover-considered',
      subject:
        'System Design Zone (SDZ) result and Innovative Learning Design Zone (ILDZ) consideration: Lindbergh Schools',
      rollover: {
        policy: 'consider',
        placement: 'new-place',
        newPlaceStatus: 'submitted',
        toApplicationId: 'ildz-2022-2023-7937e053cff7',
      },
      invitation: null,
    });
    const text = render(record('SDZ', 'not_selected'), plan, considering).text;
    expect(text).toContain(
      'will be considered for the Innovative Learning Design Zone (ILDZ) without another application',
    );
    expect(text).toContain('you will hear from us on Friday, September 23, 2022');
    expect(text).not.toContain('accepted into');
  });

  it('welcomes an accepted CNZ organization naming its representative and alternate, and copies nobody', () => {
    const plan = planResult(record('CNZ', 'selected'), cohort) as ResultEmailPlan;

    expect(plan).toMatchObject({
      template: 'cnz-accepted',
      subject: 'Accepted into the Collaborative Network Zone (CNZ): Show-Me Manufacturing Partners',
      recipients: { to: ['lee.park@showme.example.com'], cc: [] },
    });
    expect(render(record('CNZ', 'selected'), plan).text).toContain(
      'Your designated representative, Lee Park, and your designated alternate, Morgan Diaz',
    );
  });

  it('tells an ILDZ school it was not selected, copying the approving superintendent, without rollover or invitation', () => {
    const plan = planResult(record('ILDZ', 'not_selected'), cohort) as ResultEmailPlan;

    expect(plan).toMatchObject({
      template: 'ildz-not-selected',
      subject: 'Innovative Learning Design Zone (ILDZ) result: Prairie View Elementary',
      recipients: { to: ['sam.ortega@prairie.example.org'], cc: ['jreyes@prairie.example.org'] },
      rollover: null,
      invitation: null,
    });
    expect(render(record('ILDZ', 'not_selected'), plan).attachments).toBeUndefined();
  });

  it('lands the rollover by what holds the target id: nothing or its own place, the own application, or the own application a facilitator decided not selected', () => {
    const sdz = record('SDZ', 'not_selected');
    const own = record('ILDZ', 'submitted');
    const declined = record('ILDZ', 'not_selected', {
      review: {
        scores: { elements: {} },
        notes: 'Reviewed.',
        decision: 'not_selected',
        reviewedBy: 'lead',
        reviewedAt: '2022-09-14T15:00:00.000Z',
      },
    });

    expect(placementAt(sdz, IDS.ILDZ, undefined)).toEqual({ kind: 'new-place', toApplicationId: IDS.ILDZ });
    expect(
      placementAt(sdz, IDS.ILDZ, record('ILDZ', 'selected', { requestHash: rolloverRequestHash(IDS.SDZ) })).kind,
    ).toBe('new-place');
    expect(placementAt(sdz, IDS.ILDZ, own).kind).toBe('own-application');
    expect(placementAt(sdz, IDS.ILDZ, declined).kind).toBe('own-application-not-selected');
    // Accepted by an earlier rollover, then declined by a facilitator: the decision stands.
    expect(placementAt(sdz, IDS.ILDZ, { ...declined, rolledOverFrom: IDS.SDZ }).kind).toBe(
      'own-application-not-selected',
    );
    const plan = planResult(sdz, cohort, placementAt(sdz, IDS.ILDZ, declined)) as ResultEmailPlan;
    expect(plan).toMatchObject({
      template: 'sdz-not-selected',
      subject: 'System Design Zone (SDZ) result: Lindbergh Schools',
      rollover: { placement: 'own-application-not-selected' },
    });
  });

  it("tells a selected SDZ district the cohort's board resolution reminder cadence, not always weekly", () => {
    const fortnightly: CohortDefinition = {
      ...cohort,
      boardResolutionReminder: { ...cohort.boardResolutionReminder, everyDays: 14 },
    };
    const item = record('SDZ', 'selected');

    const email = render(item, planResult(item, fortnightly) as ResultEmailPlan, fortnightly);

    for (const part of [email.text, email.html])
      expect(part).toContain('Until it is recorded we will remind you every 14 days.');
  });

  it('invites again with a higher SEQUENCE when a correction turns an SDZ district into selected', () => {
    const item = record('SDZ', 'selected');
    const plan = planResult(item, cohort) as ResultEmailPlan;

    const email = render(item, plan, cohort, {
      number: 2,
      previous: { decision: 'not_selected', sentAt: '2022-09-15T14:00:05.000Z', corrections: 1 },
    });

    expect(email.subject).toBe('Correction: Selected for the System Design Zone (SDZ): Lindbergh Schools');
    expect(email.attachments?.[0]?.content).toContain('SEQUENCE:2\r\n');
    expect(email.attachments?.[0]?.content).toContain('METHOD:REQUEST\r\n');
    expect(
      email.text.startsWith(
        'Correction: this message corrects the System Design Zone (SDZ) result we sent on Thursday, September 15, ' +
          '2022 at 9:00 AM CDT.',
      ),
    ).toBe(true);
  });
});

describe('a correction to selected of a not-selected SDZ district', () => {
  const item = record('SDZ', 'selected');
  const plan = planResult(item, cohort) as ResultEmailPlan;
  const previous = { decision: 'not_selected' as const, sentAt: '2022-09-15T14:00:05.000Z', corrections: 0 };
  const WITHDRAWN =
    'The Innovative Learning Design Zone (ILDZ) place it announced is withdrawn: Lindbergh Schools takes part in the ' +
    'System Design Zone (SDZ).';

  it('withdraws the ILDZ place the corrected email announced', () => {
    const email = render(item, plan, cohort, { number: 1, previous, previousTemplate: 'rollover-accepted' });

    expect(email.text).toContain(WITHDRAWN);
    expect(email.html).toContain(WITHDRAWN);
  });

  it('withdraws nothing when the corrected email announced no place (its own ILDZ application was declined)', () => {
    const email = render(item, plan, cohort, { number: 1, previous, previousTemplate: 'sdz-not-selected' });

    expect(email.text).not.toContain('withdrawn');
  });
});

describe('the rollover under consider', () => {
  it('creates the ILDZ place as submitted, so it joins the ILDZ review queue, and says consider in the event', async () => {
    const deps = {
      applications: new ApplicationRepository(documentClient, TABLE_NAME),
      audit: new AuditTrail(documentClient, TABLE_NAME),
      ledger: new NotificationLedger(documentClient, TABLE_NAME),
      publisher: new EventPublisher(new EventBridgeClient({ region: 'us-east-2' }), 'srsn-test-bus'),
      now: () => NOW,
    };

    const placement = await placeRollover(record('SDZ', 'not_selected'), considering, deps, 'system');

    expect(placement).toEqual({ kind: 'new-place', toApplicationId: 'ildz-2022-2023-7937e053cff7' });
    expect(ddb).toReceiveCommandWith(PutCommand, {
      Item: expect.objectContaining({
        pk: 'APPLICATION#ildz-2022-2023-7937e053cff7',
        sk: 'APPLICATION',
        gsi1pk: 'COHORT#2022-2023#ZONE#ILDZ',
        gsi1sk: 'STATUS#submitted#2022-09-01T15:00:00.000Z#ildz-2022-2023-7937e053cff7',
        status: 'submitted',
        rolledOverFrom: IDS.SDZ,
      }),
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(JSON.parse(eventBridge.commandCalls(PutEventsCommand)[0]!.args[0].input.Entries![0]!.Detail!)).toEqual({
      fromApplicationId: IDS.SDZ,
      toApplicationId: 'ildz-2022-2023-7937e053cff7',
      cohort: '2022-2023',
      policy: 'consider',
      placement: 'created',
    });
  });
});
