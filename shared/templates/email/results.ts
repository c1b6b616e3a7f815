import { applicantDisplayName } from '../../domain/applicant.ts';
import { sampleBoardResolution } from '../../domain/board-resolution.ts';
import { monthlySessions, planningMeeting, type ScheduledMeeting } from '../../domain/cohort/calendar.ts';
import type { CohortDefinition } from '../../domain/cohort/definition.ts';
import type { Decision, ResultSent } from '../../domain/review.ts';
import { type ZoneCode, zoneTitle } from '../../domain/zones.ts';
import { invitationAttachment, parseMailbox } from '../../platform/calendar/ics.ts';
import type { EmailAttachment, EmailContent } from '../../platform/email/message.ts';
import { html, type SafeHtml } from '../../platform/html/html.ts';
import type { LocalDate } from '../../platform/time/local-date.ts';
import { formatDate, formatDateTime, formatTimeRange, zonedInstant } from '../../platform/time/zoned.ts';
import { emailLayout, TEXT_FOOTER } from './layout.ts';
import { cadence } from './reminder-cadence.ts';
import type { ApplicationView } from './view-models.ts';

/** The result emails there are: which one an application gets is the release's plan. */
export type ResultTemplate =
  | 'sdz-selected'
  | 'sdz-not-selected'
  | 'rollover-accepted'
  | 'rollover-considered'
  | 'ildz-selected'
  | 'ildz-not-selected'
  | 'cnz-accepted'
  | 'cnz-not-accepted';

/** What the email says of a plan (release's ResultEmailPlan fits). */
export interface ResultPlanView {
  readonly template: ResultTemplate;
  readonly decision: Decision;
  readonly subject: string;
  readonly recipients: { readonly to: readonly string[]; readonly cc: readonly string[] };
  /** The planning meeting invitation attached to this email, if any. */
  readonly invitation: { readonly fileName: string } | null;
  /** Where a not-selected applicant of the rollover's source zone lands in its target zone. */
  readonly rollover: {
    readonly toZone: ZoneCode;
    readonly toApplicationId: string;
    readonly placement: 'new-place' | 'own-application' | 'own-application-not-selected';
  } | null;
}

/** What a selection email needs to let the applicant name its roster (participation's RosterLink fits). */
export interface RosterLinkView {
  /** The application the roster belongs to (for a rollover, the new place, not the one applied with). */
  readonly applicationId: string;
  readonly zone: ZoneCode;
  readonly viewUrl: string;
  readonly changeUrl: string;
  readonly secret: string;
}

export interface ResultEmailInput {
  readonly record: ApplicationView;
  readonly cohort: CohortDefinition;
  readonly plan: ResultPlanView;
  /** The From address; the calendar invitation names it as organizer. */
  readonly senderAddress: string;
  /** Where a selected SDZ district sends its adopted board resolution (the sender takes no replies). */
  readonly facilitatorEmails: readonly string[];
  readonly now: Date;
  /** Set when this email corrects a result sent before. */
  readonly correction?: {
    readonly number: number;
    readonly previous: ResultSent;
    /** The template of the email corrected, as its ledger entry kept it (absent for entries older than that). */
    readonly previousTemplate?: string;
  };
  /** The participant's roster link (with its secret), for a result that makes it a participant. */
  readonly roster?: RosterLinkView;
}

/** One block of the message, rendered the same way into the HTML and the text part. */
type Block =
  | { readonly kind: 'h1' | 'h2' | 'p'; readonly text: string }
  | { readonly kind: 'list'; readonly items: readonly string[] }
  | { readonly kind: 'pre'; readonly text: string }
  | { readonly kind: 'link'; readonly label: string; readonly url: string }
  | { readonly kind: 'code'; readonly text: string };

function day(date: LocalDate, cohort: CohortDefinition): string {
  // Noon avoids any DST edge when turning a calendar date into an instant to format.
  return formatDate(zonedInstant(date, '12:00', cohort.timeZone), cohort.timeZone);
}

