/**
 * `npm run season -- [--cohort 2027-2028] [--overlap] [--districts 555] [--partners 60] [--seed 1]
 * [--report-dir .season] [--quiet]`
 *
 * Creates a cohort through the facilitator API by copying the seed forward (2027-2028 by
 * default), sets its CNZ dates, schedules it and replays its whole season on the embedded local
 * runtime with a synthetic population (Missouri scale by default); `--overlap` also runs the next
 * cohort, whose applications and results go out during the first one's sessions. Prints the
 * timeline, totals and anomalies, writes the report under .season/, and exits 1 if any email was
 * duplicated, missed, sent at a wrong instant, sent for nothing or named another cohort (2 on
 * bad arguments).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { REPOSITORY_ROOT } from '../runtime.ts';
import { DEFAULT_REPLAY_COHORT, runSeason, terminalSummary } from './run-season.ts';

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
        cohort: { type: 'string' },
        overlap: { type: 'boolean', default: false },
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
  console.log(
    'npm run season -- [--cohort 2027-2028] [--overlap] [--districts 555] [--partners 60] [--seed 1] ' +
      '[--report-dir .season] [--quiet]',
  );
  process.exit(0);
}

const districts = positiveInteger('districts', values.districts, 555, 3);
const partners = positiveInteger('partners', values.partners, 60, 1);
const seed = positiveInteger('seed', values.seed, 1, 0);
const cohort = values.cohort ?? DEFAULT_REPLAY_COHORT;
if (!/^\d{4}-\d{4}$/.test(cohort) || Number(cohort.slice(5)) !== Number(cohort.slice(0, 4)) + 1) {
  console.error(`--cohort must be a school year like ${DEFAULT_REPLAY_COHORT}, got ${cohort}`);
  process.exit(2);
}
const reportDir = path.resolve(values['report-dir'] ?? path.join(REPOSITORY_ROOT, '.season'));
const argv = process.argv.slice(2).join(' ');

const result = await runSeason({
  districts,
  partners,
  seed,
  cohort,
  overlap: values.overlap,
  reportDir,
  quiet: values.quiet,
  command: `npm run season${argv ? ` -- ${argv}` : ''}`,
});
console.log(terminalSummary(result));
process.exit(result.anomalies.length > 0 ? 1 : 0);
