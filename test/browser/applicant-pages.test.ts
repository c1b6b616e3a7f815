import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formPage } from '../../shared/applicant-pages/form-page.ts';
import { zoneWindow } from '../../shared/applicant-pages/zone-window.ts';
import { getCohort } from '../../shared/domain/cohort/registry.ts';
import { htmlResponse } from '../../shared/platform/html/page.ts';
import {
  axeViolations,
  DESKTOP,
  expectNoAxeViolations,
  headingText,
  launchBrowser,
  openPage,
  openRenderedPage,
  PHONE,
  saveScreenshot,
  scrollsSideways,
} from '../support/browser.ts';
import { RuntimeHarness } from '../support/local-runtime.ts';

/**
 * The DOM as the in-page functions (page.evaluate) use it: they run in the browser, and the
 * project's TypeScript has no DOM library.
 */
interface InPageElement {
  readonly id: string;
  getAttribute(name: string): string | null;
  readonly tagName: string;
  readonly type?: string;
  readonly name?: string;
  readonly textContent: string | null;
  closest(selector: string): InPageElement | null;
}
declare const document: {
  readonly activeElement: InPageElement | null;
  querySelectorAll(selector: string): Iterable<InPageElement>;
  getElementById(id: string): InPageElement | null;
};
declare function getComputedStyle(element: unknown): { readonly backgroundColor: string };

/** The applicant pages in Chromium, on the local runtime (its clock starts on the day the seed's zones open). */
let harness: RuntimeHarness;
let browser: Browser;

beforeAll(async () => {
  [harness, browser] = await Promise.all([RuntimeHarness.start(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await harness?.stop();
});

const PAGES = [
  { name: 'start', path: '/apply/2022-2023', heading: 'Apply to Innovation Zones Cohort 1, 2022-2023' },
  { name: 'form-SDZ', path: '/apply/2022-2023/SDZ', heading: 'Apply to the System Design Zone (SDZ)' },
  { name: 'form-ILDZ', path: '/apply/2022-2023/ILDZ', heading: 'Apply to the Innovative Learning Design Zone (ILDZ)' },
  { name: 'form-CNZ', path: '/apply/2022-2023/CNZ', heading: 'Apply to the Collaborative Network Zone (CNZ)' },
] as const;

const VIEWPORTS = [
  { label: 'desktop', size: DESKTOP },
  { label: 'phone', size: PHONE },
] as const;

const CSP =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

describe.each(PAGES)('the $name page', ({ name, path, heading }) => {
  it.each(VIEWPORTS)(
    'has no WCAG 2.1 AA violation and reads without sideways scrolling ($label)',
    async ({ label, size }) => {
      const opened = await openPage(browser, `${harness.api}${path}`, size);
      try {
        expect(opened.response.status()).toBe(200);
        expect(await headingText(opened.page)).toBe(heading);
        await expectNoAxeViolations(opened.page);
        expect(await scrollsSideways(opened.page)).toBe(false);
        // The stylesheet loaded under the policy: the header has its colour, and nothing was refused.
        expect(
          await opened.page.locator('.site-header').evaluate((element) => getComputedStyle(element).backgroundColor),
        ).toBe('rgb(30, 58, 95)');
        expect(opened.console).toEqual([]);
        await saveScreenshot(opened.page, `${name}-${label}`);
      } finally {
        await opened.close();
      }
    },
  );

  it('carries the security headers: a strict policy without unsafe-inline, no referrer, no sniffing, no caching', async () => {
    const opened = await openPage(browser, `${harness.api}${path}`, DESKTOP);
    try {
      const headers = opened.response.headers();
      expect(headers['content-security-policy']).toBe(CSP);
      expect(headers['content-security-policy']).not.toContain('unsafe-inline');
      expect(headers['referrer-policy']).toBe('no-referrer');
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['cache-control']).toBe('no-store');
      // Plain HTTP locally: HSTS is only sent over HTTPS, in AWS.
      expect(headers['strict-transport-security']).toBeUndefined();
    } finally {
      await opened.close();
    }
  });
});

/** Tab from the top of the page until the submit button, recording each form control that takes focus. */
async function tabThroughForm(page: Page): Promise<{ reached: string[]; expected: string[] }> {
  const expected = await page.evaluate(() => {
    const groups = new Set<string>();
    return [...document.querySelectorAll('form input:not([type=hidden]), form textarea, form button')]
      .filter((control) => {
        // A radio group is one tab stop (arrow keys move within it): its first radio, none being checked.
        if (control.tagName !== 'INPUT' || control.type !== 'radio') return true;
        if (groups.has(control.name ?? '')) return false;
        groups.add(control.name ?? '');
        return true;
      })
      .map((control) => control.id || `button:${control.textContent?.trim()}`);
  });
  const reached: string[] = [];
  // The links before the form (skip link, back link) and every control, with room to spare.
  for (let press = 0; press < expected.length + 10; press += 1) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const active = document.activeElement;
      if (!active?.closest('form')) return undefined;
      return active.id || `button:${active.textContent?.trim()}`;
    });
    if (focused !== undefined && reached.at(-1) !== focused) reached.push(focused);
    if (focused?.startsWith('button:')) break;
  }
  return { reached, expected };
}

