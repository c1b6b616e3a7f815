/**
 * Season replay at Missouri scale and at ten times it, each in its own process (handler
 * modules stay warm within a process, as in Lambda): wall time, peak memory, and the ratio.
 *
 *   npx tsx test/bench/season-scale.ts [--districts 555] [--partners 60] [--factor 10]
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { idleTickFigures, type SeasonResult } from '../../infra/local/season/report.ts';
import type { BenchSection } from './section.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SEASON_ENTRY = path.join(ROOT, 'infra/local/season/main.ts');
const REPORT_DIR = path.join(ROOT, '.season/bench');

export interface SeasonScaleOptions {
  readonly districts?: number;
  readonly partners?: number;
  /** How many times the population the second replay has. */
  readonly factor?: number;
  readonly log?: (line: string) => void;
}

export interface SeasonScaleData {
  readonly small: SeasonResult;
  readonly large: SeasonResult;
  readonly timeRatio: number;
  readonly memoryRatio: number;
}

/**
 * The child's environment: only what a shell gives it. The other benchmarks start a local
 * runtime in this process, which sets its variables (SES_MAX_SEND_RATE=50 among them); a
 * season inheriting them would pace its bulk sends at 50/s.
 */
function cleanEnvironment(): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TERM', 'USER'];
  return {
    ...Object.fromEntries(
      keep.filter((name) => process.env[name] !== undefined).map((name) => [name, process.env[name]]),
    ),
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  };
}

/** Runs `npm run season`'s entry in a fresh Node process and reads the JSON report it writes. */
function replay(districts: number, partners: number): Promise<SeasonResult> {
  const args = [
    '--import',
    'tsx',
    SEASON_ENTRY,
    '--districts',
    String(districts),
    '--partners',
    String(partners),
    '--report-dir',
    REPORT_DIR,
    '--quiet',
  ];
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      args,
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024, env: cleanEnvironment() },
      (error, _stdout, stderr) => {
        let result: SeasonResult;
        try {
          result = JSON.parse(readFileSync(path.join(REPORT_DIR, `season-${districts}.json`), 'utf8')) as SeasonResult;
        } catch {
          reject(
            new Error(
              `The season replay at ${districts} districts wrote no report (${error?.message ?? 'no error'}):\n` +
                `${stderr.slice(-2000)}`,
            ),
          );
          return;
        }
        // Exit 1 means anomalies: still a measurement, reported (and failed) below.
        if (error && error.code !== 1)
          reject(
            new Error(`The season replay at ${districts} districts failed: ${error.message}\n${stderr.slice(-2000)}`),
          );
        else resolve(result);
      },
    );
  });
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mebibytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;
const count = (value: number) => value.toLocaleString('en-US');

export async function run(options: SeasonScaleOptions = {}): Promise<BenchSection> {
  const districts = options.districts ?? 555;
  const partners = options.partners ?? 60;
  const factor = options.factor ?? 10;
  const log = options.log ?? ((line: string) => console.error(line));

  log(`season replay: ${districts} districts, ${partners} partners`);
  const small = await replay(districts, partners);
  log(`season replay: ${districts * factor} districts, ${partners * factor} partners`);
  const large = await replay(districts * factor, partners * factor);
  const timeRatio = large.wallMs / small.wallMs;
  const memoryRatio = large.peakRssBytes / small.peakRssBytes;
  // Besides idle ticks, the dispatcher re-reads the cohorts once a day and each scheduled cohort's plan once a day.
  const virtualDays = (result: SeasonResult) =>
    Math.ceil((Date.parse(result.virtualSpan.to) - Date.parse(result.virtualSpan.from)) / 86_400_000);
  const idleBudget = (result: SeasonResult) => 3 * virtualDays(result);
  const idleWithin = (result: SeasonResult) => result.idleTicks.dynamoRequests <= idleBudget(result);

  const row = (result: SeasonResult) =>
    `| ${count(result.districts)} | ${count(result.partners)} | ${count(result.totals.emails)} | ` +
    `${seconds(result.wallMs)} | ${mebibytes(result.peakRssBytes)} | ${result.anomalies.length} |`;
  const markdown = [
    `Each replay runs \`npm run season\` in a fresh process: it creates ${small.cohorts.map((cohort) => cohort.id).join(', ')} ` +
      'through the facilitator API (the seed copied forward, its CNZ dates set, scheduled, read back), then runs its ' +
      'whole season on the embedded local runtime, driven through the HTTP API and the virtual clock, every email ' +
      'checked against the expected ones and for naming its cohort.',
    '',
    '| districts | partners | emails | wall time | peak RSS | anomalies |',
    '|---:|---:|---:|---:|---:|---:|',
    row(small),
    row(large),
    '',
    `Ten times the population: **${timeRatio.toFixed(2)}x** the time, ${memoryRatio.toFixed(2)}x the peak memory.`,
    '',
    `The dispatcher when nothing is due, at ${count(small.districts)} districts: ${idleTickFigures(small)}; at ` +
      `${count(large.districts)}: ${idleTickFigures(large)}. The requests are the daily re-reads of each ` +
      "scheduled cohort's session changes (its cached plan); every other idle tick reads nothing.",
    '',
    `Where the Missouri-scale time went: ${Object.entries(small.wallMsByPart)
      .map(([part, ms]) => `${part} ${seconds(ms)}`)
      .join(', ')}.`,
  ].join('\n');

  return {
    title: 'Season replay at scale',
    command: `npx tsx test/bench/season-scale.ts --districts ${districts} --partners ${partners} --factor ${factor}`,
    markdown,
    targets: [
      {
        name: `Missouri-scale replay (${districts} districts) wall time`,
        measured: seconds(small.wallMs),
        target: '≤ 120 s',
        pass: small.wallMs <= 120_000,
      },
      {
        name: `${factor}x the districts: time ratio`,
        measured: `${timeRatio.toFixed(2)}x (${seconds(large.wallMs)} / ${seconds(small.wallMs)})`,
        target: `≤ ${factor + 1}x`,
        pass: timeRatio <= factor + 1,
      },
      {
        name: 'Dispatcher: DynamoDB requests on a tick with nothing due',
        measured:
          `${small.idleTicks.requestsPerTick} per tick (${count(small.idleTicks.byRequests['0'] ?? 0)} of ` +
          `${count(small.idleTicks.ticks)} ticks read nothing; ${count(small.idleTicks.dynamoRequests)} requests over ` +
          `${virtualDays(small)} virtual days)`,
        target: 'none beyond the daily re-reads (≤ 3 a virtual day)',
        pass: idleWithin(small) && idleWithin(large),
      },
      {
        name: 'Season replays without anomalies',
        measured: `${small.anomalies.length} + ${large.anomalies.length}`,
        target: '0',
        pass: small.anomalies.length === 0 && large.anomalies.length === 0,
      },
    ],
    data: { small, large, timeRatio, memoryRatio } satisfies SeasonScaleData,
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { districts: { type: 'string' }, partners: { type: 'string' }, factor: { type: 'string' } },
  });
  const section = await run({
    ...(values.districts ? { districts: Number(values.districts) } : {}),
    ...(values.partners ? { partners: Number(values.partners) } : {}),
    ...(values.factor ? { factor: Number(values.factor) } : {}),
  });
  console.log(`## ${section.title}\n\n${section.markdown}`);
  for (const target of section.targets)
    console.log(`- ${target.pass ? 'PASS' : 'FAIL'} ${target.name}: ${target.measured} (target ${target.target})`);
}
