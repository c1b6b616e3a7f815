import type { BulkMessage, BulkReport, BulkRunOptions } from './paced-sender.ts';

/** What a bulk job needs of the paced sender: run one job's messages, once per ledger key. */
export interface BulkSender {
  run(
    jobId: string,
    kind: string,
    messages: Iterable<BulkMessage> | AsyncIterable<BulkMessage>,
    options?: BulkRunOptions,
  ): Promise<BulkReport>;
}
