import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defined } from '../../defined.ts';
import type { Anomaly, AnomalyType } from './anomalies.ts';
import { emailsPerDayMermaid, emailsPerDaySvg, everyDay } from './chart.ts';
import type { IdleTicks, SeasonCounts } from './cost-counts.ts';
import type { MailLog } from './mail-log.ts';

/** One Central-time day of the season: what went out, to how many. */
export interface TimelineDay {
  readonly day: string;
  readonly emails: number;
  readonly recipients: number;
  readonly byKind: Record<string, { emails: number; recipients: number }>;
}

export interface SeasonTotals {
  readonly emails: number;
  readonly recipients: number;
  readonly byKind: Record<string, { emails: number; recipients: number }>;
  /** Recipient deliveries the expectations called for. */
  readonly expectedRecipients: number;
  readonly invitees: number;
  readonly applications: Record<string, number>;
  readonly refusedSubmissions: number;
  readonly rosterVersions: number;
  readonly apiRequests: number;
  readonly virtualClockMoves: number;
  readonly scheduleTicks: number;
}

/** One cohort the replay ran, as read back from the API, and what it did and got. */
export interface CohortSummary {
  readonly id: string;
  readonly name: string;
  readonly invitationsAt: string;
  readonly seasonEnd: string;
  /** The monthly sessions' dates. */
  readonly sessions: readonly string[];
  readonly invitees: number;
  readonly applications: Record<string, number>;
  readonly rosterVersions: number;
  /** The emails that named this cohort, and their recipients. */
  readonly emails: number;
  readonly recipients: number;
  readonly expectedRecipients: number;
}

export interface SeasonResult {
  /** One cohort, or two overlapping ones (`--overlap`). */
  readonly mode: 'single' | 'overlap';
  readonly districts: number;
  readonly partners: number;
  readonly seed: number;
  readonly command: string;
  readonly wallMs: number;
  readonly peakRssBytes: number;
  readonly virtualSpan: { readonly from: string; readonly to: string };
  /** The cohorts it created through the API and ran, the first one first. */
  readonly cohorts: readonly CohortSummary[];
  readonly totals: SeasonTotals;
  readonly timeline: readonly TimelineDay[];
  readonly anomalies: readonly Anomaly[];
  readonly anomalyCounts: Partial<Record<AnomalyType, number>>;
  readonly counts: SeasonCounts;
  /** What the dispatcher cost when nothing was due (see CostCounter.idleTicks). */
  readonly idleTicks: IdleTicks;
  /** The runtime's own lines (failed deliveries it retried, failed routes), the latest 200. */
  readonly runtimeLog: readonly string[];
  /** Where the wall time went: the clock's ticks and each phase's API steps. */
  readonly wallMsByPart: Record<string, number>;
  readonly machine: {
    readonly cpus: number;
    readonly cpuModel: string;
    readonly memoryBytes: number;
    readonly node: string;
    readonly platform: string;
    /** The 1-minute load average when the replay started and ended: other work on the machine slows it. */
    readonly loadAverage: { readonly start: number; readonly end: number };
  };
  readonly files?: { readonly markdown: string; readonly json: string; readonly svg: string };
}

export function timelineOf(mail: MailLog): TimelineDay[] {
  return [...mail.days.entries()]
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([day, counts]) => ({
      day,
      emails: counts.messages,
      recipients: counts.recipients,
      byKind: Object.fromEntries(
        [...counts.byKind.entries()]
          .sort(([left], [right]) => left.localeCompare(right))
          .map(([kind, count]) => [kind, { emails: count.messages, recipients: count.recipients }]),
      ),
    }));
}

/** The one-minute load average (os.loadavg() gives the 1, 5 and 15-minute ones; zeros on Windows). */
export function loadAverage(): number {
  const [oneMinute] = os.loadavg();
  return defined(oneMinute, 'a one-minute load average');
}

