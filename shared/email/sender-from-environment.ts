import { sesClient } from '../clients/ses.ts';
import { requireEnv } from '../config/env.ts';
import { ENV } from '../config/env-names.ts';
import { EmailSender } from './send.ts';

/** The email sender every sending function uses, configured from its environment at load. */
export function emailSenderFromEnvironment(): EmailSender {
  return new EmailSender(sesClient, { fromAddress: requireEnv(ENV.senderAddress), configurationSetName: requireEnv(ENV.configurationSet) });
}
