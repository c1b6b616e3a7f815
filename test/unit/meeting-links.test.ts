/**
 * Meeting links: a cohort's join URL and dial-in reach every email and calendar invitation
 * about the meeting (HTML linked and escaped, text printed, ICS URL/LOCATION/DESCRIPTION),
 * and a hostile link or dial-in is refused by the definition or escaped in the email.
 */
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { cohort2022to2023 } from '../../infra/local/seed/cohort-2022-2023.ts';
import { informationalMeetings, monthlySessions, planningMeeting } from '../../shared/domain/cohort/calendar.ts';
import {
  type CohortDefinition,
  type CohortInput,
  cohortDefinitionSchema,
} from '../../shared/domain/cohort/definition.ts';
import type { EmailAttachment, EmailContent } from '../../shared/platform/email/message.ts';
import { renderBoardResolutionReminder } from '../../shared/templates/email/board-resolution-reminder.ts';
import { renderDeadlineReminder } from '../../shared/templates/email/deadline-reminder.ts';
import { renderInvitation } from '../../shared/templates/email/invitation.ts';
import { renderResult } from '../../shared/templates/email/results.ts';
import { renderRosterConfirmation } from '../../shared/templates/email/roster-confirmation.ts';
import { renderSessionChange } from '../../shared/templates/email/session-change.ts';
import { renderPlanningMeetingReminder } from '../../shared/templates/email/session-planning-meeting.ts';
import { renderSessionReminder } from '../../shared/templates/email/session-reminder.ts';
import type { AddresseeView, SessionView } from '../../shared/templates/email/view-models.ts';
import { validApplication } from '../fixtures/applications.ts';

const INFO_URL = 'https://zoom.us/j/81234567890?pwd=info&from=srsn';
const PLANNING_URL = 'https://masa.example.org/hybrid/planning';
const SESSIONS_URL = 'https://zoom.us/j/89999999999';
const DIAL_IN = '+1 312 626 6799, meeting ID 899 9999 9999';

function withLinks(change: (input: CohortInput) => void = () => {}): CohortDefinition {
  const input = structuredClone(cohort2022to2023);
  input.informationalMeetings = input.informationalMeetings.map((meeting) => ({ ...meeting, joinUrl: INFO_URL }));
  input.planningMeeting = { ...input.planningMeeting, joinUrl: PLANNING_URL, dialIn: DIAL_IN };
  input.monthlySessions = { ...input.monthlySessions, joinUrl: SESSIONS_URL, dialIn: DIAL_IN };
  change(input);
  return cohortDefinitionSchema.parse(input);
}

function parsedInvitation(attachment: EmailAttachment) {
  const vevent = new ICAL.Component(ICAL.parse(attachment.content)).getFirstSubcomponent('vevent')!;
  return {
    url: vevent.getFirstPropertyValue('url'),
    location: vevent.getFirstPropertyValue('location'),
    description: String(vevent.getFirstPropertyValue('description')),
  };
}

const addressee: AddresseeView = {
  email: 'dana.whitfield@lindbergh.example.org',
  name: 'Dana Whitfield',
  representing: [{ zone: 'SDZ', organization: 'Lindbergh Schools', role: 'lead-facilitator' }],
};
const NOW = new Date('2022-08-20T15:00:00Z');
const SENDER = 'Innovation Zones <no-reply@srsn.example.org>';

function sessionView(cohort: CohortDefinition): SessionView {
  const scheduled = monthlySessions(cohort)[0]!;
  return { scheduled, meeting: scheduled, status: 'scheduled', sequence: 0, date: scheduled.date };
}

const sdzRecord = {
  applicationId: 'sdz-2022-2023-0453ba3b856e',
  zone: 'SDZ' as const,
  application: validApplication('SDZ') as never,
};

