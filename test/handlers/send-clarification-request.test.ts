import { createHmac } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

const LINKS = vi.hoisted(() => {
  const values = {
    APPLICANT_LINK_SECRET_ARN: 'arn:aws:secretsmanager:us-east-2:123456789012:secret:ApplicantLinkSecret-AbC123',
    PUBLIC_API_URL: 'https://abc123.execute-api.us-east-2.amazonaws.com',
  };
  delete process.env.APPLICANT_LINK_KEY;
  Object.assign(process.env, values);
  return values;
});

import { handler } from '../../functions/send-clarification-request/handler.ts';
import { resetClockSource, setClockSource } from '../../shared/platform/time/clock.ts';
import { validApplication } from '../fixtures/applications.ts';
import { lambdaContext } from '../support/api-event.ts';
import { CONFIGURATION_SET, SENDER_ADDRESS, TABLE_NAME } from '../support/handler-environment.ts';
import { takeLogs } from '../support/logs.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const ses = mockClient(SESv2Client);
const secretsManager = mockClient(SecretsManagerClient);

const SDZ_ID = 'sdz-2022-2023-0453ba3b856e';
const CLARIFICATION_ID = 'clr-3f9a1b2c4d5e6f70';
const REQUESTED_AT = '2022-09-12T16:00:00.000Z';
const NOW = new Date('2022-09-12T16:00:05.000Z');
const NOW_EPOCH = Math.floor(NOW.getTime() / 1000);
const KEY = 'k3yMaterialFromSecretsManager0123456789abcdefghijklmnopqrstuvwx';
const QUESTION = 'How do teachers use the <b>data</b> dashboards?\nPlease give one example & a date.';
const MESSAGE_ID = '0100018301a2b3c4-ses-message-7';
const SECRET = createHmac('sha256', KEY)
  .update(`srsn-innovation-zones/applicant-link/v1\n${SDZ_ID}`)
  .digest('base64url');
const VIEW_URL = `${LINKS.PUBLIC_API_URL}/applications/${SDZ_ID}/clarifications/${CLARIFICATION_ID}?secret=${SECRET}`;
const ANSWER_URL = `${LINKS.PUBLIC_API_URL}/applications/${SDZ_ID}/clarifications/${CLARIFICATION_ID}/answer`;

const applicationKey = { pk: `APPLICATION#${SDZ_ID}`, sk: 'APPLICATION' };
const clarificationKey = { pk: `APPLICATION#${SDZ_ID}`, sk: `CLARIFICATION#${CLARIFICATION_ID}` };
const ledgerKey = { pk: `NOTIFICATION#clarification#${CLARIFICATION_ID}`, sk: 'NOTIFICATION' };

function requestedEvent(detail: Record<string, unknown> = {}) {
  return {
    version: '0',
    id: '2f1c9a0e-5b7d-4c1e-8e0a-0d6f5a4b3c21',
    'detail-type': 'ClarificationRequested',
    source: 'srsn.innovation-zones',
    account: '123456789012',
    time: REQUESTED_AT,
    region: 'us-east-2',
    resources: [],
    detail: {
      applicationId: SDZ_ID,
      clarificationId: CLARIFICATION_ID,
      cohort: '2022-2023',
      zone: 'SDZ',
      requestedAt: REQUESTED_AT,
      ...detail,
    },
  };
}

function invoke(event: unknown) {
  return handler(event, lambdaContext('send-clarification-request'));
}

function sentEmail() {
  expect(ses).toReceiveCommandTimes(SendEmailCommand, 1);
  return ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
}

beforeEach(() => {
  ddb.reset();
  ses.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(GetCommand, { Key: applicationKey }).resolves({
    Item: {
      ...applicationKey,
      applicationId: SDZ_ID,
      cohort: '2022-2023',
      zone: 'SDZ',
      applicantKey: 'district:096-104',
      status: 'clarification_requested',
      version: 2,
      submittedAt: '2022-09-01T15:00:00.000Z',
      application: validApplication('SDZ'),
      requestHash: 'a'.repeat(64),
    },
  });
  ddb.on(GetCommand, { Key: clarificationKey }).resolves({
    Item: {
      ...clarificationKey,
      type: 'Clarification',
      clarificationId: CLARIFICATION_ID,
      applicationId: SDZ_ID,
      question: QUESTION,
      requestedBy: 'facilitator-sub-1',
      requestedAt: REQUESTED_AT,
      status: 'open',
    },
  });
  ddb.on(PutCommand).resolves({});
  ddb.on(UpdateCommand).resolves({});
  ddb.on(DeleteCommand).resolves({});
  ses.on(SendEmailCommand).resolves({ MessageId: MESSAGE_ID });
  secretsManager.on(GetSecretValueCommand).resolves({ SecretString: KEY });
  setClockSource(() => new Date(NOW));
});

afterAll(() => {
  resetClockSource();
  ddb.restore();
  ses.restore();
  secretsManager.restore();
});

