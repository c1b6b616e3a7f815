/**
 * Fan-out benchmark (issue 5): emails per second of the session-reminder path, unpaced
 * against a raw SES send loop on the same local SES, and paced against its configured
 * maximum. Run alone: `npx tsx test/bench/fan-out.ts` (or `npm run bench:fan-out`).
 */
import { pathToFileURL } from 'node:url';
import { monthlySessions } from '../../shared/domain/cohort/calendar.ts';
import type { CohortId } from '../../shared/domain/cohort/cohort-id.ts';
import { getCohort } from '../../shared/domain/cohort/registry.ts';
import { concurrencyFor, PACE_WINDOW_MS } from '../../shared/platform/bulk/pace.ts';
import { logger } from '../../shared/platform/logger.ts';
import { peakInWindow } from '../support/peak-window.ts';
import { seedParticipants } from './fan-out/participants.ts';
import { rawSendLoop } from './fan-out/raw-loop.ts';
import { type ReminderRun, runSessionReminders } from './fan-out/reminders.ts';
import { countRequests } from './fan-out/request-count.ts';
import { recordSends } from './fan-out/send-log.ts';
import { startBenchServices } from './fan-out/services.ts';
import type { BenchSection, BenchTarget } from './section.ts';

export interface FanOutOptions {
  /** Roster members of the cohort: every reminder goes to each (default 3,000). */
  readonly recipients?: number;
  /** Configured maxima of the paced runs, per second, below the local unpaced capacity (default 120 and 240). */
  readonly pacedRates?: readonly number[];
  /** Raw and unpaced runs, alternated (default 5). */
  readonly rounds?: number;
  /** Where progress lines go (default stderr, so stdout stays the Markdown). */
  readonly progress?: (line: string) => void;
}

const COMMAND = 'npm run bench:fan-out';
const COHORT: CohortId = '2022-2023';
/** A week before the cohort's first monthly session: every session is still ahead. */
const NOW = new Date('2022-10-05T15:00:00Z');
/** "Unpaced": a maximum no sender reaches, so the pace never binds. */
const UNBOUNDED_RATE = 1_000_000;
/** Messages the unpaced sender has in flight (PacedSender's default at that rate); the raw loop uses as many. */
const UNPACED_CONCURRENCY = concurrencyFor(UNBOUNDED_RATE);

interface UnpacedRound {
  readonly raw: number;
  readonly unpaced: number;
  readonly ratio: number;
  readonly dynamoRequestsPerEmail: number;
}

interface PacedFigures {
  readonly maxPerSecond: number;
  readonly sent: number;
  readonly throttled: number;
  readonly wallMs: number;
  /** Emails per second over the whole call, listing the participants included. */
  readonly jobRate: number;
  /** SES requests per second over the whole seconds from the first: what the pace let through. */
  readonly sendRate: number;
  readonly share: number;
  readonly peakWindow: number;
}

