import pMap from 'p-map';
import { type LocalRuntime, startLocalRuntime } from '../runtime.ts';
import { type Anomaly, AnomalyLog, type AnomalyType, compareEmails } from './anomalies.ts';
import { CostCounter } from './cost-counts.ts';
import { expectedEmails } from './expectations.ts';
import { SeasonFacts } from './facts.ts';
import { MailLog } from './mail-log.ts';
import { synthesizePopulation } from './population.ts';
import { createProgress } from './progress.ts';
import { loadAverage, machine, type SeasonResult, terminalSummary, timelineOf, writeReport } from './report.ts';
import { buildScenario, type SeasonAction, seasonStart } from './scenario.ts';
import { SeasonApi } from './season-api.ts';
import { COHORT, seasonCalendar } from './season-calendar.ts';

export interface SeasonOptions {
  /** Districts invited (Missouri: about 555). */
  readonly districts?: number;
  /** Potential CNZ partners invited. */
  readonly partners?: number;
  /** The same seed replays the same season. */
  readonly seed?: number;
  /** Folder for season-<districts>.md/.json/.svg; omitted: no files. */
  readonly reportDir?: string;
  /** No progress on stderr. */
  readonly quiet?: boolean;
  /** The SES send rate the bulk senders pace to (SES_MAX_SEND_RATE); high, so pacing does not dominate. */
  readonly sesMaxSendRate?: number;
  /** API steps run at once within one instant. */
  readonly concurrency?: number;
  /** Bus deliveries whose handlers run at once, so each handler's wall time is its own work (default 8). */
  readonly maxConcurrentDeliveries?: number;
  /** Asks one clarification twice without telling the expectations: the replay must report it. */
  readonly injectDuplicateClarification?: boolean;
  /** The command line shown in the report. */
  readonly command?: string;
}

export type { SeasonResult };
export { terminalSummary };

const DAY_MS = 86_400_000;
/**
 * The local SES keeps every message it gets in memory; the replay observes sends through the runtime and empties it
 * this often.
 */
const CLEAR_INBOX_EVERY = 2000;

/**
 * Handler modules keep per-process state (a warm dispatcher remembers published milestones,
 * SDK clients their endpoints), like a warm Lambda: a second season in the same process would
 * start warm with the first one's memory. Run each season in its own process.
 */
let ranInThisProcess = false;

/**
 * Replays the 2022-2023 season on the embedded local runtime (in memory) with a synthetic
 * population, only through the HTTP API and the local clock route; observes every email the
 * runtime sends; compares them with the emails the season calls for; counts the calls a cost
 * model prices. Returns the figures; writes the report when `reportDir` is given.
 */
