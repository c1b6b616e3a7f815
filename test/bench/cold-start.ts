/**
 * Cold-start benchmark (issue 5): for every function, the bundle that ships beside a
 * straightforward bundle of the same handler and an empty handler; their sizes, and the
 * cold-start proxy of each (a fresh process loads the bundle and handles one event against
 * the local services; median of at least 10 runs). Not a test: `npm run bench:cold-start`
 * or `npx tsx test/bench/cold-start.ts [--runs N] [--functions a,b]` prints the Markdown.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { type FunctionName, functionDefinitions } from '../../infra/routing.ts';
import { ENV } from '../../shared/platform/config/env-names.ts';
import {
  type BuiltFile,
  emptyBundle,
  probeScript,
  sdkFloorBundle,
  shippedBundle,
  straightforwardBundle,
} from './cold-start/bundles.ts';
import { lambdaNode, type ProbeRun, runProbe, type Sample } from './cold-start/measure.ts';
import { compare, type FunctionFigures, figuresOf, markdownOf, targetsOf } from './cold-start/report.ts';
import { scenarios } from './cold-start/scenarios.ts';
import { buildSeed, type Seed } from './cold-start/seed.ts';
import { BENCH_BUS, BENCH_TABLE, type BenchServices, startBenchServices } from './cold-start/services.ts';
import type { BenchSection } from './section.ts';

export interface ColdStartOptions {
  /** Runs per bundle (default 10, the least the target accepts). */
  readonly runs?: number;
  /** Only these functions (default: every function in routing.ts). */
  readonly functions?: readonly FunctionName[];
  /** Where progress lines go (default stderr, so stdout stays the Markdown). */
  readonly progress?: (line: string) => void;
}

const COMMAND = 'npm run bench:cold-start';
/** The empty handler runs once per this many function slots of a round. */
const EMPTY_EVERY = 4;

/** What Lambda gives every function, plus the variables our bindings set, pointed at the local services. */
function lambdaEnvironment(services: BenchServices, seed: Seed): Record<string, string> {
  return {
    TZ: ':UTC',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_ACCESS_KEY_ID: 'ASIABENCHEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'bench-secret',
    AWS_SESSION_TOKEN: 'bench-session-token',
    AWS_ENDPOINT_URL_DYNAMODB: services.urls.dynamodb,
    AWS_ENDPOINT_URL_SESV2: services.urls.ses,
    AWS_ENDPOINT_URL_EVENTBRIDGE: services.urls.events,
    POWERTOOLS_SERVICE_NAME: 'srsn-innovation-zones',
    [ENV.tableName]: BENCH_TABLE,
    [ENV.eventBusName]: BENCH_BUS,
    [ENV.senderAddress]: 'Innovation Zones <no-reply@innovation-zones.localhost>',
    [ENV.configurationSet]: 'srsn-bench',
    [ENV.facilitatorEmails]: 'facilitators@innovation-zones.localhost',
    [ENV.applicantLinkKey]: seed.applicantLinkKey,
    [ENV.publicApiUrl]: 'https://api.innovation-zones.example.org',
    // Far above what a few invitations need, so the pace never waits within a measured run.
    SES_MAX_SEND_RATE: '1000',
  };
}

function functionEnvironment(base: Record<string, string>, name: FunctionName): Record<string, string> {
  const definition = functionDefinitions[name];
  return {
    ...base,
    AWS_LAMBDA_FUNCTION_NAME: name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(definition.memoryMb),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
  };
}

interface Built {
  readonly shipped: BuiltFile;
  readonly straightforward: BuiltFile;
}

