/**
 * Delivery feedback on the local runtime: SES events for real sends (simulated through
 * POST /_local/ses-events, since the local SES emits none) suppress hard-bounced and
 * complaining addresses, no later email reaches them, facilitators list them, the audit
 * trail shows each email's fate, and replaying an event changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validApplication } from '../fixtures/applications.ts';
import { type InboxEmail, RuntimeHarness } from '../support/local-runtime.ts';

let harness: RuntimeHarness;

beforeAll(async () => {
  harness = await RuntimeHarness.start();
});
afterAll(() => harness.stop());

let serial = 200;

/** A new SDZ district with its own contact and superintendent; returns its id and its receipt. */
async function submitDistrict(
  name: string,
): Promise<{ applicationId: string; contact: string; superintendent: string; receipt: InboxEmail }> {
  serial += 1;
  const application = validApplication('SDZ');
  application.applicant.countyDistrictCode = `088-${serial}`;
  application.applicant.name = `${name} Schools`;
  application.contact.email = `contact@${name.toLowerCase()}.example.org`;
  application.superintendent.email = `superintendent@${name.toLowerCase()}.example.org`;
  await harness.clearInbox();
  const response = await harness.submit(application);
  expect(response.status).toBe(201);
  const [receipt] = await harness.inbox();
  expect(receipt?.subject).toContain('Application received');
  return {
    applicationId: response.body.applicationId,
    contact: application.contact.email,
    superintendent: application.superintendent.email,
    receipt: receipt!,
  };
}

async function simulate(body: Record<string, unknown>): Promise<{ status: number; body: any }> {
  const response = await harness.post('/_local/ses-events', body);
  await harness.runtime.bus.whenIdle();
  return response;
}

async function undeliverable(): Promise<any[]> {
  const response = await harness.asFacilitator('GET', '/facilitator/undeliverable?cohort=2022-2023');
  expect(response.status).toBe(200);
  return response.body.items;
}

async function auditOf(
  applicationId: string,
): Promise<Array<{ action: string; actor: string; details: Record<string, any> }>> {
  const response = await harness.asFacilitator('GET', `/facilitator/applications/${applicationId}/audit`);
  expect(response.status).toBe(200);
  return response.body.entries;
}

/** A later email to the application's contact (copy to the superintendent): a facilitator's question. */
async function askQuestion(applicationId: string): Promise<InboxEmail[]> {
  await harness.clearInbox();
  const asked = await harness.asFacilitator('POST', `/facilitator/applications/${applicationId}/clarifications`, {
    question: 'Which schools take part in the pilot?',
  });
  expect(asked.status).toBe(201);
  return harness.inbox();
}

describe('a hard bounce of the receipt', () => {
  it('suppresses the contact, lists it, audits the bounce, stops every later email to it, and a replay changes nothing', async () => {
    const district = await submitDistrict('Bouncefield');

    const simulated = await simulate({
      messageId: district.receipt.messageId,
      type: 'bounce',
      recipients: [district.contact],
    });

    expect(simulated.status).toBe(200);
    expect(simulated.body.deliveries).toEqual([
      expect.objectContaining({
        target: 'handleDeliveryEvents',
        outcome: 'delivered',
        result: {
          status: 'processed',
          outcome: 'bounce (Permanent): suppressed 1, already suppressed 0, organizations told 0, audit recorded',
        },
      }),
    ]);
    const listed = (await undeliverable()).find((entry) => entry.address === district.contact);
    expect(listed).toMatchObject({
      reason: 'bounce',
      messageId: district.receipt.messageId,
      notification: 'receipt',
      bounceSubType: 'General',
      applications: [
        { applicationId: district.applicationId, zone: 'SDZ', organization: 'Bouncefield Schools', roles: ['contact'] },
      ],
    });
    expect((await auditOf(district.applicationId)).filter((entry) => entry.action === 'email-bounced')).toEqual([
      expect.objectContaining({
        actor: 'system',
        details: expect.objectContaining({
          messageId: district.receipt.messageId,
          notification: 'receipt',
          bounceType: 'Permanent',
          recipients: [district.contact],
          suppressed: true,
        }),
      }),
    ]);

    // A later email whose only To address is suppressed is not sent at all (not even to the Cc).
    expect(await askQuestion(district.applicationId)).toEqual([]);
    const trail = await auditOf(district.applicationId);
    expect(trail.filter((entry) => entry.action === 'email-suppressed')).toEqual([
      expect.objectContaining({
        details: expect.objectContaining({
          kind: 'clarification-request',
          to: [district.contact],
          messageId: null,
          suppressed: [district.contact],
        }),
      }),
    ]);

    // The very same SES event again (as EventBridge may redeliver it): nothing changes.
    const itemsBefore = (await harness.items()).length;
    const replay = await harness.post('/_local/events', { Entries: [simulated.body.entry] });
    expect(replay.body.deliveries).toEqual([
      expect.objectContaining({
        result: {
          status: 'processed',
          outcome:
            'bounce (Permanent): suppressed 0, already suppressed 1, organizations told 0, audit already-recorded',
        },
      }),
    ]);
    expect((await harness.items()).length).toBe(itemsBefore);
    expect(await auditOf(district.applicationId)).toEqual(trail);
    expect(await harness.inbox()).toEqual([]);
  });
});

