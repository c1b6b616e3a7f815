import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// What the handler reads at load: whom a closed zone's page tells applicants to write to.
vi.hoisted(() => {
  process.env.FACILITATOR_EMAILS = 'lead@srsn.example.org,second@srsn.example.org';
});

import { handler } from '../../functions/applicant-pages/handler.ts';
import { seedCohorts } from '../../infra/local/seed/seed-cohorts.ts';
import { CBL_ELEMENTS } from '../../shared/domain/cbl-elements.ts';
import { useFixedCohorts } from '../../shared/domain/cohort/registry.ts';
import { STYLESHEET_FILE, STYLESHEET_PATH } from '../../shared/platform/html/site-css.ts';
import type { HttpResponse } from '../../shared/platform/http/response.ts';
import { resetClockSource, setClockSource } from '../../shared/platform/time/clock.ts';
import { apiEvent, lambdaContext } from '../support/api-event.ts';
import { takeLogs } from '../support/logs.ts';

const CSP =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
/** The seed's zones are all open on this day (SDZ and ILDZ due in September, CNZ with no due date). */
const ALL_OPEN = '2022-08-20T15:00:00Z';
/** The day after the SDZ's due date (Friday, September 9, 2022): the SDZ is closed, the ILDZ still open. */
const SDZ_CLOSED = '2022-09-10T15:00:00Z';

/** A GET of a page route, as API Gateway sends it. */
function get(routeKeyPath: string, pathParameters: Record<string, string>, headers: Record<string, string> = {}) {
  const path = Object.entries(pathParameters).reduce(
    (filled, [name, value]) => filled.replace(`{${name}}`, value),
    routeKeyPath,
  );
  const event = apiEvent({ method: 'GET', path, headers });
  return { ...event, routeKey: `GET ${routeKeyPath}`, pathParameters } as APIGatewayProxyEventV2;
}

async function serve(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
  return (await handler(event, lambdaContext('applicantPages'))) as HttpResponse;
}

const startPage = (cohortId: string, headers?: Record<string, string>) =>
  serve(get('/apply/{cohortId}', { cohortId }, headers));
const formPage = (cohortId: string, zone: string) => serve(get('/apply/{cohortId}/{zone}', { cohortId, zone }));

/** The names of the form's controls, in document order. */
function controlNames(body: string): string[] {
  return [...body.matchAll(/<(?:input|textarea)\b[^>]*\bname="([^"]+)"/g)].map((match) => match[1]!);
}

function expectPageHeaders(response: HttpResponse): void {
  expect(response.headers).toMatchObject({
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': CSP,
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
  });
}

beforeEach(() => setClockSource(() => new Date(ALL_OPEN)));
afterEach(() => {
  resetClockSource();
  useFixedCohorts(seedCohorts(new Date('2022-08-01T00:00:00Z')));
});