export function machine(loadAtStart: number): SeasonResult['machine'] {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryBytes: os.totalmem(),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverage: { start: Math.round(loadAtStart * 100) / 100, end: Math.round(loadAverage() * 100) / 100 },
  };
}

const number = (value: number) => value.toLocaleString('en-US');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mebibytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const kinds = (byKind: Record<string, { emails: number; recipients: number }>) =>
  Object.entries(byKind)
    .map(
      ([kind, count]) =>
        `${kind} ${count.emails}${count.recipients !== count.emails ? ` (${count.recipients} recipients)` : ''}`,
    )
    .join(', ');

/** The end-of-run summary for the terminal: timeline, totals, anomalies. */
export function terminalSummary(result: SeasonResult, maxAnomalies = 30): string {
  const lines = [
    `Season (seed ${result.seed}) of ${cohortList(result)} at ${number(result.districts)} districts and ` +
      `${number(result.partners)} partners${result.cohorts.length > 1 ? ' each' : ''}: ` +
      `${number(result.totals.emails)} emails to ${number(result.totals.recipients)} recipients`,
    '',
    'Timeline (America/Chicago):',
  ];
  for (const day of result.timeline)
    lines.push(`  ${day.day}  ${String(day.emails).padStart(6)} emails  ${kinds(day.byKind)}`);
  lines.push('', 'Totals:');
  for (const [kind, count] of Object.entries(result.totals.byKind))
    lines.push(
      `  ${kind.padEnd(28)} ${String(count.emails).padStart(7)} emails ${String(count.recipients).padStart(7)} ` +
        `recipients`,
    );
  lines.push(
    `  ${'all'.padEnd(28)} ${String(result.totals.emails).padStart(7)} emails ` +
      `${String(result.totals.recipients).padStart(7)} recipients (expected ` +
      `${number(result.totals.expectedRecipients)})`,
    '',
    `Wall time ${seconds(result.wallMs)}, peak memory ${mebibytes(result.peakRssBytes)} (max RSS), ` +
      `${number(result.totals.scheduleTicks)} schedule ticks, ${number(result.totals.apiRequests)} API requests, ` +
      `load average ${result.machine.loadAverage.start} -> ${result.machine.loadAverage.end} on ` +
      `${result.machine.cpus} cores`,
    idleTickLine(result),
  );
  for (const cohort of result.cohorts)
    lines.push(
      `  ${cohort.id}: ${number(cohort.invitees)} invitees, ${number(cohort.emails)} emails naming it to ` +
        `${number(cohort.recipients)} recipients (expected ${number(cohort.expectedRecipients)})`,
    );
  if (result.anomalies.length === 0) lines.push('', 'Anomalies: none');
  else {
    lines.push(
      '',
      `Anomalies: ${result.anomalies.length} (${Object.entries(result.anomalyCounts)
        .map(([type, count]) => `${type} ${count}`)
        .join(', ')})`,
    );
    for (const anomaly of result.anomalies.slice(0, maxAnomalies)) lines.push(`  [${anomaly.type}] ${anomaly.detail}`);
    if (result.anomalies.length > maxAnomalies)
      lines.push(`  ... and ${result.anomalies.length - maxAnomalies} more in the report`);
  }
  if (result.files) lines.push('', `Report: ${result.files.markdown}`);
  return lines.join('\n');
}

const cohortList = (result: SeasonResult) => result.cohorts.map((cohort) => cohort.id).join(' and ');

/** The dispatcher's cost when nothing is due: idle ticks, their requests, how many made 0, 1, 2... */
export function idleTickFigures(result: Pick<SeasonResult, 'idleTicks'>): string {
  const idle = result.idleTicks;
  return (
    `${number(idle.ticks)} ticks with nothing due, ${number(idle.dynamoRequests)} DynamoDB requests ` +
    `(${idle.requestsPerTick} per tick; ticks by requests made: ${Object.entries(idle.byRequests)
      .map(([requests, ticks]) => `${requests}: ${number(ticks)}`)
      .join(', ')})`
  );
}