describe('a complaint', () => {
  it('suppresses the complaining superintendent: later emails go to the contact without the copy', async () => {
    const district = await submitDistrict('Complainville');

    const simulated = await simulate({
      messageId: district.receipt.messageId,
      type: 'complaint',
      recipients: [district.superintendent],
    });

    expect(simulated.body.deliveries[0].result.outcome).toBe(
      'complaint: suppressed 1, already suppressed 0, organizations told 0, audit recorded',
    );
    expect((await undeliverable()).find((entry) => entry.address === district.superintendent)).toMatchObject({
      reason: 'complaint',
      complaintFeedbackType: 'abuse',
      applications: [{ applicationId: district.applicationId, roles: ['superintendent'] }],
    });
    const later = await askQuestion(district.applicationId);
    expect(later.map((email) => email.destination)).toEqual([{ to: [district.contact], cc: [], bcc: [] }]);
    expect((await auditOf(district.applicationId)).map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['email-complained']),
    );
  });
});

describe('a transient bounce and a delivery', () => {
  it('suppress nothing; both show in the audit trail, and later emails still go out', async () => {
    const district = await submitDistrict('Softbounce');

    const bounced = await simulate({
      messageId: district.receipt.messageId,
      type: 'bounce',
      bounceType: 'Transient',
      recipients: [district.contact],
    });
    const delivered = await simulate({ messageId: district.receipt.messageId, type: 'delivery' });

    expect(bounced.body.deliveries[0].result.outcome).toBe(
      'bounce (Transient): suppressed 0, already suppressed 0, organizations told 0, audit recorded',
    );
    expect(delivered.body.deliveries[0].result.outcome).toBe(
      'delivery: suppressed 0, already suppressed 0, organizations told 0, audit recorded',
    );
    expect((await undeliverable()).map((entry) => entry.address)).not.toContain(district.contact);
    const trail = await auditOf(district.applicationId);
    expect(trail.find((entry) => entry.action === 'email-bounced')?.details).toMatchObject({
      bounceType: 'Transient',
      bounceSubType: 'MailboxFull',
    });
    expect(trail.find((entry) => entry.action === 'email-delivered')?.details).toMatchObject({
      messageId: district.receipt.messageId,
      recipients: [district.contact, district.superintendent],
    });
    expect(await askQuestion(district.applicationId)).toHaveLength(1);
  });
});

describe('a lead facilitator whose address fails', () => {
  it("tells the organization's contact, copying the superintendent, once", async () => {
    const district = await submitDistrict('Rosterton');
    const lead = 'lead@rosterton.example.org';
    // The roster as shared/participation stores it (written directly: this test is about the bounce).
    const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
    const { DynamoDBDocumentClient, PutCommand } = await import('@aws-sdk/lib-dynamodb');
    const client = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: harness.runtime.urls.dynamodb,
        region: 'us-east-1',
        credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
      }),
    );
    await client.send(
      new PutCommand({
        TableName: harness.runtime.tableName,
        Item: {
          pk: `APPLICATION#${district.applicationId}`,
          sk: 'ROSTER',
          gsi1pk: 'ROSTER#2022-2023',
          gsi1sk: `SDZ#${district.applicationId}`,
          type: 'Roster',
          applicationId: district.applicationId,
          cohort: '2022-2023',
          zone: 'SDZ',
          version: 1,
          members: [{ role: 'lead-facilitator', name: 'Robin Ash', title: 'Instructional coach', email: lead }],
          previousMembers: [],
        },
      }),
    );
    client.destroy();
    await harness.clearInbox();
    // SES's event for a session reminder to the lead facilitator, tagged with the application.
    const entry = {
      Source: 'aws.ses',
      DetailType: 'Email Bounced',
      EventBusName: harness.runtime.busName,
      Detail: JSON.stringify({
        eventType: 'Bounce',
        mail: {
          timestamp: '2022-08-19T14:00:00.000Z',
          messageId: 'reminder-message-1',
          destination: [lead],
          tags: { notification: ['session-reminder'], application: [district.applicationId] },
        },
        bounce: {
          bounceType: 'Permanent',
          bounceSubType: 'NoEmail',
          bouncedRecipients: [{ emailAddress: lead }],
          timestamp: '2022-08-19T14:00:00.000Z',
          feedbackId: 'f-1',
        },
      }),
    };

    const first = await harness.post('/_local/events', { Entries: [entry] });
    const again = await harness.post('/_local/events', { Entries: [entry] });

    expect(first.body.deliveries[0].result.outcome).toBe(
      'bounce (Permanent): suppressed 1, already suppressed 0, organizations told 1, audit recorded',
    );
    expect(again.body.deliveries[0].result.outcome).toBe(
      'bounce (Permanent): suppressed 0, already suppressed 1, organizations told 0, audit already-recorded',
    );
    const notices = await harness.inbox();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      subject: 'Action needed: we cannot email your lead facilitator, Robin Ash',
      destination: { to: [district.contact], cc: [district.superintendent] },
    });
    expect(notices[0]!.body.text).toContain('Robin Ash (lead@rosterton.example.org)');
    expect((await undeliverable()).find((listed) => listed.address === lead)).toMatchObject({
      reason: 'bounce',
      bounceSubType: 'NoEmail',
      applications: [{ applicationId: district.applicationId, roles: ['lead-facilitator'] }],
    });
  });
});

describe('POST /_local/ses-events', () => {
  it('answers 404 for a message this runtime did not send, and 400 for a recipient the message did not have', async () => {
    const district = await submitDistrict('Checkton');

    const unknown = await simulate({ messageId: 'ses-000000000', type: 'bounce' });
    const stranger = await simulate({
      messageId: district.receipt.messageId,
      type: 'bounce',
      recipients: ['someone@else.example.org'],
    });
    const invalid = await simulate({ messageId: district.receipt.messageId, type: 'bounced' });

    expect(unknown.status).toBe(404);
    expect(stranger).toMatchObject({ status: 400, body: { errors: [{ field: 'recipients' }] } });
    expect(invalid).toMatchObject({ status: 400, body: { errors: [{ field: 'type' }] } });
    expect((await undeliverable()).map((entry) => entry.address)).not.toContain(district.contact);
  });
});