describe('the start page of a cohort', () => {
  it("shows each zone's texts, dates in Central time and a link to each open zone's form, as an HTML page", async () => {
    const response = await startPage('2022-2023');

    expect(response.statusCode).toBe(200);
    expectPageHeaders(response);
    expect(response.headers).not.toHaveProperty('strict-transport-security');
    const body = response.body;
    expect(body).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(body).toContain(`<link rel="stylesheet" href="${STYLESHEET_PATH}">`);
    expect(body).toContain('<a class="skip-link" href="#main">');
    expect(body).toContain('<h1>Apply to Innovation Zones Cohort 1, 2022-2023</h1>');
    for (const zone of ['SDZ', 'ILDZ', 'CNZ']) {
      expect(body).toContain(`href="/apply/2022-2023/${zone}"`);
    }
    expect(body).toContain(
      '<dt>Applications due</dt><dd>Friday, September 9, 2022 (applications are accepted until 11:59 PM CDT that day)</dd>',
    );
    expect(body).toContain('<dt>Results sent</dt><dd>Thursday, September 15, 2022</dd>');
    // The CNZ has neither date yet in the seed.
    expect(body.match(/<dd>not set yet<\/dd>/g)).toHaveLength(2);
    expect(body.match(/Open now: applications are accepted/g)).toHaveLength(3);
    expect(body).not.toMatch(/<script|style=/);
  });

  it('says which zones are closed, and links to no closed form', async () => {
    setClockSource(() => new Date(SDZ_CLOSED));

    const body = (await startPage('2022-2023')).body;

    expect(body).toContain('Closed: applications were accepted until Friday, September 9, 2022 at 11:59 PM CDT.');
    expect(body).not.toContain('href="/apply/2022-2023/SDZ"');
    expect(body).toContain('href="/apply/2022-2023/ILDZ"');
  });

  it('adds HSTS when the request came over HTTPS (API Gateway), and only then', async () => {
    const response = await startPage('2022-2023', { 'x-forwarded-proto': 'https' });

    expect(response.headers?.['strict-transport-security']).toBe('max-age=63072000; includeSubDomains');
  });

  it.each([
    ['an unknown cohort', '2030-2031'],
    ['a malformed id', 'abc<script>'],
  ])('answers %s with a 404 page', async (_, cohortId) => {
    const response = await startPage(cohortId);

    expect(response.statusCode).toBe(404);
    expectPageHeaders(response);
    expect(response.body).toContain('<h1>Page not found</h1>');
    expect(response.body).not.toContain('<script>');
  });

  it('answers a draft cohort with the same 404 page: drafts are not public', async () => {
    useFixedCohorts([...seedCohorts(new Date('2022-08-01T00:00:00Z')), { id: '2023-2024', state: 'draft' }]);

    expect((await startPage('2023-2024')).statusCode).toBe(404);
    expect((await formPage('2023-2024', 'SDZ')).statusCode).toBe(404);
  });

  it("escapes the cohort's texts", async () => {
    const [seed] = seedCohorts(new Date('2022-08-01T00:00:00Z'));
    const definition = structuredClone(seed!.definition);
    definition.zoneTexts.SDZ.description = 'Districts <script>alert("sdz")</script> & more';
    definition.zoneTexts.SDZ.evidenceOfPractice.cblPractices = '<script>alert(1)</script> practices';
    definition.zoneTexts.CNZ.commitments = ['<img src=x onerror=alert(2)>'];
    // A new version: the registry validates each version of a cohort once and keeps it.
    useFixedCohorts([{ ...seed!, version: 2, definition }]);

    const start = (await startPage('2022-2023')).body;
    const form = (await formPage('2022-2023', 'SDZ')).body;

    expect(start).toContain('Districts &lt;script&gt;alert(&quot;sdz&quot;)&lt;/script&gt; &amp; more');
    expect(start).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(form).toContain('&lt;script&gt;alert(1)&lt;/script&gt; practices');
    for (const body of [start, form]) {
      expect(body).not.toContain('<script');
      expect(body).not.toContain('<img');
    }
  });
});

