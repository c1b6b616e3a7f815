/**
 * The participation commands of `srsn`: the monthly sessions (list, move, cancel, post the
 * video and slides), the invitees of the invitation campaign (import a CSV file, list), the
 * participants' rosters and the addresses the app no longer mails. Like the review
 * commands, each is one call to the facilitator API and a view of its answer; the API
 * checks every value and names the field it refuses.
 */
import { readFile } from 'node:fs/promises';
import { type OptionValues, UsageError } from './command-line.ts';
import {
  argument,
  CancelledError,
  type Command,
  type CommandContext,
  cohortOption,
  FACILITATOR,
  pageOrAll,
  printJson,
  queryFields,
  required,
  text,
  zoneOption,
} from './commands.ts';
import { cell, centralTime, isInstant, plural, safeLine, table } from './format.ts';

// ---- views ---------------------------------------------------------------

/** "2022-10-12 10:00-12:00 CDT": a session's time span in Central time, on one line. */
export function centralSpan(start: unknown, end: unknown): string | null {
  if (!isInstant(start) || !isInstant(end)) return null;
  const [startDate, startTime, startZone] = centralTime(start).split(' ');
  const [endDate, endTime, endZone] = centralTime(end).split(' ');
  return startDate === endDate && startZone === endZone
    ? `${startDate} ${startTime}-${endTime} ${startZone}`
    : `${centralTime(start)} - ${centralTime(end)}`;
}

interface SessionChangeView {
  readonly status?: string;
  readonly note?: string;
}

interface SessionView {
  readonly sessionDate: string;
  readonly status: string;
  readonly sequence: number;
  readonly current?: { readonly start?: string; readonly end?: string; readonly central?: string };
  readonly changes?: readonly SessionChangeView[];
  readonly materials?: { readonly revision?: number; readonly postedAt?: string } | null;
  readonly changed?: boolean;
}

/** When a session takes place now: the compact span, or the API's own wording. */
function currentTime(session: SessionView): string | null {
  return centralSpan(session.current?.start, session.current?.end) ?? session.current?.central ?? null;
}

export function sessionsTable(sessions: readonly SessionView[]): string {
  return table(sessions, [
    { header: 'date', value: (session) => session.sessionDate },
    { header: 'status', value: (session) => session.status },
    { header: 'sequence', value: (session) => session.sequence },
    { header: 'now (Central)', value: currentTime },
    {
      header: 'materials',
      value: (session) =>
        session.materials
          ? `revision ${cell(session.materials.revision)}, posted ${cell(session.materials.postedAt)}`
          : 'not posted',
    },
    { header: 'note', value: (session) => session.changes?.at(-1)?.note },
  ]);
}

interface InviteeView {
  readonly inviteeId: string;
  readonly kind: string;
  readonly organization: string;
  readonly countyDistrictCode: string | null;
  readonly contactName: string;
  readonly contactEmail: string;
  readonly zoneInterest: readonly string[];
  readonly updatedAt: string;
}

export function inviteesTable(invitees: readonly InviteeView[]): string {
  return table(invitees, [
    { header: 'id', value: (invitee) => invitee.inviteeId },
    { header: 'kind', value: (invitee) => invitee.kind },
    { header: 'organization', value: (invitee) => invitee.organization },
    { header: 'code', value: (invitee) => invitee.countyDistrictCode },
    { header: 'contact', value: (invitee) => invitee.contactName },
    { header: 'email', value: (invitee) => invitee.contactEmail },
    // An empty zone_interest means every zone open to the invitee's kind.
    {
      header: 'zones',
      value: (invitee) =>
        Array.isArray(invitee.zoneInterest) && invitee.zoneInterest.length > 0 ? invitee.zoneInterest : 'all open',
    },
    { header: 'updated (Central)', value: (invitee) => invitee.updatedAt },
  ]);
}

interface Recipient {
  readonly email: string;
  readonly name: string;
  readonly role: string;
}

interface RosterItem {
  readonly applicationId: string;
  readonly zone: string;
  readonly applicant: string;
  readonly roster: { readonly version: number } | null;
  readonly receivesSessionEmails: readonly Recipient[];
}

