/**
 * Set-up of every test project (vitest `setupFiles`): the system's logs are kept, not printed.
 *
 * With POWERTOOLS_DEV set (vitest.config.ts), the Powertools logger writes each record through the
 * global console, as its documentation suggests for tests. The console methods are replaced (not
 * spied on, so that vi.restoreAllMocks() in a test cannot undo it): a Powertools record goes to
 * test/support/logs.ts, any other output is printed as usual. After each test, records no test
 * took fail it, and a failing test prints its records, so an unexpected log is never lost.
 */
import { afterAll, afterEach } from 'vitest';
import { type LogRecord, recordLog, takeLogs } from './logs.ts';

const CONSOLE_METHODS = ['trace', 'debug', 'info', 'log', 'warn', 'error'] as const;
const printError = console.error.bind(console);

/** A Powertools log line parsed, or undefined for any other console output. */
function powertoolsRecord(output: unknown[]): LogRecord | undefined {
  if (output.length !== 1 || typeof output[0] !== 'string' || !output[0].startsWith('{')) return undefined;
  let parsed: Partial<Record<string, unknown>>;
  try {
    parsed = JSON.parse(output[0]);
  } catch {
    return undefined;
  }
  const isRecord =
    typeof parsed.level === 'string' && typeof parsed.message === 'string' && typeof parsed.timestamp === 'string';
  return isRecord ? (parsed as LogRecord) : undefined;
}

for (const method of CONSOLE_METHODS) {
  const print = console[method].bind(console);
  console[method] = (...output: unknown[]) => {
    const record = powertoolsRecord(output);
    if (record) recordLog(record);
    else print(...output);
  };
}

const listed = (records: readonly LogRecord[]) => records.map((record) => JSON.stringify(record)).join('\n');

afterEach((context) => {
  const left = takeLogs();
  if (left.length === 0) return;
  if (context.task.result?.state === 'fail') {
    printError(`Logged during this test:\n${listed(left)}`);
    return;
  }
  throw new Error(
    `Logged during this test (or its set-up), and no assertion took it (takeLogs() in test/support/logs.ts):\n${listed(left)}`,
  );
});

afterAll(() => {
  const left = takeLogs();
  if (left.length > 0) throw new Error(`Logged after the last test of this file:\n${listed(left)}`);
});
