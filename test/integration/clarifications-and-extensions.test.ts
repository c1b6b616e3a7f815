import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicantLinkKey } from '../../infra/local/applicant-link-key.ts';
import { httpRoutes } from '../../infra/routing.ts';
import { validApplication } from '../fixtures/applications.ts';
import { type InboxEmail, RuntimeHarness } from '../support/local-runtime.ts';

let harness: RuntimeHarness;
let sdzId: string;

const QUESTION = 'Your narrative for element 4 mentions a pilot.\nWhich schools are in it, and since when?';
const ANSWER = 'Sappington and Kennerly elementary schools, since August 2021.';

beforeAll(async () => {
  harness = await RuntimeHarness.start({ clockStart: new Date('2022-09-01T15:00:00Z') });
  sdzId = (await harness.submit(validApplication('SDZ'))).body.applicationId;
  await harness.clearInbox();
});
afterAll(() => harness.stop());

function clarificationEmails(inbox: InboxEmail[]): InboxEmail[] {
  return inbox.filter((email) => email.subject.startsWith('Clarification requested:'));
}

/** The link and the secret, read from the plain-text part the way an applicant would. */
function replyPathOf(email: InboxEmail): { viewUrl: string; answerUrl: string; secret: string } {
  const text = email.body.text ?? '';
  const viewUrl = /Open the question and the reply instructions:\n(\S+)\n/.exec(text)?.[1];
  const answerUrl = /a POST request to\n(\S+)\n/.exec(text)?.[1];
  if (!viewUrl || !answerUrl) throw new Error(`No reply path in:\n${text}`);
  return { viewUrl, answerUrl, secret: new URL(viewUrl).searchParams.get('secret') ?? '' };
}

async function getUrl(url: string): Promise<{ status: number; body: any }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
}