/**
 * One line per person who receives a participant's session emails: its roster members, or the stand-ins until it names
 * one.
 */
export function rostersTable(items: readonly RosterItem[]): string {
  const rows = items.flatMap((item) =>
    (item.receivesSessionEmails.length > 0 ? item.receivesSessionEmails : [undefined]).map((recipient) => ({
      item,
      recipient,
    })),
  );
  return table(rows, [
    { header: 'application id', value: ({ item }) => item.applicationId },
    { header: 'zone', value: ({ item }) => item.zone },
    { header: 'applicant', value: ({ item }) => item.applicant },
    { header: 'roster', value: ({ item }) => (item.roster ? `version ${cell(item.roster.version)}` : 'not named') },
    { header: 'role', value: ({ recipient }) => recipient?.role },
    { header: 'name', value: ({ recipient }) => recipient?.name },
    { header: 'email', value: ({ recipient }) => recipient?.email },
  ]);
}

interface UndeliverableItem {
  readonly address: string;
  readonly reason: string;
  readonly at: string;
  readonly notification?: string;
  readonly bounceSubType?: string | null;
  readonly complaintFeedbackType?: string | null;
  readonly diagnosticCode?: string | null;
  readonly tags?: Readonly<Record<string, string>>;
  readonly applications?: ReadonlyArray<{
    readonly applicationId: string;
    readonly organization?: string;
    readonly roles?: readonly string[];
  }>;
}

/**
 * Whose address it is: the applications of the cohort with its roles there, else the invitee its message was sent to.
 */
function belongsTo(item: UndeliverableItem): string | null {
  if (item.applications && item.applications.length > 0) {
    return item.applications
      .map((of) => `${cell(of.applicationId)} ${cell(of.organization)} (${cell(of.roles)})`)
      .join('; ');
  }
  return item.tags?.invitee ? `invitee ${cell(item.tags.invitee)}` : null;
}

/** "bounce (General)", "complaint (abuse)": the reason with SES's bounce subtype or complaint type. */
function reasonOf(item: UndeliverableItem): string {
  const detail = item.bounceSubType ?? item.complaintFeedbackType;
  return detail ? `${cell(item.reason)} (${cell(detail)})` : cell(item.reason);
}

export function undeliverableTable(items: readonly UndeliverableItem[]): string {
  return table(items, [
    { header: 'address', value: (item) => item.address },
    { header: 'reason', value: reasonOf },
    { header: 'when (Central)', value: (item) => item.at },
    { header: 'notification', value: (item) => item.notification },
    { header: 'belongs to', value: belongsTo },
    { header: 'diagnostic', value: (item) => item.diagnosticCode },
  ]);
}

// ---- commands ------------------------------------------------------------

function sessionPath(sessionDate: string, suffix = ''): string {
  return `${FACILITATOR}/sessions/${encodeURIComponent(sessionDate)}${suffix}`;
}

