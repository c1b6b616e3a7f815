import { sesClient } from '../aws/ses.ts';
import { requireEnv } from '../config/env.ts';
import { ENV } from '../config/env-names.ts';
import { EmailSender, type SuppressionLookup } from './send.ts';

/**
 * The email sender every sending function uses, configured from its environment at load;
 * with the app's suppression list unless given another lookup of it (the bulk worker's batched one).
 */
export function emailSenderFromEnvironment(suppression?: SuppressionLookup): EmailSender {
  return new EmailSender(sesClient, {
    fromAddress: requireEnv(ENV.senderAddress),
    configurationSetName: requireEnv(ENV.configurationSet),
    ...(suppression ? { suppression } : {}),
  });
}