describe('a clarification, from question to answer', () => {
  let clarificationId: string;
  let reply: { viewUrl: string; answerUrl: string; secret: string };

  it('emails the question once to the contact, copying the superintendent, with a link whose secret works', async () => {
    await harness.setClock('2022-09-02T14:30:00Z');

    const asked = await harness.asFacilitator('POST', `/facilitator/applications/${sdzId}/clarifications`, {
      question: QUESTION,
    });

    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({
      applicationId: sdzId,
      status: 'open',
      question: QUESTION,
      requestedBy: 'dev-facilitator',
      applicationStatus: 'clarification_requested',
    });
    clarificationId = asked.body.clarificationId;
    const emails = clarificationEmails(await harness.inbox());
    expect(emails).toHaveLength(1);
    const email = emails[0]!;
    expect(email.subject).toBe('Clarification requested: System Design Zone (SDZ), Lindbergh Schools');
    expect(email.destination.to).toEqual(['dana.whitfield@lindbergh.example.org']);
    expect(email.destination.cc).toEqual(['superintendent@lindbergh.example.org']);
    expect(email.body.text).toContain('Friday, September 2, 2022 at 9:30 AM CDT');
    expect(email.body.text).toContain('> Which schools are in it, and since when?');

    reply = replyPathOf(email);
    expect(
      reply.viewUrl.startsWith(`${harness.api}/applications/${sdzId}/clarifications/${clarificationId}?secret=`),
    ).toBe(true);
    const view = await getUrl(reply.viewUrl);
    expect(view.status).toBe(200);
    expect(view.body.clarification).toMatchObject({
      clarificationId,
      question: QUESTION,
      status: 'open',
      answerWith: { method: 'POST', url: reply.answerUrl },
    });
  });

  it('puts the application in clarification_requested for the facilitators, and lists the open question', async () => {
    const detail = await harness.asFacilitator('GET', `/facilitator/applications/${sdzId}`);
    const queue = await harness.asFacilitator(
      'GET',
      '/facilitator/applications?cohort=2022-2023&zone=SDZ&status=clarification_requested',
    );

    expect(detail.body).toMatchObject({ status: 'clarification_requested', version: 2 });
    expect(detail.body.clarifications).toEqual([
      {
        clarificationId,
        question: QUESTION,
        requestedAt: '2022-09-02T14:30:00.000Z',
        status: 'open',
        answer: null,
        answeredAt: null,
        requestedBy: 'dev-facilitator',
      },
    ]);
    expect(queue.body.items.map((item: { applicationId: string }) => item.applicationId)).toEqual([sdzId]);
  });

  it('answers 403 to a wrong secret, and the same 403 for an application that does not exist', async () => {
    const tampered = `${reply.secret.slice(0, -1)}${reply.secret.endsWith('A') ? 'B' : 'A'}`;
    const wrongAnswer = await harness.post(`/applications/${sdzId}/clarifications/${clarificationId}/answer`, {
      secret: tampered,
      answer: ANSWER,
    });
    const wrongView = await harness.request('GET', `/applications/${sdzId}/clarifications?secret=${tampered}`);
    const unknown = await harness.post(
      `/applications/sdz-2022-2023-000000000000/clarifications/${clarificationId}/answer`,
      { secret: reply.secret, answer: ANSWER },
    );

    expect(wrongAnswer.status).toBe(403);
    expect(wrongView.status).toBe(403);
    expect(unknown.status).toBe(403);
    expect(unknown.body).toEqual(wrongAnswer.body);
    const stillOpen = await harness.asFacilitator('GET', `/facilitator/applications/${sdzId}/clarifications`);
    expect(stillOpen.body.items[0]).toMatchObject({ status: 'open', answer: null });
  });

  it('refuses a bad answer naming the field', async () => {
    const response = await harness.post(`/applications/${sdzId}/clarifications/${clarificationId}/answer`, {
      secret: reply.secret,
      answer: '',
    });

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ field: 'answer', message: 'must not be empty' }]);
  });

  it('takes the answer through the reply path, returns the application to review, and shows the answer to facilitators', async () => {
    await harness.setClock('2022-09-03T16:00:00Z');

    const answered = await harness.post(new URL(reply.answerUrl).pathname, { secret: reply.secret, answer: ANSWER });

    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({
      clarificationId,
      status: 'answered',
      answer: ANSWER,
      answeredAt: '2022-09-03T16:00:00.000Z',
      applicationStatus: 'submitted',
    });
    const listed = await harness.asFacilitator('GET', `/facilitator/applications/${sdzId}/clarifications`);
    expect(listed.body).toEqual({
      applicationId: sdzId,
      applicationStatus: 'submitted',
      items: [
        {
          clarificationId,
          question: QUESTION,
          requestedAt: '2022-09-02T14:30:00.000Z',
          status: 'answered',
          answer: ANSWER,
          answeredAt: '2022-09-03T16:00:00.000Z',
          requestedBy: 'dev-facilitator',
        },
      ],
    });
    const detail = await harness.asFacilitator('GET', `/facilitator/applications/${sdzId}`);
    expect(detail.body).toMatchObject({
      status: 'submitted',
      version: 3,
      clarifications: [{ clarificationId, answer: ANSWER }],
    });
  });

  it('records every step in the audit trail: who asked, the email, and the applicant answering', async () => {
    const trail = await harness.asFacilitator('GET', `/facilitator/applications/${sdzId}/audit`);
    const steps = trail.body.entries.map(
      (entry: { actor: string; action: string }) => `${entry.actor} ${entry.action}`,
    );

    // The virtual clock stands still within a step, so entries of one instant come in any order.
    expect(steps.slice(0, 2).sort()).toEqual(['applicant submitted', 'system email-sent']);
    expect(steps.slice(2, 4).sort()).toEqual(['dev-facilitator clarification-requested', 'system email-sent']);
    expect(steps.slice(4)).toEqual(['applicant clarification-answered']);
    expect(trail.body.entries.at(-1)).toMatchObject({
      at: '2022-09-03T16:00:00.000Z',
      details: { clarificationId, previousStatus: 'clarification_requested', status: 'submitted' },
    });
    expect(trail.body.entries).toContainEqual(
      expect.objectContaining({
        at: '2022-09-02T14:30:00.000Z',
        details: expect.objectContaining({
          kind: 'clarification-request',
          to: ['dana.whitfield@lindbergh.example.org'],
        }),
      }),
    );
  });

  it('answers 409 to a second answer and keeps the first', async () => {
    const again = await harness.post(`/applications/${sdzId}/clarifications/${clarificationId}/answer`, {
      secret: reply.secret,
      answer: 'Something else.',
    });

    expect(again.status).toBe(409);
    expect(again.body.error).toBe('AlreadyAnswered');
    const listed = await harness.asFacilitator('GET', `/facilitator/applications/${sdzId}/clarifications`);
    expect(listed.body.items[0].answer).toBe(ANSWER);
  });

  it('sends nothing more when the ClarificationRequested event is delivered again', async () => {
    const before = clarificationEmails(await harness.inbox()).length;

    const replay = await harness.post('/_local/events', {
      Entries: [
        {
          Source: 'srsn.innovation-zones',
          DetailType: 'ClarificationRequested',
          Detail: JSON.stringify({
            applicationId: sdzId,
            clarificationId,
            cohort: '2022-2023',
            zone: 'SDZ',
            requestedAt: '2022-09-02T14:30:00.000Z',
          }),
          EventBusName: harness.runtime.busName,
        },
      ],
    });

    expect(replay.body.deliveries).toEqual([expect.objectContaining({ target: 'sendClarificationRequest' })]);
    expect(clarificationEmails(await harness.inbox())).toHaveLength(before);
  });
});

