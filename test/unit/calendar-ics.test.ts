import { describe, expect, it } from 'vitest';
import { planningMeeting } from '../../shared/domain/cohort/calendar.ts';
import { getCohort } from '../../shared/domain/cohort/registry.ts';
import { type InvitationInput, renderInvitation } from '../../shared/platform/calendar/ics.ts';

function input(method: InvitationInput['method']): InvitationInput {
  return {
    meeting: planningMeeting(getCohort('2022-2023')),
    method,
    sequence: method === 'REQUEST' ? 0 : 1,
    organizer: { name: 'Innovation Zones', email: 'no-reply@srsn.example.org' },
    attendees: ['dana.whitfield@lindbergh.example.org'],
    description: 'System Design Zone Planning Meeting of the 2022-2023 cohort.',
    stamp: new Date('2022-09-15T14:00:07Z'),
  };
}

describe('iCalendar text', () => {
  it.each(['REQUEST', 'CANCEL'] as const)(
    'ends a %s calendar with END:VCALENDAR and its CRLF (RFC 5545 3.4), once',
    (method) => {
      const ics = renderInvitation(input(method));

      expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
      expect(ics.endsWith('\r\n\r\n')).toBe(false);
    },
  );

  it('ends every line with CRLF: no bare LF anywhere', () => {
    const ics = renderInvitation(input('REQUEST'));

    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });
});
