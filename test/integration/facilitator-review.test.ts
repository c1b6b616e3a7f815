import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRoutes } from '../../infra/routing.ts';
import { validApplication } from '../fixtures/applications.ts';
import { RuntimeHarness } from '../support/local-runtime.ts';

let harness: RuntimeHarness;
let sdzId: string;

beforeAll(async () => {
  harness = await RuntimeHarness.start({ clockStart: new Date('2022-09-01T15:00:00Z') });
  sdzId = (await harness.submit(validApplication('SDZ'))).body.applicationId;
});
afterAll(() => harness.stop());

const scores = {
  elements: { 1: 3, 2: 3, 3: 2, 4: 4, 5: 3, 6: 2, 7: 3, 8: 4 },
  evidence: { cblPractices: 4, dataForSystemChange: 3, assessmentForLearning: 2, professionalLearning: 3 },
};

function review(
  expectedVersion: number,
  decision: 'selected' | 'not_selected',
  notes = 'Strong evidence of practice.',
) {
  return { expectedVersion, decision, notes, scores };
}

/** A concrete path for a route template, with a real application id where one is needed. */
function concrete(path: string): string {
  return path.replace('{applicationId}', sdzId).replace(/\{[^}]+\}/g, 'x');
}

const facilitatorRoutes = httpRoutes.filter((route) => route.auth === 'facilitator');

describe('who may use the facilitator routes', () => {
  it.each(facilitatorRoutes.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s: 401 without a token or with an unknown one, 403 for a signed-in non-facilitator',
    async (_name, route) => {
      const path = concrete(route.path);
      const body = route.method === 'GET' ? undefined : {};
      expect((await harness.request(route.method, path, body)).status).toBe(401);
      expect((await harness.request(route.method, path, body, { authorization: 'Bearer forged-token' })).status).toBe(
        401,
      );
      expect((await harness.asFacilitator(route.method, path, body, 'dev-applicant')).status).toBe(403);
      const asFacilitator = await harness.asFacilitator(route.method, path, body);
      expect([401, 403]).not.toContain(asFacilitator.status);
    },
  );
});

describe('the review queue', () => {
  it('lists a zone by status with a Query, paginated with a token, oldest first', async () => {
    for (const code of ['020-001', '020-002', '020-003']) {
      const application = validApplication('SDZ');
      application.applicant.countyDistrictCode = code;
      await harness.setClock(new Date(harness.runtime.clock.now().getTime() + 60_000).toISOString());
      expect((await harness.submit(application)).status).toBe(201);
    }

    const pages: any[] = [];
    let token: string | null = null;
    do {
      const page = await harness.asFacilitator(
        'GET',
        `/facilitator/applications?cohort=2022-2023&zone=SDZ&status=submitted&` +
          `limit=2${token ? `&nextToken=${token}` : ''}`,
      );
      expect(page.status).toBe(200);
      pages.push(page.body);
      token = page.body.nextToken;
    } while (token !== null && pages.length < 10);

    expect(pages[0].items).toHaveLength(2);
    expect(pages[0].items[0]).toMatchObject({
      applicationId: sdzId,
      applicant: 'Lindbergh Schools',
      status: 'submitted',
      version: 1,
      decision: null,
    });
    const all = pages.flatMap((page) => page.items.map((item: { submittedAt: string }) => item.submittedAt));
    expect(all).toHaveLength(4);
    expect([...all].sort()).toEqual(all);
  });

  it('refuses a bad query naming the parameter, and a token it did not issue', async () => {
    const missing = await harness.asFacilitator('GET', '/facilitator/applications?zone=SDZ');
    const forged = await harness.asFacilitator(
      'GET',
      `/facilitator/applications?cohort=2022-2023&zone=SDZ&` +
        `nextToken=${Buffer.from('{"pk":"x"}').toString('base64url')}`,
    );

    expect(missing.status).toBe(400);
    expect(missing.body.errors).toContainEqual({ field: 'query.cohort', message: 'is required' });
    expect(forged.body.errors).toContainEqual({ field: 'query.nextToken', message: 'is not a token this API issued' });

    const sdzPage = await harness.asFacilitator('GET', '/facilitator/applications?cohort=2022-2023&zone=SDZ&limit=1');
    expect(sdzPage.body.nextToken).toEqual(expect.any(String));
    const otherZone = await harness.asFacilitator(
      'GET',
      `/facilitator/applications?cohort=2022-2023&zone=ILDZ&nextToken=${sdzPage.body.nextToken}`,
    );
    const otherStatus = await harness.asFacilitator(
      'GET',
      `/facilitator/applications?cohort=2022-2023&zone=SDZ&status=selected&nextToken=${sdzPage.body.nextToken}`,
    );
    expect([otherZone.status, otherStatus.status]).toEqual([400, 400]);
    expect(otherZone.body.errors).toContainEqual({
      field: 'query.nextToken',
      message: 'is not a token this API issued',
    });
  });

  it('refuses a page token whose key is longer than DynamoDB allows', async () => {
    const key = {
      gsi1pk: 'COHORT#2022-2023#ZONE#SDZ',
      gsi1sk: `STATUS#${'a'.repeat(1100)}`,
      pk: 'APPLICATION#x',
      sk: 'APPLICATION',
    };

    const forged = await harness.asFacilitator(
      'GET',
      `/facilitator/applications?cohort=2022-2023&zone=SDZ&` +
        `nextToken=${Buffer.from(JSON.stringify(key)).toString('base64url')}`,
    );

    expect(forged.status).toBe(400);
    expect(forged.body.errors).toEqual([{ field: 'query.nextToken', message: 'is not a token this API issued' }]);
  });
});

