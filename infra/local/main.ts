/**
 * `npm start`: the whole system on this machine, no AWS account needed.
 *   npm start               keep the data of the last run (.local-data/)
 *   npm start -- --fresh    start from an empty database and a reset clock
 * Ports: SRSN_API_PORT (3000), SRSN_SES_PORT (8005), SRSN_DYNAMODB_PORT (4567), SRSN_EVENTS_PORT (4010).
 * SRSN_DATA_DIR moves the data folder; SRSN_CLOCK_START sets where a fresh clock starts.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cohortLines, nextSeasonHint } from './next-season-hint.ts';
import { DEFAULT_CLOCK_START, REPOSITORY_ROOT, startLocalRuntime } from './runtime.ts';

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535)
    throw new Error(`${name} must be a port number, got ${raw}`);
  return value;
}

const { values } = parseArgs({ options: { fresh: { type: 'boolean', default: false } } });
const clockStart = new Date(process.env.SRSN_CLOCK_START ?? DEFAULT_CLOCK_START);
if (Number.isNaN(clockStart.getTime()))
  throw new Error(`SRSN_CLOCK_START must be an ISO 8601 instant, got ${process.env.SRSN_CLOCK_START}`);
process.env.POWERTOOLS_LOG_LEVEL ??= 'INFO';

const runtime = await startLocalRuntime({
  dataDir: path.resolve(process.env.SRSN_DATA_DIR ?? path.join(REPOSITORY_ROOT, '.local-data')),
  fresh: values.fresh,
  clockStart,
  ports: {
    api: port('SRSN_API_PORT', 3000),
    ses: port('SRSN_SES_PORT', 8005),
    dynamodb: port('SRSN_DYNAMODB_PORT', 4567),
    events: port('SRSN_EVENTS_PORT', 4010),
  },
});

console.log(`SRSN Innovation Zones, local runtime
  HTTP API        ${runtime.urls.api}   (POST /applications)
  Applicant pages ${runtime.urls.api}/apply/<cohort>   (in a browser, e.g. /apply/2022-2023)
  Email inbox     ${runtime.urls.inbox}   (every email sent; JSON at /store)
  DynamoDB API    ${runtime.urls.dynamodb}   (table ${runtime.tableName})
  EventBridge API ${runtime.urls.events}   (bus ${runtime.busName})
  Virtual clock   ${runtime.clock.now().toISOString()}   (POST ${runtime.urls.api}/_local/clock {"now": "..."})
  Health          ${runtime.urls.api}/_local/health
Cohorts (npx srsn cohorts)
${cohortLines(runtime.cohorts)
  .map((line) => `  ${line}`)
  .join('\n')}
${nextSeasonHint(runtime.cohorts, runtime.clock.now()) ?? ''}
Press Ctrl+C to stop.`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void runtime.stop().then(() => process.exit(0));
  });
}
