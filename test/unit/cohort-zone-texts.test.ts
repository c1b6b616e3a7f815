/**
 * What applicants read of each zone is cohort data: the invitation and the deadline reminder
 * print the cohort's words, so a new cohort rewords them without code.
 */
import { describe, expect, it } from 'vitest';
import { cohort2022to2023 } from '../../infra/local/seed/cohort-2022-2023.ts';
import { SDZ_EVIDENCE_PRACTICES } from '../../shared/domain/cbl-elements.ts';
import { cohortDefinitionSchema } from '../../shared/domain/cohort/definition.ts';
import { renderDeadlineReminder } from '../../shared/templates/email/deadline-reminder.ts';
import { renderInvitation } from '../../shared/templates/email/invitation.ts';

const invitee = {
  kind: 'district' as const,
  organization: 'Lindbergh Schools',
  contactName: 'Dana Whitfield',
  contactEmail: 'dana.whitfield@lindbergh.example.org',
  zoneInterest: [],
};

function reworded() {
  const input = structuredClone(cohort2022to2023);
  input.zoneTexts.SDZ.whoMayApply = 'Districts leading CBL in Missouri, of every size.';
  input.zoneTexts.ILDZ.commitments = ['Take part in every monthly session.', 'Share one lesson a term.'];
  return cohortDefinitionSchema.parse(input);
}

describe('the zone texts of a cohort', () => {
  it('word the SDZ evidence items for exactly the practices applications answer', () => {
    const cohort = cohortDefinitionSchema.parse(cohort2022to2023);

    expect(Object.keys(cohort.zoneTexts.SDZ.evidenceOfPractice).sort()).toEqual(
      Object.keys(SDZ_EVIDENCE_PRACTICES).sort(),
    );
  });

  it('are what the invitation prints: who may apply, then the commitments and the roster line', () => {
    const email = renderInvitation({
      cohort: reworded(),
      invitee,
      senderAddress: 'no-reply@srsn.example.org',
      facilitatorEmails: ['lead@srsn.example.org'],
      applyUrl: undefined,
      now: new Date('2022-08-19T13:00:00Z'),
    });

    expect(email.text).toContain('Districts leading CBL in Missouri, of every size. Applications due');
    expect(email.text).toContain(
      '- Take part in every monthly session.\n- Share one lesson a term.\n- Name up to 3 professional learning lead facilitators',
    );
    expect(email.text).not.toContain('Grow in the use of CBL practices');
  });

  it('are what the deadline reminder prints', () => {
    const email = renderDeadlineReminder({
      cohort: reworded(),
      zone: 'SDZ',
      daysBefore: 7,
      invitee,
      facilitatorEmails: ['lead@srsn.example.org'],
      applyUrl: undefined,
      now: new Date('2022-09-02T14:00:00Z'),
    });

    expect(email.text).toContain('Districts leading CBL in Missouri, of every size. The application holds:');
  });

  it('refuse an empty description and an unknown evidence item, naming the field', () => {
    const input = structuredClone(cohort2022to2023) as unknown as {
      zoneTexts: { CNZ: { description: string }; SDZ: { evidenceOfPractice: Record<string, string> } };
    };
    input.zoneTexts.CNZ.description = '';
    input.zoneTexts.SDZ.evidenceOfPractice.communityPartnerships = 'Partnerships with the community';

    const result = cohortDefinitionSchema.safeParse(input);

    expect(
      result.error?.issues.map((issue) =>
        issue.code === 'unrecognized_keys' ? `${issue.path.join('.')}: ${issue.keys.join(',')}` : issue.path.join('.'),
      ),
    ).toEqual(['zoneTexts.SDZ.evidenceOfPractice: communityPartnerships', 'zoneTexts.CNZ.description']);
  });
});