export async function run(options: ColdStartOptions = {}): Promise<BenchSection> {
  const started = performance.now();
  const runs = options.runs ?? 10;
  const progress = options.progress ?? ((line: string) => process.stderr.write(`${line}\n`));
  const node = lambdaNode();
  const names = options.functions ?? (Object.keys(functionDefinitions) as FunctionName[]);
  const measured = names.filter((name) => scenarios[name] !== undefined);
  const missingScenarios = names.filter((name) => scenarios[name] === undefined);

  const workdir = await mkdtemp(path.join(tmpdir(), 'srsn-cold-start-'));
  let services: BenchServices | undefined;
  try {
    progress(`Building ${names.length} × 2 bundles, the empty handler, the SDK floor and the probe in ${workdir}`);
    const probe = await probeScript(workdir);
    const empty = await emptyBundle(path.join(workdir, 'empty'));
    const floor = await sdkFloorBundle(path.join(workdir, 'sdk-floor'));
    const built = new Map<FunctionName, Built>();
    for (const name of names) {
      const { entry } = functionDefinitions[name];
      built.set(name, {
        shipped: await shippedBundle(entry, path.join(workdir, name, 'shipped')),
        straightforward: await straightforwardBundle(entry, path.join(workdir, name, 'straightforward')),
      });
    }

    progress('Seeding a small season on the local runtime');
    const seed = await buildSeed();
    services = await startBenchServices();
    const environment = lambdaEnvironment(services, seed);
    const eventFiles = new Map<FunctionName, string>();
    for (const name of measured) {
      const file = path.join(workdir, name, 'event.json');
      await writeFile(file, JSON.stringify(scenarios[name]!(seed)));
      eventFiles.set(name, file);
    }

    const loadAtStart = loadavg()[0]!;
    const samples = new Map<string, Sample[]>();
    const record = (key: string, sample: Sample) => samples.set(key, [...(samples.get(key) ?? []), sample]);
    const probeRun = (name: FunctionName, bundle: string): ProbeRun => ({
      node: node.path,
      probe,
      bundle,
      eventFile: eventFiles.get(name)!,
      functionName: name,
      timeoutSeconds: functionDefinitions[name].timeoutSeconds,
      memoryMb: functionDefinitions[name].memoryMb,
      env: functionEnvironment(environment, name),
    });
    const emptyRun: ProbeRun = {
      ...probeRun(measured[0] ?? names[0]!, empty.file),
      eventFile: path.join(workdir, 'empty-event.json'),
      functionName: 'empty',
    };
    await writeFile(emptyRun.eventFile, '{}');
    const floorRun: ProbeRun = { ...emptyRun, bundle: floor.file, functionName: 'sdkFloor' };
    // A first process start pays for loading Node itself from disk; keep it out of the medians.
    await runProbe(emptyRun);
    // The table the SDK floor reads from exists from here on (each function's run resets it).
    await services.restore(seed.items);

    // Rounds interleave the bundles (and alternate which goes first), so a busy moment of
    // the machine falls on all of them rather than on one.
    for (let round = 0; round < runs; round += 1) {
      progress(`Round ${round + 1} of ${runs}`);
      for (const [slot, name] of measured.entries()) {
        if (slot % EMPTY_EVERY === 0) {
          record('empty', await runProbe(emptyRun));
          record('floor', await runProbe(floorRun));
        }
        const bundles = built.get(name)!;
        const order =
          round % 2 === 0 ? (['shipped', 'straightforward'] as const) : (['straightforward', 'shipped'] as const);
        for (const variant of order) {
          await services.restore(seed.items);
          record(`${name}/${variant}`, await runProbe(probeRun(name, bundles[variant].file)));
        }
      }
    }

    const emptyFigures = figuresOf(empty.bytes, samples.get('empty') ?? []);
    const functions: FunctionFigures[] = names.map((name) => {
      const bundles = built.get(name)!;
      return compare(
        name,
        figuresOf(bundles.shipped.bytes, samples.get(`${name}/shipped`) ?? []),
        figuresOf(bundles.straightforward.bytes, samples.get(`${name}/straightforward`) ?? []),
        emptyFigures,
      );
    });
    const input = {
      functions,
      empty: emptyFigures,
      floor: figuresOf(floor.bytes, samples.get('floor') ?? []),
      runs,
      missingScenarios,
      wallSeconds: (performance.now() - started) / 1000,
      node: node.version,
      load: [loadAtStart, loadavg()[0]!] as const,
    };
    return {
      title: 'Cold start and bundle size per function',
      command: COMMAND,
      markdown: markdownOf(input, COMMAND),
      targets: targetsOf(input),
      data: input,
    };
  } finally {
    await services?.stop();
    await rm(workdir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { runs: { type: 'string' }, functions: { type: 'string' }, json: { type: 'string' } },
  });
  const functions = values.functions?.split(',').map((name) => name.trim()) as FunctionName[] | undefined;
  const unknown = functions?.filter((name) => !(name in functionDefinitions)) ?? [];
  if (unknown.length > 0) throw new Error(`Unknown function(s): ${unknown.join(', ')}`);
  const section = await run({
    ...(values.runs ? { runs: Number(values.runs) } : {}),
    ...(functions ? { functions } : {}),
  });
  if (values.json) await writeFile(values.json, JSON.stringify(section, null, 2));
  process.stdout.write(`## ${section.title}\n\n${section.markdown}\n\n`);
  for (const target of section.targets)
    process.stdout.write(
      `- ${target.pass ? 'PASS' : 'FAIL'} ${target.name}: ${target.measured} (target ${target.target})\n`,
    );
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
