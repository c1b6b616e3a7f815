import { cpus, totalmem } from 'node:os';
import { BUNDLE_SIZE_LIMIT } from '../../../infra/bundling/lambda-bundle.ts';
import type { BenchTarget } from '../section.ts';
import { median, type Sample } from './measure.ts';

/** The cold-start proxy may be at most this share of the straightforward bundle's (issue 5). */
export const PROXY_RATIO_TARGET = 0.5;

export interface VariantFigures {
  readonly bytes: number;
  readonly samples: readonly Sample[];
  readonly totalMs: number;
  readonly startupMs: number;
  readonly importMs: number;
  readonly invokeMs: number;
  /** Median CPU time (user + system) of the process, spawn to result. */
  readonly cpuMs: number;
  /** Distinct outcomes of its runs: one, unless the function behaved differently between runs. */
  readonly outcomes: readonly string[];
  readonly failedRuns: number;
}

export interface FunctionFigures {
  readonly name: string;
  readonly shipped: VariantFigures;
  readonly straightforward: VariantFigures;
  /** Shipped over straightforward, whole cold start (spawn to result). */
  readonly rawRatio: number;
  /** The same with the empty handler's cold start taken off both: the judged figure. */
  readonly netRatio: number;
  /** netRatio computed on CPU time instead of wall time: what a busy machine disturbs least. */
  readonly cpuNetRatio: number;
}

export function figuresOf(bytes: number, samples: readonly Sample[]): VariantFigures {
  return {
    bytes,
    samples,
    totalMs: median(samples.map((sample) => sample.totalMs)),
    startupMs: median(samples.map((sample) => sample.startupMs)),
    importMs: median(samples.map((sample) => sample.importMs)),
    invokeMs: median(samples.map((sample) => sample.invokeMs)),
    cpuMs: median(samples.map((sample) => sample.cpuMs)),
    outcomes: [...new Set(samples.map((sample) => sample.outcome))],
    failedRuns: samples.filter((sample) => sample.failed).length,
  };
}

export function compare(
  name: string,
  shipped: VariantFigures,
  straightforward: VariantFigures,
  empty: VariantFigures,
): FunctionFigures {
  return {
    name,
    shipped,
    straightforward,
    rawRatio: shipped.totalMs / straightforward.totalMs,
    netRatio: (shipped.totalMs - empty.totalMs) / (straightforward.totalMs - empty.totalMs),
    cpuNetRatio: (shipped.cpuMs - empty.cpuMs) / (straightforward.cpuMs - empty.cpuMs),
  };
}

const kb = (bytes: number) => `${(bytes / 1000).toFixed(0)} KB`;
const ms = (value: number) => `${value.toFixed(0)}`;
const ratio = (value: number) => value.toFixed(2);
const range = (values: readonly number[]) =>
  ratio(Math.min(...values)) === ratio(Math.max(...values))
    ? ratio(values[0]!)
    : `${ratio(Math.min(...values))}-${ratio(Math.max(...values))}`;

/** A function's figures are usable when every run of both bundles ended the same, without failing. */
export function problemsOf(figures: FunctionFigures): string[] {
  const problems: string[] = [];
  for (const [variant, data] of [
    ['shipped', figures.shipped],
    ['straightforward', figures.straightforward],
  ] as const) {
    if (data.failedRuns > 0)
      problems.push(`${figures.name}: ${data.failedRuns} ${variant} run(s) failed (${data.outcomes.join(' / ')})`);
  }
  const answers = new Set([...figures.shipped.outcomes, ...figures.straightforward.outcomes]);
  if (answers.size > 1)
    problems.push(`${figures.name}: the bundles answered differently (${[...answers].join(' / ')})`);
  return problems;
}

export function machine(nodeVersion: string): string {
  const cpu = cpus();
  return (
    `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ` +
    `${process.platform}/${process.arch}, measured processes on Node ${nodeVersion}`
  );
}