function sessionsBlocks(cohort: CohortDefinition, people: string): Block[] {
  const sessions = monthlySessions(cohort);
  const first = sessions[0];
  const last = sessions.at(-1);
  if (!first || !last) return [];
  return [
    { kind: 'h2', text: 'Monthly professional learning sessions' },
    {
      kind: 'p',
      text:
        `The sessions start on ${formatTimeRange(first.start, first.end, cohort.timeZone)} and continue monthly ` +
        `until ${formatDate(last.start, cohort.timeZone)}; location: ${first.location}. ${people}`,
    },
    ...accessBlocks(first),
  ];
}

/** How to join a meeting from afar, when the cohort has set it: its link, then its dial-in. */
function accessBlocks({ joinUrl, dialIn }: ScheduledMeeting): Block[] {
  return [
    ...(joinUrl ? [{ kind: 'link', label: 'Join online', url: joinUrl } as const] : []),
    ...(dialIn ? [{ kind: 'p', text: `Dial in: ${dialIn}` } as const] : []),
  ];
}

function leadFacilitatorsSentence(cohort: CohortDefinition, zone: 'SDZ' | 'ILDZ', roster?: RosterLinkView): string {
  const count = cohort.rosterLimits[zone].leadFacilitators;
  const people =
    `Your team names up to ${count} professional learning lead facilitator${count === 1 ? '' : 's'} who attend ` +
    'every session';
  return roster
    ? `${people}: name them with your roster link below.`
    : `${people}; we will write to you separately to ask for their names.`;
}

function daysList(offsets: readonly number[]): string {
  return [...offsets]
    .sort((left, right) => right - left)
    .map((days) => (days === 1 ? '1 day' : `${days} days`))
    .join(' and ');
}

/** How to name (or change) the roster, with the link and the secret; nothing without a roster link. */
function rosterBlocks(input: ResultEmailInput): Block[] {
  const roster = input.roster;
  if (!roster) return [];
  const { cohort } = input;
  const limits = cohort.rosterLimits[roster.zone];
  const leads = limits.leadFacilitators > 0;
  const person = { name: 'Full name', title: 'Title', email: 'name@example.org' };
  const body = JSON.stringify({
    secret: roster.secret,
    ...(leads ? { leadFacilitators: [person] } : {}),
    ...(limits.representatives > 0 ? { representative: person } : {}),
    ...(limits.alternates > 0 ? { alternate: person } : {}),
  });
  const receive =
    `a reminder with a calendar invitation ${daysList(cohort.reminderOffsetsDays)} before every monthly session, ` +
    'any change to a session, and the video and slides after each one';
  const place =
    roster.applicationId === input.record.applicationId
      ? ''
      : ` of your ${zoneTitle(roster.zone)} place (reference ${roster.applicationId})`;
  const whoToName = leads
    ? `1 to ${limits.leadFacilitators} people in leadFacilitators`
    : 'one representative and one alternate';
  return [
    { kind: 'h2', text: leads ? 'Name your lead facilitators' : 'Your representative and alternate' },
    {
      kind: 'p',
      text: leads
        ? `Name up to ${limits.leadFacilitators} lead ` +
          `facilitator${limits.leadFacilitators === 1 ? '' : 's'}${place}: the name, title and email address of ` +
          `each. They receive ${receive}. Until you name them, these emails come to you.`
        : `Your designated representative and alternate receive ${receive}. You can name someone else for either ` +
          'role at any time.',
    },
    { kind: 'link', label: 'Your roster and how to change it', url: roster.viewUrl },
    {
      kind: 'p',
      text:
        `Or send it directly: a PUT request to ${roster.changeUrl} with a JSON body like the one below ` +
        `(${whoToName}). ` +
        'Each change, at any time, replaces the roster and is confirmed by email.',
    },
    { kind: 'code', text: body },
    {
      kind: 'p',
      text:
        'The link and the secret in this email are personal to your application: anyone who has them can change ' +
        'your roster, so please do not forward this email.',
    },
  ];
}

