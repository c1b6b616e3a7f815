/**
 * A deadline reminder offers an informational meeting only while one is still ahead; once they
 * are over it says whom to write to, as a late invitation does.
 */
import { describe, expect, it } from 'vitest';
import { getCohort } from '../../shared/domain/cohort/registry.ts';
import type { ZoneCode } from '../../shared/domain/zones.ts';
import { renderDeadlineReminder } from '../../shared/templates/email/deadline-reminder.ts';

const cohort = getCohort('2022-2023');

function reminder(zone: ZoneCode, now: string) {
  return renderDeadlineReminder({
    cohort,
    zone,
    daysBefore: 7,
    invitee: { organization: 'Lindbergh Schools', contactName: 'Dana Whitfield' },
    facilitatorEmails: ['lead@srsn.example.org'],
    applyUrl: 'https://api.example.org/applications',
    now: new Date(now),
  });
}

describe('the deadline reminder', () => {
  it('sent on 2022-09-09, after the last informational meeting, offers none and names whom to write to', () => {
    const email = reminder('ILDZ', '2022-09-09T14:00:00Z');

    for (const part of [email.text, email.html]) {
      expect(part).not.toContain('Informational meetings still ahead');
      expect(part).not.toContain('Join an informational meeting');
      expect(part).toContain('Questions? Write to the facilitation team at lead@srsn.example.org.');
    }
  });

  it('sent while an informational meeting is ahead, lists it and still offers to join one', () => {
    const email = reminder('SDZ', '2022-08-31T12:00:00Z');

    for (const part of [email.text, email.html]) {
      expect(part).toContain('Informational meetings still ahead');
      expect(part).toContain('Questions? Join an informational meeting or write to the facilitation team at');
    }
  });
});

describe("the deadline reminder's first sentence", () => {
  it('takes the article its zone name calls for: an Innovative ..., a System ...', () => {
    expect(reminder('ILDZ', '2022-09-09T14:00:00Z').text).toContain(
      'We have not yet received an Innovative Learning Design Zone (ILDZ) application from Lindbergh Schools',
    );
    expect(reminder('SDZ', '2022-09-02T14:00:00Z').text).toContain(
      'We have not yet received a System Design Zone (SDZ) application from Lindbergh Schools',
    );
  });
});
