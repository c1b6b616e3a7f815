import { type CohortDefinition, cohortDefinitionSchema } from '../../../shared/domain/cohort/definition.ts';
import type { SeasonApi } from './season-api.ts';
import { shiftDate } from './season-calendar.ts';

/**
 * Sets up the cohort a replay runs as an operator would, through the facilitator API only:
 * copy an earlier cohort forward and save it as a draft, set its CNZ due and notification
 * dates (the 2022-2023 seed has none), schedule it, and read it back. The replay's calendar is
 * worked out from the definition read back here (season-calendar.ts), never from the code that
 * computed the copy.
 */

export interface CohortSetup {
  /** The cohort copied, e.g. the seed. */
  readonly from: string;
  /** Like 2027-2028. */
  readonly id: string;
  /** Set while a draft: the month of its last monthly session (e.g. to make two cohorts overlap). */
  readonly sessionsToMonth?: string;
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
        ...(setup.sessionsToMonth ? { 'monthlySessions.toMonth': setup.sessionsToMonth } : {}),
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