function correctionBlocks(input: ResultEmailInput): Block[] {
  if (!input.correction) return [];
  const previous = input.correction.previous;
  const cancelsInvitation = hadInvitation(input.record, previous) && input.plan.invitation === null;
  const rollover = input.cohort.rollover;
  // The earlier result placed the applicant in the rollover's zone; selected now, it takes part here instead.
  const announcedPlace =
    input.correction.previousTemplate === undefined
      ? previous.decision === 'not_selected' && rollover.policy === 'accept'
      : input.correction.previousTemplate === 'rollover-accepted';
  const withdrawsPlace = input.record.zone === rollover.from && announcedPlace && input.plan.decision === 'selected';
  const withdrawnInvitation = cancelsInvitation
    ? ' The planning meeting invitation sent with it is withdrawn; ' +
      'the attached cancellation removes it from your calendar.'
    : '';
  const withdrawnPlace = withdrawsPlace
    ? ` The ${zoneTitle(rollover.to)} place it announced is withdrawn: ` +
      `${applicantDisplayName(input.record.application)} takes part in the ${zoneTitle(input.record.zone)}.`
    : '';
  return [
    {
      kind: 'p',
      text:
        `Correction: this message corrects the ${zoneTitle(input.record.zone)} result we sent on ` +
        `${formatDateTime(new Date(previous.sentAt), input.cohort.timeZone)}. Please disregard that message: ` +
        `the result below is the one that stands.${withdrawnInvitation}${withdrawnPlace}`,
    },
  ];
}

function hadInvitation(record: ApplicationView, previous: ResultSent): boolean {
  return record.zone === 'SDZ' && previous.decision === 'selected';
}

