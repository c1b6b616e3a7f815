import { describe, expect, it } from 'vitest';
import type { ApplicationRecord } from '../../shared/applications/repository.ts';
import { applicationSchema } from '../../shared/applications/schemas.ts';
import { applicantKey, applicationIdFor } from '../../shared/domain/applicant.ts';
import type { CohortDefinition } from '../../shared/domain/cohort/definition.ts';
import { getCohort } from '../../shared/domain/cohort/registry.ts';
import { ZONE_NAMES, type ZoneCode } from '../../shared/domain/zones.ts';
import { html, SafeHtml } from '../../shared/platform/html/html.ts';
import { renderReceipt } from '../../shared/templates/email/receipt.ts';
import { validApplication } from '../fixtures/applications.ts';

/** 20:15Z on 2022-09-01 is 3:15 PM CDT. */
const SUBMITTED_AT = '2022-09-01T20:15:00.000Z';

/** A stored application record built from the zone's fixture, optionally changed first. */
function recordFor(zone: ZoneCode, change?: (body: Record<string, any>) => void): ApplicationRecord {
  const body = validApplication(zone);
  change?.(body);
  const application = applicationSchema.parse(body);
  return {
    applicationId: applicationIdFor(application),
    cohort: '2022-2023',
    zone,
    applicantKey: applicantKey(application),
    status: 'submitted',
    submittedAt: SUBMITTED_AT,
    application,
    requestHash: 'test-request-hash',
    version: 1,
  };
}

function cohort(): CohortDefinition {
  return getCohort('2022-2023');
}

/** A copy of the cohort with another rollover policy: cohorts are data. */
function cohortWithPolicy(policy: 'accept' | 'consider'): CohortDefinition {
  const copy = structuredClone(getCohort('2022-2023'));
  return { ...copy, rollover: { ...copy.rollover, policy } };
}

describe('the html template tag', () => {
  it('escapes an interpolated <script> string', () => {
    const value = '<script>alert("x")</script>';
    expect(html`<p>${value}</p>`.value).toBe('<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>');
  });

  it('escapes double quotes, single quotes and ampersands so a value cannot leave an attribute', () => {
    const value = `" onmouseover='steal()' data-x="&`;
    const rendered = html`<a title="${value}">x</a>`.value;
    expect(rendered).toBe('<a title="&quot; onmouseover=&#39;steal()&#39; data-x=&quot;&amp;">x</a>');
    expect(rendered).not.toContain(`"steal`);
    expect(rendered).not.toContain(`'steal`);
  });

  it('escapes an ampersand once, including one that already looks like an entity', () => {
    expect(html`${'Smith & Jones'}`.value).toBe('Smith &amp; Jones');
    expect(html`${'&lt;'}`.value).toBe('&amp;lt;');
  });

  it('leaves the literal template markup as written', () => {
    expect(html`<strong class="a">${'b'}</strong>`.value).toBe('<strong class="a">b</strong>');
  });

  it('does not escape a nested html fragment again', () => {
    const inner = html`<em>${'Tom & Jerry'}</em>`;
    expect(html`<p>${inner}</p>`.value).toBe('<p><em>Tom &amp; Jerry</em></p>');
  });

  it('escapes the values inside nested fragments exactly once at any depth', () => {
    const deepest = html`<b>${'<i>'}</b>`;
    const middle = html`<span>${deepest}</span>`;
    expect(html`<div>${middle}</div>`.value).toBe('<div><span><b>&lt;i&gt;</b></span></div>');
  });

  it('renders an array of fragments in order, joined with nothing', () => {
    const items = ['one', 'two & three', '<four>'].map((item) => html`<li>${item}</li>`);
    expect(html`<ul>${items}</ul>`.value).toBe('<ul><li>one</li><li>two &amp; three</li><li>&lt;four&gt;</li></ul>');
  });

  it('escapes plain strings inside an array', () => {
    expect(html`${['<a>', html`<b>`, ['<c>']]}`.value).toBe('&lt;a&gt;<b>&lt;c&gt;');
  });

  it('renders numbers and omits null, undefined and false', () => {
    expect(html`${3}|${0}|${null}|${undefined}|${false}|`.value).toBe('3|0||||');
  });

  it('returns SafeHtml whose string form is the markup', () => {
    const fragment = html`<p>${'x'}</p>`;
    expect(fragment).toBeInstanceOf(SafeHtml);
    expect(String(fragment)).toBe('<p>x</p>');
  });

  it('does not trust a plain object that merely looks like SafeHtml', () => {
    const forged = { value: '<script>' } as unknown as string;
    expect(html`${forged}`.value).not.toContain('<script>');
  });
});

