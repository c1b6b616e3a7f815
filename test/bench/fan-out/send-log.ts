import type { SendEmailCommandInput, SESv2Client } from '@aws-sdk/client-sesv2';

/** When each SendEmail call was issued (performance.now() ms), and the first call's input. */
export interface SendLog {
  readonly times: number[];
  first: SendEmailCommandInput | undefined;
  /** Forgets what was recorded, for the next measured run. */
  reset(): void;
}

/**
 * Records every SendEmail the client issues, as it is handed to the client: the instant the
 * sender's pace let it through (the request reaches the wire after signing, a moment later).
 */
export function recordSends(client: SESv2Client): SendLog {
  const log: SendLog = {
    times: [],
    first: undefined,
    reset() {
      log.times.length = 0;
      log.first = undefined;
    },
  };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'SendEmailCommand') {
        log.times.push(performance.now());
        log.first ??= structuredClone(args.input as SendEmailCommandInput);
      }
      return next(args);
    },
    // First of all: the instant client.send was called, before the SDK's own steps.
    { step: 'initialize', priority: 'high', name: 'benchRecordSends' },
  );
  return log;
}

/** The most calls inside any window of `windowMs` (a sliding window over the sorted times). */
export function peakInWindow(times: readonly number[], windowMs = 1000): number {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end += 1) {
    while (sorted[end]! - sorted[start]! >= windowMs) start += 1;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}
