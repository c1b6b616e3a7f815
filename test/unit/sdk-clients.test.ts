import { Readable } from 'node:stream';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetAccountCommand, MessageRejected, SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectNodeStream } from '../../shared/clients/collect-node-stream.ts';
import { sdkSettings } from '../../shared/clients/sdk-settings.ts';
import { sesJsonProtocol } from '../../shared/clients/ses-protocol.ts';

/** Every setting the SDK would otherwise look for in the shared config files. */
const SETTINGS = ['defaultsMode', 'retryMode', 'maxAttempts', 'useFipsEndpoint', 'useDualstackEndpoint', 'authSchemePreference', 'disableClockSkewCorrection', 'accountIdEndpointMode'] as const;

/** A setting of a client's resolved configuration: a value, or a provider of it. */
async function valueOf(setting: unknown): Promise<unknown> {
  return typeof setting === 'function' ? (setting as () => unknown)() : setting;
}

describe('the SDK clients of shared/clients', () => {
  const saved = { ...process.env };
  beforeAll(() => {
    // As in Lambda: no shared config files, and none of the settings' environment variables.
    process.env.AWS_REGION = 'us-east-1';
    process.env.AWS_CONFIG_FILE = '/nonexistent/aws/config';
    process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/aws/credentials';
    for (const name of ['AWS_DEFAULTS_MODE', 'AWS_RETRY_MODE', 'AWS_MAX_ATTEMPTS', 'AWS_USE_FIPS_ENDPOINT', 'AWS_USE_DUALSTACK_ENDPOINT', 'AWS_AUTH_SCHEME_PREFERENCE', 'AWS_DISABLE_CLOCK_SKEW_CORRECTION', 'AWS_ACCOUNT_ID_ENDPOINT_MODE', 'AWS_PROFILE']) {
      delete process.env[name];
    }
  });
  afterAll(() => {
    process.env = saved;
  });

  it.each([
    ['DynamoDB', async () => (await import('../../shared/clients/dynamodb.ts')).documentClient.config, () => new DynamoDBClient({}).config, {}],
    ['EventBridge', async () => (await import('../../shared/clients/eventbridge.ts')).eventBridgeClient.config, () => new EventBridgeClient({}).config, {}],
    ['Secrets Manager', async () => (await import('../../shared/clients/secrets-manager.ts')).secretsManagerClient.config, () => new SecretsManagerClient({}).config, {}],
    // One attempt per call is SES's own choice (see ses.ts).
    ['SES v2', async () => (await import('../../shared/clients/ses.ts')).sesClient.config, () => new SESv2Client({}).config, { maxAttempts: 1 }],
  ])('are given the settings the %s client would find by itself in Lambda', async (_name, shipped, byItself, chosen: Record<string, unknown>) => {
    const given = (await shipped()) as unknown as Record<string, unknown>;
    const found = byItself() as unknown as Record<string, unknown>;
    for (const setting of SETTINGS) {
      expect(await valueOf(given[setting]), setting).toEqual(setting in chosen ? chosen[setting] : await valueOf(found[setting]));
    }
  });
});

describe('collectNodeStream', () => {
  it('reads a Node stream whole into an array of its own', async () => {
    const bytes = await collectNodeStream(Readable.from([Buffer.from('{"Item":'), Buffer.from('{"a":1}'), Buffer.from('}')]));
    expect(Buffer.from(bytes).toString('utf8')).toBe('{"Item":{"a":1}}');
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBe(bytes.byteLength);
  });

  it('reads an empty body as no bytes', async () => {
    expect(await collectNodeStream(Readable.from([]))).toEqual(new Uint8Array(0));
  });

  it('refuses what is not a Node stream', async () => {
    await expect(collectNodeStream(new Blob(['x']))).rejects.toThrow(/Node streams only/);
  });
});

