import type { SESv2Client, SendEmailCommandInput } from '@aws-sdk/client-sesv2';

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