/** "the session of 2027-01-13 (cohort 2026-2027)": a session by the date the cohort scheduled it on. */
function sessionName(sessionDate: string, cohort: string): string {
  return `the session of ${safeLine(sessionDate)} (cohort ${safeLine(cohort)})`;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const sessionArgument = {
  name: 'sessionDate',
  description:
    'the date the cohort scheduled the session on, YYYY-MM-DD (see `srsn sessions`); it names the session even ' +
    'after a move',
} as const;
const yesOption = { type: 'boolean', short: 'y', description: 'do not ask for confirmation' } as const;
/** The fields of PUT|POST /facilitator/sessions/{sessionDate}... that every session command fills. */
const sessionFields = { 'path.sessionDate': '<sessionDate>', cohort: '--cohort' } as const;
const noteOption = {
  type: 'string',
  placeholder: '<text>',
  description: 'why, for the record and the email (one line)',
} as const;

/** Asks before a change every roster member is emailed about; on no, nothing is sent. */
async function confirmChange(
  context: CommandContext,
  values: OptionValues,
  question: string,
  refusal: string,
): Promise<void> {
  if (!values.yes && !(await context.confirm(`${question} Every roster member is emailed. [y/N] `)))
    throw new CancelledError(refusal);
}

const sessions: Command = {
  name: 'sessions',
  summary: "list a cohort's monthly sessions as they stand (date, status, sequence, time in Central, materials)",
  usage: 'sessions --cohort <cohort>',
  description: [
    "Lists the cohort's monthly sessions as they stand: status (scheduled, moved, cancelled), sequence (the",
    "number of changes, the calendar invitations' SEQUENCE), the current time in Central time, whether the",
    'video and slides are posted, and the note of the latest change. DATE, the date the cohort scheduled the',
    'session on, names it in move-session, cancel-session and materials, even after a move.',
  ].join('\n'),
  options: { cohort: cohortOption },
  examples: ['srsn sessions --cohort 2026-2027', 'srsn sessions --cohort 2026-2027 --json'],
  apiFields: queryFields({ cohort: '--cohort' }),
  async run(context, values) {
    const cohort = required(values, 'cohort');
    const body = (await context.api.request('GET', `${FACILITATOR}/sessions`, { query: { cohort } })) as {
      items: SessionView[];
    };
    if (context.json) return printJson(context, body);
    if (body.items.length === 0) return context.print(`No monthly sessions in cohort ${safeLine(cohort)}.`);
    const changed = body.items.filter((session) => session.status !== 'scheduled').length;
    context.print(
      `${sessionsTable(body.items)}\n\n${plural(body.items.length, 'session')} in cohort ` +
        `${safeLine(cohort)}${changed > 0 ? `, ${changed} moved or cancelled` : ''}.`,
    );
  },
};

const moveSession: Command = {
  name: 'move-session',
  summary: 'move a session to another date or time (or reinstate a cancelled one); every roster member is emailed',
  usage:
    'move-session <sessionDate> --cohort <cohort> [--date <YYYY-MM-DD>] --start <HH:MM> --end <HH:MM> [--note ' +
    '<text>] [--yes]',
  description: [
    'Moves the session to a date and times in Central time (without --date it keeps its current date), or',
    'reinstates a cancelled one. Every roster member is emailed the new time with an updated calendar',
    'invitation, and the reminders follow the session. The same values again change nothing. On a terminal',
    'the CLI asks first unless --yes.',
  ].join('\n'),
  positional: sessionArgument,
  options: {
    cohort: cohortOption,
    date: { type: 'string', placeholder: '<date>', description: 'the new date, YYYY-MM-DD (default: the current one)' },
    start: {
      type: 'string',
      placeholder: '<HH:MM>',
      required: true,
      description: 'start, 24-hour time in Central time, e.g. 13:00',
    },
    end: {
      type: 'string',
      placeholder: '<HH:MM>',
      required: true,
      description: 'end, 24-hour time in Central time, e.g. 15:00',
    },
    note: noteOption,
    yes: yesOption,
  },
  examples: [
    'srsn move-session 2027-01-13 --cohort 2026-2027 --date 2027-01-20 --start 13:00 --end 15:00 --note "Winter break"',
  ],
  apiFields: { ...sessionFields, date: '--date', start: '--start', end: '--end', note: '--note' },
  async run(context, values, positional) {
    const sessionDate = argument(positional, sessionArgument);
    const cohort = required(values, 'cohort');
    const date = text(values, 'date');
    const start = required(values, 'start');
    const end = required(values, 'end');
    const note = text(values, 'note');
    await confirmChange(
      context,
      values,
      `Move ${sessionName(sessionDate, cohort)} to ${date === undefined ? 'its current date' : safeLine(date)}, ` +
        `${safeLine(start)}-${safeLine(end)} Central?`,
      'Session not moved; nothing was sent.',
    );
    const body = (await context.api.request('PUT', sessionPath(sessionDate), {
      body: { cohort, ...(date === undefined ? {} : { date }), start, end, ...(note === undefined ? {} : { note }) },
    })) as SessionView;
    if (context.json) return printJson(context, body);
    const when = cell(currentTime(body));
    if (body.changed === false)
      return context.print(
        `${capitalized(sessionName(sessionDate, cohort))} already takes place ${when}; nothing changed.`,
      );
    const reinstated = body.changes?.at(-2)?.status === 'cancelled';
    const what = reinstated ? 'reinstated' : body.status === 'scheduled' ? 'back at its scheduled time' : 'moved';
    context.print(
      `${capitalized(sessionName(sessionDate, cohort))} ${what}: ${when} (sequence ${cell(body.sequence)}).\n` +
        'Every roster member is emailed the new time with an updated calendar invitation; the reminders follow it.',
    );
  },
};

const cancelSession: Command = {
  name: 'cancel-session',
  summary: 'cancel a session; every roster member is emailed a cancellation',
  usage: 'cancel-session <sessionDate> --cohort <cohort> [--note <text>] [--yes]',
  description: [
    'Cancels the session: every roster member is emailed a cancellation that removes it from their',
    'calendars, and it gets no more reminders (move-session reinstates it). Cancelling it again changes',
    'nothing. On a terminal the CLI asks first unless --yes.',
  ].join('\n'),
  positional: sessionArgument,
  options: { cohort: cohortOption, note: noteOption, yes: yesOption },
  examples: ['srsn cancel-session 2027-02-10 --cohort 2026-2027 --note "Snow day"'],
  apiFields: { ...sessionFields, note: '--note' },
  async run(context, values, positional) {
    const sessionDate = argument(positional, sessionArgument);
    const cohort = required(values, 'cohort');
    const note = text(values, 'note');
    await confirmChange(
      context,
      values,
      `Cancel ${sessionName(sessionDate, cohort)}?`,
      'Session not cancelled; nothing was sent.',
    );
    const body = (await context.api.request('POST', sessionPath(sessionDate, '/cancel'), {
      body: { cohort, ...(note === undefined ? {} : { note }) },
    })) as SessionView;
    if (context.json) return printJson(context, body);
    context.print(
      body.changed === false
        ? `${capitalized(sessionName(sessionDate, cohort))} was already cancelled; nothing changed.`
        : `${capitalized(sessionName(sessionDate, cohort))} cancelled (sequence ${cell(body.sequence)}).\n` +
            `Every roster member is emailed a cancellation that removes it from their calendars.`,
    );
  },
};

const materials: Command = {
  name: 'materials',
  summary: 'after a session: post (or correct) its video and slide links; every roster member is emailed them',
  usage: 'materials <sessionDate> --cohort <cohort> --video <url> --slides <url>',
  description: [
    'Posts the recording and the slides of a session that has taken place (https:// links). Every roster',
    'member is emailed the links; posting other links later emails them as "Updated video and slides",',
    'and the same links again change nothing.',
  ].join('\n'),
  positional: sessionArgument,
  options: {
    cohort: cohortOption,
    video: { type: 'string', placeholder: '<url>', required: true, description: 'the recording, an https:// link' },
    slides: { type: 'string', placeholder: '<url>', required: true, description: 'the slides, an https:// link' },
  },
  examples: [
    'srsn materials 2026-10-14 --cohort 2026-2027 --video https://video.example.org/oct --slides ' +
      'https://slides.example.org/oct',
  ],
  apiFields: { ...sessionFields, videoUrl: '--video', slidesUrl: '--slides' },
  async run(context, values, positional) {
    const sessionDate = argument(positional, sessionArgument);
    const cohort = required(values, 'cohort');
    const body = (await context.api.request('POST', sessionPath(sessionDate, '/materials'), {
      body: { cohort, videoUrl: required(values, 'video'), slidesUrl: required(values, 'slides') },
    })) as SessionView;
    if (context.json) return printJson(context, body);
    const revision = body.materials?.revision;
    const session = sessionName(sessionDate, cohort);
    if (body.changed === false)
      return context.print(
        `These links are already posted for ${session}, as revision ${cell(revision)}; nothing changed.`,
      );
    context.print(
      revision === 1
        ? `Video and slides of ${session} posted, revision 1: every roster member is emailed the links.`
        : `Video and slides of ${session} corrected, revision ${cell(revision)}: every roster member is emailed the ` +
            `new links as "Updated video and slides".`,
    );
  },
};

const pagingOptions = {
  limit: { type: 'string', placeholder: '<n>', description: 'page size, 1-500 (default 100)' },
  next: { type: 'string', placeholder: '<token>', description: 'the page token printed under the previous page' },
  all: { type: 'boolean', description: 'fetch every page' },
} as const;

const invitees: Command = {
  name: 'invitees',
  summary: "list a cohort's invitees (id, kind, organization, contact, zones), a page at a time",
  usage: 'invitees --cohort <cohort> [--all | --limit <n> --next <token>]',
  description: [
    "Lists the invitees of the cohort's invitation campaign by id, one page at a time (100 by default);",
    '--all follows every page. Import them with `srsn invitees import <file.csv>`.',
  ].join('\n'),
  options: { cohort: cohortOption, ...pagingOptions },
  examples: ['srsn invitees --cohort 2026-2027', 'srsn invitees --cohort 2026-2027 --all --json'],
  apiFields: queryFields({ cohort: '--cohort', limit: '--limit', nextToken: '--next' }),
  async run(context, values) {
    const cohort = required(values, 'cohort');
    const limit = text(values, 'limit');
    const fetchPage = async (nextToken: string | undefined) =>
      (await context.api.request('GET', `${FACILITATOR}/invitees`, { query: { cohort, limit, nextToken } })) as {
        items: InviteeView[];
        nextToken: string | null;
      };

    const page = await pageOrAll(fetchPage, text(values, 'next'), values.all === true);
    if (context.json) return printJson(context, page);
    if (page.items.length === 0 && !page.nextToken) return context.print(`No invitees in cohort ${safeLine(cohort)}.`);
    const lines = [
      inviteesTable(page.items),
      '',
      `${plural(page.items.length, 'invitee')} in cohort ` +
        `${safeLine(cohort)}${page.nextToken ? ' (more on the next page)' : ''}.`,
    ];
    if (page.nextToken)
      lines.push(
        `Next page: srsn invitees --cohort ${safeLine(cohort)}${limit ? ` --limit ${safeLine(limit)}` : ''} --next ` +
          `${safeLine(page.nextToken)}`,
      );
    context.print(lines.join('\n'));
  },
};

/** The file's bytes as they are: the API checks that they are UTF-8 CSV and names each bad row. */
async function readInviteeFile(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const why =
      code === 'ENOENT'
        ? ': no such file'
        : code === 'EISDIR'
          ? ': it is a folder'
          : ` (${safeLine(String(code ?? error))})`;
    throw new UsageError(`Cannot read '${safeLine(path)}'${why}`);
  }
}

