/**
 * The roster link in the result emails: which application each one invites to name its
 * roster, and what the email says and links to (pure: the plan, the link, the template).
 */
import { describe, expect, it } from 'vitest';
import { ApplicantLinks } from '../../shared/applicant-links/links.ts';
import { applicantSecret } from '../../shared/applicant-links/secret.ts';
import type { ApplicationRecord } from '../../shared/applications/repository.ts';
import { getCohort } from '../../shared/domain/cohort/registry.ts';
import { rosterLinkFor } from '../../shared/participation/roster-link.ts';
import { planResult, type ResultEmailPlan, rosterTarget } from '../../shared/release/result-plan.ts';
import { renderResult } from '../../shared/templates/email/results.ts';
import { type FixtureZone, validApplication } from '../fixtures/applications.ts';

const cohort = getCohort('2022-2023');
const KEY = Buffer.from('roster-selection-email-test-key-0123456789abcdefghij', 'utf8');
const links = new ApplicantLinks(() => Promise.resolve(KEY), 'https://api.srsn.example.org/');
const IDS: Record<FixtureZone, string> = {
  SDZ: 'sdz-2022-2023-0453ba3b856e',
  ILDZ: 'ildz-2022-2023-05f690608e04',
  CNZ: 'cnz-2022-2023-32d54695ed03',
};

function record(zone: FixtureZone, status: ApplicationRecord['status']): ApplicationRecord {
  return {
    applicationId: IDS[zone],
    cohort: '2022-2023',
    zone,
    applicantKey: 'district:096-104',
    status,
    submittedAt: '2022-09-01T15:00:00.000Z',
    application: validApplication(zone) as ApplicationRecord['application'],
    requestHash: 'a'.repeat(64),
    version: 2,
  };
}

async function rendered(item: ApplicationRecord) {
  const plan = planResult(item, cohort) as ResultEmailPlan;
  const target = rosterTarget(item, plan);
  const roster = target ? await rosterLinkFor(links, target) : undefined;
  return {
    plan,
    target,
    content: renderResult({
      record: item,
      cohort,
      plan,
      senderAddress: 'no-reply@srsn.example.org',
      facilitatorEmails: ['facilitators@srsn.example.org'],
      now: new Date('2022-09-15T14:00:07Z'),
      ...(roster ? { roster } : {}),
    }),
  };
}

describe('the roster link of a result email', () => {
  it('invites the SDZ and ILDZ selected and the CNZ accepted to their own roster, and nobody not selected', () => {
    const targets = (['SDZ', 'ILDZ', 'CNZ'] as const).flatMap((zone) =>
      (['selected', 'not_selected'] as const).map((status) => {
        const item = record(zone, status);
        return [zone, status, rosterTarget(item, planResult(item, cohort) as ResultEmailPlan)];
      }),
    );

    expect(targets).toEqual([
      ['SDZ', 'selected', { applicationId: IDS.SDZ, zone: 'SDZ' }],
      // The rollover accepts the district into the ILDZ: the roster is its new place's.
      ['SDZ', 'not_selected', { applicationId: 'ildz-2022-2023-7937e053cff7', zone: 'ILDZ' }],
      ['ILDZ', 'selected', { applicationId: IDS.ILDZ, zone: 'ILDZ' }],
      ['ILDZ', 'not_selected', null],
      ['CNZ', 'selected', { applicationId: IDS.CNZ, zone: 'CNZ' }],
      ['CNZ', 'not_selected', null],
    ]);
  });

  it('gives the rolled-over district the link of its ILDZ place, with that place’s secret', async () => {
    const { content } = await rendered(record('SDZ', 'not_selected'));
    const secret = applicantSecret(KEY, 'ildz-2022-2023-7937e053cff7');

    expect(content.text).toContain(
      'Name up to 3 lead facilitators of your Innovative Learning Design Zone (ILDZ) place (reference ' +
        'ildz-2022-2023-7937e053cff7)',
    );
    expect(content.text).toContain(
      `Your roster and how to change ` +
        `it:\nhttps://api.srsn.example.org/applications/ildz-2022-2023-7937e053cff7/roster?secret=${secret}`,
    );
    expect(content.html).toContain(
      `<a href="https://api.srsn.example.org/applications/ildz-2022-2023-7937e053cff7/roster?secret=${secret}">`,
    );
    expect(content.text).not.toContain(applicantSecret(KEY, IDS.SDZ));
  });

  it('tells a CNZ participant its representative and alternate get the session emails, and how to name others', async () => {
    const { content } = await rendered(record('CNZ', 'selected'));
    const secret = applicantSecret(KEY, IDS.CNZ);

    expect(content.text).toContain(
      'Your representative and alternate\n\n' +
        'Your designated representative and alternate receive a reminder with a calendar invitation 7 days and 1 day ' +
        'before every monthly session',
    );
    expect(content.text).toContain('(one representative and one alternate)');
    expect(content.text).toContain(
      `{"secret":"${secret}","representative":{"name":"Full ` +
        `name","title":"Title","email":"name@example.org"},"alternate":{"name":"Full ` +
        `name","title":"Title","email":"name@example.org"}}`,
    );
    expect(content.html).toContain('&quot;representative&quot;');
  });

  it('keeps the former sentence when no link is given (the roster link is optional for the template)', () => {
    const item = record('ILDZ', 'selected');
    const plan = planResult(item, cohort) as ResultEmailPlan;
    const content = renderResult({
      record: item,
      cohort,
      plan,
      senderAddress: 'no-reply@srsn.example.org',
      facilitatorEmails: ['facilitators@srsn.example.org'],
      now: new Date('2022-09-23T14:00:00Z'),
    });

    expect(content.text).toContain('we will write to you separately to ask for their names');
    expect(content.text).not.toContain('/roster');
  });
});