export async function runSeason(options: SeasonOptions = {}): Promise<SeasonResult> {
  if (ranInThisProcess)
    throw new Error(
      'runSeason runs once per process: handler modules stay warm (see run-season.ts); start a new process for ' +
        'another season',
    );
  ranInThisProcess = true;
  const started = performance.now();
  const loadAtStart = loadAverage();
  const districts = options.districts ?? 555;
  const partners = options.partners ?? 60;
  const seed = options.seed ?? 1;
  process.env.SES_MAX_SEND_RATE = String(options.sesMaxSendRate ?? Number(process.env.SES_MAX_SEND_RATE ?? 2000));
  process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';

  const calendar = seasonCalendar();
  const population = synthesizePopulation({ districts, partners, seed, calendar });
  const actions = buildScenario(population, calendar, {
    injectDuplicateClarification: options.injectDuplicateClarification ?? false,
  });
  const start = seasonStart(calendar);
  const mail = new MailLog(calendar.timeZone);
  const counter = new CostCounter();
  const anomalies = new AnomalyLog();
  const facts = new SeasonFacts();
  const runtimeLog: string[] = [];

  const runtime = await startLocalRuntime({
    clockStart: start,
    facilitatorEmails: population.facilitators.join(','),
    // The runtime's own lines (a failed delivery, a failed route): kept, the latest last, for an error.
    log: (line) => {
      runtimeLog.push(line);
      if (runtimeLog.length > 200) runtimeLog.shift();
    },
    observers: counter.observers((sent, input) => mail.record(sent, input)),
    maxConcurrentDeliveries: options.maxConcurrentDeliveries ?? 8,
  });
  const api = new SeasonApi(runtime.urls.api);
  const progress = createProgress({ quiet: options.quiet ?? false, start, end: calendar.seasonEnd });
  const wallMsByPart: Record<string, number> = {};
  const clock = { now: start, moves: 0, ticks: 0, clearedAt: 0 };
  try {
    for (const group of byInstant(actions)) {
      await advanceTo(group.at, group.phase);
      const stepStarted = performance.now();
      const context = { api, facts, mail, anomalies, calendar, now: group.at };
      await pMap(group.actions, (action) => action.run(context), { concurrency: options.concurrency ?? 8 });
      await runtime.bus.whenIdle();
      wallMsByPart[group.phase] = (wallMsByPart[group.phase] ?? 0) + performance.now() - stepStarted;
      progress.update({ phase: group.phase, virtualNow: clock.now, emails: mail.messages });
    }
    await advanceTo(calendar.seasonEnd, 'sessions');
    const checkStarted = performance.now();
    await checkStored(api, facts, anomalies, calendar.rollover.from);
    for (const dead of runtime.bus.deadLetters)
      anomalies.add({
        type: 'dead-letter',
        at: dead.event.time,
        detail:
          `${dead.detailType} to ${dead.target} dead-lettered after ${dead.attempts} attempts: ` +
          `${dead.error ?? ''}`,
      });
    wallMsByPart.checks = performance.now() - checkStarted;
  } finally {
    progress.stop();
    await runtime.stop();
  }

  const expected = expectedEmails(facts, calendar, population.facilitators);
  const found: Anomaly[] = [...anomalies.items, ...compareEmails(expected, mail, facts)];
  const anomalyCounts: Partial<Record<AnomalyType, number>> = {};
  for (const anomaly of found) anomalyCounts[anomaly.type] = (anomalyCounts[anomaly.type] ?? 0) + 1;
  const timeline = timelineOf(mail);
  const byKind: Record<string, { emails: number; recipients: number }> = {};
  for (const day of timeline) {
    for (const [kind, count] of Object.entries(day.byKind)) {
      const total = byKind[kind] ?? { emails: 0, recipients: 0 };
      total.emails += count.emails;
      total.recipients += count.recipients;
      byKind[kind] = total;
    }
  }
  const counts = counter.snapshot();
  const result: SeasonResult = {
    districts,
    partners,
    seed,
    command:
      options.command ??
      `npm run season -- --districts ${districts} --partners ${partners}${seed !== 1 ? ` --seed ${seed}` : ''}`,
    wallMs: Math.round(performance.now() - started),
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    virtualSpan: { from: start.toISOString(), to: calendar.seasonEnd.toISOString() },
    totals: {
      emails: mail.messages,
      recipients: mail.recipients,
      byKind: Object.fromEntries(Object.entries(byKind).sort(([left], [right]) => left.localeCompare(right))),
      expectedRecipients: expected.size,
      invitees: facts.invitees.length,
      applications: Object.fromEntries(
        ['SDZ', 'ILDZ', 'CNZ'].map((zone) => [
          zone,
          facts.applications.filter((application) => application.zone === zone).length,
        ]),
      ),
      refusedSubmissions: facts.refused.length,
      rosterVersions: facts.rosters.length,
      apiRequests: [...api.requests.values()].reduce((total, count) => total + count, 0),
      virtualClockMoves: clock.moves,
      scheduleTicks: clock.ticks,
    },
    timeline,
    anomalies: found,
    anomalyCounts,
    counts,
    runtimeLog: [...runtimeLog],
    wallMsByPart: Object.fromEntries(Object.entries(wallMsByPart).map(([part, ms]) => [part, Math.round(ms)])),
    machine: machine(loadAtStart),
  };
  return options.reportDir ? { ...result, files: writeReport(result, options.reportDir) } : result;

  /** Moves the virtual clock a day at a time (the runtime runs each 15-minute tick on the way), showing progress. */
  async function advanceTo(target: Date, phase: string): Promise<void> {
    const moveStarted = performance.now();
    while (clock.now < target) {
      const next = new Date(Math.min(target.getTime(), clock.now.getTime() + DAY_MS));
      const moved = await api.setClock(next);
      if (moved.status !== 200)
        throw new Error(
          `The local clock refused ${next.toISOString()}: ${moved.status} ${JSON.stringify(moved.body)}\n` +
            `${runtimeLog.slice(-5).join('\n')}`,
        );
      clock.now = next;
      clock.moves += 1;
      clock.ticks += Number(moved.fields.ticks ?? 0);
      progress.update({ phase, virtualNow: next, emails: mail.messages });
      if (mail.messages - clock.clearedAt >= CLEAR_INBOX_EVERY) await clearInbox(runtime, mail, clock);
    }
    wallMsByPart['clock and schedule ticks'] =
      (wallMsByPart['clock and schedule ticks'] ?? 0) + performance.now() - moveStarted;
  }
}