const perSecond = (count: number, ms: number) => (count * 1000) / ms;
const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const fixed = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export async function run(options: FanOutOptions = {}): Promise<BenchSection> {
  const recipients = options.recipients ?? 3000;
  const pacedRates = options.pacedRates ?? [120, 240];
  const rounds = options.rounds ?? 5;
  const progress = options.progress ?? ((line: string) => process.stderr.write(`${line}\n`));
  const sessions = monthlySessions(getCohort(COHORT));
  if (1 + rounds + pacedRates.length > sessions.length)
    throw new Error(`At most ${sessions.length - 1} measured runs: one session each`);

  // Progress lines every 100 messages would interleave with the report.
  const logLevel = logger.getLevelName();
  logger.setLogLevel('WARN');
  const services = await startBenchServices();
  try {
    const ses = services.sesClient();
    const sends = recordSends(ses);
    const requests = countRequests(services.documentClient);
    progress(`fan-out: seeding ${fixed(recipients)} roster members`);
    await seedParticipants(services.documentClient, services.tableName, COHORT, recipients);

    let session = 0;
    const reminders = async (maxPerSecond: number, label: string): Promise<ReminderRun> => {
      sends.reset();
      requests.reset();
      const run = await runSessionReminders(services, ses, COHORT, sessions[session++]!, maxPerSecond, NOW);
      if (run.counts.sent !== recipients || run.counts.failed > 0) throw new Error(`${label}: ${run.summary}`);
      return run;
    };

    progress('fan-out: warm-up (unpaced reminder)');
    await reminders(UNBOUNDED_RATE, 'warm-up');
    const message = sends.first;
    if (!message) throw new Error('The warm-up sent nothing');

    const unpacedRounds: UnpacedRound[] = [];
    for (let round = 1; round <= rounds; round += 1) {
      progress(`fan-out: round ${round}/${rounds}: raw SES loop, then the unpaced reminder`);
      const loop = await rawSendLoop(ses, message, {
        count: recipients,
        concurrency: UNPACED_CONCURRENCY,
        prefix: `raw${round}.`,
      });
      const reminder = await reminders(UNBOUNDED_RATE, `unpaced round ${round}`);
      const raw = perSecond(loop.sent, loop.wallMs);
      const unpaced = perSecond(reminder.counts.sent, reminder.wallMs);
      unpacedRounds.push({
        raw,
        unpaced,
        ratio: unpaced / raw,
        dynamoRequestsPerEmail: requests.total() / reminder.counts.sent,
      });
    }
    const ratio = median(unpacedRounds.map((round) => round.ratio));

    const paced: PacedFigures[] = [];
    for (const maxPerSecond of pacedRates) {
      progress(`fan-out: paced reminder at ${fixed(maxPerSecond)}/s`);
      const reminder = await reminders(maxPerSecond, `paced ${maxPerSecond}/s`);
      const times = [...sends.times].sort((a, b) => a - b);
      // Whole seconds from the first request: the pace may send a second's worth in its first
      // half, so first-to-last would flatter it; no whole second can hold more than the maximum.
      const seconds = Math.floor((times.at(-1)! - times[0]!) / 1000);
      const sendRate = times.filter((time) => time < times[0]! + seconds * 1000).length / seconds;
      paced.push({
        maxPerSecond,
        sent: reminder.counts.sent,
        throttled: reminder.counts.throttled,
        wallMs: reminder.wallMs,
        jobRate: perSecond(reminder.counts.sent, reminder.wallMs),
        sendRate,
        share: sendRate / maxPerSecond,
        peakWindow: peakInWindow(times),
      });
    }

    const targets: BenchTarget[] = [
      {
        name: 'unpaced reminder fan-out / raw SES loop',
        measured:
          `${fixed(ratio, 2)} (median of ${rounds} rounds; ` +
          `${unpacedRounds.map((round) => `${fixed(round.unpaced)}/s vs ${fixed(round.raw)}/s`).join(', ')})`,
        target: '≥ 0.50',
        pass: ratio >= 0.5,
      },
      ...paced.map((figures) => ({
        name: `paced reminder fan-out at ${fixed(figures.maxPerSecond)}/s`,
        measured:
          `${fixed(figures.share * 100, 1)}% (${fixed(figures.sendRate, 1)}/s), ${figures.throttled} ` +
          `throttled, peak one-second window ${figures.peakWindow}`,
        target: '≥ 95%, 0 throttled, no one-second window over the maximum',
        pass: figures.share >= 0.95 && figures.throttled === 0 && figures.peakWindow <= figures.maxPerSecond,
      })),
    ];
    const markdown = [
      `${fixed(recipients)} roster members (${fixed(Math.ceil(recipients / 3))} SDZ participants, 3 lead ` +
        `facilitators each); dynalite and aws-ses-v2-local each run in a process of their own, as DynamoDB and SES ` +
        `are separate services, remote to a Lambda.`,
      'The reminder path is `sendSessionReminders` (shared/participation/mailings.ts) wired as ' +
        'functions/send-bulk-mail wires it: the real repositories, email sender with its suppression check, audit ' +
        'trail and `PacedSender`, one reminder per roster member, each claimed and recorded in the ' +
        'notification ledger.',
      `Its rate counts the whole call, listing the participants included. The raw loop sends the same rendered ` +
        `reminder (captured from the warm-up) with \`SendEmailCommand\` on the same SES client, ` +
        `${UNPACED_CONCURRENCY} at a time, as many as the sender keeps in flight unpaced.`,
      `Raw and unpaced runs alternate, after one warm-up reminder; the ratio is the median of the rounds' ratios ` +
        `(the host is shared, so rates drift between rounds).`,
      'Per email the reminder path makes the SES request and a share of batched DynamoDB requests (the last column ' +
        'below): the job holds a lease on its ledger keys (one conditional write, renewed every 30 s), so the ' +
        'messages in flight together share their claims (one BatchGetItem and one BatchWriteItem per 25), ' +
        'suppression checks, ledger records and audit entries; the raw loop makes the SES request alone.',
      '',
      '| round | raw SES loop | unpaced reminder | ratio | DynamoDB requests per email |',
      '|---|---|---|---|---|',
      ...unpacedRounds.map(
        (round, index) =>
          `| ${index + 1} | ${fixed(round.raw)}/s | ${fixed(round.unpaced)}/s | ${fixed(round.ratio, 2)} | ` +
          `${fixed(round.dynamoRequestsPerEmail, 2)} |`,
      ),
      `| **median** | ${fixed(median(unpacedRounds.map((round) => round.raw)))}/s | ` +
        `${fixed(median(unpacedRounds.map((round) => round.unpaced)))}/s | **${fixed(ratio, 2)}** | |`,
      '',
      '| configured maximum | sent | wall time (whole call) | job rate | send rate (whole seconds from the first ' +
        'request) | share of maximum | throttled | peak one-second window |',
      '|---|---|---|---|---|---|---|---|',
      ...paced.map(
        (figures) =>
          `| ${fixed(figures.maxPerSecond)}/s | ${fixed(figures.sent)} | ${fixed(figures.wallMs / 1000, 2)} s | ` +
          `${fixed(figures.jobRate, 1)}/s | ${fixed(figures.sendRate, 1)}/s | **${fixed(figures.share * 100, 1)}%** ` +
          `| ${figures.throttled} | ${fixed(figures.peakWindow)} |`,
      ),
      '',
      `"Throttled" is the sender's own count of SES throttling answers (the local SES never throttles, so any would ` +
        `be a bug). The peak window is the most SendEmail requests issued in any one second, recorded by SES client ` +
        `middleware. The send rate counts the requests in the whole seconds from the first one, divided by those ` +
        `seconds (first-to-last would flatter the pace, which may send a second's worth in the first half of a ` +
        `second); over a long run the pace gives at most ${fixed(100_000 / PACE_WINDOW_MS)}% of the maximum (its ` +
        `window is ${PACE_WINDOW_MS.toLocaleString('en-US')} ms). The job rate counts the whole call, listing the ` +
        `participants included (about half a second here).`,
    ].join('\n');
    return {
      title: 'Fan-out: session reminders',
      command: COMMAND,
      markdown,
      targets,
      data: { recipients, rounds, concurrency: UNPACED_CONCURRENCY, unpacedRounds, ratio, paced },
    };
  } finally {
    await services.close();
    logger.setLogLevel(logLevel as Parameters<typeof logger.setLogLevel>[0]);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const section = await run();
  process.stdout.write(`## ${section.title}\n\n${section.markdown}\n\nReproduce: \`${section.command}\`\n\n`);
  for (const target of section.targets)
    process.stdout.write(
      `- ${target.pass ? 'PASS' : 'FAIL'} ${target.name}: ${target.measured} (target ${target.target})\n`,
    );
}
