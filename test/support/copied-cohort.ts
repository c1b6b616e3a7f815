import { expect } from 'vitest';
import { validApplication } from '../fixtures/applications.ts';
import type { RuntimeHarness } from './local-runtime.ts';

const COHORTS = '/facilitator/cohorts';

/** The lead facilitators the selected district names: with its contact, the planning meeting's addressees. */
export const LEADS = [
  'ana.brooks@lindbergh.example.org',
  'ben.carter@lindbergh.example.org',
  'cleo@lindbergh.example.org',
];
export const CONTACT = 'dana.whitfield@lindbergh.example.org';

/**
 * Copies 2022-2023 forward to `id` through the facilitator API, sets `set` on the draft and
 * schedules it, as an operator would in December 2026. Returns the scheduled definition.
 */
export async function scheduleCopiedCohort(
  harness: RuntimeHarness,
  id: string,
  set: Record<string, unknown> = {},
): Promise<Record<string, any>> {
  const saved = await harness.asFacilitator('POST', `${COHORTS}/2022-2023/copies`, { id, save: true });
  expect(saved.status, JSON.stringify(saved.body)).toBe(201);
  let version: number = saved.body.version;
  if (Object.keys(set).length > 0) {
    const changed = await harness.asFacilitator('PATCH', `${COHORTS}/${id}`, { version, set });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    version = changed.body.version;
  }
  const scheduled = await harness.asFacilitator('POST', `${COHORTS}/${id}/schedule`, { version });
  expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(200);
  return scheduled.body.definition;
}

/**
 * One SDZ district of the cohort, selected through its application, the review and the
 * scheduled release, its board resolution recorded (so no weekly reminder mixes in) and its
 * three lead facilitators named through the selection email's roster link. Leaves the clock
 * at the SDZ notification.
 */
export async function selectSdzDistrict(harness: RuntimeHarness, definition: Record<string, any>): Promise<void> {
  const sdz = definition.zones.SDZ;
  expect((await harness.setClock(`${sdz.opens}T15:00:00Z`)).status).toBe(200);
  const application = validApplication('SDZ');
  application.cohort = definition.id;
  const submitted = await harness.submit(application);
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
  const applicationId: string = submitted.body.applicationId;

  expect((await harness.setClock(`${sdz.review.from}T15:00:00Z`)).status).toBe(200);
  const current = await harness.asFacilitator('GET', `/facilitator/applications/${applicationId}`);
  const reviewed = await harness.asFacilitator('PUT', `/facilitator/applications/${applicationId}/review`, {
    expectedVersion: current.body.version,
    decision: 'selected',
    notes: 'Reviewed.',
    scores: {
      elements: { 1: 3, 2: 3, 3: 3, 4: 3, 5: 3, 6: 3, 7: 3, 8: 3 },
      evidence: { cblPractices: 3, dataForSystemChange: 3, assessmentForLearning: 3, professionalLearning: 3 },
    },
  });
  expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);

  await harness.clearInbox();
  expect((await harness.setClock(`${sdz.notify}T15:00:00Z`)).status).toBe(200);
  const selection = (await harness.inbox()).find((email) => /^Selected for the System Design Zone/.test(email.subject));
  expect(selection?.destination.to).toEqual([CONTACT]);

  const selected = await harness.asFacilitator('GET', `/facilitator/applications/${applicationId}`);
  const resolution = await harness.asFacilitator(
    'POST',
    `/facilitator/applications/${applicationId}/board-resolution`,
    {
      expectedVersion: selected.body.version,
      adoptedOn: sdz.notify,
      reference: `Minutes ${sdz.notify}`,
    },
  );
  expect(resolution.status, JSON.stringify(resolution.body)).toBe(200);

  const text = selection!.body.text!;
  const url = text.match(/a PUT request to (\S+) with a JSON body/)![1]!;
  const secret = (JSON.parse(text.match(/^\{"secret".*\}$/m)![0]!) as { secret: string }).secret;
  const named = await harness.request('PUT', new URL(url).pathname, {
    secret,
    leadFacilitators: LEADS.map((email) => ({ name: 'Lead Facilitator', title: 'Instructional Coach', email })),
  });
  expect(named.status, JSON.stringify(named.body)).toBe(200);
  await harness.runtime.bus.whenIdle();
}
