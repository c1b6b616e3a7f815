import { describe, expect, it } from 'vitest';
import { CONTEXT_KEYS, parseDeploymentConfig } from '../../infra/config.ts';

const valid: Record<string, unknown> = {
  [CONTEXT_KEYS.senderAddress]: 'no-reply@innovation-zones.example.org',
  [CONTEXT_KEYS.facilitatorEmails]: 'a@example.org, b@example.org',
  [CONTEXT_KEYS.alarmEmail]: '',
  [CONTEXT_KEYS.logRetentionDays]: 90,
};

function parse(overrides: Record<string, unknown>) {
  const context = { ...valid, ...overrides };
  return parseDeploymentConfig((key) => context[key]);
}

describe('deployment configuration', () => {
  it('reads the context of cdk.json', () => {
    expect(parse({})).toEqual({
      senderAddress: 'no-reply@innovation-zones.example.org',
      facilitatorEmails: ['a@example.org', 'b@example.org'],
      alarmEmail: undefined,
      logRetentionDays: 90,
    });
  });

  it('accepts values given as strings on the command line', () => {
    expect(
      parse({ [CONTEXT_KEYS.logRetentionDays]: '30', [CONTEXT_KEYS.alarmEmail]: 'ops@example.org' }),
    ).toMatchObject({
      logRetentionDays: 30,
      alarmEmail: 'ops@example.org',
    });
  });

  it.each([
    [CONTEXT_KEYS.senderAddress, 'not-an-email', /"srsn:senderAddress".*not an email address/],
    [CONTEXT_KEYS.senderAddress, undefined, /"srsn:senderAddress".*required/],
    [CONTEXT_KEYS.facilitatorEmails, 'a@example.org,,b@example.org', /"srsn:facilitatorEmails".*empty entry/],
    [CONTEXT_KEYS.facilitatorEmails, 'a@example.org, nobody', /"srsn:facilitatorEmails".*"nobody" is not an email/],
    [CONTEXT_KEYS.facilitatorEmails, '', /"srsn:facilitatorEmails".*required/],
    [CONTEXT_KEYS.alarmEmail, 'ops at example.org', /"srsn:alarmEmail".*not an email address/],
    [CONTEXT_KEYS.logRetentionDays, 42, /"srsn:logRetentionDays".*not a CloudWatch Logs retention period/],
    [CONTEXT_KEYS.logRetentionDays, 'ninety', /"srsn:logRetentionDays".*not a CloudWatch Logs retention period/],
    [CONTEXT_KEYS.logRetentionDays, undefined, /"srsn:logRetentionDays".*required/],
  ])('refuses %s = %j with an error naming the key', (key, value, message) => {
    expect(() => parse({ [key]: value })).toThrow(message);
  });
});
