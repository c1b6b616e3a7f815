import { describe, expect, it } from 'vitest';
import { formPage } from '../../shared/applicant-pages/form-page.ts';
import { zoneWindow } from '../../shared/applicant-pages/zone-window.ts';
import { getCohort } from '../../shared/domain/cohort/registry.ts';

const cohort = getCohort('2022-2023');
const open = zoneWindow(cohort, 'CNZ', new Date('2022-08-20T15:00:00Z'));

describe('a form shown again after a refused post', () => {
  const page = formPage(cohort, 'CNZ', open, {
    values: {
      'applicant.name': 'Partners <&> Co',
      'applicant.organizationType': 'higher_education',
      'alternate.email': 'same@example.org',
      'selfAssessment.2.narrative': 'Line one\nline two',
      commitmentsAcknowledged: 'true',
    },
    errors: [
      { field: 'alternate.email', message: 'must differ from the representative' },
      { field: 'selfAssessment.0.rating', message: 'is required' },
      { field: 'selfAssessment', message: 'must rate all 8 CBL elements' },
    ],
  });

  it('keeps every value entered, escaped, and the choices made', () => {
    expect(page).toContain('name="applicant.name" value="Partners &lt;&amp;&gt; Co"');
    expect(page).toContain('name="applicant.organizationType" value="higher_education" checked>');
    expect(page).toContain('name="alternate.email" value="same@example.org"');
    expect(page).toContain('>Line one\nline two</textarea>');
    expect(page).toContain('name="commitmentsAcknowledged" value="true" checked>');
  });

  it('puts each message beside its field, and a summary first that links to each, named by its label', () => {
    expect(page).toContain('<title>Error: Apply to the Collaborative Network Zone (CNZ) - ');
    expect(page.indexOf('class="error-summary"')).toBeLessThan(page.indexOf('<h1>'));
    expect(page).toContain(
      '<a href="#alternate-email">Designated alternate, email address: must differ from the representative</a>',
    );
    expect(page).toContain('<a href="#selfAssessment-0-rating">Your rating for element 1: is required</a>');
    // An error of no single control is listed, with nothing to link to.
    expect(page).toContain('<li>must rate all 8 CBL elements</li>');
    expect(page).not.toContain('href="#selfAssessment"');
    expect(page).toMatch(/id="alternate-email"[^>]*aria-describedby="alternate-email-error" aria-invalid="true"/);
    expect(page).toContain(
      '<fieldset aria-describedby="selfAssessment-0-rating-error">\n<legend>Your rating for element 1</legend>',
    );
  });
});