describe('retrying a clarification request', () => {
  it('asks once and emails once when the retry carries the same Idempotency-Key', async () => {
    const ildz = validApplication('ILDZ');
    const ildzId = (await harness.submit(ildz)).body.applicationId as string;
    const path = `/facilitator/applications/${ildzId}/clarifications`;
    const headers = { authorization: 'Bearer dev-facilitator', 'idempotency-key': 'ildz-letter-question' };
    const before = clarificationEmails(await harness.inbox()).length;

    const first = await harness.request(
      'POST',
      path,
      { question: 'Please attach the signed superintendent letter.' },
      headers,
    );
    const retry = await harness.request(
      'POST',
      path,
      { question: 'Please attach the signed superintendent letter.' },
      headers,
    );
    await harness.runtime.bus.whenIdle();

    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body.clarificationId).toBe(first.body.clarificationId);
    expect((await harness.asFacilitator('GET', path)).body.items).toHaveLength(1);
    expect(clarificationEmails(await harness.inbox()).length - before).toBe(1);
    const withoutKey = await harness.asFacilitator('POST', path, {
      question: 'Please attach the signed superintendent letter.',
    });
    expect(withoutKey.body.clarificationId).not.toBe(first.body.clarificationId);
  });
});

describe('window extensions', () => {
  function lateDistrict(code: string, name: string): Record<string, any> {
    const application = validApplication('SDZ');
    application.applicant.countyDistrictCode = code;
    application.applicant.name = name;
    return application;
  }

  it('lets the one late district with an extension in, and not another', async () => {
    await harness.setClock('2022-09-10T14:00:00Z');
    const granted = await harness.asFacilitator('POST', '/facilitator/extensions', {
      cohort: '2022-2023',
      zone: 'SDZ',
      applicantKey: 'district:048-906',
      until: '2022-09-12T17:00:00-05:00',
      note: 'Board approval came a day late',
    });
    expect(granted.status).toBe(201);
    expect(granted.body).toMatchObject({
      applicantKey: 'district:048-906',
      until: '2022-09-12T22:00:00.000Z',
      closedAt: '2022-09-10T05:00:00.000Z',
      grantedBy: 'dev-facilitator',
    });

    await harness.setClock('2022-09-12T21:00:00Z');
    const extended = await harness.submit(lateDistrict('048-906', 'Holden R-III'));
    const other = await harness.submit(lateDistrict('048-907', 'Kingsville R-I'));

    expect(extended.status).toBe(201);
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ error: 'WindowClosed', closedAt: '2022-09-10T05:00:00.000Z' });
    const receipts = (await harness.inbox()).filter(
      (email) => email.subject === 'Application received: System Design Zone (SDZ), Holden R-III',
    );
    expect(receipts).toHaveLength(1);
    const trail = await harness.asFacilitator('GET', `/facilitator/applications/${extended.body.applicationId}/audit`);
    expect(trail.body.entries.find((entry: { action: string }) => entry.action === 'submitted')).toMatchObject({
      details: { extension: { until: '2022-09-12T22:00:00.000Z', grantedBy: 'dev-facilitator' } },
    });
  });

  it('stops admitting at the instant the extension ends, and lists the extensions of the zone', async () => {
    await harness.asFacilitator('POST', '/facilitator/extensions', {
      cohort: '2022-2023',
      zone: 'SDZ',
      applicantKey: 'district:048-908',
      until: '2022-09-13T00:00:00Z',
    });
    await harness.setClock('2022-09-13T00:00:00Z');

    const tooLate = await harness.submit(lateDistrict('048-908', 'Warrensburg R-VI'));
    const listed = await harness.asFacilitator('GET', '/facilitator/extensions?cohort=2022-2023&zone=SDZ');

    expect(tooLate.status).toBe(409);
    expect(tooLate.body).toMatchObject({ error: 'WindowClosed', extensionEndedAt: '2022-09-13T00:00:00.000Z' });
    expect(listed.body.items.map((item: { applicantKey: string }) => item.applicantKey).sort()).toEqual([
      'district:048-906',
      'district:048-908',
    ]);
  });
});

describe('who may use the clarification and extension routes', () => {
  const mine = httpRoutes.filter(
    (route) => route.target === 'clarifications' || route.target === 'facilitatorExtensions',
  );

  it.each(
    mine
      .filter((route) => route.auth === 'facilitator')
      .map((route) => [`${route.method} ${route.path}`, route] as const),
  )('%s: 401 without a token, 403 for a non-facilitator', async (_name, route) => {
    const path = route.path.replace('{applicationId}', sdzId);
    const body = route.method === 'GET' ? undefined : {};
    expect((await harness.request(route.method, path, body)).status).toBe(401);
    expect((await harness.asFacilitator(route.method, path, body, 'dev-applicant')).status).toBe(403);
  });

  it('serves the applicant routes without any token, on the secret alone', () => {
    expect(mine.filter((route) => route.path.startsWith('/applications/')).map((route) => route.auth)).toEqual([
      'public',
      'public',
      'public',
    ]);
  });
});

describe('the local applicant-link key', () => {
  it('is generated once and kept, readable by its owner only, in the data folder', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'srsn-key-'));
    try {
      const first = applicantLinkKey(dataDir);
      expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(applicantLinkKey(dataDir)).toBe(first);
      expect(statSync(path.join(dataDir, 'applicant-link.key')).mode & 0o777).toBe(0o600);
      expect(applicantLinkKey(mkdtempSync(path.join(tmpdir(), 'srsn-key-')))).not.toBe(first);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