describe('send-clarification-request: a new clarification', () => {
  it('claims the ledger entry clarification#<clarificationId> before sending', async () => {
    await invoke(requestedEvent());

    expect(ddb).toReceiveCommandWith(PutCommand, {
      TableName: TABLE_NAME,
      Item: {
        ...ledgerKey,
        type: 'Notification',
        kind: 'clarification-request',
        subjectId: SDZ_ID,
        status: 'claimed',
        claimToken: expect.stringMatching(/^[0-9a-f-]{36}$/),
        claimedUntil: NOW_EPOCH + 120,
        expiresAt: NOW_EPOCH + 400 * 86400,
      },
      ConditionExpression: 'attribute_not_exists(pk) OR (#status = :claimed AND claimedUntil < :now)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':claimed': 'claimed', ':now': NOW_EPOCH },
    });
  });

  it('sends one email to the contact, copying the superintendent, with both parts and tags', async () => {
    await expect(invoke(requestedEvent())).resolves.toStrictEqual({ status: 'processed', outcome: 'sent' });

    expect(sentEmail()).toStrictEqual({
      FromEmailAddress: SENDER_ADDRESS,
      Destination: {
        ToAddresses: ['dana.whitfield@lindbergh.example.org'],
        CcAddresses: ['superintendent@lindbergh.example.org'],
      },
      Content: {
        Simple: {
          Subject: { Data: 'Clarification requested: System Design Zone (SDZ), Lindbergh Schools', Charset: 'UTF-8' },
          Body: {
            Html: { Data: expect.stringContaining('<!doctype html>'), Charset: 'UTF-8' },
            Text: { Data: expect.any(String), Charset: 'UTF-8' },
          },
        },
      },
      ConfigurationSetName: CONFIGURATION_SET,
      EmailTags: [
        { Name: 'notification', Value: 'clarification-request' },
        { Name: 'application', Value: SDZ_ID },
      ],
    });
  });

  it('carries the reply path with the application secret, the question and the time asked in Central time', async () => {
    await invoke(requestedEvent());

    const body = sentEmail().Content!.Simple!.Body!;
    const text = body.Text!.Data!;
    expect(text).toContain(`Open the question and the reply instructions:\n${VIEW_URL}\n`);
    expect(text).toContain(
      `a POST request to\n${ANSWER_URL}\nwith the JSON body\n{"secret":"${SECRET}","answer":"your answer"}`,
    );
    expect(text).toContain('> How do teachers use the <b>data</b> dashboards?\n> Please give one example & a date.');
    expect(text).toContain('Monday, September 12, 2022 at 11:00 AM CDT');
    expect(text).toContain('System Design Zone (SDZ)');
    const htmlPart = body.Html!.Data!;
    expect(htmlPart).toContain(`<a href="${VIEW_URL}">`);
    expect(htmlPart).toContain('Monday, September 12, 2022 at 11:00 AM CDT');
  });

  it('escapes the question in the HTML part and keeps its line breaks', async () => {
    await invoke(requestedEvent());

    const htmlPart = sentEmail().Content!.Simple!.Body!.Html!.Data!;
    expect(htmlPart).not.toContain('<b>data</b>');
    expect(htmlPart).toContain(
      'How do teachers use the &lt;b&gt;data&lt;/b&gt; dashboards?<br>Please give one example &amp; a date.',
    );
  });

  it('lists the email in the audit trail of the application', async () => {
    await invoke(requestedEvent());

    expect(ddb).toReceiveCommandWith(PutCommand, {
      Item: expect.objectContaining({
        pk: `APPLICATION#${SDZ_ID}`,
        actor: 'system',
        action: 'email-sent',
        details: {
          kind: 'clarification-request',
          subject: 'Clarification requested: System Design Zone (SDZ), Lindbergh Schools',
          to: ['dana.whitfield@lindbergh.example.org'],
          cc: ['superintendent@lindbergh.example.org'],
          messageId: MESSAGE_ID,
        },
      }),
    });
  });
});

describe('send-clarification-request: delivered again, or about nothing', () => {
  it('sends nothing when the ledger shows this clarification already emailed', async () => {
    ddb
      .on(PutCommand, { Item: { pk: ledgerKey.pk } })
      .rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));
    ddb.on(GetCommand, { Key: ledgerKey }).resolves({
      Item: { ...ledgerKey, status: 'sent', kind: 'clarification-request', subjectId: SDZ_ID, messageId: MESSAGE_ID },
    });

    await expect(invoke(requestedEvent())).resolves.toStrictEqual({ status: 'processed', outcome: 'already-sent' });

    expect(ses).toReceiveCommandTimes(SendEmailCommand, 0);
    expect(ddb).toReceiveCommandTimes(UpdateCommand, 0);
  });

  it('sends nothing for a clarification that is not stored', async () => {
    ddb.on(GetCommand, { Key: clarificationKey }).resolves({});

    await expect(invoke(requestedEvent())).resolves.toStrictEqual({
      status: 'processed',
      outcome: 'clarification-not-found',
    });

    expect(ses.calls()).toHaveLength(0);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('discards an event whose detail breaks the contract, naming the field, and touches nothing', async () => {
    const result = await invoke(requestedEvent({ clarificationId: 'clr-<script>' }));

    expect(result).toMatchObject({ status: 'discarded', reason: expect.stringContaining('detail.clarificationId') });
    expect(ddb.calls()).toHaveLength(0);
    expect(ses.calls()).toHaveLength(0);
    expect(takeLogs()).toMatchObject([
      {
        level: 'ERROR',
        message: 'Discarded an invalid ClarificationRequested event',
        errors: [{ field: 'detail.clarificationId' }],
      },
    ]);
  });

  it('reads the link key from Secrets Manager by the configured ARN, once per cold start', async () => {
    await invoke(requestedEvent());

    expect(secretsManager).toReceiveCommandTimes(GetSecretValueCommand, 1);
    expect(secretsManager).toReceiveCommandWith(GetSecretValueCommand, { SecretId: LINKS.APPLICANT_LINK_SECRET_ARN });
  });
});
