/**
 * The commands of `srsn`: each one call (or two) to the facilitator API and a view of
 * the answer. The API validates every value and names the field it refuses; the CLI
 * only turns its own syntax (score pairs, version numbers) into the request body.
 */

import type { Application } from '../shared/applications/schemas.ts';
import { applicantDisplayName } from '../shared/domain/applicant.ts';
import { ZONE_NAMES, type ZoneCode, zoneTitle } from '../shared/domain/zones.ts';
import { formatDateTime } from '../shared/platform/time/zoned.ts';
import { type ApiClient, ApiError } from './api-client.ts';
import { type CommandSyntax, type OptionValues, parseScorePairs, parseVersion, UsageError } from './command-line.ts';
import {
  cell,
  centralTime,
  describe,
  indent,
  keyValues,
  objectTable,
  outline,
  pairs,
  plural,
  SEASON_TIME_ZONE,
  safeLine,
  safeText,
  table,
} from './format.ts';

export interface CommandContext {
  readonly api: ApiClient;
  /** --json: print the API's answer as JSON, nothing else. */
  readonly json: boolean;
  /** Writes one block of output (a newline is added). */
  print(text: string): void;
  /** Asks on an interactive terminal; true without asking when there is none. */
  confirm(question: string): Promise<boolean>;
}

/** The facilitator said no when asked to confirm; nothing was sent. */
export class CancelledError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CancelledError';
  }
}

export interface Command extends CommandSyntax {
  /**
   * The API fields this command's options and argument fill (`query.cohort` -> `--cohort`): a refusal names the
   * option, and a field inside one (`scores.elements.3` under `scores.elements`) names it with the field.
   */
  readonly apiFields?: Readonly<Record<string, string>>;
  /** What a 404 NotFound means for the values given, naming the option ("no cohort 2026-2027 (--cohort)"). */
  notFound?(values: OptionValues, positional: string | undefined): string;
  run(context: CommandContext, values: OptionValues, positional: string | undefined): Promise<void>;
}

export const FACILITATOR = '/facilitator';

/**
 * apiFields of options sent as query parameters: the API names them `query.<name>`
 * (shared/platform/http/parameters.ts). A JSON body's fields it names as they are, a path's `path.<name>`.
 */
export function queryFields(options: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(options).map(([field, option]) => [`query.${field}`, option]));
}

/** The API's name of the application id in the path of /facilitator/applications/{applicationId}... */
const applicationFields = { 'path.applicationId': '<applicationId>' } as const;

function applicationPath(applicationId: string, suffix = ''): string {
  return `${FACILITATOR}/applications/${encodeURIComponent(applicationId)}${suffix}`;
}

