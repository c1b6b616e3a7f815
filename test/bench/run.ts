/**
 * `npm run bench`: every benchmark of the repository in one run, one after another (so none
 * disturbs another's timing), written to test/bench/RESULTS.md with the machine they ran on.
 * Not part of `npm test`: speed is measured here, never asserted by a timed test.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run as coldStart } from './cold-start.ts';
import { run as costModel } from './cost-model.ts';
import { run as fanOut } from './fan-out.ts';
import { type SeasonScaleData, run as seasonScale } from './season-scale.ts';
import type { BenchSection } from './section.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const RESULTS = path.join(HERE, 'RESULTS.md');

function commitOf(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: HERE, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

function machine(): string {
  const cpus = os.cpus();
  return (
    `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 1024 ** 3)} GiB, ` +
    `${os.type()} ${os.release()} (${os.arch()}), Node ${process.version}`
  );
}

async function timed(name: string, bench: () => Promise<BenchSection> | BenchSection): Promise<BenchSection> {
  const started = performance.now();
  console.error(`▶ ${name}`);
  const section = await bench();
  console.error(`✓ ${name} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return section;
}

const started = performance.now();
const sections: BenchSection[] = [];
sections.push(await timed('cold start and bundle sizes', () => coldStart({})));
sections.push(await timed('fan-out', () => fanOut({})));
const scale = await timed('season replay at scale', () => seasonScale({}));
sections.push(scale);
sections.push(await timed('cost model', () => costModel((scale.data as SeasonScaleData).small)));

const targets = sections.flatMap((section) => section.targets);
const failed = targets.filter((target) => !target.pass);
const markdown = [
  '# Benchmark results',
  '',
  `Every figure below comes from one run of \`npm run bench\` (${new Date().toISOString().slice(0, 10)}, commit ` +
    `\`${commitOf()}\`, ${((performance.now() - started) / 60_000).toFixed(1)} minutes),`,
  `on ${machine()}. Each section names the command that reproduces it alone.`,
  '',
  '## Targets',
  '',
  '| figure | measured | target | |',
  '|---|---|---|---|',
  ...targets.map(
    (target) => `| ${target.name} | ${target.measured} | ${target.target} | ${target.pass ? 'met' : '**missed**'} |`,
  ),
  '',
  ...sections.flatMap((section) => [`## ${section.title}`, '', `\`${section.command}\``, '', section.markdown, '']),
].join('\n');
writeFileSync(RESULTS, markdown);
console.log(markdown);
console.error(
  failed.length === 0
    ? `All ${targets.length} targets met; written to ${path.relative(process.cwd(), RESULTS)}`
    : `${failed.length} of ${targets.length} targets missed: ${failed.map((target) => target.name).join('; ')}`,
);
process.exit(failed.length === 0 ? 0 : 1);
