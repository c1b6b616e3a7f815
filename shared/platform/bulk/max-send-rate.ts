import { GetAccountCommand, type SESv2Client } from '@aws-sdk/client-sesv2';

/**
 * The most emails per second this account may send: SES's own quota (GetAccount), unless
 * an operator set SES_MAX_SEND_RATE lower (or the local SES has no quota to report).
 */
export async function resolveMaxSendRate(client: SESv2Client, override: string | undefined): Promise<number> {
  if (override !== undefined && override.trim() !== '') {
    const rate = Number(override);
    if (!Number.isFinite(rate) || rate <= 0)
      throw new Error(`SES_MAX_SEND_RATE must be a positive number, got ${override}`);
    return rate;
  }
  const account = await client.send(new GetAccountCommand({}));
  const rate = account.SendQuota?.MaxSendRate;
  if (rate === undefined || !(rate > 0)) throw new Error('SES reported no maximum send rate; set SES_MAX_SEND_RATE');
  return rate;
}