function bodyBlocks(input: ResultEmailInput): Block[] {
  const { record, cohort, plan } = input;
  const applicant = applicantDisplayName(record.application);
  const zone = zoneTitle(record.zone);
  const greeting: Block = { kind: 'p', text: `Dear ${record.application.contact.name},` };
  const reference: Block = { kind: 'p', text: `Application reference: ${record.applicationId}` };

  switch (plan.template) {
    case 'sdz-selected': {
      const meeting = planningMeeting(cohort);
      return [
        { kind: 'h1', text: `Congratulations: ${applicant} is selected for the ${zone}` },
        greeting,
        {
          kind: 'p',
          text: `We are pleased to tell you that ${applicant} is selected for the ${zone} of the ${cohort.name}.`,
        },
        { kind: 'h2', text: 'Next step: a board resolution' },
        {
          kind: 'p',
          text:
            `Your board of education passes a resolution supporting the district's participation in the ${zone}. ` +
            'Once it is adopted, email it (a signed copy, or a link to the board minutes) with the date it was ' +
            `adopted to the facilitation team at ${input.facilitatorEmails.join(', ')}, quoting the application ` +
            `reference ${record.applicationId}; a facilitator records it. Until it is recorded we will remind ` +
            `you ${cadence(cohort.boardResolutionReminder.everyDays)}.`,
        },
        { kind: 'p', text: 'A sample resolution you can adapt:' },
        { kind: 'pre', text: sampleBoardResolution(cohort.id) },
        { kind: 'h2', text: meeting.title },
        {
          kind: 'p',
          text:
            `${formatTimeRange(meeting.start, meeting.end, cohort.timeZone)}, at ${meeting.location}. The ` +
            `calendar invitation is attached (${plan.invitation?.fileName ?? 'no invitation'}).`,
        },
        ...accessBlocks(meeting),
        ...sessionsBlocks(cohort, leadFacilitatorsSentence(cohort, 'SDZ', input.roster)),
        ...rosterBlocks(input),
        reference,
      ];
    }
    case 'rollover-accepted':
    case 'rollover-considered': {
      const rollover = plan.rollover;
      if (rollover === null) throw new Error(`A ${plan.template} result plan has no rollover`);
      const toZone = zoneTitle(rollover.toZone);
      const notify = cohort.zones[rollover.toZone].notify;
      const byNotify = notify ? ` on ${day(notify, cohort)}` : '';
      const accepted = plan.template === 'rollover-accepted';
      const placement: Block[] =
        rollover.placement === 'own-application'
          ? [
              {
                kind: 'p',
                text: accepted
                  ? `Under the rules of the ${cohort.name}, ${applicant} is accepted into the ${toZone} as a ` +
                    `participant. You had also applied to the ${toZone} yourselves (reference ` +
                    `${rollover.toApplicationId}): we keep that application as your ${toZone} place, so there is ` +
                    'no second one.'
                  : `Under the rules of the ${cohort.name}, ${applicant} will be considered for the ${toZone}. ` +
                    `You had also applied to the ${toZone} yourselves (reference ${rollover.toApplicationId}): ` +
                    'we keep that application, so there is no second one; it is reviewed with the other ' +
                    `${rollover.toZone} applications and you will hear from us${byNotify}.`,
              },
            ]
          : [
              {
                kind: 'p',
                text: accepted
                  ? `Under the rules of the ${cohort.name}, ${applicant} is automatically accepted into the ` +
                    `${toZone} as a participant, without another application. Your ${rollover.toZone} reference ` +
                    `is ${rollover.toApplicationId}.`
                  : `Under the rules of the ${cohort.name}, ${applicant} will be considered for the ${toZone} ` +
                    `without another application. Your application joins the ${rollover.toZone} review ` +
                    `(reference ${rollover.toApplicationId}), and you will hear from us${byNotify}.`,
              },
            ];
      return [
        {
          kind: 'h1',
          text: accepted
            ? `Your ${zone} result and your place in the ${toZone}`
            : `Your ${zone} result and the ${toZone}`,
        },
        greeting,
        {
          kind: 'p',
          text:
            `Thank you for applying to the ${zone} of the ${cohort.name}. ${applicant} was not selected for the ` +
            `${zone}.`,
        },
        ...placement,
        ...(accepted && rollover.toZone !== 'CNZ'
          ? sessionsBlocks(cohort, leadFacilitatorsSentence(cohort, rollover.toZone, input.roster))
          : []),
        ...(accepted ? rosterBlocks(input) : []),
        reference,
      ];
    }
    case 'ildz-selected':
      return [
        { kind: 'h1', text: `Congratulations: ${applicant} is selected for the ${zone}` },
        greeting,
        {
          kind: 'p',
          text: `We are pleased to tell you that ${applicant} is selected for the ${zone} of the ${cohort.name}.`,
        },
        ...sessionsBlocks(cohort, leadFacilitatorsSentence(cohort, 'ILDZ', input.roster)),
        ...rosterBlocks(input),
        reference,
      ];
    case 'cnz-accepted': {
      const application = record.application;
      const people =
        application.zone === 'CNZ'
          ? `Your designated representative, ${application.representative.name}, and your designated alternate, ` +
            `${application.alternate.name}, take part for your organization.`
          : 'Your designated representative and alternate take part for your organization.';
      return [
        { kind: 'h1', text: `Welcome: ${applicant} is accepted into the ${zone}` },
        greeting,
        {
          kind: 'p',
          text: `We are pleased to tell you that ${applicant} is accepted into the ${zone} of the ${cohort.name}.`,
        },
        ...sessionsBlocks(cohort, people),
        ...rosterBlocks(input),
        reference,
      ];
    }
    case 'sdz-not-selected':
    case 'ildz-not-selected':
    case 'cnz-not-accepted':
      return [
        { kind: 'h1', text: `Your ${zone} result` },
        greeting,
        {
          kind: 'p',
          text:
            `Thank you for applying to the ${zone} of the ${cohort.name}. ${applicant} was not ` +
            `${plan.template === 'cnz-not-accepted' ? 'accepted into' : 'selected for'} the ${zone} this time.`,
        },
        ...(plan.rollover?.placement === 'own-application-not-selected'
          ? [
              {
                kind: 'p' as const,
                text:
                  `You also applied to the ${zoneTitle(plan.rollover.toZone)} yourselves (reference ` +
                  `${plan.rollover.toApplicationId}): that application is decided on its own, apart from this ` +
                  'result.',
              },
            ]
          : []),
        {
          kind: 'p',
          text:
            'We are grateful for the work your application describes, and the facilitation team is glad to talk ' +
            'with you about future cohorts of the Innovation Zones.',
        },
        reference,
      ];
  }
}