export interface ReportInput {
  readonly functions: readonly FunctionFigures[];
  readonly empty: VariantFigures;
  /** The SDK floor: one DynamoDB read through the project's client (sdk-floor-handler.ts). */
  readonly floor: VariantFigures;
  readonly runs: number;
  readonly missingScenarios: readonly string[];
  readonly wallSeconds: number;
  /** Version of the Node the measured processes ran. */
  readonly node: string;
  /** The machine's 1-minute load average when the runs began and when they ended. */
  readonly load: readonly [number, number];
}

const wasMeasured = (figures: FunctionFigures) =>
  figures.shipped.samples.length > 0 && figures.straightforward.samples.length > 0;

export function targetsOf(input: ReportInput): BenchTarget[] {
  const measured = input.functions.filter((figures) => wasMeasured(figures) && problemsOf(figures).length === 0);
  const worst = [...measured].sort((a, b) => b.netRatio - a.netRatio)[0];
  const largest = [...input.functions].sort((a, b) => b.shipped.bytes - a.shipped.bytes)[0];
  const overLimit = input.functions.filter((figures) => figures.shipped.bytes > BUNDLE_SIZE_LIMIT);
  const everyFunctionMeasured =
    measured.length === input.functions.length && input.missingScenarios.length === 0 && input.runs >= 10;
  const fewRuns = input.runs >= 10 ? '' : `(${input.runs} runs < 10)`;
  const overTheLimit =
    overLimit.length > 0
      ? `; over the limit: ${overLimit.map((figures) => `${figures.name} ${kb(figures.shipped.bytes)}`).join(', ')}`
      : '';
  return [
    {
      name: 'Cold-start proxy of every function vs its straightforward bundle (net of the empty handler)',
      measured: worst
        ? `worst ${ratio(worst.netRatio)} (${worst.name}; raw ${ratio(worst.rawRatio)}, CPU ` +
          `${ratio(worst.cpuNetRatio)})${everyFunctionMeasured ? '' : `; not every function measured ${fewRuns}`}`
        : 'nothing measured',
      target: `≤ ${PROXY_RATIO_TARGET} for each`,
      pass: everyFunctionMeasured && measured.every((figures) => figures.netRatio <= PROXY_RATIO_TARGET),
    },
    {
      name: 'Largest shipped bundle (minified)',
      measured: largest ? `${kb(largest.shipped.bytes)} (${largest.name})${overTheLimit}` : 'nothing built',
      target: `≤ ${kb(BUNDLE_SIZE_LIMIT)} each`,
      pass: input.functions.length > 0 && overLimit.length === 0,
    },
  ];
}

