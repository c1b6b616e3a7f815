import type { SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import pMap from 'p-map';
import { type LocalRuntime, startLocalRuntime } from '../runtime.ts';
import type { SentMail } from '../ses-events.ts';
import { type Anomaly, AnomalyLog, type AnomalyType, compareEmails } from './anomalies.ts';
import { type AttributableCohort, attributeEmail } from './cohort-attribution.ts';
import { nextCohortId, replayClockStart, setUpCohort, sourceCohort } from './cohort-setup.ts';
import { CostCounter } from './cost-counts.ts';
import { expectedEmails } from './expectations.ts';
import { SeasonFacts } from './facts.ts';
import { MailLog } from './mail-log.ts';
import { type Population, synthesizePopulation } from './population.ts';
import { createProgress } from './progress.ts';
import {
  type CohortSummary,
  loadAverage,
  machine,
  type SeasonResult,
  terminalSummary,
  timelineOf,
  writeReport,
} from './report.ts';
import { buildScenario, type SeasonAction } from './scenario.ts';
import { SeasonApi } from './season-api.ts';
import { type SeasonCalendar, seasonCalendar } from './season-calendar.ts';

export interface SeasonOptions {
  /** Districts invited (Missouri: about 555), to each cohort. */
  readonly districts?: number;
  /** Potential CNZ partners invited, to each cohort. */
  readonly partners?: number;
  /** The same seed replays the same season. */
  readonly seed?: number;
  /** The cohort the replay creates by copying the seed forward and runs (default 2027-2028). */
  readonly cohort?: string;
  /**
   * Also runs the next cohort (copied forward from the seed too), whose invitations, applications
   * and results go out while the first one's monthly sessions run (extended through PATCH while a
   * draft, so that they do). Each email must name its own cohort.
   */
  readonly overlap?: boolean;
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
export const DEFAULT_REPLAY_COHORT = '2027-2028';
/**
 * In the overlap mode the first cohort's monthly sessions run this many months past their copied
 * end (June) — as far as a cohort's sessions may run, 12 months from the first — so that the next
 * cohort's invitations (August), applications and results (September) go out among them.
 */
const OVERLAP_EXTRA_MONTHS = 3;

/**
 * Handler modules keep per-process state (a warm dispatcher remembers published milestones,
 * SDK clients their endpoints), like a warm Lambda: a second season in the same process would
 * start warm with the first one's memory. Run each season in its own process.
 */
let ranInThisProcess = false;

/** One cohort the replay runs: its calendar (read back from the API), its people, what they did, what they got. */
interface Track extends AttributableCohort {
  readonly calendar: SeasonCalendar;
  readonly population: Population;
  readonly actions: readonly SeasonAction[];
  readonly facts: SeasonFacts;
  readonly mail: MailLog;
  /** Every address of its population (lower case): an email to one of them is about this cohort. */
  readonly addresses: ReadonlySet<string>;
}

function addressesOf(population: Population): Set<string> {
  const addresses = new Set<string>();
  const add = (email: string) => addresses.add(email.toLowerCase());
  for (const { district, roster } of population.districts) {
    add(district.contact.email);
    add(district.superintendent.email);
    for (const member of [...(roster?.members ?? []), ...(roster?.change?.members ?? [])]) add(member.email);
  }
  for (const { partner, roster } of population.partners) {
    add(partner.contact.email);
    add(partner.alternate.email);
    for (const member of roster?.members ?? []) add(member.email);
  }
  return addresses;
}

/**
 * Replays whole seasons on the embedded local runtime (in memory) with a synthetic population,
 * only through the HTTP API and the local clock route: creates the cohort by copying the seed
 * forward (and, in the overlap mode, the next one too), runs it, observes every email the runtime
 * sends, compares them with the emails each season calls for, checks that each names its own
 * cohort, counts the calls a cost model prices. Returns the figures; writes the report when
 * `reportDir` is given.
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
  const cohortId = options.cohort ?? DEFAULT_REPLAY_COHORT;
  const overlap = options.overlap ?? false;
  process.env.SES_MAX_SEND_RATE = String(options.sesMaxSendRate ?? Number(process.env.SES_MAX_SEND_RATE ?? 2000));
  process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';

  const start = replayClockStart(cohortId);
  const counter = new CostCounter();
  const anomalies = new AnomalyLog();
  const runtimeLog: string[] = [];
  const tracks: Track[] = [];
  let everything: MailLog | undefined;

  const runtime = await startLocalRuntime({
    clockStart: start,
    // The runtime's own lines (a failed delivery, a failed route): kept, the latest last, for an error.
    log: (line) => {
      runtimeLog.push(line);
      if (runtimeLog.length > 200) runtimeLog.shift();
    },
    observers: counter.observers((sent, input) => record(sent, input)),
    maxConcurrentDeliveries: options.maxConcurrentDeliveries ?? 8,
    facilitatorEmails: FACILITATORS.join(','),
  });
  const api = new SeasonApi(runtime.urls.api);
  const wallMsByPart: Record<string, number> = {};
  const clock = { now: start, moves: 0, ticks: 0, clearedAt: 0 };
  let progress: ReturnType<typeof createProgress> | undefined;
  let seasonEnd = start;
  try {
    const setupStarted = performance.now();
    // The seed on this fresh runtime: every cohort the replay runs is copied forward from it.
    const from = await sourceCohort(api, cohortId);
    const first = await setUpCohort(api, {
      from,
      id: cohortId,
      ...(overlap ? { extendSessionsByMonths: OVERLAP_EXTRA_MONTHS } : {}),
    });
    const definitions = [first];
    if (overlap) definitions.push(await setUpCohort(api, { from, id: nextCohortId(cohortId) }));
    definitions.forEach((definition, index) => {
      const calendar = seasonCalendar(definition);
      const population = synthesizePopulation({
        districts,
        partners,
        seed: seed + index,
        calendar,
        addressTag: index === 0 ? '' : `-${definition.id}`,
      });
      tracks.push({
        cohortId: calendar.cohortId,
        cohortName: calendar.cohortName,
        calendar,
        population,
        actions: buildScenario(population, calendar, {
          injectDuplicateClarification: index === 0 && (options.injectDuplicateClarification ?? false),
        }),
        facts: new SeasonFacts(),
        mail: new MailLog(calendar.timeZone),
        addresses: addressesOf(population),
      });
    });
    wallMsByPart['cohort setup'] = performance.now() - setupStarted;
    everything = new MailLog(first.timeZone);
    seasonEnd = new Date(Math.max(...tracks.map((track) => track.calendar.seasonEnd.getTime())));
    progress = createProgress({ quiet: options.quiet ?? false, start, end: seasonEnd });

    for (const group of byInstant(tracks)) {
      await advanceTo(group.at, group.phase);
      const stepStarted = performance.now();
      await pMap(
        group.steps,
        ({ action, track }) =>
          action.run({
            api,
            facts: track.facts,
            mail: track.mail,
            anomalies,
            calendar: track.calendar,
            now: group.at,
          }),
        { concurrency: options.concurrency ?? 8 },
      );
      await runtime.bus.whenIdle();
      wallMsByPart[group.phase] = (wallMsByPart[group.phase] ?? 0) + performance.now() - stepStarted;
      progress.update({ phase: group.phase, virtualNow: clock.now, emails: everything.messages });
    }
    await advanceTo(seasonEnd, 'sessions');
    const checkStarted = performance.now();
    for (const track of tracks) await checkStored(api, track, anomalies);
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
    progress?.stop();
    await runtime.stop();
  }

  const mail = everything;
  const found: Anomaly[] = [...anomalies.items];
  const cohorts: CohortSummary[] = [];
  let expectedRecipients = 0;
  for (const track of tracks) {
    const expected = expectedEmails(track.facts, track.calendar, FACILITATORS);
    const compared = compareEmails(expected, track.mail, track.facts);
    found.push(
      ...(tracks.length > 1
        ? compared.map((anomaly) => ({ ...anomaly, detail: `${track.calendar.cohortId}: ${anomaly.detail}` }))
        : compared),
    );
    expectedRecipients += expected.size;
    cohorts.push({
      id: track.calendar.cohortId,
      name: track.calendar.cohortName,
      invitationsAt: track.calendar.invitationsAt.toISOString(),
      seasonEnd: track.calendar.seasonEnd.toISOString(),
      sessions: track.calendar.sessions.map((session) => session.date),
      invitees: track.facts.invitees.length,
      applications: applicationsByZone(track.facts),
      rosterVersions: track.facts.rosters.length,
      emails: track.mail.messages,
      recipients: track.mail.recipients,
      expectedRecipients: expected.size,
    });
  }
  const anomalyCounts: Partial<Record<AnomalyType, number>> = {};
  for (const anomaly of found) anomalyCounts[anomaly.type] = (anomalyCounts[anomaly.type] ?? 0) + 1;
  const timeline = mail ? timelineOf(mail) : [];
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
  const allFacts = tracks.map((track) => track.facts);
  const sum = (count: (facts: SeasonFacts) => number) => allFacts.reduce((total, facts) => total + count(facts), 0);
  const applications: Record<string, number> = {};
  for (const facts of allFacts)
    for (const [zone, count] of Object.entries(applicationsByZone(facts)))
      applications[zone] = (applications[zone] ?? 0) + count;
  const result: SeasonResult = {
    mode: overlap ? 'overlap' : 'single',
    districts,
    partners,
    seed,
    command:
      options.command ??
      `npm run season -- --districts ${districts} --partners ${partners}${seed !== 1 ? ` --seed ${seed}` : ''}` +
        `${cohortId !== DEFAULT_REPLAY_COHORT ? ` --cohort ${cohortId}` : ''}${overlap ? ' --overlap' : ''}`,
    wallMs: Math.round(performance.now() - started),
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    virtualSpan: { from: start.toISOString(), to: seasonEnd.toISOString() },
    cohorts,
    totals: {
      emails: mail?.messages ?? 0,
      recipients: mail?.recipients ?? 0,
      byKind: Object.fromEntries(Object.entries(byKind).sort(([left], [right]) => left.localeCompare(right))),
      expectedRecipients,
      invitees: sum((facts) => facts.invitees.length),
      applications,
      refusedSubmissions: sum((facts) => facts.refused.length),
      rosterVersions: sum((facts) => facts.rosters.length),
      apiRequests: [...api.requests.values()].reduce((total, count) => total + count, 0),
      virtualClockMoves: clock.moves,
      scheduleTicks: clock.ticks,
    },
    timeline,
    anomalies: found,
    anomalyCounts,
    counts,
    idleTicks: counter.idleTicks(),
    runtimeLog: [...runtimeLog],
    wallMsByPart: Object.fromEntries(Object.entries(wallMsByPart).map(([part, ms]) => [part, Math.round(ms)])),
    machine: machine(loadAtStart),
  };
  return options.reportDir ? { ...result, files: writeReport(result, options.reportDir) } : result;

  /**
   * Each email the runtime sent: counted for the whole replay, then kept with the cohort it names
   * first (its subject, then its text). An email naming no cohort, or another cohort than its
   * recipients', is an anomaly.
   */
  function record(sent: SentMail, input: SendEmailCommandInput): void {
    if (!everything) return;
    everything.record(sent, input);
    const { cohort, problem } = attributeEmail(tracks, {
      subject: sent.subject,
      text: input.Content?.Simple?.Body?.Text?.Data ?? '',
      destination: sent.destination,
    });
    if (problem)
      anomalies.add({
        type: 'wrong-cohort',
        at: sent.sentAt,
        detail: `${sent.tags.notification ?? 'an email'} "${sent.subject}" to ${sent.destination.join(', ')} ${problem}`,
      });
    (cohort ?? tracks[0])?.mail.record(sent, input);
  }

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
      progress?.update({ phase, virtualNow: next, emails: everything?.messages ?? 0 });
      if (everything && everything.messages - clock.clearedAt >= CLEAR_INBOX_EVERY)
        await clearInbox(runtime, everything, clock);
    }
    wallMsByPart['clock and schedule ticks'] =
      (wallMsByPart['clock and schedule ticks'] ?? 0) + performance.now() - moveStarted;
  }
}

