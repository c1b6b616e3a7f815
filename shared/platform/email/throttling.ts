/** True for SES's "slow down" answers, which a later retry can get past. */
export function isThrottling(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return (
    error.name === 'TooManyRequestsException' ||
    error.name === 'ThrottlingException' ||
    error.name === 'Throttling' ||
    (error.name === 'LimitExceededException' && /rate/i.test(error.message)) ||
    /maximum sending rate exceeded/i.test(error.message) ||
    status === 429
  );
}

export interface ThrottleRetryOptions {
  /** Attempts after the first. */
  readonly retries?: number;
  readonly firstDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs an SES request again after a jittered, doubling wait each time SES refuses it for
 * the account's rate (many single sends at once, as on release day, or beside a bulk job at
 * the full rate). SES refused it, so a retry sends nothing twice; any other error is thrown
 * at once. A handful of lines rather than p-retry, which adds ~5 KB to every bundle that sends.
 */
export async function retryWhileThrottled<T>(
  request: () => Promise<T>,
  options: ThrottleRetryOptions = {},
): Promise<T> {
  const { retries = 4, firstDelayMs = 250, maxDelayMs = 4_000, sleep = sleepFor } = options;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await request();
    } catch (error) {
      if (attempt >= retries || !isThrottling(error)) throw error;
      const ceiling = Math.min(maxDelayMs, firstDelayMs * 2 ** attempt);
      await sleep(ceiling / 2 + Math.random() * (ceiling / 2));
    }
  }
}
