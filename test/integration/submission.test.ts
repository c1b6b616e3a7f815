import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { validApplication } from '../fixtures/applications.ts';
import { RuntimeHarness } from '../support/local-runtime.ts';

let harness: RuntimeHarness;

beforeAll(async () => {
  harness = await RuntimeHarness.start({ clockStart: new Date('2022-09-01T15:00:00Z') });
});
afterAll(() => harness.stop());
beforeEach(() => harness.clearInbox());

const applications = async () => (await harness.items()).filter((item) => item.sk === 'APPLICATION');

describe('submitting an application on the local runtime', () => {
  it('stores an SDZ application and emails the receipt to the contact with a copy to the superintendent', async () => {
    const response = await harness.submit(validApplication('SDZ'));

    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      status: 'submitted',
      zone: 'SDZ',
      cohort: '2022-2023',
      submittedAt: '2022-09-01T15:00:00.000Z',
    });
    const stored = (await applications()).find((item) => item.pk === `APPLICATION#${response.body.applicationId}`);
    expect(stored).toMatchObject({ zone: 'SDZ', status: 'submitted', gsi1pk: 'COHORT#2022-2023#ZONE#SDZ' });

    const emails = await harness.inbox();
    expect(emails).toHaveLength(1);
    expect(emails[0]!.destination.to).toEqual(['dana.whitfield@lindbergh.example.org']);
    expect(emails[0]!.destination.cc).toEqual(['superintendent@lindbergh.example.org']);
    expect(emails[0]!.subject).toBe('Application received: System Design Zone (SDZ), Lindbergh Schools');
    expect(emails[0]!.body.text).toContain('Thursday, September 1, 2022 at 10:00 AM CDT');
    expect(emails[0]!.body.html).toContain('System Design Zone (SDZ)');
  });

  it('receipts an ILDZ school application with a copy to the approving superintendent', async () => {
    const response = await harness.submit(validApplication('ILDZ'));

    expect(response.status).toBe(201);
    const [email] = await harness.inbox();
    expect(email!.destination).toMatchObject({
      to: ['sam.ortega@prairie.example.org'],
      cc: ['jreyes@prairie.example.org'],
    });
    expect(email!.body.text).toContain('Innovative Learning Design Zone (ILDZ)');
    expect(email!.body.text).toContain('Friday, September 23, 2022');
  });

  it('receipts a CNZ organization application to its contact only', async () => {
    const response = await harness.submit(validApplication('CNZ'));

    expect(response.status).toBe(201);
    const [email] = await harness.inbox();
    expect(email!.destination).toMatchObject({ to: ['lee.park@showme.example.com'], cc: [] });
    expect(email!.body.text).toContain('Collaborative Network Zone (CNZ)');
  });

  it('delivers a <script> name escaped in the HTML part', async () => {
    const application = validApplication('SDZ');
    application.applicant.countyDistrictCode = '048-001';
    application.contact.name = '<script>alert("x")</script> & Co';

    expect((await harness.submit(application)).status).toBe(201);

    const [email] = await harness.inbox();
    expect(email!.body.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(email!.body.html).not.toContain('<script>');
  });

  it('refuses CR/LF in a name with a field-level 400, storing and sending nothing', async () => {
    const before = await applications();
    const application = validApplication('SDZ');
    application.applicant.countyDistrictCode = '048-002';
    application.contact.name = 'Dana\r\nBcc: everyone@example.org';

    const response = await harness.submit(application);

    expect(response.status).toBe(400);
    expect(response.body.errors).toContainEqual({ field: 'contact.name', message: expect.stringContaining('CR/LF') });
    expect(await applications()).toEqual(before);
    expect(await harness.inbox()).toEqual([]);
  });

  it('answers 409 to a second application of the same applicant to the same zone', async () => {
    const application = validApplication('SDZ');
    application.applicant.countyDistrictCode = '048-003';
    const first = await harness.submit(application);
    await harness.clearInbox();

    const second = await harness.submit({ ...application, contact: { ...application.contact, name: 'Someone Else' } });

    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ error: 'DuplicateApplication', applicationId: first.body.applicationId });
    expect(await harness.inbox()).toEqual([]);
  });

  it('returns the first answer to a retry with the same Idempotency-Key and sends one receipt', async () => {
    const application = validApplication('SDZ');
    application.applicant.countyDistrictCode = '048-004';

    const first = await harness.submit(application, { 'Idempotency-Key': 'retry-048-004' });
    const retry = await harness.submit(application, { 'Idempotency-Key': 'retry-048-004' });

    expect(first.status).toBe(201);
    expect(retry).toEqual(first);
    expect(await harness.inbox()).toHaveLength(1);
  });

  it('answers 415 to a non-JSON content type and 413 to an oversized body', async () => {
    const wrongType = await fetch(`${harness.api}/applications`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
    });
    const tooLarge = await harness.post('/applications', { padding: 'x'.repeat(200 * 1024) });

    expect(wrongType.status).toBe(415);
    expect(tooLarge.status).toBe(413);
  });

  it('refuses submissions once the zone window has closed, with the closing instant', async () => {
    const application = validApplication('SDZ');
    application.applicant.countyDistrictCode = '048-005';

    expect((await harness.setClock('2022-09-10T04:59:59.999Z')).status).toBe(200);
    expect((await harness.submit(application)).status).toBe(201);

    await harness.setClock('2022-09-10T05:00:00.000Z');
    application.applicant.countyDistrictCode = '048-006';
    const late = await harness.submit(application);

    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ error: 'WindowClosed', closedAt: '2022-09-10T05:00:00.000Z' });
    expect(late.body.message).toContain('Saturday, September 10, 2022 at 12:00 AM CDT');
    expect((await applications()).some((item) => String(item.applicantKey).includes('048-006'))).toBe(false);
  });
});
