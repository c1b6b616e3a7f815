import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import sparticuzChromium from '@sparticuz/chromium';
import { type Browser, type BrowserContext, chromium, type Page, type Response } from 'playwright-core';
import { expect } from 'vitest';
import { REPOSITORY_ROOT } from '../../infra/local/runtime.ts';

/**
 * A real browser for the page tests: the Chromium that @sparticuz/chromium ships in its npm
 * package (no download), driven by playwright-core, checked by axe-core. One browser per test
 * file: it takes seconds to launch.
 */

export const DESKTOP = { width: 1280, height: 800 } as const;
/** The narrowest phone the pages must serve (WCAG 1.4.10 reflow is checked at 320 CSS px; the brief asks 375). */
export const PHONE = { width: 375, height: 812 } as const;

/** Where each page's full-page screenshot goes (git-ignored): look at them after a run. */
export const SCREENSHOTS_DIR = path.join(REPOSITORY_ROOT, '.screenshots');

/** WCAG 2.1 level A and AA: the rules axe runs. */
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * The package's arguments are tuned for Lambda, where one process must do: '--single-process'
 * makes closing a browser context end the whole browser, so the tests' one context per page
 * needs it gone.
 */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: await sparticuzChromium.executablePath(),
    args: sparticuzChromium.args.filter((arg) => arg !== '--single-process'),
    headless: true,
  });
}

/** The text of the page's one <h1>. */
export async function headingText(page: Page): Promise<string> {
  return (await page.getByRole('heading', { level: 1 }).textContent())?.trim() ?? '';
}

export interface OpenedPage {
  readonly page: Page;
  readonly response: Response;
  /** What the browser reported in its console: a Content-Security-Policy refusal shows here. */
  readonly console: string[];
  close(): Promise<void>;
}

/**
 * Opens `url` in a fresh context (axe needs one from newContext). `javaScript: false` turns
 * JavaScript off, as the pages must work without it; axe needs it on to run in the page (the
 * pages have no script of their own, and their policy would refuse one: default-src 'none').
 */
export async function openPage(
  browser: Browser,
  url: string,
  viewport: { width: number; height: number },
  { javaScript = true }: { javaScript?: boolean } = {},
) {
  const context: BrowserContext = await browser.newContext({ viewport, javaScriptEnabled: javaScript });
  const page = await context.newPage();
  const console: string[] = [];
  page.on('console', (message) => console.push(`${message.type()}: ${message.text()}`));
  const response = await page.goto(url, { waitUntil: 'load' });
  if (!response) throw new Error(`No response for ${url}`);
  return { page, response, console, close: () => context.close() } satisfies OpenedPage;
}

/**
 * Opens `url` with the browser answered `response` for it instead of the server (everything
 * else, the stylesheet included, from the server): a page in a state no route reaches yet,
 * such as a form with errors, checked as the browser shows it.
 */
export async function openRenderedPage(
  browser: Browser,
  url: string,
  response: { statusCode: number; headers?: Record<string, string | number | boolean>; body: string },
  viewport: { width: number; height: number },
) {
  const context: BrowserContext = await browser.newContext({ viewport });
  await context.route(url, (route) =>
    route.fulfill({
      status: response.statusCode,
      headers: Object.fromEntries(Object.entries(response.headers ?? {}).map(([name, value]) => [name, String(value)])),
      body: response.body,
    }),
  );
  const page = await context.newPage();
  const console: string[] = [];
  page.on('console', (message) => console.push(`${message.type()}: ${message.text()}`));
  const answered = await page.goto(url, { waitUntil: 'load' });
  if (!answered) throw new Error(`No response for ${url}`);
  return { page, response: answered, console, close: () => context.close() } satisfies OpenedPage;
}

/** The WCAG 2.1 AA violations axe finds on the page, one line each: rule, impact, help, where. */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  return results.violations.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  );
}

/** Runs axe with the WCAG 2.1 AA rules and expects no violation (the failure lists each). */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
}

/** Saves a full-page screenshot as .screenshots/<name>.png. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOTS_DIR, { recursive: true });
  const file = path.join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** The page's root element, as the in-page function below reads it (the project's TypeScript has no DOM library). */
declare const document: { readonly documentElement: { readonly scrollWidth: number; readonly clientWidth: number } };

/** True when the page is wider than its viewport: a phone would have to scroll sideways. */
export async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}
