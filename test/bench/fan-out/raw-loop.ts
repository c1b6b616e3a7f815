import { type SESv2Client, SendEmailCommand, type SendEmailCommandInput } from '@aws-sdk/client-sesv2';

export interface RawLoopResult {
  readonly sent: number;
  readonly wallMs: number;
}

/**
 * The floor every sender is measured against: SendEmail calls of one given message, each to
 * another address, `concurrency` at a time, with nothing else (no ledger, no pace, no checks).
 */
export async function rawSendLoop(
  client: SESv2Client,
  message: SendEmailCommandInput,
  options: { count: number; concurrency: number; prefix: string },
): Promise<RawLoopResult> {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    for (let index = next++; index < options.count; index = next++) {
      await client.send(
        new SendEmailCommand({
          ...message,
          Destination: { ToAddresses: [`${options.prefix}${index}@district.example.org`] },
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, options.count) }, worker));
  return { sent: options.count, wallMs: performance.now() - started };
}