/** POST /facilitator/invitees as the import reads it. */
interface InviteeImportView {
  readonly importId?: unknown;
  readonly rows?: unknown;
  readonly created?: unknown;
  readonly updated?: unknown;
  readonly unchanged?: unknown;
  readonly blankRows?: unknown;
  readonly invitations?: { readonly dueAt?: string | null; readonly status?: string };
}

const fileArgument = { name: 'file.csv', description: 'the invitee file' } as const;

const importInvitees: Command = {
  name: 'invitees import',
  summary: "import a cohort's invitees from a CSV file (checked whole: nothing is written if any row is wrong)",
  usage: 'invitees import <file.csv> --cohort <cohort>',
  description: [
    'Imports the districts and partners to invite, from a UTF-8 CSV file with a header row: kind,',
    'organization, county_district_code, contact_name, contact_email, zone_interest (README, "Invitation',
    'campaign"; at most 5,000 rows and 1 MiB). Every row is checked first: if any is wrong, the CLI lists',
    'each problem by row (numbered as in a spreadsheet, the header is row 1) and column, and nothing is',
    'imported. Invitees are matched by district code or organization name, so importing the same file',
    'again changes nothing. After the invitation date, new invitees are invited at once.',
  ].join('\n'),
  positional: fileArgument,
  options: { cohort: cohortOption },
  examples: ['srsn invitees import invitees.csv --cohort 2026-2027'],
  // The file's rows are named by row (and column); `body` is the file as a whole.
  apiFields: { ...queryFields({ cohort: '--cohort' }), body: '<file.csv>' },
  async run(context, values, positional) {
    const file = argument(positional, fileArgument);
    const cohort = required(values, 'cohort');
    const data = await readInviteeFile(file);
    const body = (await context.api.request('POST', `${FACILITATOR}/invitees`, {
      query: { cohort },
      content: { type: 'text/csv', data },
    })) as InviteeImportView;
    if (context.json) return printJson(context, body);
    const counts =
      `${plural(Number(body.rows), 'row')}: ${cell(body.created)} new, ${cell(body.updated)} updated, ` +
      `${cell(body.unchanged)} unchanged`;
    const blank =
      typeof body.blankRows === 'number' && body.blankRows > 0
        ? `; ${plural(body.blankRows, 'blank row')} skipped`
        : '';
    const lines = [
      `Imported ${safeLine(file)} into cohort ${safeLine(cohort)} (import ${cell(body.importId)}): ${counts}${blank}.`,
    ];
    const invitations = body.invitations;
    if (invitations?.status === 'sending')
      lines.push(
        `The invitation date (${cell(invitations.dueAt)}) has passed: invitees never invited are being invited now.`,
      );
    else if (invitations?.status === 'scheduled') lines.push(`The invitations go out ${cell(invitations.dueAt)}.`);
    context.print(lines.join('\n'));
  },
};

