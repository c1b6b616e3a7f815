/**
 * The season replay (npm run season) at a tiny scale: 2027-2028, created through the API by
 * copying the seed forward, its whole season on the local runtime with 12 districts and 4 partners. Every email the season calls for goes out once,
 * at its instant, and nothing else does — except one clarification the replay asks twice on
 * purpose without telling its expectations, which it must report as a duplicate.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSeason, type SeasonResult } from '../../infra/local/season/run-season.ts';

let result: SeasonResult;
const reportDir = mkdtempSync(path.join(tmpdir(), 'season-'));

beforeAll(async () => {
  result = await runSeason({
    districts: 12,
    partners: 4,
    seed: 1,
    quiet: true,
    reportDir,
    injectDuplicateClarification: true,
  });
}, 120_000);
afterAll(() => rmSync(reportDir, { recursive: true, force: true }));

describe('the season replay at 12 districts and 4 partners', () => {
  it('reports the clarification asked twice as a duplicate, to the contact and the superintendent it copies, and nothing else', () => {
    expect(result.anomalies).toEqual([
      expect.objectContaining({
        type: 'duplicate',
        key: expect.stringMatching(/^clarification-request\|/),
        address: expect.stringMatching(/^contact@d\d+\.example\.org$/),
      }),
      expect.objectContaining({
        type: 'duplicate',
        key: expect.stringMatching(/^clarification-request\|/),
        address: expect.stringMatching(/^superintendent@d\d+\.example\.org$/),
      }),
    ]);
    expect(result.anomalies[0]!.key).toBe(result.anomalies[1]!.key);
  });

  it('creates 2027-2028 through the API and runs it from the dates it reads back', () => {
    expect(result.cohorts).toEqual([
      expect.objectContaining({
        id: '2027-2028',
        invitationsAt: '2027-08-20T13:00:00.000Z',
        seasonEnd: '2028-07-01T05:00:00.000Z',
      }),
    ]);
    expect(result.cohorts[0]!.sessions).toHaveLength(9);
    expect(result.virtualSpan.from).toBe('2027-07-25T12:00:00.000Z');
  });

  it('sends the season of this seed: every invitee invited, each email kind in its expected number', () => {
    expect(result.totals.invitees).toBe(16);
    expect(result.totals.applications).toEqual({ SDZ: 3, ILDZ: 3, CNZ: 2 });
    expect(result.totals.refusedSubmissions).toBe(3);
    expect(
      Object.fromEntries(Object.entries(result.totals.byKind).map(([kind, count]) => [kind, count.emails])),
    ).toEqual({
      'board-resolution-reminder': 11,
      'clarification-request': 3,
      // The CNZ has a due date in the copy (the seed has none): reminders to its partners, and its queue closes.
      'deadline-reminder': 16,
      invitation: 16,
      'planning-meeting-reminder': 10,
      receipt: 8,
      'release-undecided': 2,
      result: 8,
      'review-queue-ready': 3,
      'roster-confirmation': 6,
      'session-materials': 90,
      'session-moved': 10,
      'session-reminder': 180,
    });
    // Every recipient the expectations called for, plus the two of the clarification asked twice.
    expect(result.totals.recipients).toBe(result.totals.expectedRecipients + 2);
  });

  it('counts the calls of the cost model: a tick per 15 minutes, the bulk worker per occasion, every SES email', () => {
    expect(result.counts.scheduleInvocations).toBe(result.totals.scheduleTicks);
    expect(result.totals.scheduleTicks).toBeGreaterThan(30_000);
    expect(result.counts.ses.emails).toBe(result.totals.emails);
    expect(result.counts.eventBridge.byDetailType.SessionReminderDue).toBe(18);
    expect(result.counts.dynamodb.totalRequests).toBeGreaterThan(0);
    expect(result.counts.dynamodb.writeUnits).toBeGreaterThan(0);
  });

  it('writes the Markdown report with the chart, the JSON figures and the SVG', () => {
    const files = result.files!;
    expect(readFileSync(files.markdown, 'utf8')).toContain('xychart-beta');
    expect(JSON.parse(readFileSync(files.json, 'utf8'))).toMatchObject({
      districts: 12,
      partners: 4,
      totals: { emails: result.totals.emails },
    });
    expect(existsSync(files.svg)).toBe(true);
  });
});