/** Every template that shows a meeting's place, with the link that meeting should carry. */
function renderedEmails(cohort: CohortDefinition): Array<[name: string, email: EmailContent, links: string[]]> {
  const invitee = {
    kind: 'district' as const,
    organization: 'Lindbergh Schools',
    contactName: 'Dana Whitfield',
    contactEmail: 'dana.whitfield@lindbergh.example.org',
    zoneInterest: ['SDZ' as const],
  };
  const common = { senderAddress: SENDER, facilitatorEmails: ['lead@srsn.example.org'], now: NOW };
  return [
    [
      'invitation',
      renderInvitation({ ...common, cohort, invitee, applyUrl: undefined }),
      [INFO_URL, PLANNING_URL, SESSIONS_URL],
    ],
    [
      'deadline reminder',
      renderDeadlineReminder({ ...common, cohort, zone: 'SDZ', daysBefore: 7, invitee, applyUrl: undefined }),
      [INFO_URL],
    ],
    [
      'SDZ selection result',
      renderResult({
        ...common,
        cohort,
        record: sdzRecord,
        plan: {
          template: 'sdz-selected',
          decision: 'selected',
          subject: 'Selected for the System Design Zone (SDZ): Lindbergh Schools',
          recipients: { to: [addressee.email], cc: [] },
          invitation: { fileName: 'planning-meeting.ics' },
          rollover: null,
        },
      }),
      [PLANNING_URL, SESSIONS_URL],
    ],
    [
      'board resolution reminder',
      renderBoardResolutionReminder({
        record: sdzRecord,
        cohort,
        round: 1,
        dueAt: new Date('2022-09-22T14:00:00Z'),
        nextReminderAt: undefined,
        facilitatorEmails: ['lead@srsn.example.org'],
      }),
      [PLANNING_URL],
    ],
    [
      'roster confirmation',
      renderRosterConfirmation({
        record: sdzRecord,
        cohort,
        now: NOW,
        roster: {
          version: 1,
          members: [{ role: 'lead-facilitator', name: 'Dana Whitfield', title: 'Coach', email: addressee.email }],
          previousMembers: [],
          updatedAt: '2022-09-20T15:00:00.000Z',
        },
      }),
      [SESSIONS_URL],
    ],
    [
      'session reminder',
      renderSessionReminder({ ...common, cohort, session: sessionView(cohort), offsetDays: 7, addressee }),
      [SESSIONS_URL],
    ],
    [
      'session change',
      renderSessionChange({ ...common, cohort, session: { ...sessionView(cohort), sequence: 1 }, addressee }),
      [SESSIONS_URL],
    ],
    [
      'planning meeting notice',
      renderPlanningMeetingReminder({ ...common, cohort, offsetDays: 7, addressee, sequence: 0 }),
      [PLANNING_URL],
    ],
  ];
}

describe('meeting links in the cohort definition', () => {
  it('place every meeting with its link and dial-in; the sessions share the series link', () => {
    const cohort = withLinks();

    expect(informationalMeetings(cohort).map((meeting) => meeting.joinUrl)).toEqual([INFO_URL, INFO_URL, INFO_URL]);
    expect(planningMeeting(cohort)).toMatchObject({ joinUrl: PLANNING_URL, dialIn: DIAL_IN });
    expect(
      monthlySessions(cohort).every((session) => session.joinUrl === SESSIONS_URL && session.dialIn === DIAL_IN),
    ).toBe(true);
  });

  it('leave a meeting without a link as it was: no joinUrl or dialIn key at all', () => {
    const cohort = cohortDefinitionSchema.parse(cohort2022to2023);

    expect(Object.keys(planningMeeting(cohort))).not.toContain('joinUrl');
    expect(Object.keys(monthlySessions(cohort)[0]!)).not.toContain('dialIn');
  });

  it.each([
    ['http:', 'http://zoom.us/j/1'],
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['no host', 'https://'],
    ['credentials', 'https://user:secret@zoom.us/j/1'],
    ['a space', 'https://zoom.us/j/1 onmouseover=alert(1)'],
    ['a line break', 'https://zoom.us/j/1\r\nATTENDEE:mailto:x@example.org'],
  ])('refuse a join link with %s, naming the field', (_, joinUrl) => {
    const input = structuredClone(cohort2022to2023);
    input.monthlySessions = { ...input.monthlySessions, joinUrl };
    input.informationalMeetings[1] = { ...input.informationalMeetings[1]!, joinUrl };
    input.planningMeeting = { ...input.planningMeeting, joinUrl };

    const result = cohortDefinitionSchema.safeParse(input);

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual([
      'informationalMeetings.1.joinUrl',
      'monthlySessions.joinUrl',
      'planningMeeting.joinUrl',
    ]);
  });

  it.each([
    ['a line break', '+1 312 626 6799\r\nATTENDEE:mailto:x@example.org'],
    ['too long', `+1 312 626 6799 ${'9'.repeat(200)}`],
    ['empty', ''],
    ['a tab', '+1 312 626 6799\t#'],
  ])('refuse a dial-in that is %s, naming the field', (_, dialIn) => {
    const input = structuredClone(cohort2022to2023);
    input.planningMeeting = { ...input.planningMeeting, dialIn };

    const result = cohortDefinitionSchema.safeParse(input);

    expect(new Set(result.error?.issues.map((issue) => issue.path.join('.')))).toEqual(
      new Set(['planningMeeting.dialIn']),
    );
  });
});