describe('the form of a zone', () => {
  it('holds every field of the SDZ application, posting to its own address', async () => {
    const response = await formPage('2022-2023', 'SDZ');

    expect(response.statusCode).toBe(200);
    expectPageHeaders(response);
    const body = response.body;
    expect(body).toContain('<form method="post" action="/apply/2022-2023/SDZ" novalidate>');
    const names = new Set(controlNames(body));
    for (const name of [
      'applicant.kind',
      'applicant.name',
      'applicant.countyDistrictCode',
      'applicant.districtType',
      'contact.name',
      'contact.title',
      'contact.email',
      'contact.phone',
      'superintendent.name',
      'superintendent.email',
      'evidenceOfPractice.cblPractices.status',
      'evidenceOfPractice.professionalLearning.description',
      'commitmentsAcknowledged',
    ]) {
      expect(names, name).toContain(name);
    }
    for (const [index, text] of CBL_ELEMENTS.entries()) {
      expect(body).toContain(text);
      expect(names).toContain(`selfAssessment.${index}.element`);
      expect(names).toContain(`selfAssessment.${index}.narrative`);
      // The five points of the rating scale.
      expect(body.match(new RegExp(`name="selfAssessment\\.${index}\\.rating"`, 'g'))).toHaveLength(5);
    }
    expect(names).not.toContain('representative.name');
    expect(names).not.toContain('letterOfSupport.file');
  });

  it('words the SDZ evidence items as the cohort does', async () => {
    const [seed] = seedCohorts(new Date('2022-08-01T00:00:00Z'));
    const body = (await formPage('2022-2023', 'SDZ')).body;

    for (const text of Object.values(seed!.definition.zoneTexts.SDZ.evidenceOfPractice)) {
      expect(body).toContain(`<p class="element-text">${text}</p>`);
    }
  });

  it('asks the ILDZ for the superintendent approval and the signed letter as a PDF, in a multipart form', async () => {
    const body = (await formPage('2022-2023', 'ILDZ')).body;

    expect(body).toContain('action="/apply/2022-2023/ILDZ" novalidate enctype="multipart/form-data"');
    expect(body).toMatch(
      /<input type="file" id="letterOfSupport-file" name="letterOfSupport.file" accept="application\/pdf,.pdf"/,
    );
    const names = controlNames(body);
    for (const name of [
      'applicant.kind',
      'applicant.schoolName',
      'applicant.districtName',
      'applicant.schoolCode',
      'superintendentApproval.approved',
      'superintendentApproval.superintendent.name',
      'superintendentApproval.superintendent.email',
      'superintendentApproval.approvedOn',
      'letterOfSupport.signedOn',
    ]) {
      expect(names, name).toContain(name);
    }
  });

  it('asks the CNZ for its representative and alternate', async () => {
    const names = controlNames((await formPage('2022-2023', 'cnz')).body);

    for (const role of ['representative', 'alternate']) {
      for (const field of ['name', 'title', 'email', 'phone']) expect(names).toContain(`${role}.${field}`);
    }
    expect(names).toContain('applicant.organizationType');
    expect(names).not.toContain('superintendent.name');
  });

  it('ties hints to their controls and gives every control a label', async () => {
    const body = (await formPage('2022-2023', 'ILDZ')).body;

    expect(body).toMatch(
      /<label for="applicant-countyDistrictCode">County-district code<\/label><span class="hint" id="applicant-countyDistrictCode-hint">/,
    );
    expect(body).toMatch(/id="applicant-countyDistrictCode"[^>]*aria-describedby="applicant-countyDistrictCode-hint"/);
    const ids = [...body.matchAll(/<(?:input|textarea)\b(?![^>]*type="hidden")[^>]*\bid="([^"]+)"/g)].map((m) => m[1]);
    for (const id of ids) expect(body, id).toContain(`<label for="${id}">`);
  });

  it('says a closed zone closed, when, and whom to write to, with no form', async () => {
    setClockSource(() => new Date(SDZ_CLOSED));

    const response = await formPage('2022-2023', 'SDZ');

    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<h1>Applications to the System Design Zone (SDZ) are closed</h1>');
    expect(response.body).toContain('were accepted until Friday, September 9, 2022 at 11:59 PM CDT.');
    expect(response.body).toContain(
      '<a href="mailto:lead@srsn.example.org">lead@srsn.example.org</a>, <a href="mailto:second@srsn.example.org">',
    );
    expect(response.body).not.toContain('<form');
  });

  it('says a zone not open yet opens when', async () => {
    setClockSource(() => new Date('2022-08-18T15:00:00Z'));

    const body = (await formPage('2022-2023', 'CNZ')).body;

    expect(body).toContain('are accepted from Friday, August 19, 2022 (Central time)');
    expect(body).not.toContain('<form');
  });

  it('answers an unknown zone with a 404 page', async () => {
    const response = await formPage('2022-2023', 'XYZ');

    expect(response.statusCode).toBe(404);
    expect(response.headers?.['content-type']).toBe('text/html; charset=utf-8');
  });
});

describe('the stylesheet', () => {
  it('is served under its content hash, cached for a year', async () => {
    const response = await serve(get('/assets/{file}', { file: STYLESHEET_FILE }));

    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({
      'content-type': 'text/css; charset=utf-8',
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
    });
    expect(response.body).toContain('.skip-link');
  });

  it.each(['site-000000000000.css', '__proto__', 'constructor'])(
    'answers 404 for any other file (%s)',
    async (file) => {
      expect((await serve(get('/assets/{file}', { file }))).statusCode).toBe(404);
    },
  );
});

describe('a failure', () => {
  it('answers a 500 page with the security headers, the details only in the log', async () => {
    // A stored definition that no longer validates makes reading the cohort throw.
    useFixedCohorts([{ id: '2022-2023', state: 'scheduled', version: 3, definition: { id: '2022-2023' } }]);

    const response = await startPage('2022-2023');

    expect(response.statusCode).toBe(500);
    expectPageHeaders(response);
    expect(response.body).toContain('<h1>Sorry, there is a problem with the service</h1>');
    expect(takeLogs()).toMatchObject([{ level: 'ERROR', message: 'Unhandled error while serving a page' }]);
  });
});
