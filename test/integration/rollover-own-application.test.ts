import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validApplication } from '../fixtures/applications.ts';
import { RuntimeHarness } from '../support/local-runtime.ts';

let harness: RuntimeHarness;

beforeAll(async () => {
  harness = await RuntimeHarness.start({ clockStart: new Date('2022-09-01T15:00:00Z') });
});
afterAll(() => harness.stop());

const scores = {
  elements: { 1: 2, 2: 2, 3: 2, 4: 2, 5: 2, 6: 2, 7: 2, 8: 2 },
  evidence: { cblPractices: 2, dataForSystemChange: 2, assessmentForLearning: 2, professionalLearning: 2 },
};

const sdz = validApplication('SDZ');
const ids: { sdz?: string; ildz?: string } = {};

describe('the SDZ rollover when the district also applied to the ILDZ itself', () => {
  it('accepts its own ILDZ application as its place, so the ILDZ release sends nothing more', async () => {
    const ildz = validApplication('ILDZ');
    ildz.applicant = {
      kind: 'district',
      name: sdz.applicant.name,
      countyDistrictCode: sdz.applicant.countyDistrictCode,
    };
    ildz.contact = sdz.contact;
    const sdzId = (await harness.submit(sdz)).body.applicationId;
    const ildzId = (await harness.submit(ildz)).body.applicationId;
    Object.assign(ids, { sdz: sdzId, ildz: ildzId });
    await harness.clearInbox();

    const current = await harness.asFacilitator('GET', `/facilitator/applications/${sdzId}`);
    expect(
      (
        await harness.asFacilitator('PUT', `/facilitator/applications/${sdzId}/review`, {
          expectedVersion: current.body.version,
          decision: 'not_selected',
          notes: '',
          scores,
        })
      ).status,
    ).toBe(200);
    await harness.setClock('2022-09-15T14:00:00Z');

    const sdzEmails = (await harness.inbox()).filter((email) => email.destination.to.includes(sdz.contact.email));
    expect(sdzEmails.map((email) => email.subject)).toEqual([
      'System Design Zone (SDZ) result and your place in the Innovative Learning Design Zone (ILDZ): Lindbergh Schools',
    ]);
    expect(sdzEmails[0]!.body.text).toContain(
      `we keep that application as your Innovative Learning Design Zone (ILDZ) place`,
    );
    const preview = await harness.asFacilitator('GET', '/facilitator/releases/preview?cohort=2022-2023&zone=SDZ');
    expect(JSON.stringify(preview.body)).toContain('"placement":"own-application"');
    expect(JSON.stringify(preview.body)).not.toContain('"placement":"new-place"');
    const own = await harness.asFacilitator('GET', `/facilitator/applications/${ildzId}`);
    expect(own.body).toMatchObject({ status: 'selected', rolledOverFrom: sdzId });
    const queue = await harness.asFacilitator('GET', '/facilitator/applications?cohort=2022-2023&zone=ILDZ');
    expect(queue.body.items.map((item: { applicationId: string }) => item.applicationId)).toEqual([ildzId]);

    await harness.clearInbox();
    await harness.setClock('2022-09-23T14:00:00Z');
    expect((await harness.inbox()).filter((email) => email.destination.to.includes(sdz.contact.email))).toEqual([]);
  });

  it('returns that application to the ILDZ review queue when the SDZ result is corrected to selected, and the correction withdraws the place', async () => {
    await harness.clearInbox();
    const current = await harness.asFacilitator('GET', `/facilitator/applications/${ids.sdz}`);
    expect(
      (
        await harness.asFacilitator('PUT', `/facilitator/applications/${ids.sdz}/review`, {
          expectedVersion: current.body.version,
          decision: 'selected',
          notes: '',
          scores,
        })
      ).status,
    ).toBe(200);

    const corrected = await harness.asFacilitator('POST', `/facilitator/applications/${ids.sdz}/send-result`, {});

    expect(corrected.body).toMatchObject({ sent: 'correction', decision: 'selected' });
    const own = await harness.asFacilitator('GET', `/facilitator/applications/${ids.ildz}`);
    expect(own.body.status).toBe('submitted');
    expect(own.body).not.toHaveProperty('rolledOverFrom');
    const [email] = (await harness.inbox()).filter((item) => item.destination.to.includes(sdz.contact.email));
    expect(email!.body.text).toContain(
      'The Innovative Learning Design Zone (ILDZ) place it announced is withdrawn: Lindbergh Schools takes part in ' +
        'the System Design Zone (SDZ).',
    );
    const trail = await harness.asFacilitator('GET', `/facilitator/applications/${ids.ildz}`);
    expect(JSON.stringify(trail.body)).toContain('rollover-withdrawn');
  });
});
