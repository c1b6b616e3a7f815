import { collectNodeStream } from './collect-node-stream.ts';

/**
 * Settings every SDK client here is given rather than left to look up. On its first request
 * a client looks for each setting not given in its environment variable, then in the shared
 * config files (~/.aws/config, ~/.aws/credentials), files Lambda never has: a dozen failed
 * lookups per client on every cold start. The values are the SDK's own defaults (a client
 * with other defaults overrides them; test/unit/sdk-clients.test.ts compares). Region,
 * credentials and endpoint overrides (AWS_ENDPOINT_URL_<SERVICE>, read at the first request,
 * after the local runtime has set them) are still the SDK's to find.
 */
export const sdkSettings = {
  defaultsMode: 'legacy',
  retryMode: 'standard',
  maxAttempts: 3,
  useFipsEndpoint: false,
  useDualstackEndpoint: false,
  authSchemePreference: [] as string[],
  disableClockSkewCorrection: false,
  streamCollector: collectNodeStream,
} as const;
