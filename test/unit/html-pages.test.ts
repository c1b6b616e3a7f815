import { describe, expect, it } from 'vitest';
import { assetResponse } from '../../shared/platform/html/assets.ts';
import { checkbox, errorSummary, fieldId, radios, textArea, textInput } from '../../shared/platform/html/form.ts';
import { html } from '../../shared/platform/html/html.ts';
import { htmlResponse, pageDocument } from '../../shared/platform/html/page.ts';
import { CONTENT_SECURITY_POLICY } from '../../shared/platform/html/security-headers.ts';
import { SITE_CSS, STYLESHEET_FILE, STYLESHEET_PATH } from '../../shared/platform/html/site-css.ts';

describe('the page frame', () => {
  const document = pageDocument({
    title: 'A <title>',
    siteName: 'The network',
    main: html`<h1>Hello</h1>`,
    footer: html`<p>Footer</p>`,
  });

  it('is English, with a skip link to <main>, the site in the header, the stylesheet, and no script or inline style', () => {
    expect(document).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(document).toContain('<title>A &lt;title&gt; - The network</title>');
    expect(document).toContain('<a class="skip-link" href="#main">Skip to main content</a>');
    expect(document).toContain('<main id="main" class="container" tabindex="-1">\n<h1>Hello</h1>\n</main>');
    expect(document).toContain(`<link rel="stylesheet" href="${STYLESHEET_PATH}">`);
    expect(document).not.toMatch(/<script|<style|style=/);
  });

  it('is answered with the security headers, HSTS only over HTTPS', () => {
    const overHttp = htmlResponse(200, document, { headers: { host: '127.0.0.1:3000' } });
    const overHttps = htmlResponse(404, document, { headers: { 'X-Forwarded-Proto': 'https' } });

    expect(overHttp.headers).toEqual({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    });
    expect(overHttps.statusCode).toBe(404);
    expect(overHttps.headers?.['strict-transport-security']).toBe('max-age=63072000; includeSubDomains');
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
  });

  it("names the stylesheet by its content's hash, and serves only that name", () => {
    expect(STYLESHEET_FILE).toMatch(/^site-[0-9a-f]{12}\.css$/);
    expect(assetResponse(STYLESHEET_FILE, {})?.body).toBe(SITE_CSS);
    expect(assetResponse('site.css', {})).toBeUndefined();
    expect(assetResponse('hasOwnProperty', {})).toBeUndefined();
  });
});

describe('the form pieces', () => {
  it("derive a control's id from the field's dotted name", () => {
    expect(fieldId('selfAssessment.3.rating')).toBe('selfAssessment-3-rating');
    expect(fieldId('a"b<c')).toBe('a-b-c');
  });

  it('tie the hint and the error to the control, mark it invalid, and keep its value, escaped', () => {
    const field = textInput({
      name: 'contact.email',
      label: 'Email address',
      hint: 'Where we write',
      error: 'must be an email address',
      value: '"><script>',
      type: 'email',
    }).value;

    expect(field).toContain('<label for="contact-email">Email address</label>');
    expect(field).toContain('<span class="hint" id="contact-email-hint">Where we write</span>');
    expect(field).toContain(
      '<span class="error-message" id="contact-email-error"><span class="visually-hidden">Error:</span> must be an email address</span>',
    );
    expect(field).toContain('aria-describedby="contact-email-hint contact-email-error" aria-invalid="true"');
    expect(field).toContain('value="&quot;&gt;&lt;script&gt;"');
    expect(field).toContain('class="field field-error"');
  });

  it('leave out aria-describedby and aria-invalid when there is no hint and no error', () => {
    const area = textArea({ name: 'n', label: 'Narrative', value: '</textarea>' }).value;

    expect(area).not.toContain('aria-describedby');
    expect(area).not.toContain('aria-invalid');
    expect(area).toContain('&lt;/textarea&gt;</textarea>');
  });

  it('group radios under a legend, the first radio carrying the field id, the chosen one checked', () => {
    const group = radios({
      name: 'selfAssessment.0.rating',
      legend: 'Your rating',
      error: 'is required',
      options: [
        { value: 'emerging', label: 'Emerging' },
        { value: 'sustaining', label: 'Sustaining' },
      ],
      value: 'sustaining',
    }).value;

    expect(group).toContain(
      '<fieldset aria-describedby="selfAssessment-0-rating-error">\n<legend>Your rating</legend>',
    );
    expect(group).toContain('id="selfAssessment-0-rating" name="selfAssessment.0.rating" value="emerging">');
    expect(group).toContain(
      'id="selfAssessment-0-rating-sustaining" name="selfAssessment.0.rating" value="sustaining" checked>',
    );
  });

  it('post "true" from a checked checkbox', () => {
    expect(checkbox({ name: 'commitmentsAcknowledged', label: 'We agree', checked: true }).value).toContain(
      'type="checkbox" id="commitmentsAcknowledged" name="commitmentsAcknowledged" value="true" checked>',
    );
  });

  it('summarize errors at the top, announced, one link per field, named by its label', () => {
    const summary = errorSummary(
      [
        { field: 'applicant.name', message: 'must not be empty' },
        { field: 'body', message: 'must be <valid>' },
      ],
      (field) => (field === 'applicant.name' ? 'District name' : undefined),
    ).value;

    expect(summary).toContain('role="alert"');
    expect(summary).toContain('<li><a href="#applicant-name">District name: must not be empty</a></li>');
    expect(summary).toContain('<li><a href="#body">must be &lt;valid&gt;</a></li>');
    expect(errorSummary([]).value).toBe('');
    expect(
      errorSummary([{ field: 'selfAssessment', message: 'must rate all 8' }], undefined, () => false).value,
    ).toContain('<li>must rate all 8</li>');
  });
});