export function markdownOf(input: ReportInput, command: string): string {
  const rows = input.functions.map((figures) => {
    const { shipped, straightforward } = figures;
    if (!wasMeasured(figures))
      return (
        `| ${figures.name} | ${kb(shipped.bytes)} | ${kb(straightforward.bytes)} | not measured (no scenario) | ` +
        `| | | | |`
      );
    const answer = [...new Set([...shipped.outcomes, ...straightforward.outcomes])].join(' / ');
    return (
      `| ${figures.name} | ${kb(shipped.bytes)} | ${kb(straightforward.bytes)} | ${ms(shipped.totalMs)} ` +
      `(${ms(shipped.importMs)} + ${ms(shipped.invokeMs)}) | ${ms(straightforward.totalMs)} ` +
      `(${ms(straightforward.importMs)} + ${ms(straightforward.invokeMs)}) | **${ratio(figures.netRatio)}** | ` +
      `${ratio(figures.rawRatio)} | ${ratio(figures.cpuNetRatio)} | ${answer} |`
    );
  });
  const problems = input.functions.flatMap(problemsOf);
  const { empty, floor } = input;
  const floorNet = floor.totalMs - empty.totalMs;
  const floorShares = input.functions
    .filter(wasMeasured)
    .map((figures) => floorNet / (figures.straightforward.totalMs - empty.totalMs));
  return [
    `Machine: ${machine(input.node)}; load average ${input.load[0].toFixed(1)} when the runs began, ` +
      `${input.load[1].toFixed(1)} when they ended (other work on the machine slows the runs unevenly). ` +
      `${input.runs} runs per bundle, medians; the whole benchmark took ${input.wallSeconds.toFixed(0)} s.`,
    '',
    '**The proxy.** A fresh Node 24 process (the one Lambda runs) loads the bundle as Lambda does (a CommonJS bundle ' +
      'with `require`, an ES module with `import()`) and hands its handler one representative event against the ' +
      'local services (dynalite, the local SES, an accepting EventBridge endpoint), with the environment a deployed ' +
      "function has. The proxy is the time from spawning the process to the handler's result. Before each run the " +
      'table is reset to the same seeded season, so every run does the same reads, writes and sends.',
    '',
    `**Judged net of the runtime.** The empty handler (\`export const handler = async () => ({})\`, built like what ` +
      `ships) takes ${ms(empty.totalMs)} ms: starting Node, which no bundle can change. The target compares what the ` +
      `bundles add on top of it: net ratio = (shipped − empty) / (straightforward − empty), of the median wall ` +
      `times. The raw ratio of the whole times is shown beside it (the runtime's start in both pulls it towards 1, ` +
      `so it is the stricter one), and the net ratio of CPU times, which other work on the machine disturbs least.`,
    '',
    '| function | shipped | straightforward | shipped ms (import + first invoke) | straightforward ms (import + ' +
      'first invoke) | net ratio | raw ratio | CPU net ratio | answer |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows,
    `| *empty handler* | ${kb(empty.bytes)} | | ${ms(empty.totalMs)} (${ms(empty.importMs)} + ${ms(empty.invokeMs)}) ` +
      `| | | | | |`,
    `| *SDK floor: one DynamoDB read* | ${kb(floor.bytes)} | | ${ms(floor.totalMs)} (${ms(floor.importMs)} + ` +
      `${ms(floor.invokeMs)}) | | | | | ${[...floor.outcomes].join(' / ')} |`,
    '',
    ...(floorShares.length > 0
      ? [
          `**What every function pays at least.** The SDK floor (test/bench/cold-start/sdk-floor-handler.ts) reads ` +
            `one item through the project's DynamoDB document client and does nothing else, built like what ships; ` +
            `every function reads or writes the table at least once. It takes ${ms(floorNet)} ms over the empty ` +
            `handler: loading the client (with Node's https) and its first request, which the straightforward ` +
            `bundles carry too. That alone is ${range(floorShares)} of the straightforward bundles' net times, ` +
            `before any of a function's own work: schemas, logger, templates, other clients, its other requests, and ` +
            `Intl's first use (~20 ms) where it formats dates.`,
          '',
        ]
      : []),
    'Shipped: the options of infra/bundling/lambda-bundle.ts, exactly what `cdk synth` deploys (CommonJS, minified, ' +
      "the packages' ES builds, zod tree-shaken and without parser compiling, env-only credentials, no event-stream " +
      "support, SDK schemas tree-shaken, no source map). Straightforward: esbuild's defaults for Node, ES module " +
      'output, not minified (the CommonJS builds of the SDK and zod, whole: every command, the full credential ' +
      'chain, every zod locale), and classic zod in place of zod/mini, the "full zod" of issue 5 ' +
      '(test/bench/cold-start/full-zod.ts). Sizes are of the JavaScript file (1 KB = 1,000 bytes).',
    ...(input.missingScenarios.length > 0
      ? [
          '',
          `No scenario yet (not measured): ${input.missingScenarios.join(', ')}. Add one in ` +
            `test/bench/cold-start/scenarios.ts.`,
        ]
      : []),
    ...(problems.length > 0 ? ['', '**Problems:**', ...problems.map((problem) => `- ${problem}`)] : []),
    '',
    `Reproduce: \`${command}\` (\`--runs N\`, \`--functions a,b\`, \`--json file\` for every sample).`,
  ].join('\n');
}