/** Who is told of the review queues and the releases: the runtime's facilitators, one list for every cohort. */
const FACILITATORS = ['facilitators@srsn.example.org', 'lead.facilitator@srsn.example.org'];

function applicationsByZone(facts: SeasonFacts): Record<string, number> {
  return Object.fromEntries(
    ['SDZ', 'ILDZ', 'CNZ'].map((zone) => [
      zone,
      facts.applications.filter((application) => application.zone === zone).length,
    ]),
  );
}

async function clearInbox(runtime: LocalRuntime, mail: MailLog, clock: { clearedAt: number }): Promise<void> {
  await fetch(`${runtime.urls.inbox}/clear-store`, { method: 'POST' });
  clock.clearedAt = mail.messages;
}

/**
 * The steps of every cohort in time order, grouped by instant (steps at one instant in the
 * order planned, the first cohort's first), with the phase of the first.
 */
function* byInstant(
  tracks: readonly Track[],
): Generator<{ at: Date; phase: string; steps: Array<{ action: SeasonAction; track: Track }> }> {
  const steps = tracks
    .flatMap((track, trackOrder) => track.actions.map((action, order) => ({ action, track, trackOrder, order })))
    .sort(
      (left, right) =>
        left.action.at.getTime() - right.action.at.getTime() ||
        left.trackOrder - right.trackOrder ||
        left.order - right.order,
    );
  let group: { at: Date; phase: string; steps: Array<{ action: SeasonAction; track: Track }> } | undefined;
  for (const { action, track } of steps) {
    if (group && group.at.getTime() === action.at.getTime()) {
      group.steps.push({ action, track });
      continue;
    }
    if (group) yield group;
    group = { at: action.at, phase: action.phase, steps: [{ action, track }] };
  }
  if (group) yield group;
}

/**
 * What the system kept, read as a facilitator would (the review queue of each zone, page by
 * page): every accepted application and the rollover's places, and nothing from a refused
 * submission.
 */
async function checkStored(api: SeasonApi, track: Track, anomalies: AnomalyLog): Promise<void> {
  const { facts } = track;
  const rolloverFrom = track.calendar.rollover.from;
  const cohort = track.calendar.cohortId;
  const accepted = new Set(facts.applications.map((application) => application.applicationId));
  const seen = new Set<string>();
  for (const zone of ['SDZ', 'ILDZ', 'CNZ']) {
    let nextToken: string | null | undefined;
    do {
      const page = await api.asFacilitator(
        'GET',
        `/facilitator/applications?cohort=${cohort}&zone=${zone}&` +
          `limit=100${nextToken ? `&nextToken=${encodeURIComponent(nextToken)}` : ''}`,
      );
      if (page.status !== 200) {
        anomalies.add({ type: 'api', detail: `review queue of ${cohort} ${zone}: expected 200, got ${page.status}` });
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
            detail: `the ${cohort} ${zone} queue holds ${item.applicationId}, which no accepted submission or rollover made`,
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
