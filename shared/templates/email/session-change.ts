import type { CohortDefinition } from '../../domain/cohort/definition.ts';
import type { EmailContent } from '../../platform/email/message.ts';
import { formatTimeRange } from '../../platform/time/zoned.ts';
import { withMeetingAccess } from './meeting-access.ts';
import {
  renderSessionEmail,
  representingSentence,
  type SessionBlock,
  sessionInvitation,
  standInBlocks,
} from './session-reminder.ts';
import type { AddresseeView, SessionView } from './view-models.ts';

export interface SessionChangeInput {
  readonly cohort: CohortDefinition;
  /** The session as the change left it (status moved, scheduled again, or cancelled). */
  readonly session: SessionView;
  readonly addressee: AddresseeView;
  readonly senderAddress: string;
  readonly now: Date;
  /** The facilitator's note on the change, if any. */
  readonly note?: string;
}

/**
 * To one roster member when a facilitator moves or cancels a session: the updated invitation
 * (METHOD:REQUEST) or the cancellation (METHOD:CANCEL), same UID and a higher SEQUENCE, so it
 * replaces the entry already in their calendar.
 */
export function renderSessionChange(input: SessionChangeInput): EmailContent {
  const { cohort, session, addressee } = input;
  const meeting = session.meeting;
  const scheduledWhen = formatTimeRange(session.scheduled.start, session.scheduled.end, cohort.timeZone);
  const when = formatTimeRange(meeting.start, meeting.end, cohort.timeZone);
  const cancelled = session.status === 'cancelled';
  const timing =
    session.status === 'moved' ? ` It was scheduled for ${scheduledWhen}.` : ' This is its originally scheduled time.';
  const attachment = sessionInvitation(session, cohort, addressee, input.senderAddress, input.now);
  const subject = cancelled ? `Cancelled: ${meeting.title}, ${when}` : `New time: ${meeting.title}, now ${when}`;
  const blocks: SessionBlock[] = [
    { kind: 'h1', text: cancelled ? `${meeting.title} is cancelled` : `${meeting.title} has a new time` },
    { kind: 'p', text: `Dear ${addressee.name},` },
    cancelled
      ? {
          kind: 'p',
          text: `The ${meeting.title} of the ${cohort.name}, which was to take place on ${when}, is cancelled.`,
        }
      : {
          kind: 'p',
          text: withMeetingAccess(
            `The ${meeting.title} of the ${cohort.name} now takes place on ${when}. Location: ${meeting.location}`,
            meeting,
            `.${timing}`,
          ),
        },
    ...(input.note ? [{ kind: 'p' as const, text: `Note from the facilitation team: ${input.note}` }] : []),
    {
      kind: 'p',
      text: cancelled
        ? `The attached cancellation (${attachment.fileName}) removes the session from your calendar.`
        : `The attached invitation (${attachment.fileName}) replaces the one already in your calendar.`,
    },
    { kind: 'p', text: representingSentence(addressee) },
    ...standInBlocks(addressee, cohort),
  ];
  return renderSessionEmail(subject, blocks, [attachment]);
}