const rosters: Command = {
  name: 'rosters',
  summary: "list the participants' rosters: who receives each participant's session emails",
  usage: 'rosters --cohort <cohort> [--zone <zone>]',
  description: [
    'Lists every participant (a selected or accepted application whose result was sent) with its roster and',
    'one line per person who receives its session emails: the members it named, or until it names them, its',
    'contact (SDZ, ILDZ) or the representative and alternate of its application (CNZ).',
  ].join('\n'),
  options: { cohort: cohortOption, zone: { ...zoneOption, required: false } },
  examples: ['srsn rosters --cohort 2026-2027', 'srsn rosters --cohort 2026-2027 --zone CNZ'],
  apiFields: queryFields({ cohort: '--cohort', zone: '--zone' }),
  async run(context, values) {
    const cohort = required(values, 'cohort');
    const zone = text(values, 'zone');
    const body = (await context.api.request('GET', `${FACILITATOR}/rosters`, { query: { cohort, zone } })) as {
      items: RosterItem[];
      withoutRoster?: string[];
    };
    if (context.json) return printJson(context, body);
    const scope = `cohort ${safeLine(cohort)}${zone ? `, zone ${safeLine(zone)}` : ''}`;
    if (body.items.length === 0) return context.print(`No participants in ${scope} yet.`);
    const without = body.withoutRoster ?? [];
    const lines = [rostersTable(body.items), '', `${plural(body.items.length, 'participant')} in ${scope}.`];
    if (without.length > 0)
      lines.push(`No roster named yet (their stand-ins above receive the session emails): ${cell(without)}.`);
    context.print(lines.join('\n'));
  },
};

