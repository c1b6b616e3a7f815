/**
 * `npm run season -- [--districts 555] [--partners 60] [--seed 1] [--report-dir .season] [--quiet]`
 *
 * Replays the whole 2022-2023 season on the embedded local runtime with a synthetic
 * population (Missouri scale by default), prints the timeline, totals and anomalies, writes
 * the report under .season/, and exits 1 if any email was duplicated, missed, sent at a wrong
 * instant or sent for nothing (2 on bad arguments).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { REPOSITORY_ROOT } from '../runtime.ts';
import { runSeason, terminalSummary } from './run-season.ts';

function positiveInteger(name: string, raw: string | undefined, fallback: number, minimum = 1): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < minimum) {
    console.error(`--${name} must be an integer of at least ${minimum}, got ${raw}`);
    process.exit(2);
  }
  return value;
}

function parseOptions() {
  try {
    return parseArgs({
      options: {
        districts: { type: 'string' },
        partners: { type: 'string' },
        seed: { type: 'string' },
        'report-dir': { type: 'string' },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    console.error((error as Error).message);
    return process.exit(2);
  }
}
const { values } = parseOptions();
if (values.help) {
  console.log('npm run season -- [--districts 555] [--partners 60] [--seed 1] [--report-dir .season] [--quiet]');
  process.exit(0);
}

const districts = positiveInteger('districts', values.districts, 555, 3);
const partners = positiveInteger('partners', values.partners, 60, 1);
const seed = positiveInteger('seed', values.seed, 1, 0);
const reportDir = path.resolve(values['report-dir'] ?? path.join(REPOSITORY_ROOT, '.season'));
const argv = process.argv.slice(2).join(' ');

const result = await runSeason({
  districts,
  partners,
  seed,
  reportDir,
  quiet: values.quiet,
  command: `npm run season${argv ? ` -- ${argv}` : ''}`,
});
console.log(terminalSummary(result));
process.exit(result.anomalies.length > 0 ? 1 : 0);