describe('renderReceipt', () => {
  it.each(['SDZ', 'ILDZ', 'CNZ'] as const)('%s: spells the zone out in the subject, on one line', (zone) => {
    const email = renderReceipt(recordFor(zone), cohort());
    expect(email.subject).toContain(ZONE_NAMES[zone]);
    expect(email.subject).toContain(`(${zone})`);
    expect(email.subject).not.toMatch(/[\r\n]/);
  });

  it.each(['SDZ', 'ILDZ', 'CNZ'] as const)('%s: has both an HTML part and a plain-text part', (zone) => {
    const email = renderReceipt(recordFor(zone), cohort());
    expect(email.html.startsWith('<!doctype html>')).toBe(true);
    expect(email.html).toContain('</html>');
    expect(email.text.length).toBeGreaterThan(100);
    expect(email.text).not.toMatch(/<\/?(p|h1|li|table)\b/);
  });

  it.each(['SDZ', 'ILDZ', 'CNZ'] as const)('%s: names the zone, applicant and reference in both parts', (zone) => {
    const record = recordFor(zone);
    const email = renderReceipt(record, cohort());
    for (const part of [email.html, email.text]) {
      expect(part).toContain(ZONE_NAMES[zone]);
      expect(part).toContain(record.applicationId);
    }
  });

  it.each(['SDZ', 'ILDZ', 'CNZ'] as const)('%s: shows the submission time in Central daylight time', (zone) => {
    const email = renderReceipt(recordFor(zone), cohort());
    const expected = 'Thursday, September 1, 2022 at 3:15 PM CDT';
    expect(email.html).toContain(expected);
    expect(email.text).toContain(expected);
  });

  it('shows a late-evening Central submission on its Central date, not the UTC one', () => {
    const record = { ...recordFor('ILDZ'), submittedAt: '2022-09-17T04:30:00.000Z' };
    const email = renderReceipt(record, cohort());
    expect(email.text).toContain('Friday, September 16, 2022 at 11:30 PM CDT');
  });

  it('lists the eight self-assessment ratings in element order', () => {
    const record = recordFor('SDZ', (body) => {
      body.selfAssessment.reverse();
      body.selfAssessment[0].rating = 'sustaining';
    });
    const email = renderReceipt(record, cohort());
    const lines = email.text.split('\n').filter((line) => /^\d\. \[/.test(line));
    expect(lines.map((line) => line.slice(0, 2))).toEqual(['1.', '2.', '3.', '4.', '5.', '6.', '7.', '8.']);
    expect(lines[7]).toContain('[Sustaining]');
    expect(email.html.match(/<tr>/g)).toHaveLength(8);
  });

  describe('escaping user values', () => {
    const hostileName = '<script>alert("pwned")</script>';

    it('escapes a <script> contact name in the HTML part and never includes it raw', () => {
      const email = renderReceipt(
        recordFor('SDZ', (body) => (body.contact.name = hostileName)),
        cohort(),
      );
      expect(email.html).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;');
      expect(email.html).not.toContain('<script');
    });

    it('escapes a hostile applicant name everywhere it appears in the HTML, the <title> included', () => {
      const name = 'Evil <img src=x onerror=alert(1)> & Co';
      const email = renderReceipt(
        recordFor('CNZ', (body) => (body.applicant.name = name)),
        cohort(),
      );
      expect(email.html).not.toContain('<img');
      expect(email.html).toContain('Evil &lt;img src=x onerror=alert(1)&gt; &amp; Co');
      const title = /<title>(.*)<\/title>/.exec(email.html)?.[1] ?? '';
      expect(title).toContain('&lt;img');
    });

    it('escapes a teacher school name that is part of the applicant display name', () => {
      const email = renderReceipt(
        recordFor('ILDZ', (body) => {
          body.applicant = {
            kind: 'teacher',
            schoolName: '<b>Prairie</b>',
            districtName: 'Prairie Valley R-II',
            countyDistrictCode: '010-090',
          };
        }),
        cohort(),
      );
      expect(email.html).toContain('&lt;b&gt;Prairie&lt;/b&gt;');
      expect(email.html).not.toContain('<b>Prairie');
    });

    it('keeps the plain-text part literal (no HTML entities in text)', () => {
      const email = renderReceipt(
        recordFor('SDZ', (body) => (body.contact.name = 'Dana & <Co>')),
        cohort(),
      );
      expect(email.text).toContain('Dear Dana & <Co>,');
      expect(email.text).not.toContain('&amp;');
    });
  });

  describe('SDZ next steps', () => {
    const email = () => renderReceipt(recordFor('SDZ'), cohort());

    it('gives the review dates, September 12 to 14, 2022', () => {
      for (const part of [email().html, email().text]) {
        expect(part).toContain('Monday, September 12, 2022');
        expect(part).toContain('Wednesday, September 14, 2022');
      }
    });

    it('gives the notification date, September 15, 2022', () => {
      for (const part of [email().html, email().text]) {
        expect(part).toContain('Thursday, September 15, 2022');
      }
    });

    it('says an SDZ applicant not selected is automatically accepted into the ILDZ (policy accept)', () => {
      for (const part of [email().html, email().text]) {
        expect(part).toContain('automatically accepted into the Innovative Learning Design Zone (ILDZ)');
        expect(part).not.toContain('automatically considered for');
      }
    });

    it('says "automatically considered for" the ILDZ when the cohort policy is consider', () => {
      const considered = renderReceipt(recordFor('SDZ'), cohortWithPolicy('consider'));
      for (const part of [considered.html, considered.text]) {
        expect(part).toContain('automatically considered for the Innovative Learning Design Zone (ILDZ)');
        expect(part).not.toContain('automatically accepted into');
      }
    });

    it('does not change the registry cohort when a test uses a cloned one', () => {
      renderReceipt(recordFor('SDZ'), cohortWithPolicy('consider'));
      expect(getCohort('2022-2023').rollover.policy).toBe('accept');
    });
  });

  describe('ILDZ next steps', () => {
    const email = () => renderReceipt(recordFor('ILDZ'), cohort());

    it('gives the notification date, Friday, September 23, 2022', () => {
      for (const part of [email().html, email().text]) {
        expect(part).toContain('Friday, September 23, 2022');
      }
    });

    it('has no review window and no rollover sentence', () => {
      for (const part of [email().html, email().text]) {
        expect(part).not.toContain('reviews');
        expect(part).not.toContain('automatically accepted into');
        expect(part).not.toContain('automatically considered for');
      }
    });
  });

  describe('CNZ next steps', () => {
    const email = () => renderReceipt(recordFor('CNZ'), cohort());

    it('says the facilitation team will write with the next steps, since no date is set', () => {
      for (const part of [email().html, email().text]) {
        expect(part).toContain('The facilitation team will write to you with the next steps');
        expect(part).not.toContain('You will be notified of the selection by');
      }
    });

    it('names the Collaborative Network Zone and no other zone', () => {
      const text = email().text;
      expect(text).toContain('Collaborative Network Zone (CNZ)');
      expect(text).not.toContain('System Design Zone');
      expect(text).not.toContain('Innovative Learning Design Zone');
    });
  });

  it.each(['SDZ', 'ILDZ', 'CNZ'] as const)('%s: says the team may ask for clarification', (zone) => {
    const email = renderReceipt(recordFor(zone), cohort());
    expect(email.text).toContain('additional information or clarification');
  });
});
