import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { run } from '../../cli/main.ts';
import { RuntimeHarness } from '../support/local-runtime.ts';

/**
 * The next season set up with the CLI against the real local runtime, as docs/next-season.md
 * tells an operator: copy 2022-2023 forward to 2027-2028, set what the copy cannot know,
 * schedule it, and see what a scheduled cohort refuses. Each step builds on the one before.
 */
let harness: RuntimeHarness;
let folder: string;

beforeAll(async () => {
  harness = await RuntimeHarness.start({ clockStart: new Date('2026-12-07T15:00:00Z') });
  folder = await mkdtemp(join(tmpdir(), 'srsn-next-season-'));
});
afterAll(async () => {
  await harness.stop();
  await rm(folder, { recursive: true, force: true });
});

async function srsn(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    env: { SRSN_API_URL: harness.api },
  });
  await harness.runtime.bus.whenIdle();
  return { code, stdout, stderr };
}

const JOIN_URL = 'https://zoom.us/j/81234567890';

describe('setting up the next season with srsn on the local runtime', () => {
  it('lists the seeded cohort as scheduled', async () => {
    const listed = await srsn('cohorts');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^2022-2023 {2}scheduled {2}\d+ +Innovation Zones Cohort 1, 2022-2023 /m);
  });

  it('copies 2022-2023 forward without saving: every date for review, nothing stored', async () => {
    const preview = await srsn('cohorts', 'copy', '2022-2023', '--id', '2027-2028');
    expect(preview.stderr).toBe('');
    expect(preview.code).toBe(0);
    expect(preview.stdout).toContain('invitationDate                2022-08-19  Friday     2027-08-20  Friday');
    expect(preview.stdout).toContain('2027-11-10  Wednesday  2027-11-10 10:00 CST  12:00 CST');
    expect(preview.stdout).toContain('Nothing was saved.');
    // What the copy carried over, after the dates: the name with its years replaced, each zone text naming a year.
    const carried = preview.stdout.slice(preview.stdout.indexOf('Monthly sessions'));
    expect(carried).toContain('\nCarried over from 2022-2023: check each before you schedule\nPATH ');
    expect(carried).toMatch(/^name +Innovation Zones Cohort 1, 2027-2028$/m);
    expect(carried).toMatch(/^zoneTexts\.SDZ\.description +.{69}…$/m);
    expect((await srsn('cohorts')).stdout).not.toContain('2027-2028');
  });

  it('saves the copy as a draft, then sets the CNZ dates and the sessions’ join link', async () => {
    const saved = await srsn('cohorts', 'copy', '2022-2023', '--id', '2027-2028', '--save', '--yes');
    expect(saved.stderr).toBe('');
    expect(saved.stdout).toContain('Saved cohort 2027-2028, version 1: a draft');

    const set = await srsn(
      'cohorts',
      'set',
      '2027-2028',
      '--set',
      'zones.CNZ.due=2027-10-08',
      '--set',
      'zones.CNZ.notify=2027-10-15',
      '--set',
      `monthlySessions.joinUrl=${JOIN_URL}`,
    );
    expect(set.stderr).toBe('');
    expect(set.stdout).toContain('Cohort 2027-2028 (Innovation Zones Cohort 1, 2027-2028): draft, version 2');

    const shown = await srsn('cohorts', 'show', '2027-2028');
    expect(shown.stdout.split('\n')[0]).toMatch(/^Cohort 2027-2028 \(.*\): draft, version 2/);
    expect(shown.stdout).toContain(`joinUrl: ${JOIN_URL}`);
  });

  it('names the --set the API refuses, and changes nothing', async () => {
    const refused = await srsn('cohorts', 'set', '2027-2028', '--set', 'monthlySessions.joinUrl=http://zoom.us/j/1');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^ {2}--set monthlySessions\.joinUrl: .+$/m);
    expect((await srsn('cohorts', 'show', '2027-2028')).stdout).toContain(`joinUrl: ${JOIN_URL}`);
  });

  it('exports the draft, and creates it again from the file after deleting it', async () => {
    const file = join(folder, 'cohort-2027-2028.yaml');
    expect((await srsn('cohorts', 'export', '2027-2028', '--file', file)).code).toBe(0);
    const exported = parse(await readFile(file, 'utf8'));
    expect(exported).toMatchObject({ id: '2027-2028', zones: { CNZ: { due: '2027-10-08', notify: '2027-10-15' } } });

    expect((await srsn('cohorts', 'delete', '2027-2028', '--yes')).stdout).toBe(
      'Deleted the draft cohort 2027-2028.\n',
    );
    const created = await srsn('cohorts', 'create', '--file', file);
    expect(created.stderr).toBe('');
    expect(created.stdout).toContain('Created cohort 2027-2028, version 1: a draft');
    const shown = await srsn('cohorts', 'show', '2027-2028', '--json');
    expect(JSON.parse(shown.stdout).definition).toEqual(exported);
  });

  it('schedules it; the calendar lists what it will send; a scheduled cohort is not deleted', async () => {
    const scheduled = await srsn('cohorts', 'schedule', '2027-2028', '--yes');
    expect(scheduled.stderr).toBe('');
    expect(scheduled.stdout).toContain('Cohort 2027-2028 is scheduled');

    const calendar = await srsn('calendar', '--cohort', '2027-2028');
    expect(calendar.code).toBe(0);
    expect(calendar.stdout).toMatch(/^2027-08-20 08:00 CDT {2}2027-08-20 13:00 UTC {2}Invitations/m);

    const deleted = await srsn('cohorts', 'delete', '2027-2028', '--yes');
    expect(deleted.code).toBe(1);
    expect(deleted.stderr).toContain('(HTTP 409 NotDraft)');
  });

  it('refuses to change the monthly rule of a scheduled cohort, naming the --set', async () => {
    const refused = await srsn('cohorts', 'set', '2027-2028', '--set', 'monthlySessions.weekday=4');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('(HTTP 409 ChangeRefused)');
    expect(refused.stderr).toMatch(/^ {2}--set monthlySessions\.weekday: .+$/m);
  });

  it('does not close a cohort whose season is ahead', async () => {
    const closed = await srsn('cohorts', 'close', '2027-2028');
    expect(closed.code).toBe(1);
    expect(closed.stderr).toContain('(HTTP 409 CohortNotEnded)');
  });
});
