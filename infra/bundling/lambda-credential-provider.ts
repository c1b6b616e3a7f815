/**
 * Stands in for `@aws-sdk/credential-provider-node` in the Lambda bundles only (see
 * lambda-bundle.ts); tests, scripts and the local runtime keep the SDK's full chain.
 *
 * Lambda hands a function its execution role's credentials in the environment
 * (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), and the SDK's default
 * chain tries the environment first, so in Lambda the chain always ends at this very
 * provider. Its other links (SSO, ini files, credential processes, web identity, container
 * and instance metadata, the new console login) and the STS/SSO clients they carry were
 * ~130 KB of every bundle that never ran. A function without those variables fails its
 * first AWS call with "Unable to find environment variable credentials".
 */
import { type FromEnvInit, fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * Same name and call shape as the chain's `defaultProvider`, which every client's
 * runtimeConfig imports. Not memoized: reading four variables costs less than a memo's
 * expiry check, and the SDK signs with what it returns.
 */
export const defaultProvider = (init: FromEnvInit = {}) => fromEnv(init);