describe('recording a review', () => {
  it('gives one winner and one 409 when two facilitators decide at once', async () => {
    const [first, second] = await Promise.all([
      harness.asFacilitator(
        'PUT',
        `/facilitator/applications/${sdzId}/review`,
        review(1, 'selected'),
        'dev-facilitator',
      ),
      harness.asFacilitator(
        'PUT',
        `/facilitator/applications/${sdzId}/review`,
        review(1, 'not_selected'),
        'dev-facilitator-2',
      ),
    ]);

    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const loser = first.status === 409 ? first : second;
    expect(loser.body).toMatchObject({ error: 'VersionConflict', currentVersion: 2 });
    const stored = await harness.asFacilitator('GET', `/facilitator/applications/${sdzId}`);
    expect(stored.body).toMatchObject({ version: 2, status: (first.status === 200 ? first : second).body.status });
  });

  it('records scores, notes and decision, and the audit trail says who and when', async () => {
    await harness.setClock('2022-09-12T16:00:00Z');
    const current = await harness.asFacilitator('GET', `/facilitator/applications/${sdzId}`);

    const changed = await harness.asFacilitator(
      'PUT',
      `/facilitator/applications/${sdzId}/review`,
      review(current.body.version, 'selected', 'Selected after discussion.'),
      'dev-facilitator-2',
    );

    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      status: 'selected',
      decision: 'selected',
      version: current.body.version + 1,
      correctionAvailable: false,
    });
    const trail = await harness.asFacilitator('GET', `/facilitator/applications/${sdzId}/audit`);
    expect(trail.body.entries.at(-1)).toMatchObject({
      at: '2022-09-12T16:00:00.000Z',
      actor: 'dev-facilitator-2',
      action: 'review-recorded',
      details: { decision: 'selected' },
    });
    const queue = await harness.asFacilitator(
      'GET',
      '/facilitator/applications?cohort=2022-2023&zone=SDZ&status=selected',
    );
    expect(queue.body.items.map((item: { applicationId: string }) => item.applicationId)).toEqual([sdzId]);
  });

  it('refuses an SDZ review without evidence scores and a score outside the rubric, naming the field', async () => {
    const current = await harness.asFacilitator('GET', `/facilitator/applications/${sdzId}`);
    const noEvidence = await harness.asFacilitator('PUT', `/facilitator/applications/${sdzId}/review`, {
      ...review(current.body.version, 'selected'),
      scores: { elements: scores.elements },
    });
    const outOfRange = await harness.asFacilitator('PUT', `/facilitator/applications/${sdzId}/review`, {
      ...review(current.body.version, 'selected'),
      scores: { ...scores, elements: { ...scores.elements, 3: 7 } },
    });

    expect(noEvidence.body.errors).toEqual([
      { field: 'scores.evidence', message: 'is required for a System Design Zone application' },
    ]);
    expect(outOfRange.body.errors[0].field).toBe('scores.elements.3');
    expect((await harness.asFacilitator('GET', `/facilitator/applications/${sdzId}`)).body.version).toBe(
      current.body.version,
    );
  });

  it('answers 404 for an unknown application and 400 for a malformed id', async () => {
    expect((await harness.asFacilitator('GET', '/facilitator/applications/sdz-2022-2023-000000000000')).status).toBe(
      404,
    );
    const malformed = await harness.asFacilitator('GET', '/facilitator/applications/not-an-id');
    expect(malformed.body.errors[0].field).toBe('path.applicationId');
  });
});