/** The same, in one line of the summary. */
export function idleTickLine(result: Pick<SeasonResult, 'idleTicks'>): string {
  return `Dispatcher: ${idleTickFigures(result)}`;
}

function costSection(result: SeasonResult): string[] {
  const counts = result.counts;
  const lines = [
    '## Calls counted for the cost model',
    '',
    "Counted by the local runtime's opt-in hooks (infra/local: functions.ts, event-bus.ts, dynamodb-capacity.ts, " +
      'ses-events.ts, the dynalite request listener); prices are applied elsewhere.',
    '',
    '### Lambda',
    '',
    '| function | invocations | errors | handler time (ms) | billed (ms, each rounded up) | mean (ms) | max (ms) | ' +
      'http | event | schedule |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  let invocations = 0;
  let billed = 0;
  for (const [name, fn] of Object.entries(counts.lambda)) {
    invocations += fn.invocations;
    billed += fn.billedMs;
    lines.push(
      `| ${name} | ${number(fn.invocations)} | ${fn.errors} | ${number(Math.round(fn.durationMs))} | ` +
        `${number(fn.billedMs)} | ${(fn.durationMs / Math.max(1, fn.invocations)).toFixed(2)} | ` +
        `${fn.maxMs.toFixed(1)} | ${fn.byTrigger.http} | ${fn.byTrigger.event} | ${fn.byTrigger.schedule} |`,
    );
  }
  lines.push(
    `| **all** | **${number(invocations)}** | | | **${number(billed)}** | | | | | |`,
    '',
    'Handler time is the wall time of each handler run in this one process (2 cores shared by the runtime, dynalite, ' +
      'the local SES and the replay): concurrent handlers slow each other, and a paced bulk run includes its pacing ' +
      'waits, so it is a proxy of Lambda duration, not a measurement of it. Invocations are exact.',
    '',
    `API Gateway (HTTP API) requests: **${number(counts.apiGatewayRequests)}**. EventBridge Scheduler invocations ` +
      `(15-minute ticks replayed): **${number(counts.scheduleInvocations)}**.`,
    '',
    '### DynamoDB',
    '',
    `${idleTickLine(result)}. A tick is idle when it published no event; its requests are those made from the end ` +
      'of the handler run before it to its own end (each tick runs alone, once the bus is idle). The dispatcher ' +
      "re-reads each scheduled cohort's session changes once a virtual day (or at once on SessionChanged or " +
      'CohortChanged) and otherwise plans from its cached plan; it reloads the list of cohorts once a day of real ' +
      'time or on CohortChanged.',
    '',
    `Requests received by dynalite: **${number(counts.dynamodb.totalRequests)}** (${Object.entries(
      counts.dynamodb.requests,
    )
      .map(([operation, count]) => `${operation} ${number(count)}`)
      .join(', ')}).`,
    '',
    '| operation | requests | read units | write units | index write units (estimated) |',
    '|---|---:|---:|---:|---:|',
  );
  for (const [operation, count] of Object.entries(counts.dynamodb.byOperation))
    lines.push(
      `| ${operation} | ${number(count.requests)} | ${number(count.readUnits)} | ${number(count.writeUnits)} | ` +
        `${number(count.indexWriteUnits)} |`,
    );
  lines.push(
    `| **all** | | **${number(counts.dynamodb.readUnits)}** | **${number(counts.dynamodb.writeUnits)}** | ` +
      `**${number(counts.dynamodb.indexWriteUnits)}** |`,
    '',
    `Capacity units as dynalite computes them for ReturnConsumedCapacity (reads in 4 KB units, half for eventually ` +
      `consistent reads; writes in 1 KB units of the larger of the old and new item). ` +
      `${number(counts.dynamodb.conditionalCheckFailures)} refused conditional writes are counted at 1 write unit ` +
      `each (DynamoDB bills them). dynalite does not count index writes: they are estimated as the table units again ` +
      `for each write to an item that carries the review-queue index key.`,
    '',
    '### EventBridge',
    '',
    `PutEvents calls: **${number(counts.eventBridge.putEventsCalls)}**, entries: ` +
      `**${number(counts.eventBridge.entries)}**, billed events (64 KB chunks): ` +
      `**${number(counts.eventBridge.billedEvents)}**, refused entries: ${counts.eventBridge.failedEntries}.`,
    '',
    '| detail type | entries |',
    '|---|---:|',
    ...Object.entries(counts.eventBridge.byDetailType).map(([type, count]) => `| ${type} | ${number(count)} |`),
    '',
    '### SES',
    '',
    `Emails (SendEmail calls accepted): **${number(counts.ses.emails)}**, recipients (To + Cc): ` +
      `**${number(counts.ses.recipients)}**.`,
  );
  return lines;
}

export function markdownReport(result: SeasonResult, svgFile: string): string {
  const days = everyDay(
    new Map(result.timeline.map((day) => [day.day, day.emails])),
    result.timeline[0]?.day ?? result.virtualSpan.from.slice(0, 10),
    result.timeline.at(-1)?.day ?? result.virtualSpan.to.slice(0, 10),
  );
  const title = `Emails per day, ${number(result.districts)} districts, ${number(result.partners)} partners`;
  const lines = [
    `# Season replay of ${cohortList(result)}: ${number(result.districts)} districts, ${number(result.partners)} ` +
      `partners${result.cohorts.length > 1 ? ' each' : ''}`,
    '',
    `Command: \`${result.command}\` (seed ${result.seed}). Virtual time ${result.virtualSpan.from} to ` +
      `${result.virtualSpan.to}, on the embedded local runtime, driven only through the HTTP API and the local ` +
      `clock route.`,
    '',
    '| measure | value |',
    '|---|---|',
    `| wall time | ${seconds(result.wallMs)} |`,
    `| peak memory (max RSS) | ${mebibytes(result.peakRssBytes)} |`,
    `| emails / recipients | ${number(result.totals.emails)} / ${number(result.totals.recipients)} (expected ` +
      `recipients ${number(result.totals.expectedRecipients)}) |`,
    `| anomalies | ${result.anomalies.length === 0 ? 'none' : `**${result.anomalies.length}**`} |`,
    `| invitees / applications / refused submissions | ${number(result.totals.invitees)} / ${Object.entries(
      result.totals.applications,
    )
      .map(([zone, count]) => `${zone} ${count}`)
      .join(', ')} / ${result.totals.refusedSubmissions} |`,
    `| API requests / clock moves / schedule ticks | ${number(result.totals.apiRequests)} / ` +
      `${number(result.totals.virtualClockMoves)} / ${number(result.totals.scheduleTicks)} |`,
    `| machine | ${result.machine.cpus} × ${result.machine.cpuModel}, ${mebibytes(result.machine.memoryBytes)}, ` +
      `Node ${result.machine.node}, ${result.machine.platform}; load average ${result.machine.loadAverage.start} at ` +
      `the start, ${result.machine.loadAverage.end} at the end |`,
    '',
    '| cohort | name | invitations | sessions | invitees | applications | emails naming it | recipients (expected) |',
    '|---|---|---|---|---:|---|---:|---:|',
    ...result.cohorts.map(
      (cohort) =>
        `| ${cohort.id} | ${cohort.name} | ${cohort.invitationsAt} | ${cohort.sessions[0]} to ` +
        `${cohort.sessions.at(-1)} (${cohort.sessions.length}) | ${number(cohort.invitees)} | ` +
        `${Object.entries(cohort.applications)
          .map(([zone, count]) => `${zone} ${count}`)
          .join(', ')} | ${number(cohort.emails)} | ${number(cohort.recipients)} ` +
        `(${number(cohort.expectedRecipients)}) |`,
    ),
    '',
    'Each cohort was copied forward from the seed through POST /facilitator/cohorts/{id}/copies, given its CNZ dates ' +
      'through PATCH, scheduled, and read back with GET; the expected instants come from that definition. Each email ' +
      'counts for the cohort it names first (subject, then text).',
    '',
    'Wall time by part: ' +
      Object.entries(result.wallMsByPart)
        .map(([part, ms]) => `${part} ${seconds(ms)}`)
        .join(', ') +
      '.',
    '',
    '## Anomalies',
    '',
  ];
  if (result.anomalies.length === 0)
    lines.push('None: every expected email went out once, to every recipient, at its instant, and nothing else did.');
  else {
    lines.push(
      `${Object.entries(result.anomalyCounts)
        .map(([type, count]) => `${type}: ${count}`)
        .join(', ')}.`,
      '',
    );
    for (const anomaly of result.anomalies.slice(0, 500)) lines.push(`- **${anomaly.type}** ${anomaly.detail}`);
    if (result.anomalies.length > 500) lines.push(`- ... ${result.anomalies.length - 500} more in the JSON file`);
  }
  lines.push('', '## Totals', '', '| kind | emails | recipients |', '|---|---:|---:|');
  for (const [kind, count] of Object.entries(result.totals.byKind))
    lines.push(`| ${kind} | ${number(count.emails)} | ${number(count.recipients)} |`);
  lines.push(
    `| **all** | **${number(result.totals.emails)}** | **${number(result.totals.recipients)}** |`,
    '',
    '## Emails per day',
    '',
    `![${title}](${svgFile})`,
    '',
    emailsPerDayMermaid(days, title),
    '',
    '## Timeline',
    '',
    'Dates in America/Chicago.',
    '',
    '| date | emails | recipients | what |',
    '|---|---:|---:|---|',
  );
  for (const day of result.timeline)
    lines.push(`| ${day.day} | ${number(day.emails)} | ${number(day.recipients)} | ${kinds(day.byKind)} |`);
  lines.push('', ...costSection(result), '', '## Runtime log', '');
  if (result.runtimeLog.length === 0) lines.push('Nothing: no delivery failed, no route failed.');
  else
    lines.push(
      `Failed deliveries are retried by the bus (the emails above show whether a retry sent anything twice). The ` +
        `latest ${result.runtimeLog.length} lines:`,
      '',
      '```',
      ...result.runtimeLog,
      '```',
    );
  lines.push('');
  return lines.join('\n');
}

/** Writes season-<districts>.md, .json and -emails-per-day.svg under `reportDir`; returns their paths. */
export function writeReport(result: SeasonResult, reportDir: string): NonNullable<SeasonResult['files']> {
  mkdirSync(reportDir, { recursive: true });
  const base = path.join(reportDir, `season-${result.mode === 'overlap' ? 'overlap-' : ''}${result.districts}`);
  const files = { markdown: `${base}.md`, json: `${base}.json`, svg: `${base}-emails-per-day.svg` };
  const days = everyDay(
    new Map(result.timeline.map((day) => [day.day, day.emails])),
    result.timeline[0]?.day ?? result.virtualSpan.from.slice(0, 10),
    result.timeline.at(-1)?.day ?? result.virtualSpan.to.slice(0, 10),
  );
  writeFileSync(
    files.svg,
    emailsPerDaySvg(
      days,
      `Emails per day, ${number(result.districts)} districts, ${number(result.partners)} partners (America/Chicago)`,
    ),
  );
  writeFileSync(files.markdown, markdownReport({ ...result, files }, path.basename(files.svg)));
  writeFileSync(files.json, `${JSON.stringify({ ...result, files }, null, 2)}\n`);
  return files;
}