const undeliverable: Command = {
  name: 'undeliverable',
  summary: 'list the addresses the app no longer emails (hard bounces, complaints), newest first',
  usage: 'undeliverable --cohort <cohort>',
  description: [
    "Lists the suppressed addresses of the cohort, newest first: those of its applications' contacts and",
    'roster members (with the application and roles), and those of no known application (an invitee, say).',
    'Every email skips them; nothing un-suppresses an address yet (README, "Delivery feedback").',
  ].join('\n'),
  options: { cohort: cohortOption },
  examples: ['srsn undeliverable --cohort 2026-2027'],
  apiFields: queryFields({ cohort: '--cohort' }),
  async run(context, values) {
    const cohort = required(values, 'cohort');
    const body = (await context.api.request('GET', `${FACILITATOR}/undeliverable`, { query: { cohort } })) as {
      items: UndeliverableItem[];
    };
    if (context.json) return printJson(context, body);
    if (body.items.length === 0) return context.print(`No undeliverable addresses in cohort ${safeLine(cohort)}.`);
    const count = body.items.length === 1 ? '1 undeliverable address' : `${body.items.length} undeliverable addresses`;
    context.print(
      `${undeliverableTable(body.items)}\n\n${count} in cohort ${safeLine(cohort)}: no email goes to them.`,
    );
  },
};

export const PARTICIPATION_COMMANDS: readonly Command[] = [
  sessions,
  moveSession,
  cancelSession,
  materials,
  invitees,
  importInvitees,
  rosters,
  undeliverable,
];
