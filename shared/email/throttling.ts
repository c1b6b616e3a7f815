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
