import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validApplication } from '../fixtures/applications.ts';
import { RuntimeHarness } from '../support/local-runtime.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'srsn-local-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the embedded local runtime', () => {
  it('reports health, moves the virtual clock forward and refuses to move it back', async () => {
    const harness = await RuntimeHarness.start({ clockStart: new Date('2022-08-19T14:00:00Z') });
    try {
      const health = await (await fetch(`${harness.api}/_local/health`)).json();
      expect(health).toMatchObject({ status: 'ok', now: '2022-08-19T14:00:00.000Z', urls: harness.runtime.urls });

      // 27 days and one hour of 15-minute ticks: 27 * 96 + 4.
      expect(await harness.setClock('2022-09-15T15:00:00Z')).toEqual({
        status: 200,
        body: { now: '2022-09-15T15:00:00.000Z', ticks: 2596 },
      });
      const back = await harness.setClock('2022-09-01T00:00:00Z');
      expect(back.status).toBe(400);
      expect(back.body.errors[0]).toMatchObject({
        field: 'now',
        message: expect.stringContaining('2022-09-15T15:00:00.000Z'),
      });
      expect((await harness.setClock('next tuesday')).body.errors[0].field).toBe('now');
    } finally {
      await harness.stop();
    }
  });

  it('answers 404 to unknown routes and 400 to events that are not PutEvents entries', async () => {
    const harness = await RuntimeHarness.start();
    try {
      expect((await fetch(`${harness.api}/nowhere`)).status).toBe(404);
      expect((await harness.post('/_local/events', { Entries: 'nope' })).body.errors[0].field).toBe('Entries');
      const refused = await harness.post('/_local/events', {
        Entries: [{ Source: 'x', DetailType: 'y', Detail: 'not json' }],
      });
      expect(refused.body).toMatchObject({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'MalformedDetail' }] });
    } finally {
      await harness.stop();
    }
  });

  it('answers 400 naming the path parameter, as the handlers do, to a malformed percent-encoding', async () => {
    const harness = await RuntimeHarness.start();
    try {
      const facilitatorRoute = await harness.asFacilitator('GET', '/facilitator/applications/%ZZ');
      const applicantRoute = await fetch(`${harness.api}/applications/%E0%A4%A/clarifications?secret=x`);

      expect(facilitatorRoute).toEqual({
        status: 400,
        body: {
          error: 'ValidationError',
          message: 'The request is invalid: see errors for each field.',
          errors: [{ field: 'path.applicationId', message: 'is not valid percent-encoding' }],
        },
      });
      expect(applicantRoute.status).toBe(400);
      expect(await applicantRoute.json()).toMatchObject({
        errors: [{ field: 'path.applicationId', message: 'is not valid percent-encoding' }],
      });
    } finally {
      await harness.stop();
    }
  });

  it('keeps applications and the clock on disk across restarts, and --fresh starts empty', async () => {
    const first = await RuntimeHarness.start({ dataDir, fresh: true, clockStart: new Date('2022-08-30T15:00:00Z') });
    const submitted = await first.submit(validApplication('ILDZ'));
    await first.setClock('2022-09-05T15:00:00Z');
    await first.stop();

    const second = await RuntimeHarness.start({ dataDir, clockStart: new Date('2022-08-19T14:00:00Z') });
    try {
      expect(second.runtime.clock.now().toISOString()).toBe('2022-09-05T15:00:00.000Z');
      expect((await second.items()).map((item) => item.pk)).toContain(`APPLICATION#${submitted.body.applicationId}`);
    } finally {
      await second.stop();
    }

    const fresh = await RuntimeHarness.start({ dataDir, fresh: true, clockStart: new Date('2022-08-19T14:00:00Z') });
    try {
      expect(await fresh.items()).toEqual([]);
      expect(fresh.runtime.clock.now().toISOString()).toBe('2022-08-19T14:00:00.000Z');
    } finally {
      await fresh.stop();
    }
  });
});

describe('one local runtime per process', () => {
  it('refuses to start a second runtime while one runs, and restarts on the same ports', async () => {
    const first = await RuntimeHarness.start();
    const urls = first.runtime.urls;
    await expect(RuntimeHarness.start()).rejects.toThrow('already running');
    await first.stop();

    const again = await RuntimeHarness.start();
    try {
      expect(again.runtime.urls).toEqual(urls);
      await again.clearInbox();
      expect((await again.submit(validApplication('CNZ'))).status).toBe(201);
      expect(await again.inbox()).toHaveLength(1);
    } finally {
      await again.stop();
    }
  });
});