describe('meeting links in the emails', () => {
  it.each(renderedEmails(withLinks()).map(([name, email, links]) => ({ name, email, links })))(
    'the $name links each meeting in HTML and prints it in text',
    ({ email, links }) => {
      for (const link of links) {
        const escaped = link.replaceAll('&', '&amp;');
        expect(email.html).toContain(`<a href="${escaped}">${escaped}</a>`);
        // In a sentence ("..., join online at <link>") or, in the result emails, a link line of its own.
        expect([`join online at ${link}`, `Join online:\n${link}`].some((form) => email.text.includes(form))).toBe(
          true,
        );
      }
    },
  );

  it('print the dial-in beside the link: a session reminder, in both parts', () => {
    const email = renderSessionReminder({
      cohort: withLinks(),
      session: sessionView(withLinks()),
      offsetDays: 1,
      addressee,
      senderAddress: SENDER,
      now: NOW,
    });

    const sentence = `Location: Virtual (Zoom), join online at ${SESSIONS_URL}, dial in at ${DIAL_IN}.`;
    expect(email.text).toContain(sentence);
    expect(email.html).toContain(
      `Location: Virtual (Zoom), join online at <a href="${SESSIONS_URL}">${SESSIONS_URL}</a>, dial in at ${DIAL_IN}.`,
    );
  });

  it('escape a link and a dial-in that the definition accepts but HTML must not take as markup', () => {
    const hostileUrl = 'https://zoom.us/j/1?q="><script>alert(1)</script>';
    const hostileDialIn = '<img src=x onerror=alert(1)> +1 312 626 6799';
    const cohort = withLinks((input) => {
      input.monthlySessions = { ...input.monthlySessions, joinUrl: hostileUrl, dialIn: hostileDialIn };
    });

    const email = renderSessionReminder({
      cohort,
      session: sessionView(cohort),
      offsetDays: 1,
      addressee,
      senderAddress: SENDER,
      now: NOW,
    });

    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<img');
    expect(email.html).toContain('href="https://zoom.us/j/1?q=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(email.html).toContain('&lt;img src=x onerror=alert(1)&gt; +1 312 626 6799');
    expect(email.text).toContain(hostileUrl);
  });
});

describe('meeting links in the calendar invitations', () => {
  it('set URL, put the link in LOCATION and link and dial-in in DESCRIPTION, as ical.js reads them back', () => {
    const cohort = withLinks();
    const reminder = renderSessionReminder({
      cohort,
      session: sessionView(cohort),
      offsetDays: 7,
      addressee,
      senderAddress: SENDER,
      now: NOW,
    });

    const invitation = parsedInvitation(reminder.attachments![0]!);

    expect(invitation.url).toBe(SESSIONS_URL);
    expect(invitation.location).toBe(`Virtual (Zoom), ${SESSIONS_URL}`);
    expect(invitation.description).toBe(
      `Innovation Zones monthly session, October 2022 of the Innovation Zones Cohort 1, 2022-2023, Virtual (Zoom). Times are in America/Chicago (Central time).\n\nJoin online: ${SESSIONS_URL}\nDial-in: ${DIAL_IN}`,
    );
  });

  it('carry the link in every invitation: informational meetings, the planning meeting notice, the selection email', () => {
    const emails = renderedEmails(withLinks());
    const byName = Object.fromEntries(emails.map(([name, email]) => [name, email]));

    expect(byName.invitation!.attachments!.map((attachment) => parsedInvitation(attachment).url)).toEqual([
      INFO_URL,
      INFO_URL,
      INFO_URL,
    ]);
    for (const name of ['planning meeting notice', 'SDZ selection result']) {
      const invitation = parsedInvitation(byName[name]!.attachments![0]!);
      expect(invitation.url).toBe(PLANNING_URL);
      expect(invitation.description).toContain(`Dial-in: ${DIAL_IN}`);
    }
  });

  it('write no URL property and the plain location when a meeting has no link', () => {
    const cohort = cohortDefinitionSchema.parse(cohort2022to2023);
    const reminder = renderPlanningMeetingReminder({
      cohort,
      offsetDays: 7,
      addressee,
      sequence: 0,
      senderAddress: SENDER,
      now: NOW,
    });

    const invitation = parsedInvitation(reminder.attachments![0]!);

    expect(invitation.url).toBeNull();
    expect(invitation.location).toBe('MASA, Jefferson City, MO');
    expect(invitation.description).not.toContain('Join online');
  });
});