async function clearInbox(runtime: LocalRuntime, mail: MailLog, clock: { clearedAt: number }): Promise<void> {
  await fetch(`${runtime.urls.inbox}/clear-store`, { method: 'POST' });
  clock.clearedAt = mail.messages;
}

/** Consecutive steps at the same instant, with the phase of the first. */
function* byInstant(actions: readonly SeasonAction[]): Generator<{ at: Date; phase: string; actions: SeasonAction[] }> {
  let group: { at: Date; phase: string; actions: SeasonAction[] } | undefined;
  for (const action of actions) {
    if (group && group.at.getTime() === action.at.getTime()) {
      group.actions.push(action);
      continue;
    }
    if (group) yield group;
    group = { at: action.at, phase: action.phase, actions: [action] };
  }
  if (group) yield group;
}

/**
 * What the system kept, read as a facilitator would (the review queue of each zone, page by
 * page): every accepted application and the rollover's places, and nothing from a refused
 * submission.
 */
async function checkStored(
  api: SeasonApi,
  facts: SeasonFacts,
  anomalies: AnomalyLog,
  rolloverFrom: string,
): Promise<void> {
  const accepted = new Set(facts.applications.map((application) => application.applicationId));
  const seen = new Set<string>();
  for (const zone of ['SDZ', 'ILDZ', 'CNZ']) {
    let nextToken: string | null | undefined;
    do {
      const page = await api.asFacilitator(
        'GET',
        `/facilitator/applications?cohort=${COHORT}&zone=${zone}&` +
          `limit=100${nextToken ? `&nextToken=${encodeURIComponent(nextToken)}` : ''}`,
      );
      if (page.status !== 200) {
        anomalies.add({ type: 'api', detail: `review queue of ${zone}: expected 200, got ${page.status}` });
        break;
      }
      for (const item of page.fields.items as Array<{ applicationId: string; rolledOverFrom?: string }>) {
        seen.add(item.applicationId);
        const placed =
          item.rolledOverFrom !== undefined &&
          accepted.has(item.rolledOverFrom) &&
          facts.application(item.rolledOverFrom)?.zone === rolloverFrom;
        if (!accepted.has(item.applicationId) && !placed)
          anomalies.add({
            type: 'stored',
            detail: `the ${zone} queue holds ${item.applicationId}, which no accepted submission or rollover made`,
          });
      }
      nextToken = typeof page.fields.nextToken === 'string' ? page.fields.nextToken : null;
    } while (nextToken);
  }
  for (const applicationId of accepted)
    if (!seen.has(applicationId))
      anomalies.add({
        type: 'stored',
        detail: `accepted application ${applicationId} is missing from its review queue`,
      });
}
