import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { EmailAttachment } from '../email/message.ts';

/**
 * iCalendar invitations (RFC 5545 text, RFC 5546 methods) for meetings of a cohort.
 *
 * Text, escaping (`,` `;` `\` and newlines) and 75-octet line folding come from
 * ical-generator (MIT, no runtime dependencies, ~36 KB minified in a bundle).
 *
 * Times are written in UTC (`DTSTART:20221003T150000Z`), not as `TZID=America/Chicago`
 * with a VTIMEZONE: every meeting here is a single, non-recurring event placed at an exact
 * instant by the cohort calendar (DST-aware), so UTC is exact, needs no VTIMEZONE block
 * (which ical-generator cannot produce without an extra time-zone database package), and
 * no client can misread it; calendars show it in the reader's own zone. The email itself
 * states the time in Central time.
 */

/** Every invitation of the system has an id under this domain: `<meeting id>@srsn-innovation-zones`. */
export const ICS_UID_DOMAIN = 'srsn-innovation-zones';
const PRODUCT_ID = { company: 'Success-Ready Students Network', product: 'Innovation Zones', language: 'EN' } as const;

/** A single meeting placed in time; the cohort calendar's ScheduledMeeting is one. */
export interface CalendarMeeting {
  /** Stable across changes: the invitation's UID derives from it. */
  readonly id: string;
  readonly title: string;
  readonly start: Date;
  readonly end: Date;
  readonly location: string;
  /** The video call's join link (https), if any: the event's URL, and in LOCATION and DESCRIPTION too. */
  readonly joinUrl?: string;
  /** How to join by phone, if any: in DESCRIPTION. */
  readonly dialIn?: string;
}

export interface InvitationPerson {
  readonly name?: string;
  readonly email: string;
}

export interface InvitationInput {
  readonly meeting: CalendarMeeting;
  /** REQUEST invites (or updates); CANCEL withdraws an invitation sent before with the same UID. */
  readonly method: 'REQUEST' | 'CANCEL';
  /** 0 for the first invitation of a UID; each later change or cancellation of it counts up. */
  readonly sequence: number;
  readonly organizer: InvitationPerson;
  readonly attendees: readonly string[];
  readonly description: string;
  /** When the invitation object was created (DTSTAMP). */
  readonly stamp: Date;
}

/** The stable UID of a meeting: the same meeting always has the same UID, so updates replace it. */
export function invitationUid(meeting: Pick<CalendarMeeting, 'id'>): string {
  return `${meeting.id}@${ICS_UID_DOMAIN}`;
}

/** The description, then how to join: not every client shows the URL property, every one shows DESCRIPTION. */
function descriptionOf({ joinUrl, dialIn }: CalendarMeeting, description: string): string {
  return joinUrl || dialIn
    ? `${description}\n${joinUrl ? `\nJoin online: ${joinUrl}` : ''}${dialIn ? `\nDial-in: ${dialIn}` : ''}`
    : description;
}

/** The iCalendar text of one invitation (or its cancellation). */
export function renderInvitation(input: InvitationInput): string {
  const calendar = ical({
    prodId: PRODUCT_ID,
    method: input.method === 'REQUEST' ? ICalCalendarMethod.REQUEST : ICalCalendarMethod.CANCEL,
  });
  calendar.createEvent({
    id: invitationUid(input.meeting),
    sequence: input.sequence,
    stamp: input.stamp,
    start: input.meeting.start,
    end: input.meeting.end,
    summary: input.meeting.title,
    // Its place, then its join link: calendars show LOCATION on the entry and make a link there clickable.
    location: input.meeting.joinUrl ? `${input.meeting.location}, ${input.meeting.joinUrl}` : input.meeting.location,
    description: descriptionOf(input.meeting, input.description),
    url: input.meeting.joinUrl,
    status: input.method === 'REQUEST' ? ICalEventStatus.CONFIRMED : ICalEventStatus.CANCELLED,
    organizer: { name: input.organizer.name ?? input.organizer.email, email: input.organizer.email },
    attendees: input.attendees.map((email) => ({
      email,
      role: ICalAttendeeRole.REQ,
      status: ICalAttendeeStatus.NEEDSACTION,
      // The organizer is a no-reply sender: ask no calendar replies of anyone.
      rsvp: false,
    })),
  });
  // ical-generator ends the text at END:VCALENDAR; RFC 5545 (3.4) ends every line, the last too, with CRLF.
  const text = calendar.toString();
  return text.endsWith('\r\n') ? text : `${text}\r\n`;
}

/** The invitation as an email attachment, typed so mail clients offer accept/decline or apply the cancellation. */
export function invitationAttachment(input: InvitationInput, fileName: string): EmailAttachment {
  return {
    fileName,
    contentType: `text/calendar; method=${input.method}; charset=UTF-8`,
    content: renderInvitation(input),
  };
}

/** "Innovation Zones <no-reply@x.org>" or "no-reply@x.org" as a name and an address. */
export function parseMailbox(address: string): InvitationPerson {
  const [, quotedName, email] = /^\s*(.*?)\s*<([^<>\s]+)>\s*$/.exec(address) ?? [];
  if (quotedName === undefined || email === undefined) return { email: address.trim() };
  const name = quotedName.replace(/^"(.*)"$/, '$1').trim();
  return name ? { name, email } : { email };
}