export function text(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

export function required(values: OptionValues, name: string): string {
  const value = text(values, name);
  if (value === undefined) throw new UsageError(`Missing --${name}`);
  return value;
}

/** The argument of a command that takes one; parseCommandLine refuses a command line without it. */
export function argument(positional: string | undefined, syntax: NonNullable<CommandSyntax['positional']>): string {
  if (positional === undefined) throw new UsageError(`Missing <${syntax.name}>`);
  return positional;
}

/** A repeatable option's values, in command-line order (none: empty). */
export function texts(values: OptionValues, name: string): readonly string[] {
  const value = values[name];
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value : [];
}

/**
 * The request, with the API's refused fields named as the command line or file gave them: `zones.CNZ.due` becomes
 * `--set zones.CNZ.due` or `next.yaml line 14 (zones.CNZ.due)` (see apiErrorLines).
 */
export async function labelFields<T>(request: Promise<T>, label: (field: string) => string | undefined): Promise<T> {
  try {
    return await request;
  } catch (error) {
    if (!(error instanceof ApiError) || typeof error.body !== 'object' || error.body === null) throw error;
    const errors = (error.body as { errors?: unknown }).errors;
    const labels: Record<string, string> = { ...error.fieldLabels };
    for (const fieldError of Array.isArray(errors) ? errors : []) {
      const field = (fieldError as { field?: unknown } | null)?.field;
      const named = typeof field === 'string' ? label(field) : undefined;
      if (typeof field === 'string' && named !== undefined) labels[field] = named;
    }
    throw new ApiError(error.method, error.path, error.status, error.body, labels);
  }
}

export function printJson(context: CommandContext, body: unknown): void {
  context.print(JSON.stringify(body ?? null, null, 2));
}

function isZone(zone: string): zone is ZoneCode {
  return Object.hasOwn(ZONE_NAMES, zone);
}

/** "the System Design Zone (SDZ), cohort 2026-2027" */
function zoneAndCohort(zone: string, cohort: string): string {
  return `${isZone(zone) ? `the ${zoneTitle(zone)}` : safeLine(zone)}, cohort ${safeLine(cohort)}`;
}

/** The version to send as expectedVersion: --version, or the one the API holds now. */
async function currentVersion(context: CommandContext, applicationId: string, values: OptionValues): Promise<number> {
  const given = text(values, 'version');
  if (given !== undefined) return parseVersion(given);
  const record = (await context.api.request('GET', applicationPath(applicationId))) as { version?: unknown };
  if (typeof record.version !== 'number')
    throw new Error(`The API answered GET ${applicationPath(applicationId)} without a version`);
  return record.version;
}

/** One page from `nextToken`, or with `all` every page after it joined into one. */
export async function pageOrAll<T>(
  fetchPage: (nextToken: string | undefined) => Promise<{ items: T[]; nextToken: string | null }>,
  nextToken: string | undefined,
  all: boolean,
): Promise<{ items: T[]; nextToken: string | null }> {
  let page = await fetchPage(nextToken);
  if (!all) return page;
  const items = [...page.items];
  for (let pages = 1; page.nextToken && pages < 10_000; pages += 1) {
    page = await fetchPage(page.nextToken);
    items.push(...page.items);
  }
  return { items, nextToken: null };
}

// ---- views ---------------------------------------------------------------

interface QueueItem {
  readonly applicationId: string;
  readonly applicant: string;
  readonly status: string;
  readonly decision: string | null;
  readonly submittedAt: string;
  readonly version: number;
}

export function queueTable(items: readonly QueueItem[]): string {
  return table(items, [
    { header: 'id', value: (item) => item.applicationId },
    { header: 'applicant', value: (item) => item.applicant },
    { header: 'status', value: (item) => item.status },
    { header: 'decision', value: (item) => item.decision },
    { header: 'submitted (Central)', value: (item) => (item.submittedAt ? centralTime(item.submittedAt) : null) },
    { header: 'version', value: (item) => item.version },
  ]);
}

interface AuditEntry {
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly details?: Record<string, unknown>;
}

export function auditTable(entries: readonly AuditEntry[]): string {
  return table(entries, [
    { header: 'when (Central)', value: (entry) => centralTime(entry.at) },
    { header: 'who', value: (entry) => entry.actor },
    { header: 'action', value: (entry) => entry.action },
    {
      header: 'details',
      value: (entry) => (entry.details && Object.keys(entry.details).length > 0 ? pairs(entry.details) : null),
    },
  ]);
}

/** GET /facilitator/applications/{id} as the views read it: each field is printed as it comes. */
export interface ApplicationRecord {
  readonly applicationId?: unknown;
  readonly applicantKey?: unknown;
  readonly application?: unknown;
  readonly zone?: string;
  readonly cohort?: unknown;
  readonly status?: unknown;
  readonly version?: unknown;
  readonly submittedAt?: unknown;
  readonly rolledOverFrom?: unknown;
  readonly review?: {
    readonly decision?: unknown;
    readonly reviewedBy?: unknown;
    readonly reviewedAt?: unknown;
    readonly scores?: { readonly elements?: unknown; readonly evidence?: unknown };
    readonly notes?: string;
  } | null;
  readonly resultSent?: {
    readonly decision?: unknown;
    readonly sentAt?: unknown;
    readonly corrections?: number;
  } | null;
  readonly boardResolution?: {
    readonly adoptedOn?: unknown;
    readonly reference?: unknown;
    readonly recordedBy?: unknown;
    readonly recordedAt?: unknown;
  } | null;
  /** The clarifications, or (set by `show`) why they could not be read. */
  clarifications?: unknown;
  readonly audit?: unknown;
}

/** The human view of GET /facilitator/applications/{id}. */
export function applicationView(record: ApplicationRecord): string {
  let applicant: unknown = record.applicantKey ?? '-';
  try {
    applicant = applicantDisplayName(record.application as Application);
  } catch {
    // An application shape this CLI does not know: the key still identifies it.
  }
  const review = record.review;
  const resultSent = record.resultSent;
  const resolution = record.boardResolution;
  const lines: Array<[string, unknown]> = [
    ['application', record.applicationId],
    ['applicant', applicant],
    ['applicant key', record.applicantKey],
    ['zone', record.zone !== undefined && isZone(record.zone) ? zoneTitle(record.zone) : record.zone],
    ['cohort', record.cohort],
    ['status', record.status],
    ['version', record.version],
    ['submitted', record.submittedAt],
  ];
  if (record.rolledOverFrom) lines.push(['rolled over from', record.rolledOverFrom]);
  lines.push(['decision', review?.decision ?? 'none yet']);
  if (review) {
    lines.push(['reviewed', `${cell(review.reviewedBy)}, ${cell(review.reviewedAt)}`]);
    lines.push(['element scores', review.scores?.elements]);
    if (review.scores?.evidence) lines.push(['evidence scores', review.scores.evidence]);
  }
  lines.push([
    'result sent',
    resultSent
      ? `${cell(resultSent.decision)}, ` +
        `${cell(resultSent.sentAt)}${resultSent.corrections ? `, ${plural(resultSent.corrections, 'correction')}` : ''}`
      : 'not yet',
  ]);
  if (record.zone === 'SDZ' || resolution) {
    lines.push([
      'board resolution',
      resolution
        ? `adopted ${cell(resolution.adoptedOn)}, ${cell(resolution.reference)} (recorded by ` +
          `${cell(resolution.recordedBy)}, ${cell(resolution.recordedAt)})`
        : 'not recorded',
    ]);
  }
  const blocks = [keyValues(lines)];
  if (review?.notes) blocks.push(`Review notes:\n${indent(safeText(review.notes))}`);
  if (typeof record.clarifications === 'string') blocks.push(`Clarifications: ${safeLine(record.clarifications)}`);
  if (Array.isArray(record.clarifications)) {
    const clarifications =
      record.clarifications.length === 0
        ? '(none)'
        : record.clarifications.map((item: unknown) => outline(item)).join('\n\n');
    blocks.push(`Clarifications (${record.clarifications.length}):\n${indent(clarifications)}`);
  }
  if (record.application) blocks.push(`Application as submitted:\n${outline(record.application, 1)}`);
  if (Array.isArray(record.audit))
    blocks.push(`Audit trail:\n${indent(record.audit.length === 0 ? '(none)' : auditTable(record.audit))}`);
  return blocks.join('\n\n');
}

/** GET /facilitator/releases/preview as the dry run reads it. */
export interface ReleasePreview {
  readonly scheduledAt?: unknown;
  readonly release?: {
    readonly releasedAt?: unknown;
    readonly requestedBy?: unknown;
    readonly releasedBy?: unknown;
  } | null;
  readonly results?: unknown;
  readonly notSent?: unknown;
  readonly undecided?: unknown;
}

/** One result email of the dry run. */
interface ResultPreview {
  readonly applicationId?: unknown;
  readonly applicant?: unknown;
  readonly decision?: unknown;
  readonly action?: unknown;
  readonly to?: unknown;
  readonly cc?: unknown;
  readonly subject?: unknown;
  readonly attachments?: unknown;
  readonly rollover?: { readonly summary?: unknown } | null;
}

/**
 * The dry run: one line per result email (subject last, as it is the longest), then what else happens and who gets
 * nothing.
 */
export function releasePreviewView(body: ReleasePreview): string {
  if (!Array.isArray(body.results)) return describe(body);
  const results: readonly ResultPreview[] = body.results;
  const release = body.release;
  const released = release
    ? `Released ${cell(release.releasedAt)} by ${cell(release.requestedBy ?? release.releasedBy)}.`
    : 'Not released yet.';
  const scheduled = body.scheduledAt ? cell(body.scheduledAt) : 'none (release it with this command)';
  const blocks = [`Scheduled release: ${scheduled}. ${released}`];
  blocks.push(
    results.length === 0
      ? 'Result emails: none.'
      : `Result emails (${results.length}):\n${indent(
          table(results, [
            { header: 'id', value: (row) => row.applicationId },
            { header: 'applicant', value: (row) => row.applicant },
            { header: 'decision', value: (row) => row.decision },
            { header: 'action', value: (row) => row.action },
            { header: 'to', value: (row) => row.to },
            { header: 'cc', value: (row) => row.cc },
            { header: 'subject', value: (row) => row.subject },
          ]),
        )}`,
  );
  const notes = results.flatMap((row) => [
    ...(Array.isArray(row.attachments) && row.attachments.length > 0
      ? [`${cell(row.applicationId)}: attaches ${cell(row.attachments)}`]
      : []),
    ...(row.rollover ? [`${cell(row.applicationId)}: ${cell(row.rollover.summary ?? row.rollover)}`] : []),
  ]);
  if (notes.length > 0) blocks.push(`Also:\n${notes.map((note) => `  ${note}`).join('\n')}`);
  if (Array.isArray(body.notSent) && body.notSent.length > 0) {
    blocks.push(
      `No email (${body.notSent.length})` +
        `:\n${indent(objectTable(body.notSent, ['applicationId', 'applicant', 'status', 'reason', 'message']))}`,
    );
  }
  if (Array.isArray(body.undecided) && body.undecided.length > 0) {
    blocks.push(
      `Undecided, so no email; the facilitators are alerted at release (${body.undecided.length}):\n` +
        `${indent(objectTable(body.undecided, ['applicationId', 'applicant', 'status']))}`,
    );
  }
  return blocks.join('\n\n');
}

// ---- commands ------------------------------------------------------------

export const cohortOption = {
  type: 'string',
  placeholder: '<cohort>',
  required: true,
  description: 'cohort id, two consecutive years, e.g. 2026-2027',
} as const;
export const zoneOption = {
  type: 'string',
  placeholder: '<zone>',
  required: true,
  description: 'SDZ, ILDZ or CNZ',
} as const;
const versionOption = {
  type: 'string',
  placeholder: '<n>',
  description: 'the version you read (from queue or show); without it the CLI reads the current one first',
} as const;
const applicationArgument = {
  name: 'applicationId',
  description: 'e.g. sdz-2026-2027-0453ba3b856e (see `srsn queue`)',
} as const;

const queue: Command = {
  name: 'queue',
  summary: "list a zone's review queue (table: id, applicant, status, decision, submitted, version)",
  usage: 'queue --cohort <cohort> --zone <zone> [--status <status>] [--all | --limit <n> --next <token>]',
  description:
    "Lists a zone's applications, grouped by status and oldest first within a status, one page at a time (25 by " +
    'default); --all follows every page.',
  options: {
    cohort: cohortOption,
    zone: zoneOption,
    status: {
      type: 'string',
      placeholder: '<status>',
      description: 'submitted, clarification_requested, selected or not_selected',
    },
    limit: { type: 'string', placeholder: '<n>', description: 'page size, 1-100 (default 25)' },
    next: { type: 'string', placeholder: '<token>', description: 'the page token printed under the previous page' },
    all: { type: 'boolean', description: 'fetch every page' },
  },
  examples: [
    'srsn queue --cohort 2026-2027 --zone SDZ',
    'srsn queue --cohort 2026-2027 --zone SDZ --status submitted --all',
    'srsn queue --cohort 2026-2027 --zone ILDZ --json',
  ],
  apiFields: queryFields({
    cohort: '--cohort',
    zone: '--zone',
    status: '--status',
    limit: '--limit',
    nextToken: '--next',
  }),
  async run(context, values) {
    const cohort = required(values, 'cohort');
    const zone = required(values, 'zone');
    const status = text(values, 'status');
    const limit = text(values, 'limit');
    const fetchPage = async (nextToken: string | undefined) =>
      (await context.api.request('GET', `${FACILITATOR}/applications`, {
        query: { cohort, zone, status, limit, nextToken },
      })) as { items: QueueItem[]; nextToken: string | null };

    const page = await pageOrAll(fetchPage, text(values, 'next'), values.all === true);
    if (context.json) return printJson(context, page);

    const scope = `${zoneAndCohort(zone, cohort)}${status ? `, status ${safeLine(status)}` : ''}`;
    if (page.items.length === 0 && !page.nextToken) {
      context.print(`No applications in ${scope}.`);
      return;
    }
    const lines = [
      queueTable(page.items),
      '',
      `${plural(page.items.length, 'application')} in ${scope}${page.nextToken ? ' (more on the next page)' : ''}.`,
    ];
    if (page.nextToken) {
      const repeat = [
        `--cohort ${cohort}`,
        `--zone ${zone}`,
        ...(status ? [`--status ${status}`] : []),
        ...(limit ? [`--limit ${limit}`] : []),
      ].join(' ');
      lines.push(`Next page: srsn queue ${safeLine(repeat)} --next ${safeLine(page.nextToken)}`);
    }
    context.print(lines.join('\n'));
  },
};

const show: Command = {
  name: 'show',
  summary: 'show one application: review, result, resolution, the application as submitted, audit trail',
  usage: 'show <applicationId>',
  description: 'Shows everything about one application, ending with its audit trail.',
  positional: applicationArgument,
  options: {},
  examples: ['srsn show sdz-2026-2027-0453ba3b856e', 'srsn show sdz-2026-2027-0453ba3b856e --json'],
  apiFields: applicationFields,
  async run(context, _values, positional) {
    const applicationId = argument(positional, applicationArgument);
    const record = (await context.api.request('GET', applicationPath(applicationId))) as ApplicationRecord;
    if (context.json) return printJson(context, record);
    if (!Array.isArray(record.clarifications)) {
      try {
        const answer = (await context.api.request('GET', applicationPath(applicationId, '/clarifications'))) as {
          items?: unknown;
        };
        if (Array.isArray(answer.items)) record.clarifications = answer.items;
      } catch (error) {
        // The application itself was read: show it, and say what could not be.
        if (!(error instanceof ApiError)) throw error;
        record.clarifications = `could not be read (HTTP ${error.status})`;
      }
    }
    context.print(applicationView(record));
  },
};

const audit: Command = {
  name: 'audit',
  summary: "show an application's audit trail (when, who, action, details)",
  usage: 'audit <applicationId>',
  description: 'Every state change of the application and every email about it, oldest first, times in Central time.',
  positional: applicationArgument,
  options: {},
  examples: ['srsn audit sdz-2026-2027-0453ba3b856e'],
  apiFields: applicationFields,
  async run(context, _values, positional) {
    const applicationId = argument(positional, applicationArgument);
    const body = (await context.api.request('GET', applicationPath(applicationId, '/audit'))) as {
      entries: AuditEntry[];
    };
    if (context.json) return printJson(context, body);
    context.print(
      body.entries.length === 0 ? `No audit entries for ${safeLine(applicationId)}.` : auditTable(body.entries),
    );
  },
};

const clarify: Command = {
  name: 'clarify',
  summary: 'ask the applicant a question (they get an email with a reply link)',
  usage: 'clarify <applicationId> --question <text>',
  description:
    "Emails the applicant's contact the question with a link to answer it; the application waits in " +
    'clarification_requested until they do.',
  positional: applicationArgument,
  options: {
    question: {
      type: 'string',
      placeholder: '<text>',
      required: true,
      description: 'the question (line breaks allowed)',
    },
  },
  examples: ['srsn clarify sdz-2026-2027-0453ba3b856e --question "Which grades use the data dashboard?"'],
  apiFields: { ...applicationFields, question: '--question' },
  async run(context, values, positional) {
    const applicationId = argument(positional, applicationArgument);
    const body = (await context.api.request('POST', applicationPath(applicationId, '/clarifications'), {
      body: { question: required(values, 'question') },
    })) as Record<string, unknown>;
    if (context.json) return printJson(context, body);
    if (typeof body.clarificationId !== 'string')
      return context.print(`Clarification requested for ${safeLine(applicationId)}.\n${describe(body)}`);
    context.print(
      `Clarification ${safeLine(body.clarificationId)} requested: the applicant of ${safeLine(applicationId)} is ` +
        `emailed the question with a link to answer it. ` +
        `The application is ${cell(body.applicationStatus)} (version ${cell(body.version)}) until they answer; ` +
        `\`srsn show ${safeLine(applicationId)}\` shows the answer.`,
    );
  },
};

const decide: Command = {
  name: 'decide',
  summary: 'record a review: rubric scores, notes and the decision',
  usage:
    'decide <applicationId> --decision selected|not_selected --scores 1=3,2=3,...,8=4 [--evidence ' +
    'cblPractices=4,...] [--notes <text>] --version <n>',
  description: [
    'Records scores for the 8 CBL elements (1 = not evident .. 4 = strong evidence), the SDZ evidence of',
    'practice (cblPractices, dataForSystemChange, assessmentForLearning, professionalLearning; required for',
    'SDZ), notes and the decision. Accepted only if nobody changed the application since the version you',
    'read: otherwise the API answers 409 and nothing changes. Nothing is emailed until results are released.',
  ].join('\n'),
  positional: applicationArgument,
  options: {
    decision: { type: 'string', placeholder: '<decision>', required: true, description: 'selected or not_selected' },
    scores: {
      type: 'string',
      placeholder: '<pairs>',
      required: true,
      description: 'element=score for elements 1-8, e.g. 1=3,2=3,3=2,4=4,5=3,6=2,7=3,8=4',
    },
    evidence: {
      type: 'string',
      placeholder: '<pairs>',
      description:
        'SDZ evidence scores, e.g. cblPractices=4,dataForSystemChange=3,assessmentForLearning=2,professionalLearning=3',
    },
    notes: { type: 'string', placeholder: '<text>', description: 'review notes (default empty)' },
    // Required: reading the current version here would let a decision silently replace one
    // another facilitator recorded after you looked.
    version: {
      ...versionOption,
      required: true,
      description:
        'the version you read with `srsn show` or `srsn queue`; the API refuses the review (409) if it changed since',
    },
  },
  examples: [
    'srsn decide sdz-2026-2027-0453ba3b856e --decision selected --scores 1=3,2=3,3=2,4=4,5=3,6=2,7=3,8=4 \\\n' +
      '    --evidence cblPractices=4,dataForSystemChange=3,assessmentForLearning=2,professionalLearning=3 --notes ' +
      '"Strong evidence." --version 1',
  ],
  apiFields: {
    ...applicationFields,
    expectedVersion: '--version',
    decision: '--decision',
    notes: '--notes',
    'scores.elements': '--scores',
    'scores.evidence': '--evidence',
  },
  async run(context, values, positional) {
    const applicationId = argument(positional, applicationArgument);
    const elements = parseScorePairs(required(values, 'scores'), 'scores');
    const evidenceText = text(values, 'evidence');
    const evidence = evidenceText === undefined ? undefined : parseScorePairs(evidenceText, 'evidence');
    const expectedVersion = parseVersion(required(values, 'version'));
    const body = (await context.api.request('PUT', applicationPath(applicationId, '/review'), {
      body: {
        expectedVersion,
        decision: required(values, 'decision'),
        notes: text(values, 'notes') ?? '',
        scores: { elements, ...(evidence ? { evidence } : {}) },
      },
    })) as QueueItem & { correctionAvailable?: boolean; resultSent?: { decision?: string } | null };
    if (context.json) return printJson(context, body);
    const lines = [
      `Recorded the review of ${safeLine(body.applicationId)}: ${cell(body.decision)} (status ${cell(body.status)}, ` +
        `version ${body.version}).`,
    ];
    if (body.correctionAvailable) {
      lines.push(
        `The result email already went out saying ${cell(body.resultSent?.decision)}. To send a correction: srsn ` +
          `send-result ${safeLine(body.applicationId)}`,
      );
    }
    context.print(lines.join('\n'));
  },
};

const release: Command = {
  name: 'release',
  summary: "release a zone's results now, or --dry-run: who would receive what",
  usage: 'release --cohort <cohort> --zone <zone> [--dry-run] [--yes]',
  description: [
    "Sends every decided application of the zone its result email now instead of on the zone's notification",
    'date; undecided applications get nothing and the facilitators are alerted. --dry-run sends nothing and',
    'lists exactly who will receive what. On a terminal the CLI asks before releasing unless --yes.',
  ].join('\n'),
  options: {
    cohort: cohortOption,
    zone: zoneOption,
    'dry-run': { type: 'boolean', description: 'send nothing; list each recipient and message' },
    yes: { type: 'boolean', short: 'y', description: 'do not ask for confirmation' },
  },
  examples: [
    'srsn release --cohort 2026-2027 --zone SDZ --dry-run',
    'srsn release --cohort 2026-2027 --zone SDZ --yes',
  ],
  // --dry-run asks GET .../preview?cohort&zone; the release itself is POST {cohort, zone}.
  apiFields: { ...queryFields({ cohort: '--cohort', zone: '--zone' }), cohort: '--cohort', zone: '--zone' },
  async run(context, values) {
    const cohort = required(values, 'cohort');
    const zone = required(values, 'zone');
    if (values['dry-run']) {
      const body = await context.api.request('GET', `${FACILITATOR}/releases/preview`, { query: { cohort, zone } });
      if (context.json) return printJson(context, body);
      context.print(
        `Dry run for ${zoneAndCohort(zone, cohort)}: nothing was sent.\n${releasePreviewView(body as ReleasePreview)}`,
      );
      return;
    }
    if (
      !values.yes &&
      !(await context.confirm(
        `Release the results of ${zoneAndCohort(zone, cohort)} now? Every decided applicant is emailed. [y/N] `,
      ))
    ) {
      throw new CancelledError('Release cancelled; nothing was sent.');
    }
    const body = (await context.api.request('POST', `${FACILITATOR}/releases`, { body: { cohort, zone } })) as {
      message?: unknown;
      release?: Record<string, unknown>;
    };
    if (context.json) return printJson(context, body);
    const lines = [
      typeof body.message === 'string'
        ? safeLine(body.message)
        : `Release of ${zoneAndCohort(zone, cohort)} requested.`,
    ];
    if (body.release)
      lines.push(
        `Requested ${cell(body.release.releasedAt)} by ${cell(body.release.requestedBy ?? body.release.releasedBy)}; ` +
          `each result email is listed in \`srsn audit <applicationId>\`.`,
      );
    context.print(lines.join('\n'));
  },
};

const sendResult: Command = {
  name: 'send-result',
  summary: 'after release: send a result decided late, or a correction of a changed decision',
  usage: 'send-result <applicationId>',
  description:
    'After the zone is released: sends the result if it never went out, or a correction if the decision changed ' +
    'since; otherwise the API answers 409 and nothing is sent.',
  positional: applicationArgument,
  options: {},
  examples: ['srsn send-result sdz-2026-2027-0453ba3b856e'],
  apiFields: applicationFields,
  async run(context, _values, positional) {
    const applicationId = argument(positional, applicationArgument);
    const body = (await context.api.request('POST', applicationPath(applicationId, '/send-result'))) as Record<
      string,
      unknown
    >;
    if (context.json) return printJson(context, body);
    if (body.sent === 'correction') {
      context.print(
        `Correction ${cell(body.correction)} sent for ${safeLine(applicationId)}: now ${cell(body.decision)} ` +
          `("${cell(body.subject)}").`,
      );
    } else if (body.sent === 'result') {
      context.print(`Result sent for ${safeLine(applicationId)}: ${cell(body.decision)}.`);
    } else {
      context.print(`Result email requested for ${safeLine(applicationId)}.\n${describe(body)}`);
    }
  },
};

const resolution: Command = {
  name: 'resolution',
  summary: "record a selected SDZ district's board resolution (ends the weekly reminders)",
  usage: 'resolution <applicationId> --adopted-on <YYYY-MM-DD> --reference <text> [--version <n>]',
  description: 'Records the board of education resolution supporting participation of a selected SDZ district.',
  positional: applicationArgument,
  options: {
    'adopted-on': {
      type: 'string',
      placeholder: '<date>',
      required: true,
      description: 'the date the board adopted it, YYYY-MM-DD',
    },
    reference: {
      type: 'string',
      placeholder: '<text>',
      required: true,
      description: 'the document reference, e.g. "Resolution 2022-14"',
    },
    version: versionOption,
  },
  examples: [
    'srsn resolution sdz-2026-2027-0453ba3b856e --adopted-on 2026-09-22 --reference "Board minutes 2026-09-22, item 7"',
  ],
  apiFields: {
    ...applicationFields,
    adoptedOn: '--adopted-on',
    reference: '--reference',
    expectedVersion: '--version',
  },
  async run(context, values, positional) {
    const applicationId = argument(positional, applicationArgument);
    const expectedVersion = await currentVersion(context, applicationId, values);
    const body = await context.api.request('POST', applicationPath(applicationId, '/board-resolution'), {
      body: { adoptedOn: required(values, 'adopted-on'), reference: required(values, 'reference'), expectedVersion },
    });
    if (context.json) return printJson(context, body);
    const answer = body as {
      alreadyRecorded?: unknown;
      version?: unknown;
      boardResolution?: Record<string, unknown> | null;
    };
    const resolved = answer.boardResolution;
    const what = resolved ? `adopted ${cell(resolved.adoptedOn)}, ${cell(resolved.reference)}` : describe(body);
    context.print(
      answer.alreadyRecorded === true
        ? `This board resolution was already recorded for ${safeLine(applicationId)} (${what}); nothing changed.`
        : `Board resolution recorded for ${safeLine(applicationId)}: ${what} (version ${cell(answer.version)}). No ` +
            `more reminders go to this district.`,
    );
  },
};

const extend: Command = {
  name: 'extend',
  summary: "let one applicant submit after the zone's window closed, until a given instant",
  usage: 'extend --cohort <cohort> --zone <zone> --applicant-key <key> --until <instant>',
  description: [
    'Grants one applicant an extension of the application window. The applicant key is how the system',
    'identifies an applicant: district:<county-district code>, school:<county-district code>:<school code>,',
    'teacher:<county-district code>:<email>, organization:<name, lower case>.',
  ].join('\n'),
  options: {
    cohort: cohortOption,
    zone: zoneOption,
    'applicant-key': { type: 'string', placeholder: '<key>', required: true, description: 'e.g. district:096-104' },
    until: {
      type: 'string',
      placeholder: '<instant>',
      required: true,
      description: 'ISO 8601 instant, e.g. 2022-09-12T05:00:00Z (midnight ending Sept 11 CDT)',
    },
    note: { type: 'string', placeholder: '<text>', description: 'why, for the record (one line)' },
  },
  examples: ['srsn extend --cohort 2026-2027 --zone SDZ --applicant-key district:096-104 --until 2026-09-12T05:00:00Z'],
  apiFields: { cohort: '--cohort', zone: '--zone', applicantKey: '--applicant-key', until: '--until', note: '--note' },
  async run(context, values) {
    const cohort = required(values, 'cohort');
    const zone = required(values, 'zone');
    const applicantKey = required(values, 'applicant-key');
    const until = required(values, 'until');
    const note = text(values, 'note');
    const body = (await context.api.request('POST', `${FACILITATOR}/extensions`, {
      body: { cohort, zone, applicantKey, until, ...(note === undefined ? {} : { note }) },
    })) as Record<string, unknown>;
    if (context.json) return printJson(context, body);
    const lines = [
      `Extension granted: ${cell(body.applicantKey ?? applicantKey)} may apply to ${zoneAndCohort(zone, cohort)} ` +
        `until ${cell(body.until ?? until)}.`,
    ];
    if (body.closedAt) lines.push(`The window closed ${cell(body.closedAt)} for everyone else.`);
    if (Array.isArray(body.grants) && body.grants.length > 1)
      lines.push(`This replaces an earlier extension (${plural(body.grants.length, 'grant')} on record).`);
    context.print(lines.join('\n'));
  },
};

const clock: Command = {
  name: 'clock',
  summary: 'local runtime only: show the virtual clock, or move it forward (running every tick due)',
  usage: 'clock [--set <instant>]',
  description:
    'The local runtime keeps virtual time; moving it runs every 15-minute schedule tick on the way, so milestones ' +
    '(window closed, results release, reminders) happen as they would have.',
  options: {
    set: { type: 'string', placeholder: '<instant>', description: 'move the clock forward to this ISO 8601 instant' },
  },
  examples: ['srsn clock', 'srsn clock --set 2022-09-15T14:00:00Z   # 9:00 AM CDT on the SDZ notification date'],
  async run(context, values) {
    const set = text(values, 'set');
    const body = (await (set === undefined
      ? context.api.request('GET', '/_local/clock')
      : context.api.request('POST', '/_local/clock', { body: { now: set } }))) as {
      now: string;
      ticks?: number;
    };
    if (context.json) return printJson(context, body);
    const lines = [`Virtual clock: ${body.now} (${formatDateTime(new Date(body.now), SEASON_TIME_ZONE)})`];
    if (body.ticks !== undefined) lines.push(`Schedule ticks run: ${body.ticks}`);
    context.print(lines.join('\n'));
  },
};

/** The review commands; main.ts lists them with the participation commands (participation-commands.ts). */
export const COMMANDS: readonly Command[] = [
  queue,
  show,
  audit,
  clarify,
  decide,
  release,
  sendResult,
  resolution,
  extend,
  clock,
];
