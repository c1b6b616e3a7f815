/**
 * What each measured process runs, in the role of Lambda's runtime: load one bundle (a
 * CommonJS bundle with `require`, an ES module with `import()`, as Lambda's Node runtime
 * does), then hand its handler one event. Bundled to plain JavaScript by bundles.ts so the
 * process starts no TypeScript loader.
 *
 * `node probe.mjs <bundle> <event.json> <function name> <timeout s> <memory MB>`; it writes
 * one JSON line (ProbeReport) to file descriptor 3 and exits at once, as a frozen Lambda
 * sandbox would never finish its idle keep-alive sockets.
 */
import { readFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { lambdaContext } from '../../../infra/local/lambda-context.ts';

export interface ProbeReport {
  /** From the process's time origin to the probe's first line: Node's own start. */
  readonly startupMs: number;
  /** Loading the bundle: reading, compiling and running its top level. */
  readonly importMs: number;
  /** The first invocation, from the call to the settled result. */
  readonly invokeMs: number;
  /** CPU time (user + system) of the whole process up to the result: steadier than wall time on a busy machine. */
  readonly cpuMs: number;
  /** What the handler answered, in short (status code, consumer status), or its error. */
  readonly outcome: string;
  readonly failed: boolean;
}

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

function outcomeOf(result: unknown): { outcome: string; failed: boolean } {
  if (result === null || typeof result !== 'object')
    return { outcome: JSON.stringify(result) ?? 'undefined', failed: false };
  const record = result as Record<string, unknown>;
  if (typeof record.statusCode === 'number') {
    let error = '';
    try {
      const body = typeof record.body === 'string' ? (JSON.parse(record.body) as { error?: unknown }) : undefined;
      if (typeof body?.error === 'string') error = ` ${body.error}`;
    } catch {
      // Not JSON (a CSV or an ICS body): the status code says enough.
    }
    return { outcome: `HTTP ${record.statusCode}${error}`, failed: record.statusCode >= 500 };
  }
  if (typeof record.status === 'string') return { outcome: record.status, failed: record.status === 'failed' };
  return { outcome: Object.keys(record).slice(0, 4).join(',') || '{}', failed: false };
}

async function main(): Promise<ProbeReport> {
  const startupMs = performance.now();
  const [bundle, eventFile, functionName, timeoutSeconds, memoryMb] = process.argv.slice(2);
  if (!bundle || !eventFile || !functionName)
    throw new Error('usage: probe.mjs <bundle> <event.json> <function> <timeout s> <memory MB>');
  const event: unknown = JSON.parse(readFileSync(eventFile, 'utf8'));

  const loading = performance.now();
  const loaded = (
    bundle.endsWith('.mjs') ? await import(pathToFileURL(bundle).href) : createRequire(import.meta.url)(bundle)
  ) as { handler?: Handler };
  const importMs = performance.now() - loading;
  if (typeof loaded.handler !== 'function') throw new Error(`${bundle} exports no handler`);

  const invoking = performance.now();
  let result: { outcome: string; failed: boolean };
  try {
    result = outcomeOf(
      await loaded.handler(event, lambdaContext(functionName, Number(timeoutSeconds ?? 30), Number(memoryMb ?? 512))),
    );
  } catch (error) {
    result = { outcome: `threw ${error instanceof Error ? error.message : String(error)}`.slice(0, 200), failed: true };
  }
  const invokeMs = performance.now() - invoking;
  const cpu = process.cpuUsage();
  return { startupMs, importMs, invokeMs, cpuMs: (cpu.user + cpu.system) / 1000, ...result };
}

main().then(
  (report) => {
    writeSync(3, `${JSON.stringify(report)}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    const failure = {
      startupMs: 0,
      importMs: 0,
      invokeMs: 0,
      cpuMs: 0,
      outcome: `probe failed: ${String(error)}`,
      failed: true,
    };
    writeSync(3, `${JSON.stringify(failure)}\n`);
    process.exit(1);
  },
);
