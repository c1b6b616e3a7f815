/**
 * The log records the system printed during the current test, kept instead of printed
 * (test/support/log-capture.ts, a set-up file of every project, fills them).
 *
 * A test that expects a log asserts it:
 *   expect(takeLogs()).toMatchObject([{ level: 'ERROR', message: 'Discarded an invalid RosterChanged event' }]);
 * A record no test took fails the test that printed it, and a failing test shows its records.
 */

/** One record: a Powertools JSON log line, parsed (level, message and its attributes). */
export interface LogRecord {
  readonly level: string;
  readonly message: string;
  readonly [attribute: string]: unknown;
}

const records: LogRecord[] = [];

export function recordLog(record: LogRecord): void {
  records.push(record);
}

/** Every record printed since the last take, oldest first; they count as expected from now on. */
export function takeLogs(): LogRecord[] {
  return records.splice(0);
}
