import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { optionalEnv } from '../platform/config/env.ts';
import { ENV } from '../platform/config/env-names.ts';
import { assertUsableKey } from './secret.ts';

/** Where the applicant-link key comes from; resolved at most once per process (a Lambda cold start). */
export type ApplicantLinkKeySource = () => Promise<Buffer>;

/**
 * Reads the configuration at load (so a function without it fails at start-up) and the key
 * itself on first use:
 * - locally, APPLICANT_LINK_KEY holds the key (the local runtime generates it once);
 * - in AWS, APPLICANT_LINK_SECRET_ARN names the Secrets Manager secret the stack generated,
 *   read with one GetSecretValue per cold start. A failed read is not cached: the next
 *   invocation tries again.
 */
export function applicantLinkKeySource(
  client: SecretsManagerClient,
  env: NodeJS.ProcessEnv = process.env,
): ApplicantLinkKeySource {
  const localKey = optionalEnv(ENV.applicantLinkKey, env);
  if (localKey !== undefined) {
    const key = Buffer.from(localKey, 'utf8');
    assertUsableKey(key);
    return () => Promise.resolve(key);
  }
  const secretArn = optionalEnv(ENV.applicantLinkSecretArn, env);
  if (secretArn === undefined) {
    throw new Error(
      `Missing required environment variable ${ENV.applicantLinkSecretArn} (or ${ENV.applicantLinkKey} on the ` +
        'local runtime)',
    );
  }
  let pending: Promise<Buffer> | undefined;
  return () => {
    pending ??= client
      .send(new GetSecretValueCommand({ SecretId: secretArn }))
      .then((result) => {
        if (typeof result.SecretString !== 'string') throw new Error('The applicant-link secret has no string value');
        const key = Buffer.from(result.SecretString, 'utf8');
        assertUsableKey(key);
        return key;
      })
      .catch((error: unknown) => {
        pending = undefined;
        throw error;
      });
    return pending;
  };
}
