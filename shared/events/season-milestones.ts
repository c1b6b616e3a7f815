import { COHORT_IDS } from '../domain/cohort/registry.ts';
import { ZONE_CODES } from '../domain/zones.ts';
import { defineEvent, EVENT_SOURCE } from '../platform/events/contract.ts';
import * as z from '../platform/schemas/zod.ts';

const milestone = {
  milestoneId: z.string().check(z.minLength(1), z.maxLength(200)),
  cohort: z.enum(COHORT_IDS),
  dueAt: z.iso.datetime(),
};

/** A zone's application window closed: the review queue is ready. */
export const ApplicationWindowClosed = defineEvent({
  source: EVENT_SOURCE,
  detailType: 'ApplicationWindowClosed',
  description: "A zone's application window closed (end of its due date, Central time); its review queue is ready.",
  detail: z.strictObject({ ...milestone, zone: z.enum(ZONE_CODES) }),
});

/** A zone's results are to go out: its notification date came, or a facilitator released them early. */
export const ResultsReleaseDue = defineEvent({
  source: EVENT_SOURCE,
  detailType: 'ResultsReleaseDue',
  description: "A zone's results are to be sent: its notification date was reached or a facilitator released them now.",
  detail: z.strictObject({ ...milestone, zone: z.enum(ZONE_CODES), releasedBy: z.enum(['schedule', 'facilitator']) }),
});

/** Another reminder round for selected SDZ districts without a recorded board resolution. */
export const BoardResolutionReminderDue = defineEvent({
  source: EVENT_SOURCE,
  detailType: 'BoardResolutionReminderDue',
  description: 'A weekly reminder round is due for selected SDZ districts whose board resolution is not recorded.',
  detail: z.strictObject({ ...milestone, round: z.number().check(z.int(), z.minimum(1), z.maximum(200)) }),
});

/** The cohort's invitation date came: every imported invitee gets the invitation. */
export const InvitationsDue = defineEvent({
  source: EVENT_SOURCE,
  detailType: 'InvitationsDue',
  description:
    "The cohort's invitation date came: every imported district and partner contact gets the invitation with the informational meetings.",
  detail: z.strictObject({ ...milestone }),
});

/** Some days before a zone's due date: invitees who have not applied get a reminder. */
export const DeadlineReminderDue = defineEvent({
  source: EVENT_SOURCE,
  detailType: 'DeadlineReminderDue',
  description: "Some days before a zone's due date: invitees who have not applied to it get a reminder.",
  detail: z.strictObject({
    ...milestone,
    zone: z.enum(ZONE_CODES),
    daysBefore: z.number().check(z.int(), z.minimum(1), z.maximum(30)),
  }),
});

/** Some days before a monthly session: every roster member gets a reminder with the invitation. */
export const SessionReminderDue = defineEvent({
  source: EVENT_SOURCE,
  detailType: 'SessionReminderDue',
  description: 'Some days before a monthly session: every roster member gets a reminder with a calendar invitation.',
  detail: z.strictObject({
    ...milestone,
    sessionId: z.string().check(z.minLength(1), z.maxLength(200)),
    sessionDate: z.iso.date(),
    offsetDays: z.number().check(z.int(), z.minimum(0), z.maximum(60)),
  }),
});

/** Some days before the SDZ planning meeting: the SDZ districts get the notice. */
export const PlanningMeetingReminderDue = defineEvent({
  source: EVENT_SOURCE,
  detailType: 'PlanningMeetingReminderDue',
  description:
    'Some days before the SDZ planning meeting: the selected SDZ districts get the notice with a calendar invitation.',
  detail: z.strictObject({
    ...milestone,
    meetingId: z.string().check(z.minLength(1), z.maxLength(200)),
    offsetDays: z.number().check(z.int(), z.minimum(0), z.maximum(60)),
  }),
});
