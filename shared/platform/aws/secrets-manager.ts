import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { sdkSettings } from './sdk-settings.ts';

/** One Secrets Manager client per process; only functions with the applicantLinks access create calls on it. */
export const secretsManagerClient = new SecretsManagerClient({ ...sdkSettings });
