/**
 * An invitation sent after the invitation date (an import while a window is still open) lists
 * and attaches only the meetings still ahead; one sent on the invitation date is unchanged.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getCohort } from '../../shared/domain/cohort/registry.ts';
import { type InvitationEmailInput, renderInvitation } from '../../shared/templates/email/invitation.ts';

const cohort = getCohort('2022-2023');

function invitation(now: string, kind: 'district' | 'partner' = 'district') {
  const input: InvitationEmailInput = {
    cohort,
    invitee: {
      kind,
      organization: 'Lindbergh Schools',
      contactName: 'Dana Whitfield',
      contactEmail: 'dana.whitfield@lindbergh.example.org',
      zoneInterest: [],
    },
    senderAddress: 'SRSN Innovation Zones <no-reply@srsn.example.org>',
    facilitatorEmails: ['lead@srsn.example.org'],
    applyUrl: 'https://api.example.org/applications',
    now: new Date(now),
  };
  return renderInvitation(input);
}

const SESSION_DATES = [
  'October 12, 2022',
  'November 9, 2022',
  'December 14, 2022',
  'January 11, 2023',
  'February 8, 2023',
  'March 8, 2023',
  'April 12, 2023',
  'May 10, 2023',
  'June 14, 2023',
];

describe('a late invitation', () => {
  it('sent on the invitation date is byte for byte the invitation it always was', () => {
    // Rendered by the template before meetings were filtered by the moment of sending.
    const before = readFileSync(new URL('../fixtures/invitation-2022-08-19.json', import.meta.url), 'utf8');

    expect(`${JSON.stringify(invitation('2022-08-19T13:00:00Z'), null, 2)}\n`).toBe(before);
  });

  it('sent on 2022-09-12 has no informational meetings, heading, sentence or .ics, and still all nine sessions', () => {
    const email = invitation('2022-09-12T15:00:00Z');

    expect(email.attachments).toEqual([]);
    for (const part of [email.text, email.html]) {
      expect(part).not.toContain('Informational meetings');
      expect(part).not.toContain('informational meetings about the application process');
      expect(part).not.toContain('.ics');
      expect(part).not.toContain('Join an informational meeting');
      expect(part).toContain('Questions? Write to the facilitation team at lead@srsn.example.org.');
      expect(part).toContain('Monthly professional learning sessions');
      for (const date of SESSION_DATES) expect(part).toContain(date);
    }
    // The SDZ closed on 2022-09-09: neither it nor its planning meeting is named.
    expect(email.text).not.toContain('System Design Zone Planning Meeting');
  });

  it('sent between two informational meetings lists and attaches only those still ahead', () => {
    const email = invitation('2022-08-30T12:00:00Z');

    expect(email.attachments?.map((attachment) => attachment.fileName)).toEqual([
      'info-meeting-2022-08-31.ics',
      'info-meeting-2022-09-01.ics',
    ]);
    expect(email.text).toContain("Each meeting's calendar invitation is attached (2 files):");
    expect(email.text).not.toContain('info-meeting-2022-08-25.ics');
  });

  it('to a partner in January 2023 lists only the sessions still ahead', () => {
    const email = invitation('2023-01-20T15:00:00Z', 'partner');

    expect(email.text).toContain(
      'monthly professional learning sessions from Wednesday, February 8, 2023 to Wednesday, June 14, 2023',
    );
    for (const date of SESSION_DATES.slice(0, 4)) expect(email.text).not.toContain(date);
    for (const date of SESSION_DATES.slice(4)) expect(email.text).toContain(date);
    expect(email.attachments).toEqual([]);
  });
});