describe('the SES protocol of sesClient (the first JSON codec of the SDK)', () => {
  interface Sent {
    readonly method: string;
    readonly path: string;
    readonly headers: Record<string, string>;
    readonly body: unknown;
  }

  /** An SES v2 client whose requests stop at a stub that records them and answers `answer`. */
  function stubbedClient(answer: { statusCode: number; headers?: Record<string, string>; body: unknown }, protocol?: ReturnType<typeof sesJsonProtocol>) {
    const sent: Sent[] = [];
    const client = new SESv2Client({
      ...sdkSettings,
      maxAttempts: 1,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      ...(protocol ? { protocol } : {}),
      requestHandler: {
        async handle(request: { method: string; path: string; headers: Record<string, string>; body?: unknown }) {
          const body = request.body as string | Uint8Array | undefined;
          const text = body === undefined ? undefined : typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
          const { 'x-amz-date': _date, 'x-amz-content-sha256': _sha, authorization: _auth, 'amz-sdk-invocation-id': _id, ...headers } = request.headers;
          sent.push({ method: request.method, path: request.path, headers, body: text ? JSON.parse(text) : undefined });
          return { response: { statusCode: answer.statusCode, headers: { 'content-type': 'application/json', ...answer.headers }, body: Readable.from([Buffer.from(JSON.stringify(answer.body))]) } };
        },
      },
    });
    return { client, sent };
  }

  const email = new SendEmailCommand({
    FromEmailAddress: 'Innovation Zones <no-reply@innovation-zones.example.org>',
    Destination: { ToAddresses: ['ana.ruiz@district.example.org'], CcAddresses: ['facilitators@innovation-zones.example.org'] },
    Content: {
      Simple: {
        Subject: { Data: 'Invitation: “Innovation Zones” 2022–2023', Charset: 'UTF-8' },
        Body: { Html: { Data: '<p>Dear Ana,\n<b>welcome</b> \\ "quoted" \u2028 é</p>', Charset: 'UTF-8' }, Text: { Data: 'Dear Ana,\r\n\twelcome 👋', Charset: 'UTF-8' } },
        Attachments: [{ FileName: 'session.ics', RawContent: Buffer.from('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n'), ContentType: 'text/calendar; method=REQUEST; charset=UTF-8', ContentDisposition: 'ATTACHMENT', ContentTransferEncoding: 'BASE64' }],
      },
    },
    ConfigurationSetName: 'srsn',
    EmailTags: [{ Name: 'notification', Value: 'invitation' }],
  });

  it('sends the same SendEmail request as the default codec and reads the same answer', async () => {
    const answer = { statusCode: 200, body: { MessageId: '0100018c-example' } };
    const ours = stubbedClient(answer, sesJsonProtocol());
    const theirs = stubbedClient(answer);
    const [ourOutput, theirOutput] = [await ours.client.send(email), await theirs.client.send(email)];
    expect(ours.sent).toEqual(theirs.sent);
    expect(ours.sent[0]).toMatchObject({ method: 'POST', path: '/v2/email/outbound-emails' });
    expect(ourOutput.MessageId).toBe('0100018c-example');
    expect({ ...ourOutput, $metadata: {} }).toEqual({ ...theirOutput, $metadata: {} });
  });

  it('reads the same GetAccount answer', async () => {
    const answer = { statusCode: 200, body: { SendQuota: { Max24HourSend: 50000, MaxSendRate: 14, SentLast24Hours: 12 }, SendingEnabled: true, ProductionAccessEnabled: true } };
    const ours = stubbedClient(answer, sesJsonProtocol());
    const theirs = stubbedClient(answer);
    const [ourOutput, theirOutput] = [await ours.client.send(new GetAccountCommand({})), await theirs.client.send(new GetAccountCommand({}))];
    expect(ours.sent).toEqual(theirs.sent);
    expect(ourOutput.SendQuota?.MaxSendRate).toBe(14);
    expect({ ...ourOutput, $metadata: {} }).toEqual({ ...theirOutput, $metadata: {} });
  });

  it('throws the same modelled error', async () => {
    const answer = { statusCode: 400, headers: { 'x-amzn-errortype': 'MessageRejected' }, body: { message: 'Email address is not verified.' } };
    const [ourError, theirError] = await Promise.all([stubbedClient(answer, sesJsonProtocol()).client.send(email).catch((error: unknown) => error), stubbedClient(answer).client.send(email).catch((error: unknown) => error)]);
    expect(ourError).toBeInstanceOf(MessageRejected);
    expect(theirError).toBeInstanceOf(MessageRejected);
    expect((ourError as MessageRejected).message).toBe('Email address is not verified.');
    expect((ourError as MessageRejected).$metadata.httpStatusCode).toBe(400);
  });
});