const H1 = 'font-size: 20px;';
const H2 = 'font-size: 16px;';
const CODE =
  'white-space: pre-wrap; word-break: break-all; font-family: Menlo, Consolas, monospace; font-size: 13px; ' +
  'background: #f5f7fa; border: 1px solid #d9e2ec; padding: 12px;';
const PRE =
  'white-space: pre-wrap; font-family: Georgia, serif; background: #f5f7fa; border: 1px solid #d9e2ec; padding: 12px;';

function blockHtml(block: Block): SafeHtml {
  switch (block.kind) {
    case 'h1':
      return html`<h1 style="${H1}">${block.text}</h1>\n`;
    case 'h2':
      return html`<h2 style="${H2}">${block.text}</h2>\n`;
    case 'p':
      return html`<p>${block.text}</p>\n`;
    case 'list':
      return html`<ul>${block.items.map((item) => html`<li>${item}</li>`)}</ul>\n`;
    case 'pre':
      return html`<pre style="${PRE}">${block.text}</pre>\n`;
    case 'link':
      return html`<p>${block.label}: <a href="${block.url}">${block.url}</a></p>\n`;
    case 'code':
      return html`<pre style="${CODE}">${block.text}</pre>\n`;
  }
}

function blockText(block: Block): string {
  switch (block.kind) {
    case 'link':
      return `${block.label}:\n${block.url}`;
    case 'list':
      return block.items.map((item) => `- ${item}`).join('\n');
    case 'pre':
      return block.text
        .split('\n')
        .map((line) => (line ? `    ${line}` : ''))
        .join('\n');
    default:
      return block.text;
  }
}

function attachmentsOf(input: ResultEmailInput): EmailAttachment[] {
  const { cohort, plan, record } = input;
  const sequence = input.correction?.number ?? 0;
  const organizer = parseMailbox(input.senderAddress);
  const attendees = [...plan.recipients.to, ...plan.recipients.cc];
  const applicant = applicantDisplayName(record.application);
  const meeting = planningMeeting(cohort);
  if (plan.invitation) {
    return [
      invitationAttachment(
        {
          meeting,
          method: 'REQUEST',
          sequence,
          organizer,
          attendees,
          description:
            `${meeting.title} of the ${cohort.name} for ${applicant}. Times are in ${cohort.timeZone} (Central ` +
            'time).',
          stamp: input.now,
        },
        plan.invitation.fileName,
      ),
    ];
  }
  if (input.correction && hadInvitation(record, input.correction.previous)) {
    return [
      invitationAttachment(
        {
          meeting,
          method: 'CANCEL',
          sequence,
          organizer,
          attendees,
          description: `Withdrawn: ${meeting.title} of the ${cohort.name} for ${applicant}.`,
          stamp: input.now,
        },
        'planning-meeting-cancelled.ics',
      ),
    ];
  }
  return [];
}

/** A correction's subject says so first, then what the corrected result says. */
export function correctionSubject(plan: Pick<ResultPlanView, 'subject'>): string {
  return `Correction: ${plan.subject}`;
}

/** The result email of a plan: HTML and text from the same blocks, plus the invitation where the plan has one. */
export function renderResult(input: ResultEmailInput): EmailContent {
  const subject = input.correction ? correctionSubject(input.plan) : input.plan.subject;
  const blocks = [...correctionBlocks(input), ...bodyBlocks(input)];
  const body = html`\n${blocks.map(blockHtml)}`;
  const text = blocks.map(blockText).join('\n\n') + TEXT_FOOTER;
  const attachments = attachmentsOf(input);
  return { subject, html: emailLayout(subject, body), text, ...(attachments.length > 0 ? { attachments } : {}) };
}
