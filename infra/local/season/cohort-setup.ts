import { type CohortDefinition, cohortDefinitionSchema } from '../../../shared/domain/cohort/definition.ts';
import type { SeasonApi } from './season-api.ts';
import { shiftDate } from './season-calendar.ts';

/**
 * Sets up the cohort a replay runs as an operator would, through the facilitator API only:
 * copy an earlier cohort forward and save it as a draft, set its CNZ due and notification
 * dates (the seed has none), schedule it, and read it back. The replay's calendar is
 * worked out from the definition read back here (season-calendar.ts), never from the code that
 * computed the copy.
 */

export interface CohortSetup {
  /** The cohort copied, e.g. the seed. */
  readonly from: string;
  /** Like 2027-2028. */
  readonly id: string;
  /** Set while a draft: its monthly sessions run this many months past the copied last one (to overlap the next). */
  readonly extendSessionsByMonths?: number;
}

/** The next cohort's id: 2027-2028 -> 2028-2029. */
export function nextCohortId(id: string): string {
  const match = /^(\d{4})-(\d{4})$/.exec(id);
  if (!match) throw new Error(`A cohort id is like 2027-2028, not "${id}"`);
  return `${Number(match[1]) + 1}-${Number(match[2]) + 1}`;
}

/**
 * Where the virtual clock starts: July 25 of the cohort's first year, 7:00 AM Central, some
 * weeks before a copy's invitations (a copy keeps the seed's due date on the second Friday of
 * September, its invitations three weeks earlier), so every date of the new cohort lies ahead
 * when it is created.
 */
export function replayClockStart(cohortId: string): Date {
  return new Date(`${cohortId.slice(0, 4)}-07-25T12:00:00.000Z`);
}

export class CohortSetupError extends Error {
  override name = 'CohortSetupError';
}

/** The answer of one step, or an error naming the step and what the API said. */
function expect(answer: { status: number; body: unknown }, status: number, step: string) {
  if (answer.status !== status)
    throw new CohortSetupError(`${step}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body as { version: number; state: string; definition: CohortDefinition };
}

/**
 * The CNZ window closes a week after the ILDZ's and its results go out a week after the ILDZ's:
 * the same weekdays (Friday) as the copied zones, after them, so the CNZ reviews follow the
 * other two and its participants are told before the first monthly session.
 */
export function cnzDates(draft: CohortDefinition): { due: string; notify: string } {
  const { due, notify } = draft.zones.ILDZ;
  if (!due || !notify) throw new CohortSetupError(`${draft.id} has no ILDZ due or notification date to follow`);
  return { due: shiftDate(due, 7), notify: shiftDate(notify, 7) };
}

/** A month YYYY-MM moved `months` on. */
export function addMonths(month: string, months: number): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, number - 1 + months, 1)).toISOString().slice(0, 7);
}

/**
 * The cohort a replay copies forward: the latest one the API lists (scheduled or closed) that
 * starts before the target — on a fresh local runtime, its seed.
 */
export async function sourceCohort(api: SeasonApi, target: string): Promise<string> {
  const listed = await api.asFacilitator('GET', '/facilitator/cohorts');
  const items = (listed.body as { items?: Array<{ id: string; state: string }> } | undefined)?.items ?? [];
  const source = items
    .filter((item) => item.state !== 'draft' && item.id < target)
    .map((item) => item.id)
    .sort()
    .at(-1);
  if (listed.status !== 200 || !source)
    throw new CohortSetupError(`no cohort before ${target} to copy: ${listed.status} ${JSON.stringify(listed.body)}`);
  return source;
}

/** Creates, completes and schedules the cohort; returns its definition as GET /facilitator/cohorts/{id} answers it. */
export async function setUpCohort(api: SeasonApi, setup: CohortSetup): Promise<CohortDefinition> {
  const base = `/facilitator/cohorts`;
  const copied = expect(
    await api.asFacilitator('POST', `${base}/${setup.from}/copies`, { id: setup.id, save: true }),
    201,
    `copying ${setup.from} forward to ${setup.id}`,
  );
  const cnz = cnzDates(copied.definition);
  const changed = expect(
    await api.asFacilitator('PATCH', `${base}/${setup.id}`, {
      version: copied.version,
      set: {
        'zones.CNZ.due': cnz.due,
        'zones.CNZ.notify': cnz.notify,
        ...(setup.extendSessionsByMonths
          ? {
              'monthlySessions.toMonth': addMonths(
                copied.definition.monthlySessions.toMonth,
                setup.extendSessionsByMonths,
              ),
            }
          : {}),
      },
    }),
    200,
    `setting the CNZ dates of ${setup.id}`,
  );
  expect(
    await api.asFacilitator('POST', `${base}/${setup.id}/schedule`, { version: changed.version }),
    200,
    `scheduling ${setup.id}`,
  );
  const read = expect(await api.asFacilitator('GET', `${base}/${setup.id}`), 200, `reading ${setup.id} back`);
  if (read.state !== 'scheduled') throw new CohortSetupError(`${setup.id} reads back ${read.state}, not scheduled`);
  return cohortDefinitionSchema.parse(read.definition);
}
