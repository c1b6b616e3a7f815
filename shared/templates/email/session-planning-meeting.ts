import { planningMeeting } from '../../domain/cohort/calendar.ts';
import type { CohortDefinition } from '../../domain/cohort/definition.ts';
import { invitationAttachment, parseMailbox } from '../../platform/calendar/ics.ts';
import type { EmailContent } from '../../platform/email/message.ts';
import { formatTimeRange } from '../../platform/time/zoned.ts';
import { withMeetingAccess } from './meeting-access.ts';
import { aheadLabel, renderSessionEmail, representingSentence, type SessionBlock } from './session-reminder.ts';
import type { AddresseeView } from './view-models.ts';

/** The planning meeting invitation's file name, in the SDZ selection email and in these reminders alike. */
export const PLANNING_MEETING_FILE = 'planning-meeting.ics';

export interface PlanningMeetingReminderInput {
  readonly cohort: CohortDefinition;
  readonly offsetDays: number;
  readonly addressee: AddresseeView;
  /**
   * SEQUENCE of the invitation: the one the district's selection email carried (0, or the
   * number of the correction that last sent it), so this one never looks older.
   */
  readonly sequence: number;
  readonly senderAddress: string;
  readonly now: Date;
}

/**
 * To a selected SDZ district's contact and lead facilitators, some days before the planning
 * meeting: the notice with the invitation, under the UID of the selection email's invitation.
 */
export function renderPlanningMeetingReminder(input: PlanningMeetingReminderInput): EmailContent {
  const { cohort, addressee } = input;
  const meeting = planningMeeting(cohort);
  const when = formatTimeRange(meeting.start, meeting.end, cohort.timeZone);
  const subject = `${aheadLabel(input.offsetDays)}: ${meeting.title}, ${when}`;
  const attachment = invitationAttachment(
    {
      meeting,
      method: 'REQUEST',
      sequence: input.sequence,
      organizer: parseMailbox(input.senderAddress),
      attendees: [addressee.email],
      description: `${meeting.title} of the ${cohort.name}. Times are in ${cohort.timeZone} (Central time).`,
      stamp: input.now,
    },
    PLANNING_MEETING_FILE,
  );
  const blocks: SessionBlock[] = [
    { kind: 'h1', text: meeting.title },
    { kind: 'p', text: `Dear ${addressee.name},` },
    {
      kind: 'p',
      text: withMeetingAccess(
        `The ${meeting.title} of the ${cohort.name} is on ${when}, in person at ${meeting.location}`,
        meeting,
        '.',
      ),
    },
    {
      kind: 'p',
      text:
        `The calendar invitation is attached (${attachment.fileName}); it is the same meeting as the invitation ` +
        'sent with the selection email, and updates it in your calendar.',
    },
    { kind: 'p', text: representingSentence(addressee) },
  ];
  return renderSessionEmail(subject, blocks, [attachment]);
}
