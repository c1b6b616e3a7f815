import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** One Secrets Manager client per process; only functions with the applicantLinks access create calls on it. */
export const secretsManagerClient = new SecretsManagerClient({});
