import { Readable } from 'node:stream';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectNodeStream } from '../../shared/platform/aws/collect-node-stream.ts';

/** Every setting the SDK would otherwise look for in the shared config files. */
const SETTINGS = [
  'defaultsMode',
  'retryMode',
  'maxAttempts',
  'useFipsEndpoint',
  'useDualstackEndpoint',
  'authSchemePreference',
  'disableClockSkewCorrection',
  'accountIdEndpointMode',
] as const;

/** A setting of a client's resolved configuration: a value, or a provider of it. */
async function resolvedSetting(setting: unknown): Promise<unknown> {
  return typeof setting === 'function' ? (setting as () => unknown)() : setting;
}

describe('the SDK clients of shared/platform/aws', () => {
  const saved = { ...process.env };
  beforeAll(() => {
    // As in Lambda: no shared config files, and none of the settings' environment variables.
    process.env.AWS_REGION = 'us-east-1';
    process.env.AWS_CONFIG_FILE = '/nonexistent/aws/config';
    process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/aws/credentials';
    for (const name of [
      'AWS_DEFAULTS_MODE',
      'AWS_RETRY_MODE',
      'AWS_MAX_ATTEMPTS',
      'AWS_USE_FIPS_ENDPOINT',
      'AWS_USE_DUALSTACK_ENDPOINT',
      'AWS_AUTH_SCHEME_PREFERENCE',
      'AWS_DISABLE_CLOCK_SKEW_CORRECTION',
      'AWS_ACCOUNT_ID_ENDPOINT_MODE',
      'AWS_PROFILE',
    ]) {
      delete process.env[name];
    }
  });
  afterAll(() => {
    process.env = saved;
  });

  it.each([
    [
      'DynamoDB',
      async () => (await import('../../shared/platform/aws/dynamodb.ts')).documentClient.config,
      () => new DynamoDBClient({}).config,
      {},
    ],
    [
      'EventBridge',
      async () => (await import('../../shared/platform/aws/eventbridge.ts')).eventBridgeClient.config,
      () => new EventBridgeClient({}).config,
      {},
    ],
    [
      'Secrets Manager',
      async () => (await import('../../shared/platform/aws/secrets-manager.ts')).secretsManagerClient.config,
      () => new SecretsManagerClient({}).config,
      {},
    ],
    // One attempt per call is SES's own choice (see ses.ts).
    [
      'SES v2',
      async () => (await import('../../shared/platform/aws/ses.ts')).sesClient.config,
      () => new SESv2Client({}).config,
      { maxAttempts: 1 },
    ],
  ])(
    'are given the settings the %s client would find by itself in Lambda',
    async (_name, shipped, byItself, chosen: Record<string, unknown>) => {
      const given = (await shipped()) as unknown as Record<string, unknown>;
      const found = byItself() as unknown as Record<string, unknown>;
      for (const setting of SETTINGS) {
        expect(await resolvedSetting(given[setting]), setting).toEqual(
          setting in chosen ? chosen[setting] : await resolvedSetting(found[setting]),
        );
      }
    },
  );
});

describe('collectNodeStream', () => {
  it('reads a Node stream whole into an array of its own', async () => {
    const bytes = await collectNodeStream(
      Readable.from([Buffer.from('{"Item":'), Buffer.from('{"a":1}'), Buffer.from('}')]),
    );
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
