/**
 * The season replay's overlap mode (npm run season -- --overlap) at a tiny scale: 2027-2028 and
 * 2028-2029, both copied forward from the seed through the API, the first one's sessions
 * extended to September 2028 while a draft, 12 districts and 4 partners each. The second
 * cohort's invitations, applications and results go out among the first one's sessions; every
 * email goes out once, at its instant, and names the cohort of its recipients.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runSeason, type SeasonResult } from '../../infra/local/season/run-season.ts';

let result: SeasonResult;

beforeAll(async () => {
  result = await runSeason({ overlap: true, districts: 12, partners: 4, seed: 1, quiet: true });
}, 120_000);

const day = (instant: string) => instant.slice(0, 10);

describe('two overlapping cohorts replayed at 12 districts and 4 partners each', () => {
  it('creates both through the API, the first one with its sessions running into the second one’s season', () => {
    const [first, next] = result.cohorts;
    expect(result.mode).toBe('overlap');
    expect(first).toMatchObject({ id: '2027-2028', invitationsAt: '2027-08-20T13:00:00.000Z' });
    expect(next).toMatchObject({ id: '2028-2029', invitationsAt: '2028-08-18T13:00:00.000Z' });
    expect(first!.sessions.slice(-3)).toEqual(['2028-07-12', '2028-08-09', '2028-09-13']);
    expect(next!.sessions[0]).toBe('2028-10-11');
  });

  it('runs a real season for each: invitees, applications in every zone, results, rosters', () => {
    for (const cohort of result.cohorts) {
      expect(cohort.invitees, cohort.id).toBe(16);
      expect(cohort.applications, cohort.id).toEqual({ SDZ: expect.any(Number), ILDZ: expect.any(Number), CNZ: 2 });
      expect(cohort.applications.SDZ! + cohort.applications.ILDZ!, cohort.id).toBeGreaterThanOrEqual(6);
      expect(cohort.rosterVersions, cohort.id).toBeGreaterThan(0);
      expect(cohort.recipients, cohort.id).toBe(cohort.expectedRecipients);
    }
  });

  it('sends the second cohort’s invitations and results on days the first one’s session emails go out', () => {
    const [first, next] = result.cohorts;
    const between = result.timeline.filter(
      (entry) => entry.day >= day(next!.invitationsAt) && entry.day <= day(first!.seasonEnd),
    );
    const kinds = new Set(between.flatMap((entry) => Object.keys(entry.byKind)));
    for (const kind of ['invitation', 'receipt', 'result', 'session-reminder', 'session-materials'])
      expect(kinds, kind).toContain(kind);
    // On the first cohort's September materials day, the second cohort's first results go out too.
    expect(result.timeline.find((entry) => entry.day === '2028-09-14')?.byKind).toMatchObject({
      result: expect.anything(),
      'session-materials': expect.anything(),
    });
  });

  it('finds no anomaly: nothing missed, duplicated, mistimed, or naming another cohort', () => {
    expect(result.anomalies).toEqual([]);
    expect(result.totals.recipients).toBe(result.totals.expectedRecipients);
  });
});