describe('with the keyboard alone', () => {
  it.each(PAGES.filter((page) => page.name.startsWith('form')))(
    'every control of the $name page takes focus with Tab, in order',
    async ({ path }) => {
      const opened = await openPage(browser, `${harness.api}${path}`, DESKTOP, { javaScript: false });
      try {
        const { reached, expected } = await tabThroughForm(opened.page);
        expect(expected.length).toBeGreaterThan(30);
        expect(reached).toEqual(expected);
      } finally {
        await opened.close();
      }
    },
  );

  it('the first Tab reaches the skip link, which moves focus to the main content', async () => {
    const opened = await openPage(browser, `${harness.api}/apply/2022-2023/SDZ`, DESKTOP, { javaScript: false });
    try {
      await opened.page.keyboard.press('Tab');
      expect(await opened.page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to main content');
      await opened.page.keyboard.press('Enter');
      expect(await opened.page.evaluate(() => document.activeElement?.id)).toBe('main');
    } finally {
      await opened.close();
    }
  });

  it("follows the start page's link to a zone's form", async () => {
    const opened = await openPage(browser, `${harness.api}/apply/2022-2023`, DESKTOP, { javaScript: false });
    try {
      await opened.page.getByRole('link', { name: 'Apply to the Collaborative Network Zone' }).focus();
      await opened.page.keyboard.press('Enter');
      await opened.page.waitForURL(`${harness.api}/apply/2022-2023/CNZ`);
      expect(await headingText(opened.page)).toBe('Apply to the Collaborative Network Zone (CNZ)');
    } finally {
      await opened.close();
    }
  });
});

describe('an unknown cohort', () => {
  it.each(VIEWPORTS)('shows the not-found page, accessible ($label)', async ({ label, size }) => {
    const opened = await openPage(browser, `${harness.api}/apply/1999-2000`, size);
    try {
      expect(opened.response.status()).toBe(404);
      expect(opened.response.headers()['content-security-policy']).toBe(CSP);
      expect(await headingText(opened.page)).toBe('Page not found');
      await expectNoAxeViolations(opened.page);
      await saveScreenshot(opened.page, `not-found-${label}`);
    } finally {
      await opened.close();
    }
  });
});

describe('a form with errors', () => {
  /**
   * The SDZ form as a refused post will show it (the post itself comes in a later change): values
   * kept, a message beside each field, the summary first. Rendered here (the runtime runs in this
   * process, with its cohorts) and answered by the browser for the form's address.
   */
  function refusedForm() {
    const cohort = getCohort('2022-2023');
    const window = zoneWindow(cohort, 'SDZ', new Date('2022-08-20T15:00:00Z'));
    const document = formPage(cohort, 'SDZ', window, {
      values: { 'applicant.name': 'Lindbergh Schools', 'contact.email': 'not an address' },
      errors: [
        { field: 'applicant.countyDistrictCode', message: 'must be a Missouri county-district code like 096-092' },
        { field: 'contact.email', message: 'must be an email address' },
        { field: 'selfAssessment.0.rating', message: 'is required' },
        { field: 'evidenceOfPractice.cblPractices.description', message: 'must not be empty' },
        {
          field: 'commitmentsAcknowledged',
          message: "must be true: submitting the application is agreement to the zone's commitments",
        },
      ],
    });
    return htmlResponse(200, document, {});
  }

  it.each(VIEWPORTS)(
    'has no WCAG 2.1 AA violation, and each summary link has its control ($label)',
    async ({ label, size }) => {
      const opened = await openRenderedPage(browser, `${harness.api}/apply/2022-2023/SDZ`, refusedForm(), size);
      try {
        expect(await opened.page.locator('.error-summary li').count()).toBe(5);
        await expectNoAxeViolations(opened.page);
        const targets = await opened.page.evaluate(() =>
          [...document.querySelectorAll('.error-summary a')].map((link) => {
            const target = document.getElementById((link.getAttribute('href') ?? '').slice(1));
            return target ? target.tagName : 'missing';
          }),
        );
        expect(targets).toEqual(['INPUT', 'INPUT', 'INPUT', 'TEXTAREA', 'INPUT']);
        expect(await scrollsSideways(opened.page)).toBe(false);
        expect(opened.console).toEqual([]);
        await saveScreenshot(opened.page, `form-SDZ-errors-${label}`);
      } finally {
        await opened.close();
      }
    },
  );
});

describe('the accessibility check itself', () => {
  it('finds a violation where there is one (an unlabelled field), so a clean page is a real result', async () => {
    const opened = await openPage(browser, `${harness.api}/apply/1999-2000`, DESKTOP);
    try {
      await opened.page.setContent(
        '<!doctype html><html lang="en"><title>t</title><main><input type="text"></main></html>',
      );
      expect(await axeViolations(opened.page)).toEqual([expect.stringMatching(/^label \(critical\): /)]);
    } finally {
      await opened.close();
    }
  });
});
